"""Shared by the comment test modules: a form as a reader's browser would send it."""

import time

from django.core import signing
from django.urls import reverse

from articles.comments.forms import _STARTED_SALT

JSON = {"HTTP_ACCEPT": "application/json"}


def started(seconds_ago=60):
    return signing.dumps(time.time() - seconds_ago, salt=_STARTED_SALT)


def comment_data(**overrides):
    data = {
        "body": "Frameless doors *look* great.",
        "author_name": "Grace",
        "author_email": "grace@example.com",
        "author_website": "",
        "parent": "",
        "started": started(),
        "homepage_url": "",
    }
    data.update(overrides)
    return data


def comments_url(article, name="comment-list", **kwargs):
    return reverse(f"articles:{name}", kwargs={"slug": article.slug, **kwargs})


def post_comment(client, article, json=False, **overrides):
    extra = JSON if json else {}
    return client.post(comments_url(article, "comment-post"), comment_data(**overrides), **extra)
