"""The comment form's anti-bot token: served to one reader, good once and for
COMMENTS_FORM_MAX_AGE; a page without JavaScript still posts with it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from articles.comments.forms import EXPIRED, USED
from articles.models import Comment
from tests.comment_helpers import JSON, comment_data, comments_url, post_comment, started


@pytest.fixture(autouse=True)
def _no_wait(no_minimum_wait):
    pass


def token_on_page(client, article):
    response = client.get(article.get_absolute_url())
    return re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)


def send(client, article, token, **overrides):
    url = comments_url(article, "comment-post")
    return client.post(url, comment_data(started=token, **overrides), **JSON)


def test_a_reader_without_javascript_posts_with_the_token_of_the_page(client, article, known):
    token = token_on_page(client, article)  # the page set the reader's cookie the token names
    response = client.post(comments_url(article, "comment-post"), comment_data(started=token))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_a_token_served_to_one_reader_is_refused_for_another(client, article, known):
    token = token_on_page(client, article)
    response = send(Client(), article, token)
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [EXPIRED]
    assert not Comment.objects.exists()


def test_a_token_without_a_reader_cookie_is_refused(article, known):
    response = send(Client(), article, started())
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_a_token_sends_one_comment_and_the_answer_carries_the_next(client, article, known):
    token = token_on_page(client, article)
    first = send(client, article, token)
    again = send(client, article, token, body="Another comment, same token.")
    assert (first.status_code, again.status_code) == (201, 400)
    assert again.json()["errors"]["__all__"] == [USED]
    renewed = send(client, article, again.json()["data"]["started"], body="With a new token.")
    assert renewed.status_code == 201
    assert send(client, article, first.json()["data"]["started"], body="Third.").status_code == 201
    assert Comment.objects.count() == 3


def test_a_used_token_still_answers_a_repeat_of_its_own_comment(client, article, known):
    token = token_on_page(client, article)
    first = send(client, article, token)
    repeat = send(client, article, token)
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
    assert page.status_code == 400 and USED in page.content.decode()
    fresh = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    response = post_comment(client, article, started=fresh, body="Next one.")
    assert response.status_code == 302
    assert Comment.objects.count() == 2
