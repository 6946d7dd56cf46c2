"""The article form as a writer lives it, in Chromium: written in reading order, key points with
their sources typed in place (no popup window ever opens), slug as the title is typed, a live
preview, and a layout that fits 1366 px and 390 px."""

import pytest

from articles.models import Article, Fact
from articles.roles import WRITER
from tests.factories import PASSWORD, make_company, make_user
from tests.page_checks import axe_blocking

pytestmark = pytest.mark.browser

POINTS = [
    (
        "Xiaomi was approved to build EVs by the NDRC.",
        "Reuters | NDRC approval | https://example.com/a",
    ),
    ("Xiaomi plans 300,000 cars a year.", "Jiemian | Factory plans | https://example.com/b"),
    ("The SU7 starts at 215,900 yuan.", "Xiaomi | Launch event"),
    ("Deliveries began in April 2024.", "CnEVPost | First deliveries | https://example.com/d"),
    ("Xiaomi invested 10 billion yuan.", "Bloomberg | Investment | https://example.com/e\nReuters"),
]


@pytest.fixture
def writer_in(page, transactional_db):
    make_user("writer", role=WRITER, first_name="Claire", last_name="Dubois")
    make_company("Xiaomi")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("writer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your newsroom").wait_for()
    return page


def test_writer_creates_an_article_with_five_key_points_without_a_popup(writer_in):
    page = writer_in
    popups = []
    page.on("popup", lambda popup: popups.append(popup.url))
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/admin/articles/article/add/")

    page.get_by_label("Title").press_sequentially("Xiaomi SU7 deliveries pass 10,000")
    assert page.get_by_label("Slug").input_value() == "xiaomi-su7-deliveries-pass-10000"
    page.get_by_label("Standfirst").fill("Xiaomi's first car reaches customers.")
    headings = [h.strip().lower() for h in page.locator("fieldset.module h2").all_text_contents()]
    assert (
        headings.index("key points") < headings.index("numbered sections") < headings.index("pros")
    )
    assert headings.index("pros") < headings.index("closing")

    for index, (statement, sources) in enumerate(POINTS):
        page.get_by_role("button", name="Add another Key point").click()
        page.locator(f"#id_key_points-{index}-statement").fill(statement)
        page.locator(f"#id_key_points-{index}-subject").select_option(label="Xiaomi")
        page.locator(f"#id_key_points-{index}-sources").fill(sources)
    page.locator("#id_key_points-1-value").fill("300000")
    page.locator("#id_key_points-1-unit").fill("vehicles/year")
    page.get_by_role("button", name="Add another Numbered section").click()
    page.locator("#id_sections-0-heading").fill("Deliveries")
    page.locator("#id_sections-0-body").fill("Deliveries began in **April**.")
    page.get_by_role("button", name="Add another Pro").click()
    page.locator("#id_pros-0-text").fill("800 km range")
    page.get_by_role("button", name="Add another Con").click()
    page.locator("#id_cons-0-text").fill("Long waiting list")
    # The pros and cons sit side by side.
    pro_box = page.locator("#pros-group").bounding_box()
    con_box = page.locator("#cons-group").bounding_box()
    assert abs(pro_box["y"] - con_box["y"]) < 5 and con_box["x"] > pro_box["x"]

    preview = page.frame_locator("iframe[name=live-preview]")
    # The preview refreshes after a pause in typing: on a loaded machine that takes a while.
    preview.get_by_text("Xiaomi invested 10 billion yuan.").wait_for(timeout=30_000)
    preview.locator("h2", has_text="Deliveries").wait_for(timeout=30_000)
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert axe_blocking(page) == []

    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist .success").wait_for()
    assert popups == []

    article = Article.objects.get(slug="xiaomi-su7-deliveries-pass-10000")
    points = list(article.key_points.select_related("fact").order_by("position"))
    assert [point.fact.statement for point in points] == [s for s, _ in POINTS]
    assert points[1].fact.value == 300000 and points[1].fact.unit == "vehicles/year"
    assert sorted(points[4].fact.sources.values_list("publisher", flat=True)) == [
        "Bloomberg",
        "Reuters",
    ]
    assert all(point.fact.subject.name == "Xiaomi" for point in points)
    assert [a.get_full_name() for a in article.authors.all()] == ["Claire Dubois"]
    assert Fact.objects.count() == 5

    # Reopened, every part reads back as typed, and the form still fits a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert (
        page.locator("#id_key_points-4-sources").input_value().startswith("Bloomberg | Investment")
    )
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
