"""A moderator clears a queue of 20 held comments from one page, in Chromium, without a reload;
and without JavaScript the same buttons are plain form posts."""

import pytest

from articles.models import Comment, CommentStatus
from articles.roles import MODERATOR
from tests.factories import PASSWORD, make_article, make_comment, make_user
from tests.page_checks import axe_blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queue():
    article = make_article("Xiaomi EV", status="published")
    return [
        make_comment(
            article,
            f"Held comment **{n}**",
            status=CommentStatus.PENDING,
            author_email=f"reader{n}@example.com",
            ip_hash=f"{n:032d}",
        )
        for n in range(20)
    ]


def log_in(page):
    make_user("moderator", role=MODERATOR)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#dashboard-comments").wait_for()


def test_moderator_clears_a_queue_of_twenty_from_one_page(page, queue):
    log_in(page)
    assert "20 held comments" in page.locator("#dashboard-comments").inner_text()
    page.locator("#dashboard-comments").get_by_role("link").click()
    page.locator("#result_list").wait_for()
    bold = page.locator("#result_list .comment-text strong").all_text_contents()
    assert sorted(bold, key=int) == [str(n) for n in range(20)]  # Markdown, rendered
    assert axe_blocking(page) == []
    loads = []
    page.on("load", lambda _: loads.append(page.url))

    verdicts = ["Approve", "Spam", "Remove", "Approve", "Ban"] * 4
    rows = page.locator("#result_list tbody tr")
    for index, verdict in enumerate(verdicts):
        row = rows.nth(index)
        row.get_by_role("button", name=verdict, exact=False).first.click()
        row.locator(".moderation-done").wait_for()

    assert loads == []
    assert page.locator("[data-pending-count]").first.inner_text() == "0"
    statuses = [c.status for c in Comment.objects.order_by("pk")]
    expected = {"Approve": "approved", "Spam": "spam", "Remove": "removed", "Ban": "spam"}
    assert sorted(statuses) == sorted(expected[v] for v in verdicts)
    assert not Comment.objects.filter(status=CommentStatus.PENDING).exists()


def test_without_javascript_a_button_is_a_plain_post(browser, live_server, queue):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page)
    page.goto("/admin/articles/comment/")
    page.locator("#result_list tbody tr").first.get_by_role("button", name="Approve").click()
    page.locator(".messagelist .success").wait_for()
    assert Comment.objects.filter(status=CommentStatus.APPROVED).count() == 1
    assert page.locator("#result_list tbody tr").count() == 19
    context.close()
