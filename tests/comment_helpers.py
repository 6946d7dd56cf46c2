"""Shared by the comment test modules: a form as a reader's browser would send it."""

import secrets
import time

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.comments.forms import started_token
from articles.readers import VOTER_COOKIE, ForgedVoterCookie, Voter, get_voter, remember_voter

JSON = {"HTTP_ACCEPT": "application/json"}
READER = "test-reader"


def reader_key(client) -> str:
    """Who `client` is to the site (readers.Voter.key), as a page it had loaded would have told
    it: its account, its voter cookie, or a voter cookie given to it now."""
    user_id = client.session.get("_auth_user_id")
    if user_id:
        return f"user:{user_id}"
    if VOTER_COOKIE not in client.cookies:
        new = Voter(user_id=None, anon_id=READER, is_new=True)
        client.cookies[VOTER_COOKIE] = (
            remember_voter(HttpResponse(), new).cookies[VOTER_COOKIE].value
        )
    request = RequestFactory().get(
        "/", HTTP_COOKIE=f"{VOTER_COOKIE}={client.cookies[VOTER_COOKIE].value}"
    )
    request.user = AnonymousUser()
    try:
        return get_voter(request).key
    except ForgedVoterCookie:  # a test of forged cookies: no reader at all
        return ""


def returning_reader(anon_id=None) -> Client:
    """A new browser that has loaded a page: it carries the voter cookie every page sets."""
    client = Client()
    new = Voter(user_id=None, anon_id=anon_id or secrets.token_urlsafe(16), is_new=True)
    client.cookies[VOTER_COOKIE] = remember_voter(HttpResponse(), new).cookies[VOTER_COOKIE].value
    return client


def started(seconds_ago=60, *, client=None, stranger=False):
    """A comment form's token as a page served to `client` (None: to READER) carries it; with
    `stranger`, as a page for someone without a cookie (a shared page) carries it."""
    reader = "" if stranger else reader_key(client) if client is not None else f"anon:{READER}"
    return started_token(reader, at=time.time() - seconds_ago)


def comment_data(**overrides):
    data = {
        "body": "Frameless doors *look* great.",
        "author_name": "Grace",
        "author_email": "grace@example.com",
        "author_website": "",
        "parent": "",
        "homepage_url": "",
    }
    data.update(overrides)
    data.setdefault("started", started())
    return data


def comments_url(article, name="comment-list", **kwargs):
    return reverse(f"articles:{name}", kwargs={"slug": article.slug, **kwargs})


def post_comment(client, article, json=False, **overrides):
    extra = JSON if json else {}
    if "started" not in overrides:  # a page's own token, as the test gives it, sets no cookie
        overrides["started"] = started(client=client)
    return client.post(comments_url(article, "comment-post"), comment_data(**overrides), **extra)
