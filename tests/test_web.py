"""The one protocol of reader actions (articles/web.py), the same at every endpoint: the JSON
envelope, 405 and 429 with what a client needs, and a forged voter cookie refused alike."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from articles.readers import VOTER_COOKIE
from tests.comment_helpers import comment_data, started
from tests.factories import make_comment

JSON = {"accept": "application/json"}


@pytest.fixture
def endpoints(article, comment, point_token):
    """Every reader action, as (url, valid POST data)."""
    slug = {"slug": article.slug}
    return {
        "rate": (reverse("articles:article-rate", kwargs=slug), {"stars": 4}),
        "comment": (reverse("articles:comment-post", kwargs=slug), comment_data()),
        "vote": (
            reverse("articles:comment-vote", kwargs={**slug, "pk": comment.pk}),
            {"value": "up"},
        ),
        "feedback": (
            reverse("articles:comment-feedback", kwargs={**slug, "part": point_token}),
            {"feedback-body": "A note.", **comment_data()},
        ),
        "subscribe": (
            reverse("articles:article-subscribe", kwargs=slug),
            {"email": "fan@example.com", "kind": "all"},
        ),
    }


@pytest.fixture
def point_token(article):
    return f"point-{article.key_points.get().uid.hex}"


@pytest.mark.parametrize("name", ["rate", "comment", "vote", "subscribe"])
def test_a_get_to_an_action_answers_405_in_the_envelope(client, endpoints, name):
    url, _ = endpoints[name]
    response = client.get(url, headers=JSON)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json() == {
        "ok": False,
        "message": "This address takes POST requests only.",
        "errors": {},
    }


def test_a_get_without_json_gets_a_plain_405(client, endpoints):
    response = client.get(endpoints["rate"][0])
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("name", ["rate", "comment", "vote", "feedback"])
def test_a_forged_voter_cookie_is_refused_alike_everywhere(client, endpoints, name):
    url, data = endpoints[name]
    client.cookies[VOTER_COOKIE] = "forged"
    response = client.post(url, data, headers=JSON)
    assert response.status_code == 400
    assert response.json()["ok"] is False
    assert "damaged cookie" in response.json()["message"]


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("comment", "COMMENTS_RATE_LIMIT"),
        ("vote", "COMMENTS_VOTE_RATE_LIMIT"),
        ("subscribe", "SUBSCRIBE_RATE_PER_IP"),
    ],
)
def test_every_429_says_when_to_come_back(client, endpoints, settings, name, setting):
    setattr(settings, setting, (1, 90))  # the first request goes through, the second does not
    url, data = endpoints[name]
    client.post(url, data, headers=JSON)
    response = client.post(url, data, headers=JSON)
    assert response.status_code == 429
    assert response["Retry-After"] == "90"
    assert response.json()["message"].endswith("Try again within a minute.")


def test_a_refusal_without_javascript_is_a_page_with_the_way_back(client, endpoints, article):
    url, _ = endpoints["rate"]
    response = client.post(url, {"stars": 9})
    assert response.status_code == 400
    assert b"That did not go through" in response.content
    assert f'href="{article.get_absolute_url()}#rating"'.encode() in response.content


def test_success_is_the_envelope_with_the_data_the_page_updates(client, endpoints):
    url, data = endpoints["rate"]
    response = client.post(url, data, headers=JSON)
    body = response.json()
    assert (body["ok"], body["data"]["your_vote"]) == (True, 4)
    assert body["message"].startswith("Thank you")


def test_a_new_reader_is_remembered_by_the_answer_that_counts_them(client, endpoints):
    url, data = endpoints["vote"]
    response = client.post(url, data, headers=JSON)
    assert response.status_code == 200
    assert VOTER_COOKIE in response.cookies


def test_the_browser_may_weigh_html_against_json(client, article, comment):
    url = reverse("articles:comment-vote", kwargs={"slug": article.slug, "pk": comment.pk})
    prefers_html = client.post(url, {"value": "up"}, headers={"accept": "text/html,*/*;q=0.8"})
    assert prefers_html.status_code == 302
    other = make_comment(article, "Another.")
    url = reverse("articles:comment-vote", kwargs={"slug": article.slug, "pk": other.pk})
    prefers_json = client.post(
        url, {"value": "up"}, headers={"accept": "text/html;q=0.5,application/json"}
    )
    assert prefers_json["Content-Type"] == "application/json"


def test_a_get_without_json_still_says_what_the_address_takes(client, endpoints):
    response = client.get(endpoints["rate"][0])
    assert response.status_code == 405
    assert "takes POST requests only" in response.content.decode()


# Strict form data: one rule in web.reader_action for every reader action ---------------------

ACTIONS = ["rate", "comment", "vote", "feedback", "subscribe"]


def _urlencoded(data, extra=b""):
    return urlencode(data, doseq=True).encode() + extra


@pytest.mark.parametrize("name", ACTIONS)
def test_a_field_sent_twice_is_refused_everywhere(client, endpoints, name):
    url, data = endpoints[name]
    field = next(iter(data))
    body = _urlencoded(data, f"&{field}=other".encode())
    response = client.post(
        url, body, content_type="application/x-www-form-urlencoded", headers=JSON
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith(f"The form sent “{field}” more than once")


@pytest.mark.parametrize("name", ACTIONS)
def test_bytes_that_are_not_utf8_are_refused_everywhere(client, endpoints, name):
    url, data = endpoints[name]
    body = _urlencoded(data, b"&note=caf%E9")  # Latin-1 é, percent-encoded
    response = client.post(
        url, body, content_type="application/x-www-form-urlencoded", headers=JSON
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.json()["message"]


def test_raw_bytes_that_are_not_utf8_in_a_multipart_form_are_refused(client, article):
    url = reverse("articles:comment-post", kwargs={"slug": article.slug})
    boundary = "XyZ"
    parts = [("body", "Caf\xe9 racer".encode("latin-1")), ("author_name", b"Grace")]
    payload = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
            for name, value in parts
        )
        + f"--{boundary}--\r\n".encode()
    )
    response = client.post(
        url, payload, content_type=f"multipart/form-data; boundary={boundary}", headers=JSON
    )
    assert response.status_code == 400
    assert "not valid UTF-8" in response.json()["message"]
    assert not article.comments.exists()


def test_valid_utf8_goes_through_as_typed(client, endpoints, article, known):
    url, data = endpoints["comment"]
    data = {**data, "body": "Café ‘racer’ 電動車", "started": started(client=client)}
    response = client.post(url, data, headers=JSON)
    assert response.status_code == 201
    assert article.comments.get(body__startswith="Café").body == "Café ‘racer’ 電動車"
