"""Comment journeys in Chromium, from the first click to what is stored: post and see your own
Edit/Delete at once, remember (and forget) a guest's name, edit, delete, vote with labelled
arrows that show your vote, report a comment, and "View all comments" with its count."""

import re

import pytest

from articles.models import Comment, CommentReport, CommentStatus, CommentVote
from tests.factories import make_comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("no_minimum_wait"),
    pytest.mark.django_db(transaction=True),
]


def post(page, body, *, name="Grace", email="grace@example.com", remember=False):
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Comment").fill(body)
    form.get_by_label("Name").fill(name)
    form.get_by_label("Email").fill(email)
    if remember:
        form.get_by_label("Remember me on this browser").check()
    form.get_by_role("button", name="Post comment").click()
    status = form.locator("[data-form-status]")
    status.filter(has_text=re.compile(r"\w"), has_not_text="Sending").wait_for()
    return status


def test_a_just_posted_comment_can_be_edited_and_deleted_at_once(page, article, known):
    page.goto(article.get_absolute_url())
    status = post(page, "First thoughts.")
    assert "is-success" in status.get_attribute("class")
    mine = page.locator(".comment", has_text="First thoughts.")
    mine.get_by_role("link", name="Edit").click()

    page.get_by_role("heading", name="Edit your comment").wait_for()
    page.get_by_role("textbox", name="Comment").fill("Second thoughts.")
    page.get_by_role("button", name="Save").click()
    page.locator(".comment-text", has_text="Second thoughts.").wait_for()
    assert Comment.objects.get().body == "Second thoughts."

    page.locator(".comment", has_text="Second thoughts.").get_by_role(
        "button", name="Delete"
    ).click()
    page.get_by_text("Your comment is deleted.").wait_for()
    assert Comment.objects.get().status == CommentStatus.REMOVED


def test_a_refused_comment_reads_as_an_error(page, article):
    page.goto(article.get_absolute_url())
    page.evaluate("document.querySelector('#comment-form').noValidate = true")
    status = post(page, "Hello", email="not-an-address")
    assert "is-error" in status.get_attribute("class")
    assert status.get_attribute("role") == "status"


def test_a_guest_who_asks_is_remembered_on_this_browser_and_can_be_forgotten(page, article, known):
    page.goto(article.get_absolute_url())
    post(page, "Remember me, please.", remember=True)
    page.reload()
    form = page.locator("#comment-form")
    assert form.get_by_label("Name").input_value() == "Grace"
    assert form.get_by_label("Email").input_value() == "grace@example.com"

    form.get_by_role("button", name="Forget my name and email").click()
    assert form.get_by_label("Name").input_value() == ""
    page.reload()
    assert form.get_by_label("Email").input_value() == ""


def test_a_guest_who_does_not_ask_is_not_remembered(page, article, known):
    page.goto(article.get_absolute_url())
    post(page, "Do not keep my details.")
    page.reload()
    assert page.locator("#comment-form").get_by_label("Name").input_value() == ""


def test_vote_arrows_name_the_author_show_your_vote_and_move_focus_to_the_result(page, article):
    ola = make_comment(article, "Charging maps matter.", author_name="Ola")
    page.goto(article.get_absolute_url())
    card = page.locator(f"#comment-{ola.pk}")
    up = card.get_by_role("button", name="Upvote comment by Ola")
    assert up.get_attribute("aria-pressed") == "false"
    up.focus()
    page.keyboard.press("Enter")

    result = card.locator("[data-comment-vote-status]")
    result.filter(has_text="Thank you").wait_for()
    assert result.evaluate("node => node === document.activeElement")
    assert card.locator("[data-comment-score]").inner_text() == "1"
    page.reload()
    up = card.get_by_role("button", name="Upvote comment by Ola")
    assert up.get_attribute("aria-pressed") == "true"
    down = card.get_by_role("button", name="Downvote comment by Ola")
    assert down.get_attribute("aria-pressed") == "false"
    assert CommentVote.objects.get().value == CommentVote.UP


def test_a_reader_reports_a_comment_into_the_moderation_queue(page, article, settings):
    settings.COMMENTS_REPORT_RATE_LIMIT = (1, 3600)
    spam = make_comment(article, "Buy cheap stuff.", author_name="Spammer")
    other = make_comment(article, "Another one.", author_name="Spammer")
    page.goto(article.get_absolute_url())
    card = page.locator(f"#comment-{spam.pk}")
    card.get_by_text("Report", exact=True).click()
    card.get_by_label("Spam or advertising").check()
    card.get_by_role("button", name="Send report").click()
    card.locator("[data-comment-report-status]").filter(has_text="Thank you").wait_for()
    report = CommentReport.objects.get()
    assert (report.comment, report.reason) == (spam, "spam")

    card = page.locator(f"#comment-{other.pk}")
    card.get_by_text("Report", exact=True).click()
    card.get_by_label("Abusive or offensive").check()
    card.get_by_role("button", name="Send report").click()
    refused = card.locator("[data-comment-report-status]")
    refused.filter(has_text="Too many reports").wait_for()
    assert "is-error" in refused.get_attribute("class")
    assert CommentReport.objects.count() == 1


def test_view_all_comments_says_how_many_and_its_page_has_its_own_heading(page, article, settings):
    settings.COMMENTS_PAGE_THREADS = 2
    for n in range(5):
        make_comment(article, f"Thread number {n}.")
    page.goto(article.get_absolute_url())
    view_all = page.get_by_role("link", name="View all 5 comments")
    page.goto(view_all.get_attribute("href"))
    assert page.get_by_role("heading", level=1).inner_text() == f"Comments on {article.title}"
    assert page.locator(".comment-list > li").count() == 2
    page.get_by_role("navigation", name="Comment pages").get_by_role("link", name="3").click()
    assert page.locator(".comment-list > li").count() == 1
