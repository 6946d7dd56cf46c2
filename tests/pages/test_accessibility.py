"""axe-core in a real browser: the home and article pages have no serious or critical violations,
and no request leaves the site."""

from datetime import date
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.editorial import revisions
from articles.models import ArticleStatus, FactStatus, PreviewLink, Subscription
from articles.subscriptions import links
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_company,
    make_fact,
    make_source,
    make_user,
)

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.fixture
def full_article(transactional_db):
    """Built without role groups: a transactional test's flush removes the migrated groups."""
    company = make_company("Xiaomi")
    reuters = make_source(
        "Reuters", url="https://www.reuters.com/x", published_on=date(2023, 8, 23)
    )
    facts = [
        make_fact("Xiaomi has been approved to produce EVs.", subject=company, sources=[reuters]),
        make_fact("Xiaomi plans a 300,000-car factory.", status=FactStatus.VERIFIED),
    ]
    return make_article(
        "Xiaomi EV",
        authors=[make_user("author", first_name="Li", last_name="Wei")],
        category=make_category("Industry"),
        companies=[company],
        key_facts=facts,
        intro="Xiaomi is entering the car business.",
        subheading="NDRC approval and 2024 production launch",
        sections=(
            ("Spy Shots Reveal Design Details", "- Frameless doors\n- Hidden handles"),
            ("Investment and Expansion", "- RMB 10 billion"),
        ),
        closing="Xiaomi is poised to be a formidable player.",
        status=ArticleStatus.PUBLISHED,
    )


def blocking_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def visit(page, live_server, path):
    foreign = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlparse(request.url).netloc != urlparse(live_server.url).netloc
            else None
        ),
    )
    response = page.goto(path)
    assert response.status == 200
    return foreign


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_home_page_has_no_serious_accessibility_violations(page, live_server, full_article, width):
    page.set_viewport_size({"width": width, "height": 900})
    foreign = visit(page, live_server, "/")
    assert blocking_violations(page) == []
    assert foreign == []


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_article_page_has_no_serious_accessibility_violations(
    page, live_server, full_article, width
):
    page.set_viewport_size({"width": width, "height": 900})
    foreign = visit(page, live_server, full_article.get_absolute_url())
    assert blocking_violations(page) == []
    assert foreign == []


def test_skip_link_is_the_first_stop_and_reaches_the_content(page, live_server, full_article):
    visit(page, live_server, full_article.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pros_and_cons_sit_side_by_side_on_wide_screens_and_stack_on_phones(
    page, live_server, full_article
):
    def boxes():
        visit(page, live_server, full_article.get_absolute_url())
        return page.locator(".procon-pros").bounding_box(), page.locator(
            ".procon-cons"
        ).bounding_box()

    page.set_viewport_size({"width": 1280, "height": 900})
    pros, cons = boxes()
    assert pros["y"] == cons["y"] and cons["x"] > pros["x"]
    page.set_viewport_size({"width": 390, "height": 900})
    pros, cons = boxes()
    assert cons["y"] > pros["y"] and cons["x"] == pros["x"]


@pytest.mark.parametrize(
    "path_of",
    [
        lambda article: "/categories/",
        lambda article: "/companies/",
        lambda article: "/authors/",
        lambda article: article.category.get_absolute_url(),
        lambda article: article.companies.get().get_absolute_url(),
        lambda article: article.authors.get().author_profile.get_absolute_url(),
    ],
    ids=["categories", "companies", "authors", "category", "company", "author"],
)
def test_index_and_subject_pages_have_no_serious_accessibility_violations(
    page, live_server, full_article, path_of
):
    foreign = visit(page, live_server, path_of(full_article))
    assert blocking_violations(page) == []
    assert foreign == []


def public_pages(article):
    """Every kind of page a reader can reach, with what it needs to exist."""
    make_comment(article, "A remark to vote on, reply to or report.", author_name="Ola")
    subscription = Subscription.objects.create(article=article, email="ola@example.org")
    point = article.key_points.first()
    link = PreviewLink.objects.create(
        revision=revisions.record(article, article.authors.first()),
        created_by=article.authors.first(),
    )
    comments = f"{article.get_absolute_url()}comments/"
    return {
        "category": article.category.get_absolute_url(),
        "company": article.companies.first().get_absolute_url(),
        "author": article.authors.first().author_profile.get_absolute_url(),
        "comments page": comments,
        "notes on a part": f"{comments}?about=point-{point.uid.hex}",
        "feedback form page": f"{comments}feedback/point-{point.uid.hex}/",
        "confirm subscription": links.confirm_url(subscription),
        "unsubscribe": links.unsubscribe_url(subscription),
        "invalid link": "/subscriptions/confirm/nonsense/",
        "share-link preview": link.get_absolute_url(),
        "not found": "/no-such-page/",
    }


PUBLIC_PAGES = [
    "category", "company", "author", "comments page", "notes on a part", "feedback form page",
    "confirm subscription", "unsubscribe", "invalid link", "share-link preview", "not found",
]  # fmt: skip


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_has_no_serious_accessibility_violations(
    page, live_server, full_article, settings, name
):
    settings.SITE_URL = live_server.url
    path = public_pages(full_article)[name]
    page.goto(path)
    assert blocking_violations(page) == []


def test_keyboard_reaches_in_this_article_before_the_body_it_indexes(
    page, live_server, full_article
):
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(page, live_server, full_article.get_absolute_url())
    order = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, textarea, select')]
             .filter((el) => el.offsetParent !== null)
             .map((el) => el.closest('.article-toc') ? 'toc'
                        : el.closest('.article-body') ? 'body' : 'other')"""
    )
    assert "toc" in order and "body" in order
    assert order.index("toc") < order.index("body")
    toc, title = page.locator(".article-toc").bounding_box(), page.locator("h1").bounding_box()
    assert toc["x"] > title["x"]  # still drawn beside the article


def test_every_page_has_a_favicon_and_buttons_in_the_sites_colours(page, live_server, full_article):
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    visit(page, live_server, full_article.get_absolute_url())
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200
    colour = page.locator("#comment-form button[type=submit]").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert colour == "rgb(11, 92, 67)"  # --ev-accent
    assert missing == []
