"""What feedback.js does, in Chromium: the form opens beside a part, posts in the background,
updates the count, and works from the keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Comment
from tests.factories import make_comment, make_feedback

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("no_minimum_wait"),
    pytest.mark.django_db(transaction=True),
]


def open_article(page, article):
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("load")
    page.evaluate("window.notReloaded = true")


def test_reader_reports_an_error_beside_a_key_point_and_sees_the_count_grow(
    page, article, point, known
):
    make_feedback(point, "Someone noticed before.")
    open_article(page, article)
    item = page.locator(f"#{point.anchor}")
    toggle = item.get_by_role("button", name="Feedback on this point")
    assert item.locator("[data-feedback-count]").text_content() == "1 reader note on this point"
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    form = item.locator("[data-feedback-form]")
    form.get_by_label("Your feedback").fill("The approval came in 2023.")
    form.get_by_label("Name").fill("Grace")
    form.get_by_label("Email").fill("grace@example.com")
    form.get_by_label("This reports an error in this fact").check()
    form.get_by_role("button", name="Send feedback").click()
    # expect(), not wait_for_function: the production CSP forbids the eval that one needs.
    expect(page.locator(f"#{point.anchor} [data-feedback-count-text]")).to_have_text(
        "2 reader notes"
    )
    expect(form.locator("[data-feedback-status]")).to_contain_text("published")
    assert page.evaluate("window.notReloaded") is True
    comment = Comment.objects.get(body="The approval came in 2023.")
    assert comment.is_error_report and comment.key_point_id == point.pk
    thread = page.locator(".comment-list .comment", has_text="The approval came in 2023.")
    assert "On key point:" in thread.inner_text()


def test_keyboard_opens_the_form_and_escape_closes_it(page, article, point):
    open_article(page, article)
    toggle = page.locator(f"#{point.anchor} [data-feedback-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    body = page.locator(f"#{point.anchor}").get_by_label("Your feedback")
    body.wait_for()
    assert body.evaluate("el => el === document.activeElement")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.locator(f"#{toggle.get_attribute('aria-controls')}").count() == 1
    page.keyboard.type("Typed from the keyboard.")
    page.keyboard.press("Escape")
    assert body.count() == 0
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("el => el === document.activeElement")
    page.keyboard.press(" ")  # a button answers Space as well
    body.wait_for()


def test_section_form_has_no_error_flag_and_shows_field_errors(page, article):
    section = article.sections.get()
    open_article(page, article)
    part = page.locator(f"#{section.anchor}")
    part.get_by_role("button", name="Feedback on this section").click()
    form = part.locator("[data-feedback-form]")
    form.wait_for()
    assert form.get_by_label("This reports an error in this fact").count() == 0
    form.get_by_label("Your feedback").fill("Nice photos.")
    form.get_by_label("Name").fill("Grace")
    form.get_by_label("Email").fill("grace@example")
    form.evaluate("f => f.noValidate = true")
    form.get_by_role("button", name="Send feedback").click()
    form.locator(".invalid-feedback", has_text="valid email").wait_for()
    assert form.get_by_label("Your feedback").input_value() == "Nice photos."
    assert not Comment.objects.exists()


def test_only_one_feedback_form_is_open_at_a_time(page, article, point):
    section = article.sections.get()
    open_article(page, article)
    page.locator(f"#{point.anchor} [data-feedback-toggle]").click()
    page.locator(f"#{point.anchor} [data-feedback-form]").wait_for()
    page.locator(f"#{section.anchor} [data-feedback-toggle]").click()
    page.locator(f"#{section.anchor} [data-feedback-form]").wait_for()
    assert page.locator("[data-feedback-form]").count() == 1
    assert page.locator(f"#{section.anchor} [data-feedback-form]").count() == 1


def test_feedback_controls_have_no_serious_accessibility_violations(page, article, point):

    open_article(page, article)
    page.locator(f"#{point.anchor} [data-feedback-toggle]").click()
    page.locator(f"#{point.anchor} [data-feedback-form]").wait_for()
    violations = Axe().run(page, context=".article-body").response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == []


def open_feedback(page, point):
    item = page.locator(f"#{point.anchor}")
    item.get_by_role("button", name="Feedback on this point").click()
    form = item.locator("[data-feedback-form]")
    form.get_by_label("Your feedback").fill("A note.")
    form.get_by_label("Name").fill("Grace")
    form.get_by_label("Email").fill("grace@example.com")
    return form


def test_the_minimum_time_counts_from_when_the_page_opened(page, article, point, settings):
    settings.COMMENTS_MIN_SECONDS = 2
    open_article(page, article)
    page.wait_for_timeout(2_200)  # reading the article, long enough
    form = open_feedback(page, point)  # and sending at once once the form is open
    form.get_by_role("button", name="Send feedback").click()
    status = form.locator("[data-feedback-status]")
    expect(status).to_contain_text("Thank you")
    expect(status).to_have_class("feedback-status is-success")
    assert Comment.objects.get().body == "A note."


def test_a_refusal_says_what_to_do_in_the_error_style(page, article, point, settings):
    settings.COMMENTS_MIN_SECONDS = 60
    open_article(page, article)
    form = open_feedback(page, point)
    form.get_by_role("button", name="Send feedback").click()
    status = form.locator("[data-feedback-status]")
    expect(status).to_contain_text("please wait a few seconds and send again")
    expect(status).to_have_class("feedback-status is-error")
    assert not Comment.objects.exists()


def test_the_count_beside_a_part_links_to_its_notes(page, article, point):
    make_feedback(point, "Noted on the point.")
    make_comment(article, "A general remark.")
    open_article(page, article)
    page.locator(f"#{point.anchor}").get_by_role("link", name="1 reader note on this point").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Reader notes on a key point of {article.title}"
    )
    expect(page.locator(".comment-list")).to_contain_text("Noted on the point.")
    expect(page.locator(".comment-list")).not_to_contain_text("A general remark.")
