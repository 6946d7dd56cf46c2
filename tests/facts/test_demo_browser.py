"""The demo as a reader sees it in Chromium, production headers on: five key points, each with a
source and a Verified mark, the article's date from its text, its correction, and Xiaomi's fact
sheet; no serious accessibility violation."""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from django.core.management import call_command

from articles.roles import grant_roles

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # load_demo's development password
    grant_roles(django_apps)  # a transactional test's flush removed the migrated groups
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.X_FRAME_OPTIONS = "DENY"
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"


def blocking(page):
    results = Axe().run(page).response["violations"]
    return [v["id"] for v in results if v["impact"] in {"serious", "critical"}]


def test_a_reader_sees_the_honest_demo(page, demo):
    response = page.goto("/articles/xiaomi-ev/")
    assert response.headers["x-frame-options"] == "DENY"
    points = page.locator(".key-points-list > li")
    assert points.count() == 5
    for index in range(5):
        point = points.nth(index)
        assert "Verified" in point.locator(".fact-badge").inner_text()
        assert point.locator(".kp-sources cite").count() >= 1
    assert "6 September 2023" in page.locator(".byline-meta").inner_text()
    assert "Correction" in page.locator(".corrections-notice").inner_text()
    assert blocking(page) == []

    page.get_by_role("link", name="Xiaomi", exact=True).first.click()
    sheet = page.locator(".fact-sheet")
    assert "Production capacity" in sheet.inner_text() and "300,000" in sheet.inner_text()
    assert sheet.locator(".fact-verified").count() == 5
    assert blocking(page) == []
