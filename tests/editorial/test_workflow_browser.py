"""One whole story in a real browser: a writer drafts, an editor requests changes, the writer fixes,
an editor approves, a publisher schedules, the worker publishes, a reader sees it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ArticleStatus
from articles.roles import EDITOR, PUBLISHER, WRITER
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser
S = ArticleStatus


@pytest.fixture
def newsroom(transactional_db):
    return {
        role: make_user(role.lower(), role=role, first_name=first)
        for role, first in [(WRITER, "Claire"), (EDITOR, "Marcus"), (PUBLISHER, "Priya")]
    }


def log_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your newsroom").wait_for()


def take_step(page, title, step, note=""):
    """From the dashboard: open the article, press the step's button, confirm it."""
    page.goto("/admin/")
    page.locator("#editorial-dashboard").get_by_role("link", name=title).first.click()
    page.get_by_role("link", name=step).click()
    if note:
        page.get_by_label("Note").fill(note)
    page.get_by_role("button", name=step).click()
    page.locator(".messagelist .success").wait_for()


def test_a_story_from_draft_to_reader(page, newsroom, time_machine):
    title = "Xiaomi SU7 deliveries pass 10,000"

    log_in(page, "writer")
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Standfirst").fill("Xiaomi's first car reaches customers.")
    page.get_by_role("button", name="Add another Numbered section").click()
    page.locator("#id_sections-0-heading").fill("Deliveries")
    page.locator("#id_sections-0-body").fill("Deliveries began in **April**.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist .success").wait_for()
    take_step(page, title, "Submit for review")

    log_in(page, "editor")
    assert title in page.locator("#dashboard-to-review").inner_text()
    take_step(page, title, "Request changes", note="Say where the 10,000 figure comes from.")

    log_in(page, "writer")
    requested = page.locator("#dashboard-changes-requested").inner_text()
    assert "Say where the 10,000 figure comes from." in requested
    page.locator("#dashboard-changes-requested").get_by_role("link", name=title).click()
    page.get_by_label("Standfirst").fill("Xiaomi's first car reaches customers, the company says.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".messagelist .success").wait_for()
    take_step(page, title, "Submit for review", note="Attributed to Xiaomi.")

    log_in(page, "editor")
    take_step(page, title, "Approve")

    log_in(page, "publisher")
    at = timezone.localtime() + timedelta(hours=2)
    page.goto("/admin/articles/article/")
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Schedule").click()
    page.get_by_role("textbox", name="Publish at:", exact=True).fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule").click()
    page.locator(".messagelist .success").wait_for()
    article = Article.objects.get(title=title)
    assert article.status == S.SCHEDULED

    assert page.goto(article.get_absolute_url()).status == 404

    # The worker wakes at the scheduled time and publishes; a reader then finds the article.
    time_machine.move_to(at + timedelta(minutes=1), tick=True)
    call_command("publish_due", verbosity=0)
    page.context.clear_cookies()
    response = page.goto(article.get_absolute_url())
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.goto("/")
    assert page.get_by_role("link", name=title).first.is_visible()

    steps = list(article.transitions.order_by("id").values_list("action", flat=True))
    assert steps == [
        "submit",
        "request_changes",
        "submit",
        "approve",
        "schedule",
        "publish",
    ]
