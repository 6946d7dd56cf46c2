"""What a reader typed is stored as typed or refused with a reason, never guessed at."""

import pytest
from django.urls import reverse

from articles.models import Comment, Subscription
from tests.comment_helpers import post_comment


@pytest.mark.parametrize("email", ["%@example.com", "%_+@example.com", "_@example.com"])
def test_an_address_without_a_mailbox_name_is_refused(client, article, email):
    response = post_comment(client, article, json=True, author_email=email)
    assert response.status_code == 400
    assert "before the @ needs a letter or a digit" in response.json()["errors"]["author_email"][0]
    assert not Comment.objects.exists()


def test_the_subscribe_form_refuses_it_too(client, article):
    url = reverse("articles:article-subscribe", kwargs={"slug": article.slug})
    response = client.post(
        url, {"email": "%@example.com", "kind": "all"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 400
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("website", ["//evil.example", "evil.example", "ftp://evil.example"])
def test_a_website_is_an_http_address_as_typed_or_refused(client, article, website):
    response = post_comment(client, article, json=True, author_website=website)
    assert response.status_code == 400
    assert "author_website" in response.json()["errors"]
    assert not Comment.objects.exists()


def test_a_full_website_address_is_stored_as_typed(client, article, known):
    post_comment(client, article, author_website="https://grace.example/blog")
    assert Comment.objects.get().author_website == "https://grace.example/blog"
