"""The header search box in a real browser: reached and used by keyboard alone, results shown,
and no serious or critical axe-core violation on the header or the results page."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def blocking_violations(page, context=None):
    results = Axe().run(page, context=context) if context else Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_a_reader_searches_from_the_header_with_the_keyboard_alone(page, battery_story):
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    box = page.get_by_role("search").get_by_role("searchbox", name="Search articles")
    assert box.evaluate("element => element === document.activeElement")
    page.keyboard.type("battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=battery")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results"
    result = page.get_by_role("link", name="Solid-state battery pilot line opens")
    assert result.is_visible()
    assert page.locator(".search-snippet mark").first.inner_text().lower() == "battery"
    result.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{battery_story.get_absolute_url()}")


def test_the_header_search_has_no_serious_accessibility_violations(page, battery_story):
    page.goto("/")
    assert blocking_violations(page, context=".masthead") == []


def test_the_results_page_has_no_serious_accessibility_violations(page, battery_story):
    page.goto("/search/?q=battery")
    assert page.locator(".search-result").count() == 1
    assert blocking_violations(page) == []
    page.goto("/search/?q=nothingmatchesthis&category=unknown")
    assert blocking_violations(page) == []
