"""In Chromium with the production security headers on: a writer's edit of a cited fact stays off
the live page until an editor verifies it; then readers see the new figure with a dated notice,
on the article and on /corrections/, with no serious accessibility violation."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.facts import versions
from articles.facts.verification import verify_fact
from articles.models import ArticleStatus, FactKind
from articles.roles import EDITOR, WRITER
from tests.factories import PASSWORD, make_article, make_company, make_fact, make_user

pytestmark = pytest.mark.browser

OLD = "The BYD plant in Szeged can build 150,000 cars a year."
NEW = "The BYD plant in Szeged can build 500,000 cars a year."
NOTE = "We first gave the capacity of the first phase only."


@pytest.fixture
def production_headers(settings):
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    settings.X_FRAME_OPTIONS = "DENY"


@pytest.fixture
def story(transactional_db):
    writer = make_user("writer", role=WRITER, first_name="Claire")
    editor = make_user("editor", role=EDITOR, first_name="Marcus")
    fact = make_fact(
        OLD,
        subject=make_company("BYD"),
        kind=FactKind.CAPACITY,
        value=Decimal(150000),
        unit="cars/year",
    )
    versions.record(fact, editor)
    verify_fact(fact, editor, "Checked.")
    article = make_article(
        "BYD in Hungary", authors=[writer], key_facts=[fact], status=ArticleStatus.PUBLISHED
    )
    return article, fact


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your newsroom").wait_for()


def blocking(page):
    results = Axe().run(page).response["violations"]
    return [v["id"] for v in results if v["impact"] in {"serious", "critical"}]


def test_an_edit_waits_for_verification_then_readers_see_a_dated_notice(
    page, story, production_headers
):
    article, fact = story
    log_in(page, "writer")
    page.goto(f"/admin/articles/fact/{fact.pk}/change/")
    page.get_by_label("Statement").fill(NEW)
    page.get_by_role("spinbutton", name="Value").fill("500000")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("waiting for an editor to verify it").wait_for()

    page.context.clear_cookies()
    response = page.goto(article.get_absolute_url())
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    key_points = page.locator(".key-points")
    assert OLD in key_points.inner_text() and NEW not in key_points.inner_text()
    assert page.locator(".corrections-notice").count() == 0

    log_in(page, "editor")
    page.goto(f"/admin/articles/fact/{fact.pk}/change/")
    page.get_by_role("link", name="Verify or reject version 2").click()
    assert blocking(page) == []  # the editor's check page
    page.get_by_label("Correction: the earlier text was wrong").check()
    page.get_by_label("Note for readers").fill(NOTE)
    page.get_by_role("button", name="Verify version 2").click()
    page.locator(".messagelist .success").get_by_text("Version 2 verified").wait_for()
    page.get_by_role("link", name="Versions").click()
    assert "Version 2: Verified" in page.content()
    assert blocking(page) == []  # the fact's history page

    page.context.clear_cookies()
    page.goto(article.get_absolute_url())
    assert NEW in page.locator(".key-points").inner_text()
    notice = page.locator(".corrections-notice")
    assert NOTE in notice.inner_text() and "Correction" in notice.inner_text()
    assert notice.locator("time").get_attribute("datetime")
    assert NOTE in page.locator(".kp-correction").inner_text()
    assert blocking(page) == []

    page.get_by_role("link", name="All corrections and updates").click()
    assert page.get_by_role("heading", name="Corrections and updates").is_visible()
    assert NOTE in page.locator(".correction-list").inner_text()
    assert blocking(page) == []
