""" "Notify of" from first click to last effect, in Chromium with the production headers on:
ask (under the comment form, or in the standalone box) → the email → its confirm link → confirm →
a reply arrives → the digest → its unsubscribe link. Every link is read from the email and
opened on the live server, as a reader's mail client would."""

import re

import pytest
from django.core import mail
from django.test import Client

from articles.models import KnownCommenter, Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def links_to_live_server(settings, live_server, no_minimum_wait):
    settings.SITE_URL = live_server.url


def link_in(message, text):
    """The address of the HTML part's link whose text is `text`."""
    html = message.alternatives[0][0]
    match = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)
    assert match, f"no link {text!r} in {html}"
    return match.group(1).replace("&amp;", "&")


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def post_comment(page, text, name, email, notify=None):
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Comment").fill(text)
    form.get_by_label("Name").fill(name)
    form.get_by_label("Email").fill(email)
    if notify:
        form.get_by_label(notify).check()
    form.get_by_role("button", name="Post comment").click()
    status = form.locator("[data-form-status]")
    status.filter(has_text=re.compile(r"\w"), has_not_text="Sending").wait_for()
    return status.inner_text()


def confirm_from_email(page, address):
    (confirmation,) = sent_to(address)
    page.goto(link_in(confirmation, "Confirm my subscription"))
    page.get_by_role("button", name="Yes, subscribe me").click()
    page.get_by_role("heading", name="You are subscribed").wait_for()
    return confirmation


def test_notify_of_under_the_comment_form_delivers_replies_until_unsubscribed(
    page, browser, live_server, article, known
):
    page.goto(article.get_absolute_url())
    post_comment(page, "Who *builds* the battery?", "Grace", "grace@example.com",
                 notify="New replies to my comments")  # fmt: skip
    confirmation = confirm_from_email(page, "grace@example.com")
    assert "replies to your comments" in confirmation.body
    assert Subscription.objects.get(email="grace@example.com").is_confirmed

    # Ada, whom moderators know, answers Grace from another browser.
    KnownCommenter.objects.create(email="ada@example.org")
    other = browser.new_context(base_url=live_server.url).new_page()
    other.goto(article.get_absolute_url())
    other.get_by_role("link", name="Reply").first.click()
    post_comment(other, "CATL, **both** packs.", "Ada", "ada@example.org")
    other.context.close()

    (digest,) = [m for m in sent_to("grace@example.com") if m is not confirmation]
    html = digest.alternatives[0][0]
    assert "<strong>both</strong>" in html  # the comment's Markdown, rendered
    assert "replies to your comments" in html
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page.goto(link_in(digest, "Unsubscribe"))
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert not Subscription.objects.filter(email="grace@example.com").exists()


def test_standalone_box_confirms_and_one_click_unsubscribe_works_without_cookies(
    page, live_server, article, comment, known
):
    page.goto(article.get_absolute_url())
    box = page.locator("#subscribe")
    box.get_by_label("Email").fill("ola@example.org")
    box.get_by_label("New follow-up comments").check()
    box.get_by_role("button", name="Subscribe").click()
    box.locator(".alert-success").wait_for()

    confirmation = confirm_from_email(page, "ola@example.org")
    assert "new comments" in confirmation.body
    page.get_by_role("link", name=article.title).click()
    post_comment(page, "A follow-up for everyone.", "Grace", "grace@example.com")

    (digest,) = [m for m in sent_to("ola@example.org") if m is not confirmation]
    assert "A follow-up for everyone." in digest.alternatives[0][0]
    # RFC 8058: the mail provider POSTs, with no cookie and no CSRF token, to List-Unsubscribe.
    one_click = digest.extra_headers["List-Unsubscribe"].strip("<>")
    answer = Client(enforce_csrf_checks=True).post(
        one_click.removeprefix(live_server.url), {"List-Unsubscribe": "One-Click"}
    )
    assert answer.status_code == 200
    assert not Subscription.objects.filter(email="ola@example.org").exists()
