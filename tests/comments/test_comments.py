"""Reader comments through HTTP: posting, replying, editing, deleting, voting, listing, feeds."""

import io
import re
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.comments.moderation import recount
from articles.devtools import benchmark
from articles.models import Article, Ban, Comment, CommentStatus, CommentVote
from articles.readers import VOTER_COOKIE, ip_hash
from tests.comment_helpers import (
    JSON,
    comments_url,
    post_comment,
    reader_key,
    started,
)
from tests.factories import make_article, make_comment, make_user


def page_text(client, article, path=None):
    return client.get(path or article.get_absolute_url()).content.decode()


# Posting


def test_guest_first_comment_is_held_and_only_its_author_sees_it(client, article):
    response = post_comment(client, article, body="My very first comment.")
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    page = page_text(client, article)
    assert "My very first comment." in page
    assert "awaiting moderation" in page
    assert "My very first comment." not in page_text(Client(), article)


def test_comment_from_approved_reader_is_published_and_counted(client, article, known):
    post_comment(client, article, body="Published at once.")
    article.refresh_from_db()
    assert article.comment_count == 1
    page = page_text(Client(), article)
    assert "Published at once." in page
    assert "1 comment" in page
    assert '"commentCount": 1' in page


def test_email_is_never_shown(client, article, known):
    post_comment(client, article)
    assert "grace@example.com" not in page_text(Client(), article)


def test_comment_with_more_than_two_links_is_held_even_from_known_reader(client, article, known):
    body = "See https://a.example, https://b.example and https://c.example."
    post_comment(client, article, body=body)
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_blocklisted_word_sends_comment_to_spam(client, article, known, settings):
    settings.COMMENT_BLOCKLIST = ["casino bonus"]
    response = post_comment(client, article, body="Grab a Casino Bonus today")
    assert Comment.objects.get().status == CommentStatus.SPAM
    assert "Grab a" not in page_text(client, article, response.url)


@pytest.mark.parametrize("target", ["email", "ip_hash"])
def test_comment_from_banned_email_or_ip_goes_to_spam(client, article, known, target):

    value = "grace@example.com" if target == "email" else ip_hash("127.0.0.1")
    Ban.objects.create(**{target: value})
    post_comment(client, article)
    assert Comment.objects.get().status == CommentStatus.SPAM


def test_no_javascript_post_returns_to_the_comment_with_a_message(client, article, known):
    response = post_comment(client, article, follow=False)
    comment = Comment.objects.get()
    assert response.url == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(response.url).content.decode()
    assert "Your comment is published" in page


def test_javascript_post_answers_json_with_the_rendered_comment(client, article, known):
    response = post_comment(client, article, json=True, body="In *place*.")
    data = response.json()
    assert response.status_code == 201
    assert data["ok"] and data["data"]["status"] == "approved"
    assert "<em>place</em>" in data["data"]["html"]
    assert f'id="comment-{data["data"]["id"]}"' in data["data"]["html"]


def test_held_javascript_post_tells_its_author(client, article):
    data = post_comment(client, article, json=True).json()
    assert data["data"]["status"] == "held"
    assert "awaiting moderation" in data["message"]


def test_posting_sets_the_reader_cookie_that_identifies_the_author(client, article):
    response = post_comment(client, article, started=started(stranger=True))
    assert VOTER_COOKIE in response.cookies
    assert Comment.objects.get().author_key == reader_key(client)


def test_logged_in_reader_comments_under_their_account(client, article, known):
    reader = make_user("grace", first_name="Lin", last_name="Wu")
    client.force_login(reader)
    response = client.post(
        comments_url(article, "comment-post"),
        {"body": "Logged in.", "started": started(client=client)},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.user, comment.author_name, comment.status) == (reader, "Lin Wu", "approved")


def test_website_link_passes_no_credit(client, article, known):
    post_comment(client, article, author_website="https://grace.example")
    assert 'href="https://grace.example" rel="nofollow ugc noopener"' in page_text(client, article)


def test_links_in_comment_text_get_nofollow_ugc_noopener(client, article, known):
    post_comment(client, article, body="[spec](https://example.com/spec)")
    assert 'rel="nofollow ugc noopener"' in Comment.objects.get().body_html


# Bad input: a clear 4xx, nothing saved


BAD_INPUT = {
    "empty body": {"body": "   "},
    "oversized body": {"body": "x" * 5001},
    "invalid email": {"author_email": "not-an-email"},
    "header injection in email": {"author_email": "a@example.com\r\nBcc: victim@example.com"},
    "header injection in name": {"author_name": "Grace\r\nBcc: victim@example.com"},
    "script in name": {"author_name": "<script>alert(1)</script>"},
    "html in name": {"author_name": "<b>Grace</b>"},
    "script in body": {"body": "Hi <script>alert(1)</script>"},
    "html in body": {"body": '<img src=x onerror="alert(1)">'},
    "javascript link in body": {"body": "[click](javascript:alert(1))"},
    "javascript reference link in body": {"body": "[click][x]\n\n[x]: javascript:alert(1)"},
    "data link in body": {"body": "[click]( data:text/html;base64,PHNjcmlwdD4=)"},
    "javascript website": {"author_website": "javascript:alert(1)"},
    "script in website": {"author_website": "https://x.example/<script>"},
    "missing name": {"author_name": ""},
    "honeypot filled": {"homepage_url": "http://spam.example"},
    "sent too quickly": {"started": started(seconds_ago=-600)},  # built at import: ahead
    "forged start time": {"started": "12345:forged"},
    "missing start time": {"started": ""},
    "parent not a number": {"parent": "abc"},
}


@pytest.mark.parametrize("overrides", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_and_saves_nothing(client, article, overrides):
    response = post_comment(client, article, **overrides)
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("overrides", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_javascript_input_gets_json_errors(client, article, overrides):
    response = post_comment(client, article, json=True, **overrides)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert not Comment.objects.exists()


def test_refused_form_keeps_what_was_typed_and_says_why(client, article):
    response = post_comment(client, article, body="Keep me.", author_email="nope")
    page = response.content.decode()
    assert "Keep me." in page
    assert "Enter a valid email address." in page


def test_too_quick_form_says_so_and_keeps_the_text(client, article):
    response = post_comment(
        client, article, body="Fast fingers.", started=started(0, client=client)
    )
    page = response.content.decode()
    assert "please wait a few seconds" in page
    assert "Fast fingers." in page


def test_posting_to_an_unpublished_article_is_not_found(client, draft):
    assert post_comment(client, draft).status_code == 404
    assert not Comment.objects.exists()


def test_get_on_the_post_endpoint_is_not_allowed(client, article):
    assert client.get(comments_url(article, "comment-post")).status_code == 405


def test_posting_is_rate_limited_per_client(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = (2, 60)
    codes = [post_comment(client, article, body=f"Try {n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert Comment.objects.count() == 2


def test_forged_reader_cookie_is_refused(client, article):
    client.cookies[VOTER_COOKIE] = "forged"
    assert post_comment(client, article).status_code == 400
    assert not Comment.objects.exists()


# Closing


def test_closed_article_refuses_comments_and_hides_the_form(client, article):
    article.comments_open = False
    article.save()
    assert post_comment(client, article).status_code == 403
    page = page_text(client, article)
    assert "Comments on this article are closed." in page
    assert 'id="comment-form"' not in page


def test_comments_close_automatically_after_the_configured_days(client, article, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = post_comment(client, article)
    assert response.status_code == 403
    assert not Comment.objects.exists()


# Replies and threads


def test_reply_joins_the_thread_of_its_parent(client, article, comment, known):
    post_comment(client, article, parent=comment.pk, body="I agree.")
    reply = Comment.objects.get(body="I agree.")
    assert (reply.parent, reply.thread, reply.depth) == (comment, comment, 1)


def test_reply_past_the_deepest_level_attaches_at_that_level(client, article, comment, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    child = make_comment(article, parent=comment)
    grandchild = make_comment(article, parent=child)
    post_comment(client, article, parent=grandchild.pk, body="Deeper still.")
    reply = Comment.objects.get(body="Deeper still.")
    assert (reply.parent, reply.depth, reply.thread) == (child, 2, comment)


def test_reply_to_another_articles_comment_is_refused(client, article, writer):
    other = make_article("Other", authors=[writer], status="published")
    foreign = make_comment(other)
    response = post_comment(client, article, parent=foreign.pk)
    assert response.status_code == 400
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("status", [CommentStatus.REMOVED, CommentStatus.SPAM, "pending"])
def test_reply_to_an_unpublished_comment_is_refused(client, article, status):
    parent = make_comment(article, status=status)
    response = post_comment(client, article, parent=parent.pk)
    assert response.status_code == 400
    assert Comment.objects.count() == 1


def test_no_javascript_reply_link_prefills_the_parent(client, article, comment):
    page = page_text(client, article, comments_url(article) + f"?reply_to={comment.pk}")
    assert f'name="parent" value="{comment.pk}"' in page
    assert "Replying to <strong data-replying-name><bdi>Ada</bdi></strong>" in page


def test_removed_comment_keeps_its_replies_in_place(client, article, comment):
    reply = make_comment(article, "Still here.", parent=comment)
    comment.status = CommentStatus.REMOVED
    comment.save()
    page = page_text(client, article)
    assert "This comment was removed." in page
    assert "Frameless doors look great." not in page
    assert page.index("This comment was removed.") < page.index("Still here.")
    assert f'id="comment-{reply.pk}"' in page


@pytest.mark.parametrize("status", [CommentStatus.REMOVED, CommentStatus.SPAM])
def test_removed_and_spam_comments_are_never_served(client, article, status):
    make_comment(article, "Hidden words.", status=status)
    for path in (
        article.get_absolute_url(),
        comments_url(article),
        comments_url(article, "comment-feed-rss"),
    ):
        page = page_text(client, article, path)
        assert "Hidden words." not in page
        assert "This comment was removed." not in page


# Edit and delete by the author


def test_author_edits_their_comment_within_the_window(client, article, known):
    post_comment(client, article, body="Typo teh.")
    comment = Comment.objects.get()
    edit = comments_url(article, "comment-edit", pk=comment.pk)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"body": "Typo the."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo the." and comment.edited_at and "Typo the." in comment.body_html


def test_nobody_else_can_edit_or_delete_a_comment(client, article, known):
    post_comment(client, article)
    comment = Comment.objects.get()
    other = Client()
    assert (
        other.post(
            comments_url(article, "comment-edit", pk=comment.pk), {"body": "Hacked"}
        ).status_code
        == 403
    )
    assert other.post(comments_url(article, "comment-delete", pk=comment.pk)).status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.body != "Hacked"


def test_edit_window_closes_after_fifteen_minutes(client, article, known):
    post_comment(client, article)
    comment = Comment.objects.get()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(
            comments_url(article, "comment-edit", pk=comment.pk), {"body": "Late"}
        )
    assert response.status_code == 403


def test_edit_runs_the_rules_again(client, article, known):
    post_comment(client, article)
    comment = Comment.objects.get()
    links = "https://a.example https://b.example https://c.example"
    client.post(comments_url(article, "comment-edit", pk=comment.pk), {"body": links})
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == CommentStatus.PENDING and article.comment_count == 0


def test_edit_with_script_is_refused(client, article, known):
    post_comment(client, article, body="Fine.")
    comment = Comment.objects.get()
    url = comments_url(article, "comment-edit", pk=comment.pk)
    assert client.post(url, {"body": "<script>alert(1)</script>"}).status_code == 400
    comment.refresh_from_db()
    assert comment.body == "Fine."


def test_logged_in_author_edits_from_any_browser(article, known):
    reader = make_user("grace")
    first, second = Client(), Client()
    first.force_login(reader)
    second.force_login(reader)
    first.post(
        comments_url(article, "comment-post"), {"body": "Mine.", "started": started(client=first)}
    )
    comment = Comment.objects.get()
    second.post(comments_url(article, "comment-edit", pk=comment.pk), {"body": "Still mine."})
    comment.refresh_from_db()
    assert comment.body == "Still mine."


def test_author_deletes_their_comment_softly(client, article, known):
    post_comment(client, article)
    comment = Comment.objects.get()
    response = client.post(comments_url(article, "comment-delete", pk=comment.pk), **JSON)
    assert response.json()["ok"]
    comment.refresh_from_db()
    article.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED and article.comment_count == 0


# Votes


def vote(client, article, comment, value="up"):
    return client.post(
        comments_url(article, "comment-vote", pk=comment.pk), {"value": value}, **JSON
    )


def test_reader_votes_a_comment_up_and_can_change_to_down(client, article, comment):
    assert vote(client, article, comment, "up").json()["data"]["score"] == 1
    assert vote(client, article, comment, "down").json()["data"]["score"] == -1
    assert CommentVote.objects.count() == 1


def test_each_reader_has_one_vote(client, article, comment):
    vote(client, article, comment)
    vote(client, article, comment)
    vote(Client(), article, comment)
    comment.refresh_from_db()
    assert comment.score == 2


def test_nobody_votes_on_their_own_comment(client, article, known):
    post_comment(client, article)
    comment = Comment.objects.get()
    assert vote(client, article, comment).status_code == 403
    assert not CommentVote.objects.exists()


@pytest.mark.parametrize("status", ["pending", "removed", "spam"])
def test_votes_on_unpublished_comments_are_refused(client, article, status):
    hidden = make_comment(article, status=status)
    assert vote(client, article, hidden).status_code == 404


def test_vote_with_unknown_value_is_refused(client, article, comment):
    assert vote(client, article, comment, "sideways").status_code == 400


def test_vote_without_javascript_returns_to_the_comment(client, article, comment):
    url = comments_url(article, "comment-vote", pk=comment.pk)
    response = client.post(url, {"value": "up"})
    assert response.url == f"{article.get_absolute_url()}#comment-{comment.pk}"


def test_votes_are_rate_limited(client, article, comment, settings):
    settings.COMMENTS_VOTE_RATE_LIMIT = (1, 60)
    assert vote(client, article, comment).status_code == 200
    assert vote(client, article, comment, "down").status_code == 429


def test_vote_on_a_comment_of_another_article_is_not_found(client, article, writer):
    other = make_article("Other", authors=[writer], status="published")
    assert vote(client, article, make_comment(other)).status_code == 404


# Sorting, "View all comments", feeds


def test_comments_sort_by_newest_oldest_and_most_voted(client, article):
    old = make_comment(article, "Old one.")
    new = make_comment(article, "New one.")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    Comment.objects.filter(pk=old.pk).update(score=5)
    Comment.objects.filter(pk=new.pk).update(score=1)

    def order(sort):
        page = page_text(client, article, f"{article.get_absolute_url()}?sort={sort}")
        return page.index("Old one.") < page.index("New one.")

    assert (order("oldest"), order("newest"), order("top")) == (True, False, True)


def test_unknown_sort_falls_back_to_newest(client, article, comment):
    response = client.get(article.get_absolute_url() + "?sort=body;drop table")
    assert response.status_code == 200
    assert "Frameless doors look great." in response.content.decode()


def test_article_page_shows_first_threads_and_a_real_link_to_the_rest(client, article, settings):
    settings.COMMENTS_PAGE_THREADS = 2
    for n in range(3):
        make_comment(article, f"Thread {n}.")
    page = page_text(client, article)
    assert "3 comments" in page
    assert "Thread 2." in page and "Thread 1." in page and "Thread 0." not in page
    link = re.search(
        r'href="([^"]+)"[^>]*>View all 3 comments<', page.replace("data-comments-more ", "")
    )
    assert link and "page=2" in link.group(1)
    rest = page_text(client, article, link.group(1).replace("&amp;", "&"))
    assert "Thread 0." in rest


def test_comments_page_fragment_for_javascript(client, article, settings):
    settings.COMMENTS_PAGE_THREADS = 1
    make_comment(article, "First.")
    make_comment(article, "Second.")
    response = client.get(comments_url(article) + "?page=2&partial=1")
    text = response.content.decode()
    assert "First." in text and "<html" not in text


def test_comments_page_out_of_range_shows_the_last_page(client, article, comment):
    assert client.get(comments_url(article) + "?page=99").status_code == 200


def test_comments_page_of_unpublished_article_is_not_found(client, draft):
    assert client.get(comments_url(draft)).status_code == 404


def test_article_page_links_its_comment_feeds(client, article):
    page = page_text(client, article)
    assert comments_url(article, "comment-feed-rss") in page
    assert 'type="application/atom+xml" title="Comments on Xiaomi EV (Atom)"' in page


@pytest.mark.parametrize("feed", ["comment-feed-rss", "comment-feed-atom"])
def test_comment_feeds_carry_published_comments_only(client, article, comment, feed):
    make_comment(article, "Not yet.", status="pending")
    parsed = feedparser.parse(client.get(comments_url(article, feed)).content)
    assert [entry.title for entry in parsed.entries] == ["Ada on “Xiaomi EV”"]
    assert "Frameless doors look great." in parsed.entries[0].summary
    assert "ada@example.com" not in client.get(comments_url(article, feed)).content.decode()


def test_comment_feed_of_unpublished_article_is_not_found(client, draft):
    assert client.get(comments_url(draft, "comment-feed-rss")).status_code == 404


# Nothing a reader types runs as script


XSS = '<script>alert("x")</script>'


@pytest.fixture
def hostile(article):
    """A comment written straight into the database, past every form check."""
    return make_comment(
        article,
        f"{XSS}\n\n[a](javascript:alert(1)) <img src=x onerror=alert(1)>",
        author_name=XSS,
        author_website='https://x.example/"onmouseover="alert(1)',
    )


def test_website_written_past_the_form_is_only_linked_when_http(client, article):
    make_comment(article, "Hi.", author_name="Eve", author_website="javascript:alert(1)")
    page = page_text(client, article)
    assert "javascript:alert(1)" not in page
    assert "><bdi>Eve</bdi></span>" in page


@pytest.mark.parametrize("where", ["article", "comments", "rss", "atom"])
def test_hostile_comment_is_served_inert(client, article, hostile, where):
    path = {
        "article": article.get_absolute_url(),
        "comments": comments_url(article),
        "rss": comments_url(article, "comment-feed-rss"),
        "atom": comments_url(article, "comment-feed-atom"),
    }[where]
    page = page_text(client, article, path)
    assert XSS not in page
    assert "onerror=alert" not in page and "javascript:alert" not in page
    assert '"onmouseover="' not in page


def test_account_name_with_script_is_escaped_in_the_json_fragment(client, article, known):
    reader = make_user("grace", first_name=XSS, last_name="")
    client.force_login(reader)
    url = comments_url(article, "comment-post")
    data = client.post(url, {"body": "Fine.", "started": started(client=client)}, **JSON).json()
    assert XSS not in data["data"]["html"]
    assert "&lt;script&gt;" in data["data"]["html"]


# Query budget


def build_discussion(article, threads=200, comments=500):
    """`comments` approved comments in `threads` threads: top-level ones, then replies."""
    roots = [
        Comment(article=article, author_name=f"R{n}", author_email="r@example.com",
                author_key=f"anon:{n}", body=f"Root {n}.", body_html=f"<p>Root {n}.</p>",
                status="approved")
        for n in range(threads)
    ]  # fmt: skip
    roots = Comment.objects.bulk_create(roots)
    replies = [
        Comment(article=article, parent=roots[n % threads], thread=roots[n % threads], depth=1,
                author_name=f"P{n}", author_email="p@example.com", author_key=f"anon:p{n}",
                body=f"Reply {n}.", body_html=f"<p>Reply {n}.</p>", status="approved")
        for n in range(comments - threads)
    ]  # fmt: skip
    Comment.objects.bulk_create(replies)

    recount(article.pk)


# tests/test_pages.py's: 8, 2 for comment threads, 1 for hero renditions; and 1 for the
# inline feedback counts
ARTICLE_PAGE_BUDGET = 13  # 1 more for the article's corrections


def test_article_page_with_500_comments_keeps_to_its_query_budget(
    client, article, django_assert_max_num_queries
):
    build_discussion(article)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        response = client.get(article.get_absolute_url())
    assert "500 comments" in response.content.decode()


def test_comment_queries_do_not_grow_with_the_discussion(client, article):
    reader_key(client)  # a returning reader throughout, as after a first page view

    make_comment(article, parent=make_comment(article))
    cache.clear()  # the render's queries, not the shared copy's
    with CaptureQueriesContext(connection) as small:
        client.get(article.get_absolute_url())
    build_discussion(article)
    cache.clear()  # the render's queries, not the shared copy's
    with CaptureQueriesContext(connection) as large:
        client.get(article.get_absolute_url())
    assert len(large) == len(small)


def test_comments_page_keeps_to_its_query_budget(client, article, django_assert_max_num_queries):
    build_discussion(article)
    with django_assert_max_num_queries(5):
        client.get(comments_url(article) + "?page=3")


# Benchmark data


def test_generate_content_gives_articles_discussions_of_the_asked_sizes(db):

    out = io.StringIO()
    call_command("generate_content", articles=3, comments=[20, 50], seed=2, stdout=out)
    counts = sorted(Article.objects.values_list("comment_count", flat=True))
    assert counts == [0, 20, 50]
    discussed = Article.objects.get(comment_count=50)
    assert discussed.comments.filter(parent=None).count() == 20
    assert discussed.comments.aggregate(deepest=Max("depth"))["deepest"] == 2
    assert "70 comments" in out.getvalue()


def test_generate_content_refuses_more_discussions_than_free_articles(db):

    with pytest.raises(CommandError, match="without comments are needed"):
        call_command("generate_content", articles=1, comments=[5, 5], stdout=io.StringIO())
    assert not Comment.objects.exists()


def test_bench_measures_articles_with_0_200_and_500_comments(db, tmp_path):

    call_command("generate_content", articles=3, comments=[200, 500], stdout=io.StringIO())
    names = {"article-0c", "article-200c", "article-500c", "comments-p2"}
    scenarios = [s for s in benchmark.SCENARIOS if s.name in names]
    pages = {page["name"]: page for page in benchmark.run(repeat=2, scenarios=scenarios)["pages"]}
    assert pages["article-200c"]["queries"] == pages["article-500c"]["queries"]
    # With comments: the two thread queries and the one counting inline feedback per part.
    assert pages["article-500c"]["queries"] <= pages["article-0c"]["queries"] + 3
    assert "?page=2" in pages["comments-p2"]["path"]


def test_with_a_depth_of_one_replies_become_top_level_comments(client, article, comment, settings):
    settings.COMMENTS_MAX_DEPTH = 1
    post_comment(client, article, parent=comment.pk, body="Flat.")
    reply = Comment.objects.get(body="Flat.")
    assert (reply.parent, reply.depth, reply.thread) == (None, 0, None)


def test_article_without_comments_costs_a_first_visitor_no_comment_query(client, article):

    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    assert not [q for q in queries if "articles_comment" in q["sql"]]


def test_previews_show_no_comments_section(client, editor, article, comment):

    client.force_login(editor)
    url = reverse("admin:articles_article_preview", args=[article.pk])
    page = client.get(url).content.decode()
    assert article.title in page
    assert 'id="comments"' not in page and "Frameless doors look great." not in page


def test_long_thread_is_cut_short_on_the_article_page_and_whole_on_the_comments_page(
    client, article, comment, settings
):
    settings.COMMENTS_PAGE_REPLIES = 3
    replies = [make_comment(article, f"Reply number {n}.", parent=comment) for n in range(6)]
    page = page_text(client, article)
    assert all(f"Reply number {n}." in page for n in range(3))
    assert "Reply number 3." not in page
    assert "See the whole thread" in page
    whole = page_text(client, article, comments_url(article))
    assert all(f'id="comment-{reply.pk}"' in whole for reply in replies)
    assert "See the whole thread" not in whole


def test_reply_without_javascript_returns_to_the_whole_thread(client, article, comment, known):
    response = post_comment(client, article, parent=comment.pk, body="Answer.")
    reply = Comment.objects.get(body="Answer.")
    assert response.url == f"{comments_url(article)}?page=1#comment-{reply.pk}"
    assert "Answer." in page_text(client, article, response.url)


def test_a_long_thread_costs_the_article_page_no_more_queries(client, article, comment):
    reader_key(client)  # a returning reader throughout, as after a first page view

    make_comment(article, parent=comment)
    cache.clear()  # the render's queries, not the shared copy's
    with CaptureQueriesContext(connection) as small:
        client.get(article.get_absolute_url())
    for _ in range(40):
        make_comment(article, parent=comment)
    cache.clear()  # the render's queries, not the shared copy's
    with CaptureQueriesContext(connection) as large:
        response = client.get(article.get_absolute_url())
    assert len(large) == len(small)
    assert response.content.decode().count('class="comment"') <= 1 + 5


def test_html_in_the_comment_says_to_use_markdown(client, article):
    page = post_comment(client, article, body="<b>bold</b>").content.decode()
    assert "HTML is not allowed: use Markdown" in page
