"""The article page's cost does not grow with its discussion: the same queries and the same
template renders with 50 comments as with 500, and only the first threads' first replies drawn."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.comments import moderation
from articles.models import ArticleStatus, Comment, CommentStatus
from tests.comment_helpers import (
    comments_url,
    post_comment,
)
from tests.factories import make_article, make_comment


def _discussion(article, comments, threads):
    """`comments` approved comments in `threads` threads, the replies all in the five newest
    threads (the first shown), so the longest threads are the ones on the page."""
    roots = Comment.objects.bulk_create(_comment(article, n) for n in range(threads))
    replies = [_comment(article, n, parent=roots[-1 - n % 5]) for n in range(comments - threads)]
    Comment.objects.bulk_create(replies)
    moderation.recount(article.pk)


def _comment(article, n, parent=None):
    return Comment(
        article=article,
        parent=parent,
        thread_id=parent.pk if parent else None,
        depth=1 if parent else 0,
        body=f"Remark {n}.",
        body_html=f"<p>Remark {n}.</p>",
        status=CommentStatus.APPROVED,
        author_name=f"Reader {n}",
        author_email=f"reader{n}@example.com",
        author_key=f"anon:cost-{n}",
    )


def _visit(article):
    cache.clear()  # the cost of rendering, not of the shared-page cache
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    drawn = response.content.decode().count('<li id="comment-')
    return len(queries), len(response.templates), drawn


@pytest.fixture
def discussed(writer, category):
    """Two articles alike but for their discussion: 50 comments in 20 threads, 500 in 200."""
    small, large = (
        make_article(title, authors=[writer], category=category, status=ArticleStatus.PUBLISHED)
        for title in ("Small talk", "Big debate")
    )
    _discussion(small, 50, 20)
    _discussion(large, 500, 200)
    return small, large


def test_article_page_makes_the_same_queries_and_renders_with_50_or_500_comments(
    discussed, settings
):
    small, large = discussed
    _visit(small)  # a first visit renders the comment form's markup once for the cache
    queries, templates, drawn = _visit(large)
    assert (queries, templates) == _visit(small)[:2]
    limit = settings.COMMENTS_PAGE_THREADS * (settings.COMMENTS_PAGE_REPLIES + 1)
    assert 0 < drawn <= limit


def test_article_page_with_500_comments_stays_within_its_query_budget(
    discussed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        Client().get(discussed[1].get_absolute_url())


def test_a_held_reply_in_a_shortened_thread_is_shown_to_its_author_alone(client, article):
    root = make_comment(article, "Which charger works?")
    post_comment(client, article, parent=root.pk, body="Any CCS charger.")
    assert Comment.objects.get(body="Any CCS charger.").status == CommentStatus.PENDING
    assert "Any CCS charger." in client.get(article.get_absolute_url()).content.decode()
    assert "Any CCS charger." not in Client().get(article.get_absolute_url()).content.decode()


def test_a_removed_reply_stays_a_placeholder_above_its_published_replies(article):
    root = make_comment(article, "Range in winter?")
    gone = make_comment(article, "Rude words.", parent=root, status=CommentStatus.REMOVED)
    make_comment(article, "About 20% less.", parent=gone)
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "Rude words." not in page
    assert page.index("This comment was removed.") < page.index("About 20% less.")


def _comment_ids(client, url):
    return re.findall(r'<li id="comment-(\d+)"', client.get(url).content.decode())


@pytest.mark.parametrize("sort", ["newest", "oldest", "top"])
def test_article_page_shows_the_threads_of_the_comments_page_in_the_same_order(
    client, article, sort
):
    """The article page's written-out queries against the comments page's ORM ones."""
    first = make_comment(article, "First.", score=3)
    make_comment(article, "Reply.", parent=first)
    make_comment(article, "Top voted.", score=9)
    removed = make_comment(article, "Gone.", status=CommentStatus.REMOVED)
    make_comment(article, "Under a removed one.", parent=removed)
    make_comment(article, "Spam alone.", status=CommentStatus.SPAM)
    post_comment(client, article, body="My own, held.")
    shown = _comment_ids(client, f"{article.get_absolute_url()}?sort={sort}")
    assert len(shown) == 6
    assert shown == _comment_ids(client, f"{comments_url(article)}?sort={sort}")


def test_the_comment_form_markup_is_reused_but_its_start_time_is_fresh_per_request(
    client, article, reader
):

    cache.clear()
    first = client.get(article.get_absolute_url()).content.decode()
    second = client.get(article.get_absolute_url()).content.decode()
    started = re.compile(r'name="started" value="([^"]+)"')
    # The shared page keeps one; each reader's own comes from /reader/state/.
    assert started.search(first).group(1) == started.search(second).group(1)
    state = [client.get(reverse("articles:reader-state")).json()["started"] for _ in range(2)]
    assert state[0] != state[1]
    assert 'name="author_email"' in first and 'name="author_email"' in second
    client.force_login(reader)
    signed_in = client.get(article.get_absolute_url()).content.decode()
    assert 'name="author_email"' not in signed_in
    assert started.search(signed_in)
