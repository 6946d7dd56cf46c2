"""'Notify of' subscriptions end to end: subscribe, confirm, notify, unsubscribe — through HTTP
and Django's mail outbox, with tasks run at once by the test profile's immediate backend."""

import base64
import logging
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.checks import site_url_is_https
from articles.comments import moderation
from articles.comments.posting import Author, post
from articles.models import (
    ArticleStatus,
    Comment,
    CommentStatus,
    Delivery,
    DeliveryStatus,
    KnownCommenter,
    Subscription,
    SubscriptionKind,
)
from articles.models.subscription import mask_email
from articles.subscriptions import links as signed_links
from articles.subscriptions import notifications, services
from articles.subscriptions.views import COMMENT_SUBSCRIBED, SUBSCRIBED
from evnews.tasks import default_task_backend
from tests.comment_helpers import post_comment
from tests.factories import make_article

ALL, REPLIES = SubscriptionKind.ALL, SubscriptionKind.REPLIES
JSON = {"HTTP_ACCEPT": "application/json"}
URL_IN_TEXT = re.compile(r"https?://\S+")


def subscribe_url(article):
    return reverse("articles:article-subscribe", kwargs={"slug": article.slug})


def make_subscription(article, email="fan@example.com", kind=ALL, *, confirmed=True):
    return Subscription.objects.create(
        article=article,
        email=email,
        kind=kind,
        confirmed_at=timezone.now() if confirmed else None,
    )


def make_comment(article, email="writer-of-comments@example.com", *, parent=None, **fields):
    fields.setdefault("author_name", "Commenter")
    fields.setdefault("body", "Frameless doors are a bold choice.")
    fields.setdefault("status", CommentStatus.PENDING)
    return Comment.objects.create(
        article=article,
        parent=parent,
        thread=(parent.thread or parent) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_email=email,
        author_key=f"anon:{email}",
        **fields,
    )


def approve(comment, moderator, on_commit):
    with on_commit():
        moderation.approve(comment, by=moderator)


def links(message) -> list[str]:
    return URL_IN_TEXT.findall(message.body)


def subscribe(client, article, email="fan@example.com", kind=ALL, on_commit=None, **extra):
    data = {"email": email, "kind": kind}
    if on_commit is None:
        return client.post(subscribe_url(article), data, **extra)
    with on_commit():
        return client.post(subscribe_url(article), data, **extra)


# Subscribing and confirming -----------------------------------------------------------------


def test_subscribing_sends_one_confirmation_email_and_nothing_else(client, article, on_commit):
    response = subscribe(client, article, on_commit=on_commit)

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fan@example.com"]
    assert "Confirm" in message.subject and article.title in message.subject
    assert "List-Unsubscribe" not in message.extra_headers
    subscription = Subscription.objects.get()
    assert not subscription.is_confirmed
    assert links(message)[0].startswith("http://127.0.0.1:8000/subscriptions/confirm/")


def test_subscribing_shows_a_message_on_the_article_page_without_javascript(client, article):
    response = client.post(
        subscribe_url(article), {"email": "fan@example.com", "kind": ALL}, follow=True
    )

    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    assert SUBSCRIBED in response.content.decode()


def test_subscribing_with_javascript_answers_json_with_the_same_message(client, article):
    response = subscribe(client, article, **JSON)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": SUBSCRIBED, "data": {}}


def test_an_unconfirmed_subscriber_gets_no_notification(article, moderator, on_commit):
    make_subscription(article, confirmed=False)
    comment = make_comment(article)

    approve(comment, moderator, on_commit)

    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_the_confirmation_link_shows_a_button_and_only_its_post_confirms(
    client, article, on_commit
):
    subscribe(client, article, on_commit=on_commit)
    confirm_link = links(mail.outbox[0])[0].removeprefix("http://127.0.0.1:8000")

    page = client.get(confirm_link)
    assert page.status_code == 200
    assert "Yes, subscribe me" in page.content.decode()
    # Same-origin: the token reaches no other site, and the button's POST keeps its Origin.
    assert page["Referrer-Policy"] == "same-origin"
    assert not Subscription.objects.get().is_confirmed

    done = client.post(confirm_link)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    assert Subscription.objects.get().is_confirmed
    assert len(mail.outbox) == 1


def test_a_tampered_confirmation_link_is_refused_with_400(client, article):
    token = signed_links.confirm_token(make_subscription(article, confirmed=False))
    url = reverse("articles:subscription-confirm", kwargs={"token": token[:-2] + "xx"})

    response = client.post(url)

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not Subscription.objects.get().is_confirmed


def test_an_expired_confirmation_link_asks_to_subscribe_again(client, article, settings):
    subscription = make_subscription(article, confirmed=False)
    url = signed_links.confirm_url(subscription).removeprefix(settings.SITE_URL)

    later = timezone.now() + timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_MAX_AGE + 60)
    with time_machine.travel(later):
        response = client.post(url)

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Subscription.objects.get().is_confirmed


def test_a_confirmation_token_cannot_unsubscribe_and_vice_versa(client, article):
    subscription = make_subscription(article, confirmed=False)
    confirm = signed_links.confirm_token(subscription)
    unsubscribe = signed_links.unsubscribe_token(subscription)

    wrong_unsub = reverse("articles:subscription-unsubscribe", kwargs={"token": confirm})
    wrong_confirm = reverse("articles:subscription-confirm", kwargs={"token": unsubscribe})

    assert client.post(wrong_unsub).status_code == 400
    assert client.post(wrong_confirm).status_code == 400
    assert Subscription.objects.filter(confirmed_at__isnull=True).count() == 1


def test_subscribing_to_an_unpublished_article_is_404(client, draft):
    response = subscribe(client, draft)

    assert response.status_code == 404
    assert not Subscription.objects.exists()


# No enumeration, one confirmation per period ------------------------------------------------


@pytest.mark.parametrize("accept", [{}, JSON], ids=["form", "json"])
def test_answers_are_identical_for_new_pending_and_confirmed_addresses(article, on_commit, accept):
    make_subscription(article, "pending@example.com", confirmed=False)
    make_subscription(article, "confirmed@example.com", confirmed=True)

    answers = []
    for email in ("new@example.com", "pending@example.com", "confirmed@example.com"):
        client = Client()
        response = subscribe(client, article, email, on_commit=on_commit, **accept)
        answers.append((response.status_code, response.get("Location"), response.content))

    assert answers[0] == answers[1] == answers[2]


def test_an_address_gets_at_most_one_confirmation_per_period(client, article, settings, on_commit):
    subscribe(client, article, on_commit=on_commit)
    subscribe(client, article, on_commit=on_commit)
    assert len(mail.outbox) == 1

    later = timezone.now() + timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_RESEND_SECONDS + 1)
    with time_machine.travel(later):
        cache.clear()
        subscribe(client, article, on_commit=on_commit)
    assert len(mail.outbox) == 2
    assert Subscription.objects.count() == 1


def test_a_confirmed_address_gets_no_second_confirmation(client, article, on_commit):
    make_subscription(article, confirmed=True)

    subscribe(client, article, on_commit=on_commit)

    assert mail.outbox == []


# Rate limits ---------------------------------------------------------------------------------


def test_subscribing_is_rate_limited_per_client_ip(client, article, settings):
    settings.SUBSCRIBE_RATE_PER_IP = (2, 3600)
    for n in range(2):
        assert subscribe(client, article, f"reader{n}@example.com").status_code == 302

    response = subscribe(client, article, "reader9@example.com")

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many subscription requests from your network" in page
    assert 'value="reader9@example.com"' in page and "is-invalid" not in page
    assert Subscription.objects.count() == 2


def test_subscribing_is_rate_limited_per_address_whatever_the_ip(client, article, settings):
    settings.SUBSCRIBE_RATE_PER_EMAIL = (2, 3600)
    for n in range(2):
        response = subscribe(client, article, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302

    response = subscribe(client, article, REMOTE_ADDR="192.0.2.99", **JSON)

    assert response.status_code == 429
    assert response.json() == {
        "ok": False,
        "message": "Too many subscription requests for this address. Try again within 60 minutes.",
        "errors": {},
    }


# Input validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "fan@example.com\r\nBcc: victim@example.org",
        "fan@example.com\nBcc: victim@example.org",
        "fan@example.com\r\n",
        "\nfan@example.com",
        "fan@example.com,victim@example.org",
        "Fan <fan@example.com>",
        "not-an-address",
        "",
    ],
)
def test_header_injection_and_bad_addresses_are_refused_with_400(client, article, email):
    response = client.post(subscribe_url(article), {"email": email, "kind": ALL}, **JSON)

    assert response.status_code == 400
    assert "email" in response.json()["errors"]
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_an_unknown_kind_is_refused_with_400_and_keeps_what_was_typed(client, article):
    response = client.post(subscribe_url(article), {"email": "fan@example.com", "kind": "every"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="fan@example.com"' in page
    assert "Select a valid choice" in page
    assert not Subscription.objects.exists()


# Exact addresses -----------------------------------------------------------------------------


def test_only_the_domain_of_an_address_is_lower_cased(client, article):
    subscribe(client, article, "Jane.Doe@Example.COM")

    assert Subscription.objects.get().email == "Jane.Doe@example.com"


def test_addresses_differing_in_local_part_case_are_different_subscribers(
    client, article, on_commit
):
    make_subscription(article, "Foo@example.com", confirmed=True)

    subscribe(client, article, "foo@example.com", on_commit=on_commit)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["foo@example.com"]
    rows = {(s.email, s.is_confirmed) for s in Subscription.objects.all()}
    assert rows == {("Foo@example.com", True), ("foo@example.com", False)}


@pytest.mark.parametrize(
    "commenter, subscriber",
    [
        ("foo@example.com", "Foo@example.com"),
        ("a%@example.com", "ab@example.com"),
        ("a_@example.com", "ab@example.com"),
        ("example.com", "ab@example.com"),
    ],
)
def test_replies_reach_only_the_exact_address_of_the_parent_comment(
    article, moderator, on_commit, commenter, subscriber
):
    make_subscription(article, subscriber, REPLIES)
    parent = make_comment(article, commenter, status=CommentStatus.APPROVED)
    reply = make_comment(article, "replier@example.com", parent=parent)

    approve(reply, moderator, on_commit)

    assert mail.outbox == []


def test_an_unsubscribe_token_reaches_only_its_own_address(client, article):
    mine = make_subscription(article, "ab@example.com")
    make_subscription(article, "Ab@example.com")
    make_subscription(article, "a%@example.com")

    client.post(signed_links.unsubscribe_url(mine))

    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "Ab@example.com",
        "a%@example.com",
    }


# Notifications -------------------------------------------------------------------------------


def test_an_approved_comment_notifies_a_confirmed_subscriber_once_with_unsubscribe_headers(
    article, moderator, on_commit, settings
):
    subscription = make_subscription(article)
    comment = make_comment(article, author_name="Li", body="Is the range 800 km?")

    approve(comment, moderator, on_commit)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fan@example.com"]
    assert message.subject == f"New comment on “{article.title}”"
    unsubscribe_url = signed_links.unsubscribe_url(subscription)
    one_click = signed_links.one_click_url(subscription)
    assert message.extra_headers["List-Unsubscribe"] == f"<{one_click}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in message.body
    assert "Is the range 800 km?" in message.body
    assert f"{settings.SITE_URL}{comment.get_absolute_url()}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and unsubscribe_url in html
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT and delivery.sent_at is not None


def test_the_full_round_trip_subscribe_confirm_notify_unsubscribe(
    client, article, moderator, on_commit, settings
):
    subscribe(client, article, on_commit=on_commit)
    client.post(links(mail.outbox[0])[0].removeprefix(settings.SITE_URL))
    approve(make_comment(article), moderator, on_commit)
    assert len(mail.outbox) == 2
    unsubscribe = links(mail.outbox[1])[-1].removeprefix(settings.SITE_URL)

    page = client.get(unsubscribe)
    assert page.status_code == 200 and "Stop emailing" in page.content.decode()
    assert Subscription.objects.exists()
    done = client.post(unsubscribe)
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()

    approve(make_comment(article, "other@example.com"), moderator, on_commit)
    assert len(mail.outbox) == 2
    assert not Subscription.objects.exists()
    assert client.post(unsubscribe).status_code == 200  # a second click is harmless


def test_one_click_unsubscribe_works_without_a_csrf_token(article):
    subscription = make_subscription(article)
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(
        signed_links.one_click_url(subscription),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_unsubscribe_page_and_one_click_refuse_what_they_should(article):
    subscription = make_subscription(article)
    forger = Client(enforce_csrf_checks=True)

    # The page's own button is a form like any other: no token, no change.
    assert forger.post(signed_links.unsubscribe_url(subscription)).status_code == 403
    # The one-click address acts only on RFC 8058's exact body.
    assert forger.post(signed_links.one_click_url(subscription)).status_code == 400
    assert forger.get(signed_links.one_click_url(subscription)).status_code == 405
    assert Subscription.objects.exists()


def test_subscribing_still_needs_a_csrf_token(article):
    browser = Client(enforce_csrf_checks=True)

    response = subscribe(browser, article)

    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_unsubscribing_stops_both_kinds_for_that_article_only(client, article, writer):
    other = make_article("Another story", authors=[writer], status=ArticleStatus.PUBLISHED)
    everything = make_subscription(article, kind=ALL)
    make_subscription(article, kind=REPLIES)
    make_subscription(other, kind=ALL)

    client.post(signed_links.unsubscribe_url(everything))

    assert list(Subscription.objects.values_list("article", flat=True)) == [other.pk]


@pytest.mark.parametrize(
    "status", [CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.REMOVED]
)
def test_comments_not_approved_never_notify(article, moderator, on_commit, status):
    make_subscription(article)
    comment = make_comment(article, status=CommentStatus.PENDING)

    with on_commit():
        if status == CommentStatus.SPAM:
            moderation.mark_spam(comment, by=moderator)
        elif status == CommentStatus.REMOVED:
            moderation.remove(comment, by=moderator)
        notifications.plan_notifications.enqueue(comment.pk)

    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_a_comment_removed_before_its_digest_is_sent_is_skipped(article, moderator):
    subscription = make_subscription(article)
    comment = make_comment(article, status=CommentStatus.REMOVED)
    Delivery.objects.create(subscription=subscription, comment=comment)

    notifications.send_digest.enqueue(subscription.pk)

    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.SKIPPED


def test_an_article_unpublished_before_the_digest_sends_nothing(article):
    subscription = make_subscription(article)
    comment = make_comment(article, status=CommentStatus.APPROVED)
    Delivery.objects.create(subscription=subscription, comment=comment)
    article.status = ArticleStatus.UNPUBLISHED
    article.save(update_fields=["status"])

    notifications.send_digest.enqueue(subscription.pk)

    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.SKIPPED


def test_a_commenter_is_not_notified_of_their_own_comment(article, moderator, on_commit):
    make_subscription(article, "fan@example.com")

    approve(make_comment(article, "fan@example.com"), moderator, on_commit)

    assert mail.outbox == []


def test_a_logged_in_commenter_is_not_notified_of_their_own_comment(
    article, moderator, reader, on_commit
):
    make_subscription(article, reader.email)
    comment = make_comment(article, "typed-other@example.com", user=reader)

    approve(comment, moderator, on_commit)

    assert mail.outbox == []


def test_replies_subscribers_hear_only_of_replies_to_their_own_comments(
    article, moderator, on_commit
):
    make_subscription(article, "asker@example.com", REPLIES)
    mine = make_comment(article, "asker@example.com", status=CommentStatus.APPROVED)
    theirs = make_comment(article, "someone@example.com", status=CommentStatus.APPROVED)

    approve(make_comment(article, "third@example.com"), moderator, on_commit)
    approve(make_comment(article, "third@example.com", parent=theirs), moderator, on_commit)
    assert mail.outbox == []

    approve(make_comment(article, "third@example.com", parent=mine), moderator, on_commit)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["asker@example.com"]


def test_an_address_with_both_kinds_gets_a_reply_once(article, moderator, on_commit):
    make_subscription(article, "asker@example.com", REPLIES)
    make_subscription(article, "asker@example.com", ALL)
    mine = make_comment(article, "asker@example.com", status=CommentStatus.APPROVED)

    approve(make_comment(article, "third@example.com", parent=mine), moderator, on_commit)

    assert len(mail.outbox) == 1
    assert Delivery.objects.get().subscription.kind == ALL


def test_each_comment_reaches_a_subscriber_at_most_once_even_if_approved_again(
    article, moderator, on_commit
):
    make_subscription(article)
    comment = make_comment(article)

    approve(comment, moderator, on_commit)
    with on_commit():
        moderation.mark_spam(comment, by=moderator)
    approve(comment, moderator, on_commit)
    with on_commit():
        notifications.plan_notifications.enqueue(comment.pk)

    assert len(mail.outbox) == 1
    assert Delivery.objects.count() == 1


def test_a_comment_published_by_the_rules_notifies_too(article, on_commit):
    make_subscription(article)
    KnownCommenter.objects.create(email="regular@example.com")
    author = Author("Regular", "regular@example.com", "", "anon:regular", "")

    with on_commit():
        comment = post(article, author, "Welcome news for buyers.")

    assert comment.is_approved
    assert len(mail.outbox) == 1


def test_reader_text_in_a_notification_cannot_run_as_script(article, moderator, on_commit):
    make_subscription(article)
    comment = make_comment(
        article,
        author_name='<img src=x onerror="alert(1)">',
        body="<script>alert('x')</script> and [a](javascript:alert(1))",
    )

    approve(comment, moderator, on_commit)

    html = mail.outbox[0].alternatives[0][0]
    assert "<script" not in html and "<img" not in html
    # The name is escaped; the body is the sanitised Markdown, where a script is dropped whole.
    assert "&lt;img" in html and "alert('x')" not in html
    assert 'href="javascript' not in html


# Batching, retries ---------------------------------------------------------------------------


@pytest.fixture
def deferred_tasks(settings):
    """A backend that records tasks instead of running them, like a real queue would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    default_task_backend.clear()
    return default_task_backend


def queued(backend, task_name):
    return [r for r in backend.results if r.task.name == task_name]


def run(backend, results):
    """Run these queued tasks as a worker would; what they queue in turn stays queued."""
    backend.clear()
    for result in results:
        result.task.call(*result.args, **result.kwargs)


def test_a_busy_thread_sends_one_digest_not_one_email_per_comment(
    article, moderator, on_commit, deferred_tasks, settings
):
    subscription = make_subscription(article)
    comments = [make_comment(article, body=f"Comment number {n}") for n in range(3)]
    for comment in comments:
        approve(comment, moderator, on_commit)
    run(deferred_tasks, queued(deferred_tasks, "plan_notifications"))

    digests = queued(deferred_tasks, "send_digest")
    assert len(digests) == 1
    due = digests[0].task.run_after - timezone.now()
    assert timedelta(seconds=settings.NOTIFY_BATCH_SECONDS - 5) < due
    assert mail.outbox == []

    run(deferred_tasks, digests)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"3 new comments on “{article.title}”"
    assert all(f"Comment number {n}" in mail.outbox[0].body for n in range(3))
    assert Subscription.objects.get(pk=subscription.pk).digest_due_at is None


def test_approving_never_waits_for_email(article, moderator, on_commit, deferred_tasks):
    make_subscription(article)

    approve(make_comment(article), moderator, on_commit)

    assert mail.outbox == []
    assert [r.task.name for r in deferred_tasks.results] == ["plan_notifications"]


@pytest.fixture
def flaky_mail(monkeypatch):
    """Sending fails `failures[0]` times, then works."""
    failures = [1]
    real_send = EmailMultiAlternatives.send

    def send(self, *args, **kwargs):
        if failures[0] > 0:
            failures[0] -= 1
            raise ConnectionRefusedError("SMTP server down")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    return failures


def test_a_failed_send_is_logged_and_retried_later(
    article, moderator, on_commit, flaky_mail, deferred_tasks, caplog, settings
):
    make_subscription(article)
    approve(make_comment(article), moderator, on_commit)
    run(deferred_tasks, queued(deferred_tasks, "plan_notifications"))

    with caplog.at_level(logging.WARNING, logger="evnews.notifications"):
        run(deferred_tasks, queued(deferred_tasks, "send_digest"))

    assert mail.outbox == []
    assert "SMTP server down" in caplog.text
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    retry = queued(deferred_tasks, "send_digest")
    assert len(retry) == 1 and list(retry[0].args) == [delivery.subscription_id, 2]
    assert retry[0].task.run_after > timezone.now() + timedelta(
        seconds=settings.NOTIFY_RETRY_SECONDS - 5
    )

    run(deferred_tasks, retry)
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_after_the_last_retry_the_notification_waits_for_the_next_digest(
    article, moderator, on_commit, flaky_mail, caplog, settings
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    flaky_mail[0] = 3
    make_subscription(article)

    with caplog.at_level(logging.WARNING, logger="evnews.notifications"):
        approve(make_comment(article, body="First"), moderator, on_commit)

    assert mail.outbox == []
    assert "failed 3 times" in caplog.text
    assert Delivery.objects.get().status == DeliveryStatus.PENDING

    approve(make_comment(article, body="Second"), moderator, on_commit)
    assert len(mail.outbox) == 1
    assert "First" in mail.outbox[0].body and "Second" in mail.outbox[0].body
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_failed_confirmation_email_is_retried(client, article, on_commit, flaky_mail, caplog):
    with caplog.at_level(logging.WARNING, logger="evnews.notifications"):
        response = subscribe(client, article, on_commit=on_commit)

    assert response.status_code == 302
    assert "confirmation for subscription" in caplog.text
    assert len(mail.outbox) == 1


def test_a_digest_for_an_unsubscribed_address_sends_nothing(article, moderator, deferred_tasks):
    subscription = make_subscription(article)
    comment = make_comment(article, status=CommentStatus.APPROVED)
    Delivery.objects.create(subscription=subscription, comment=comment)
    services.unsubscribe(subscription)

    assert notifications.send_digest.call(subscription.pk) == 0
    assert mail.outbox == []


# Pages and admin -----------------------------------------------------------------------------


def test_confirm_and_unsubscribe_pages_make_few_queries(
    client, article, django_assert_max_num_queries
):
    subscription = make_subscription(article, confirmed=False)
    with django_assert_max_num_queries(3):
        assert client.get(signed_links.confirm_url(subscription)).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(signed_links.unsubscribe_url(subscription)).status_code == 200


def test_subscribing_makes_few_queries(client, article, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert subscribe(client, article).status_code == 302


def test_the_email_only_form_renders_with_labelled_controls(rf, article):

    template = engines["django"].from_string("{% load subscription_tags %}{% subscribe_form a %}")
    html = template.render({"a": article}, rf.get("/"))

    assert f'action="{subscribe_url(article)}"' in html
    assert re.search(r'<label\s+for="subscribe-email"', html)
    assert "New follow-up comments" in html and "New replies to my comments" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_admin_subscription_list_needs_login(client):
    response = client.get(reverse("admin:articles_subscription_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_subscription_list_refuses_staff_without_permission(client, writer):
    client.force_login(writer)

    response = client.get(reverse("admin:articles_subscription_changelist"))

    assert response.status_code == 403


def test_moderators_may_view_and_delete_subscriptions_but_never_add_or_edit_them(
    client, article, moderator
):
    subscription = make_subscription(article)
    comment = make_comment(article, status=CommentStatus.APPROVED)
    Delivery.objects.create(subscription=subscription, comment=comment)
    client.force_login(moderator)

    assert client.get(reverse("admin:articles_subscription_changelist")).status_code == 200
    change = reverse("admin:articles_subscription_change", args=[subscription.pk])
    assert "Save" not in client.get(change).content.decode()
    assert client.get(reverse("admin:articles_subscription_add")).status_code == 403
    delete = reverse("admin:articles_subscription_delete", args=[subscription.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Subscription.objects.exists() and not Delivery.objects.exists()


def test_admin_lists_subscriptions_with_masked_addresses_and_filters(client, article):
    make_subscription(article, "jane.doe@example.com", confirmed=True)
    make_subscription(article, "waiting@example.com", confirmed=False)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    client.force_login(boss)
    url = reverse("admin:articles_subscription_changelist")

    page = client.get(url).content.decode()
    pending = client.get(url, {"confirmed": "no"}).content.decode()

    assert "j…e@example.com" in page and "jane.doe@example.com" not in page
    assert "w…g@example.com" in pending and "j…e@example.com" not in pending
    assert client.get(reverse("admin:articles_subscription_add")).status_code == 403


def test_mask_email_keeps_short_local_parts_short():
    assert mask_email("ab@example.com") == "a…@example.com"
    assert mask_email("jane@example.com") == "j…e@example.com"


# "Notify of" under the comment form -------------------------------------------------------


def test_the_article_page_offers_notify_of_under_the_form_and_the_email_only_form(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    assert 'name="notify"' in page and "New replies to my comments" in page
    assert f'action="{subscribe_url(article)}"' in page
    assert 'id="subscribe"' in page


def test_commenting_with_notify_of_sends_one_confirmation_and_says_so(client, article, on_commit):
    with on_commit():
        response = post_comment(client, article, notify=ALL)

    assert response.status_code == 302
    assert COMMENT_SUBSCRIBED in client.get(response["Location"]).content.decode()
    assert [m.to for m in mail.outbox] == [["grace@example.com"]]
    assert Subscription.objects.get().kind == ALL


def test_commenting_with_javascript_and_notify_of_answers_with_the_notice(client, article):
    response = post_comment(client, article, json=True, notify=REPLIES)

    assert response.status_code == 201
    assert COMMENT_SUBSCRIBED in response.json()["message"]
    assert Subscription.objects.get().kind == REPLIES


def test_commenting_without_notify_of_subscribes_nobody(client, article, on_commit):
    with on_commit():
        post_comment(client, article)

    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_an_unknown_notify_choice_is_refused_and_saves_nothing(client, article):
    response = post_comment(client, article, json=True, notify="everything")

    assert response.status_code == 400
    assert "notify" in response.json()["errors"]
    assert not Comment.objects.exists() and not Subscription.objects.exists()


def test_a_spam_comment_subscribes_nobody(client, article, settings):
    settings.COMMENT_BLOCKLIST = ["casino bonus"]

    post_comment(client, article, body="Get a casino bonus", notify=ALL)

    assert Comment.objects.get().status == CommentStatus.SPAM
    assert not Subscription.objects.exists()


def test_a_rate_limited_notify_of_still_posts_the_comment(client, article, settings, on_commit):
    settings.SUBSCRIBE_RATE_PER_EMAIL = (1, 3600)
    subscribe(client, article, "grace@example.com", on_commit=on_commit)

    with on_commit():
        response = post_comment(client, article, json=True, notify=ALL)

    assert response.status_code == 201
    assert "Notifications were not set up" in response.json()["message"]
    assert Comment.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_reply_posted_through_the_site_notifies_the_parent_author_who_asked(
    client, article, known, moderator, on_commit, settings
):
    with on_commit():
        post_comment(client, article, notify=REPLIES)
    Client().post(links(mail.outbox[0])[0].removeprefix(settings.SITE_URL))
    parent = Comment.objects.get()

    KnownCommenter.objects.create(email="ada@example.com")
    with on_commit():
        post_comment(
            Client(),
            article,
            author_name="Ada",
            author_email="ada@example.com",
            parent=str(parent.pk),
            body="Agreed, and the range is good.",
        )

    assert len(mail.outbox) == 2
    notification = mail.outbox[1]
    assert notification.to == ["grace@example.com"]
    assert "Ada, replying to Grace" in notification.body
    assert "Agreed, and the range is good." in notification.body


def test_links_do_not_carry_the_address_itself(article):
    subscription = make_subscription(article, "private.person@example.com")

    for token in (
        signed_links.confirm_token(subscription),
        signed_links.unsubscribe_token(subscription),
    ):
        payload = token.split(":")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        assert b"private.person" not in decoded


# Management commands -------------------------------------------------------------------------


def test_requeue_notifications_sends_what_the_last_retry_left_pending(
    article, moderator, on_commit, flaky_mail, settings
):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    make_subscription(article)
    approve(make_comment(article), moderator, on_commit)
    assert mail.outbox == [] and Delivery.objects.get().status == DeliveryStatus.PENDING

    out = StringIO()
    call_command("requeue_notifications", "--dry-run", stdout=out)
    assert "Would queue digests for 1 subscribers." in out.getvalue()
    assert mail.outbox == []

    call_command("requeue_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_purge_deletes_only_unconfirmed_subscriptions_whose_link_expired(article, settings):
    long_ago = timezone.now() - timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_MAX_AGE + 60)
    with time_machine.travel(long_ago):
        make_subscription(article, "expired@example.com", confirmed=False)
        make_subscription(article, "confirmed@example.com", confirmed=True)
        resent = make_subscription(article, "resent@example.com", confirmed=False)
    Subscription.objects.filter(pk=resent.pk).update(confirmation_sent_at=timezone.now())
    make_subscription(article, "recent@example.com", confirmed=False)

    out = StringIO()
    call_command("purge_unconfirmed_subscriptions", "--dry-run", stdout=out)
    assert "Would delete 1 unconfirmed subscriptions." in out.getvalue()
    assert Subscription.objects.count() == 4

    call_command("purge_unconfirmed_subscriptions", stdout=StringIO())
    remaining = set(Subscription.objects.values_list("email", flat=True))
    assert remaining == {"confirmed@example.com", "resent@example.com", "recent@example.com"}


def test_the_deploy_check_warns_when_email_links_are_not_https(settings):

    settings.SITE_URL = "http://news.example.com"
    assert [w.id for w in site_url_is_https(None)] == ["evnews.W001"]
    settings.SITE_URL = "https://news.example.com"
    assert site_url_is_https(None) == []
