"""Varnish in front of the site with deploy/varnish.vcl: readers share cached pages, and a change
is visible through it at once because the site bans exactly what the change affects."""

import urllib.error
import urllib.request

import pytest

from articles.comments import moderation
from articles.editorial import workflow
from articles.facts import verification
from articles.models import ArticleStatus, CommentStatus
from tests.factories import make_article, make_comment, make_fact

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read().decode()


def cached_twice(url):
    """Fetch `url` until Varnish answers from its cache; return that page."""
    get(url)
    headers, html = get(url)
    assert headers["X-Varnish-Cache"] == "HIT", "Varnish should have kept the shared page"
    return html


@pytest.fixture
def purging(settings, varnish):
    settings.HTTP_CACHE_PURGE_URLS = [varnish + "/"]
    return varnish


def test_a_publish_shows_through_varnish_at_once(purging, writer, editor, publisher, category):
    varnish = purging
    old = make_article("Already live", authors=[writer], category=category,
                       status=ArticleStatus.PUBLISHED)  # fmt: skip
    fact = verification.verify_fact(make_fact("A checked fact."), editor, "Checked.")
    new = make_article("Fresh from the newsroom", authors=[writer], category=category,
                       key_facts=[fact], status=ArticleStatus.APPROVED)  # fmt: skip
    pages = ["/", category.get_absolute_url(), f"/authors/{writer.username}/", "/feeds/rss/"]
    for path in pages:
        assert "Fresh from the newsroom" not in cached_twice(varnish + path)
    old_page = cached_twice(varnish + old.get_absolute_url())

    workflow.publish(new, publisher)

    for path in pages:
        headers, html = get(varnish + path)
        assert "Fresh from the newsroom" in html, path
        assert headers["X-Varnish-Cache"] == "MISS"
    headers, html = get(varnish + new.get_absolute_url())
    assert "Fresh from the newsroom" in html
    # Exact: a page the change does not touch stays cached.
    headers, html = get(varnish + old.get_absolute_url())
    assert headers["X-Varnish-Cache"] == "HIT" and html == old_page


def test_a_comment_approval_shows_through_varnish_at_once(purging, article, moderator):
    varnish = purging
    url = varnish + article.get_absolute_url()
    held = make_comment(article, "Held until a moderator looks.", status=CommentStatus.PENDING)
    assert "Held until a moderator looks." not in cached_twice(url)

    moderation.approve(held, by=moderator)

    headers, html = get(url)
    assert "Held until a moderator looks." in html
    assert headers["X-Varnish-Cache"] == "MISS"


def test_without_a_ban_varnish_keeps_serving_its_copy(settings, varnish, article, moderator):
    """The check that the tests above can fail: with no purge URL the old page stays."""
    settings.HTTP_CACHE_PURGE_URLS = []
    url = varnish + article.get_absolute_url()
    held = make_comment(article, "Nobody told Varnish.", status=CommentStatus.PENDING)
    cached_twice(url)
    moderation.approve(held, by=moderator)
    headers, html = get(url)
    assert headers["X-Varnish-Cache"] == "HIT" and "Nobody told Varnish." not in html


def test_readers_with_their_own_cookie_and_staff_pages_bypass_varnish(varnish, article):
    url = varnish + article.get_absolute_url()
    cached_twice(url)
    for _ in range(2):
        headers, _html = get(url, cookie="evnews_voter=abc")
        assert headers["X-Varnish-Cache"] == "MISS"
        assert "private" in headers["Cache-Control"]
    # A stranger's CSRF cookie does not split the shared copy.
    headers, _html = get(url, cookie="csrftoken=abcdefghijklmnopqrstuvwxyz012345")
    assert headers["X-Varnish-Cache"] == "HIT"
    assert headers["Vary"] == "Cookie"
    for _ in range(2):
        headers, _html = get(varnish + "/admin/login/")
        assert headers["X-Varnish-Cache"] == "MISS"


def test_a_ban_without_a_pattern_is_refused(varnish):
    request = urllib.request.Request(varnish + "/", method="BAN")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    refused.value.close()
