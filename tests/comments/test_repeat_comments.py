"""The same comment sent twice (a double click, two quick submits, with or without JavaScript,
two requests at once) is stored once; the second answer points at the first."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles.comments import posting
from articles.models import Comment
from tests.comment_helpers import JSON, comment_data, comments_url, post_comment, started


def test_a_form_sent_twice_without_javascript_is_one_comment(client, article, known):
    first = post_comment(client, article)
    second = post_comment(client, article, body="Frameless doors  *look* great.\n")

    comment = Comment.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] and f"#{comment.anchor}" in first["Location"]
    page = client.get(second["Location"])
    assert "You had already sent this comment" in page.content.decode()


def test_a_script_sending_twice_gets_the_first_comment_back(client, article, known):
    first = post_comment(client, article, json=True)
    second = post_comment(client, article, json=True)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["data"]["id"] == first.json()["data"]["id"]
    assert second.json()["data"]["repeated"] is True
    assert Comment.objects.count() == 1
    article.refresh_from_db()
    assert article.comment_count == 1


def test_two_submits_that_leave_before_the_cookie_is_set_are_one_comment(article, known):
    # Neither request carries the reader's cookie yet: the guest is who their email says.
    responses = [post_comment(Client(), article) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"body": "Another remark."},
        {"author_email": "ada@example.com", "author_name": "Ada"},
    ],
)
def test_a_different_text_or_commenter_is_a_new_comment(client, article, known, change):
    post_comment(client, article)
    post_comment(Client(), article, **change)
    assert Comment.objects.count() == 2


def test_the_same_text_again_after_the_window_is_a_new_comment(client, article, known, settings):
    post_comment(client, article)
    later = timezone.now() + timedelta(seconds=settings.COMMENTS_REPEAT_SECONDS + 1)
    with time_machine.travel(later):
        response = post_comment(client, article, json=True)
    assert response.status_code == 201
    assert Comment.objects.count() == 2


def test_the_same_reply_under_another_comment_is_a_new_comment(client, article, known, comment):
    post_comment(client, article)
    response = post_comment(client, article, json=True, parent=str(comment.pk))
    assert response.status_code == 201
    assert Comment.objects.count() == 3


def test_an_edited_comment_no_longer_absorbs_its_original_text(client, article, known):
    post_comment(client, article)
    comment = Comment.objects.get()
    client.post(comments_url(article, "comment-edit", pk=comment.pk), {"body": "Changed."})
    post_comment(client, article)
    assert Comment.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_comment_posted_at_once_by_many_requests_is_stored_once(article, known, settings):
    settings.COMMENTS_RATE_LIMIT = (0, 60)  # every request comes from 127.0.0.1
    count = 8
    data = comment_data(started=started(stranger=True))  # one page, one double-clicking reader
    barrier = threading.Barrier(count)
    statuses = [None] * count

    def run(index):
        try:
            barrier.wait()
            client = Client()
            statuses[index] = client.post(
                comments_url(article, "comment-post"), data, **JSON
            ).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [200] * (count - 1) + [201]
    assert Comment.objects.count() == 1


def test_posting_reports_whether_it_saved_a_new_comment(article, known):
    author = posting.Author("Grace", "grace@example.com", "", "anon:x", "")
    first = posting.post(article, author, "Same.")
    again = posting.post(article, author, "Same.")
    assert (first.was_repeated, again.was_repeated, again.pk) == (False, True, first.pk)
