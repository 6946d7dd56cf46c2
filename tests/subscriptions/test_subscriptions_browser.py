"""What subscribe.js does, in Chromium: the email-only "Notify of" form answers in place."""

import pytest
from django.core import mail

from articles.models import Subscription
from articles.subscriptions.views import COMMENT_SUBSCRIBED, SUBSCRIBED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def open_article(page, article):
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("load")
    return page.url


def test_reader_subscribes_in_place_without_leaving_the_article(page, article):
    url = open_article(page, article)
    box = page.locator("#subscribe")

    box.get_by_label("Email").fill("js.reader@example.org")
    box.get_by_label("New replies to my comments").check()
    box.get_by_role("button", name="Subscribe").click()

    box.locator(".alert-success").wait_for()
    assert box.locator("[data-subscribe-status]").inner_text() == SUBSCRIBED
    assert page.url == url
    assert box.get_by_label("Email").input_value() == ""
    assert Subscription.objects.get().kind == "replies"
    assert [m.to for m in mail.outbox] == [["js.reader@example.org"]]


def test_a_refused_address_is_explained_beside_the_field_and_kept(page, article):
    open_article(page, article)
    box = page.locator("#subscribe")

    box.get_by_label("Email").fill("reader@intranet")
    box.get_by_role("button", name="Subscribe").click()

    box.locator(".alert-danger").wait_for()
    assert "valid email" in box.locator("[data-js-error]").inner_text()
    assert box.get_by_label("Email").get_attribute("aria-invalid") == "true"
    assert box.get_by_label("Email").input_value() == "reader@intranet"
    assert not Subscription.objects.exists()


def test_notify_of_under_the_comment_form_is_confirmed_in_the_posted_message(
    page, article, settings
):
    settings.COMMENTS_MIN_SECONDS = 0
    open_article(page, article)
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Comment").fill("Tell me when someone answers.")
    form.get_by_label("Name").fill("Grace")
    form.get_by_label("Email").fill("grace@example.com")
    form.get_by_label("New replies to my comments").check()
    form.get_by_role("button", name="Post comment").click()

    status = form.locator("[data-form-status]")
    status.filter(has_text="confirm notifications").wait_for()
    assert COMMENT_SUBSCRIBED in status.inner_text()
    assert Subscription.objects.get().email == "grace@example.com"
