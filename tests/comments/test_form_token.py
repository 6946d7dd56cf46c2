"""The comment form's anti-bot token: good for COMMENTS_FORM_MAX_AGE and for one comment; a
known reader's token for that reader only, a stranger's (on a page perhaps shared through the
cache) for a reader without a cookie, once per network address. Without JavaScript the page's
own token posts."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.comments.forms import EXPIRED, USED
from articles.models import Comment
from articles.readers import VOTER_COOKIE
from tests.comment_helpers import (
    JSON,
    comment_data,
    comments_url,
    post_comment,
    reader_key,
    returning_reader,
)


@pytest.fixture(autouse=True)
def _no_wait(no_minimum_wait):
    pass


def token_on_page(client, article):
    response = client.get(article.get_absolute_url())
    return re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)


def send(client, article, token, **overrides):
    url = comments_url(article, "comment-post")
    return client.post(url, comment_data(started=token, **overrides), **JSON)


def known_reader():
    client = Client()
    reader_key(client)  # the voter cookie of a reader who has voted or commented before
    return client


def test_a_stranger_without_javascript_posts_with_the_token_of_the_page(client, article, known):
    token = token_on_page(client, article)
    response = client.post(comments_url(article, "comment-post"), comment_data(started=token))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_known_readers_token_is_refused_for_anyone_else(article, known):
    token = token_on_page(known_reader(), article)
    other = Client()
    other.cookies[VOTER_COOKIE] = returning_reader().cookies[VOTER_COOKIE].value
    for client in (Client(), other):  # a stranger, and another known reader
        response = send(client, article, token)
        assert response.status_code == 400
        assert response.json()["errors"]["__all__"] == [EXPIRED]
    assert not Comment.objects.exists()


def test_a_strangers_token_is_refused_for_a_known_reader(client, article, known):
    token = token_on_page(client, article)
    response = send(known_reader(), article, token)
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [EXPIRED]


def test_a_token_sends_one_comment_and_the_answer_carries_the_next(article, known):
    reader = known_reader()
    token = token_on_page(reader, article)
    first = send(reader, article, token)
    again = send(reader, article, token, body="Another comment, same token.")
    assert (first.status_code, again.status_code) == (201, 400)
    assert again.json()["errors"]["__all__"] == [USED]
    renewed = send(reader, article, again.json()["data"]["started"], body="With a new token.")
    assert renewed.status_code == 201
    assert send(reader, article, first.json()["data"]["started"], body="Third.").status_code == 201
    assert Comment.objects.count() == 3


def test_a_strangers_token_sends_one_comment_per_network(client, article, known):
    token = token_on_page(client, article)  # the same cached page for every stranger
    assert send(Client(), article, token).status_code == 201
    same_network = send(Client(), article, token, body="Another stranger, same address.")
    assert same_network.status_code == 400
    other_network = Client(REMOTE_ADDR="203.0.113.7")
    assert send(other_network, article, token, body="From elsewhere.").status_code == 201
    assert Comment.objects.count() == 2


def test_the_first_answer_makes_the_stranger_a_known_reader(client, article, known):
    first = send(client, article, token_on_page(client, article))
    assert first.status_code == 201  # the answer set the reader's cookie
    second = send(client, article, first.json()["data"]["started"], body="Again, as myself.")
    assert second.status_code == 201
    assert len({c.author_key for c in Comment.objects.all()}) == 1


def test_a_used_token_still_answers_a_repeat_of_its_own_comment(client, article, known):
    token = token_on_page(client, article)
    first = send(client, article, token)
    repeat = send(Client(), article, token)  # the second click left without the new cookie
    assert (first.status_code, repeat.status_code) == (201, 200)
    assert repeat.json()["data"]["id"] == first.json()["data"]["id"]


def test_a_token_is_short_lived(client, article, known, settings):
    token = token_on_page(client, article)
    later = timezone.now() + timedelta(seconds=settings.COMMENTS_FORM_MAX_AGE + 1)
    with time_machine.travel(later):
        response = send(client, article, token)
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [EXPIRED]


def test_a_refused_form_without_javascript_comes_back_with_a_token_that_works(
    client, article, known
):
    token = token_on_page(client, article)
    post_comment(client, article, started=token)
    page = client.post(
        comments_url(article, "comment-post"), comment_data(started=token, body="Next one.")
    )
    assert page.status_code == 400
    fresh = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    response = post_comment(client, article, started=fresh, body="Next one.")
    assert response.status_code == 302
    assert Comment.objects.count() == 2
