"""Readers' pages shared through the cache: who gets them, what they never hold, what renews
them (articles/caching.py), conditional GET, and the reader-state endpoint."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.comments import moderation
from articles.editorial import workflow
from articles.models import ArticleStatus, CommentStatus
from articles.ratings.services import cast_vote
from articles.readers import VOTER_COOKIE, Voter
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db(transaction=True)  # invalidation runs on commit

HOME = "/"


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


def test_a_stranger_is_served_the_shared_copy_with_validators(client, article):
    path = article.get_absolute_url()
    first, second = get(client, path), get(client, path)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert first.content == second.content
    assert first["ETag"] == second["ETag"] and second["Last-Modified"]
    control = second["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "s-maxage=" in control
    assert "Cookie" in second["Vary"]
    assert not second.cookies  # nothing of anyone's


def test_conditional_get_answers_304(client, article):
    path = article.get_absolute_url()
    etag = get(client, path)["ETag"]
    response = client.get(path, headers={"if-none-match": etag})
    assert response.status_code == 304 and response.content == b""


def test_feeds_may_be_served_stale_once_while_revalidating(client, article):
    response = get(client, reverse("articles:feed-rss"))
    assert "stale-while-revalidate=60" in response["Cache-Control"]
    assert "stale-while-revalidate" not in get(client, HOME)["Cache-Control"]


def test_a_shared_page_holds_no_csrf_token_and_sets_no_cookie(client, article):
    html = get(client, article.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken" value="' not in html.replace('value="">', "")
    assert "data-shared-page" in html and "js/reader-state.js" in html


def test_reader_state_gives_each_reader_their_own_token_and_is_never_cached(article):
    one, two = Client(), Client()
    a = one.get(reverse("articles:reader-state"))
    b = two.get(reverse("articles:reader-state"))
    assert a.json()["csrf_token"] and a.json()["csrf_token"] != b.json()["csrf_token"]
    assert "no-store" in a["Cache-Control"] and "private" in a["Cache-Control"]
    assert a.cookies["csrftoken"].value != b.cookies["csrftoken"].value


def test_two_readers_never_see_each_others_state(article):
    """A reader who voted gets their own page; a stranger sees neither vote nor held comment."""
    make_comment(article, "My comment awaiting a moderator.", status=CommentStatus.PENDING)
    get(Client(), article.get_absolute_url())  # a shared copy exists before the vote
    one = Client()
    rate = reverse("articles:article-rate", args=[article.slug])
    response = one.post(rate, {"stars": 4})
    assert VOTER_COOKIE in response.cookies  # a first vote from this browser: its own cookie
    own = one.get(article.get_absolute_url())
    assert "X-Cache" not in own and "private" in own["Cache-Control"]
    assert "Your vote: 4 stars" in own.content.decode()
    stranger = get(Client(), article.get_absolute_url()).content.decode()
    assert "Your vote" not in stranger and "1 vote" in stranger
    assert "My comment awaiting a moderator." not in stranger


def test_a_signed_in_editor_never_gets_the_shared_copy(client, editor, article):
    path = article.get_absolute_url()
    get(Client(), path)  # a shared copy exists
    client.force_login(editor)
    response = get(client, path)
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_publish_shows_at_once_on_every_listing(publisher, category, article):
    listings = [HOME, category.get_absolute_url(), reverse("articles:feed-atom"), "/sitemap.xml"]
    for path in listings:
        get(Client(), path)
    new = make_article("Fresh news", category=category, status=ArticleStatus.APPROVED)
    workflow.publish(new, by=publisher)
    for path in listings:
        response = get(Client(), path)
        assert response["X-Cache"] == "MISS", path
        assert b"Fresh news" in response.content or b"fresh-news" in response.content, path
    # The unrelated article's page kept its copy: renewal is exact.
    get(Client(), article.get_absolute_url())
    assert get(Client(), article.get_absolute_url())["X-Cache"] == "HIT"


def test_unpublish_removes_the_article_at_once(publisher, article):
    get(Client(), article.get_absolute_url())
    get(Client(), HOME)
    workflow.unpublish(article, by=publisher)
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert article.title.encode() not in get(Client(), HOME).content


def test_an_approved_or_removed_comment_shows_at_once(moderator, article):
    held = make_comment(article, "Held until checked.", status=CommentStatus.PENDING)
    assert b"Held until checked." not in get(Client(), article.get_absolute_url()).content
    moderation.approve(held, by=moderator)
    assert b"Held until checked." in get(Client(), article.get_absolute_url()).content
    moderation.remove(held, by=moderator)
    assert b"Held until checked." not in get(Client(), article.get_absolute_url()).content


def test_a_vote_shows_at_once_and_renews_only_that_article(article, category):
    other = make_article("Other story", category=category, status=ArticleStatus.PUBLISHED)
    get(Client(), other.get_absolute_url())
    get(Client(), HOME)
    assert b"1 vote" not in get(Client(), article.get_absolute_url()).content
    cast_vote(article, Voter(user_id=None, anon_id="someone"), 5)
    assert b"1 vote" in get(Client(), article.get_absolute_url()).content
    assert get(Client(), other.get_absolute_url())["X-Cache"] == "HIT"
    assert get(Client(), HOME)["X-Cache"] == "HIT"


def test_a_form_without_javascript_posts_from_a_shared_page(article, settings):
    """No token in the page: the browser's Origin and Sec-Fetch-Site vouch for the form."""
    settings.RATINGS_RATE_LIMIT = 0
    browser = Client(enforce_csrf_checks=True)
    get(browser, article.get_absolute_url())
    url = reverse("articles:article-rate", args=[article.slug])
    same_site = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}
    assert browser.post(url, {"stars": 3}, headers=same_site).status_code == 302
    cross = {"origin": "https://evil.example", "sec-fetch-site": "cross-site"}
    assert browser.post(url, {"stars": 1}, headers=cross).status_code == 403
    forged = {"origin": "http://testserver", "sec-fetch-site": "cross-site"}
    assert (
        Client(enforce_csrf_checks=True).post(url, {"stars": 1}, headers=forged).status_code == 403
    )
    assert Client(enforce_csrf_checks=True).post(url, {"stars": 1}).status_code == 403


def test_every_page_sends_the_security_headers(client, article):
    response = get(client, article.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    assert " style=" not in html  # no inline style attribute for the policy to block
    assert "<script>" not in html and '<script type="application/ld+json">' in html


def test_healthz_answers_for_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": True}


def test_the_admin_login_is_rate_limited(client, settings):
    settings.ADMIN_LOGIN_RATE = (3, 60)
    form = {"username": "nobody", "password": "wrong", "next": "/admin/"}
    codes = [client.post("/admin/login/", form).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.post("/admin/login/", form)
    assert response["Retry-After"] == "60" and b"Too many login attempts" in response.content
