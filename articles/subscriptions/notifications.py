"""Emails to subscribers, all sent by background tasks: the confirmation, and comment digests.

The only trigger is `comment_approved()`, which comments.moderation calls after the commit that
approved a comment (by a moderator or by the posting rules); no URL can cause a notification.

1. `plan_notifications(comment)` decides who is owed the comment and records one Delivery per
   subscriber (unique per comment and subscription, so a second approval adds nothing).
2. Each subscriber's digest is queued NOTIFY_BATCH_SECONDS ahead, once: while one is queued
   (`digest_due_at` set) later comments just add deliveries, so a busy thread sends one email.
3. `send_digest` decides again at send time: a deleted (unsubscribed) subscription, a comment no
   longer approved or an article no longer published sends nothing. A failed send puts its
   deliveries back to pending and retries with a growing delay, NOTIFY_MAX_ATTEMPTS times; after
   that they wait, still pending, for the subscriber's next digest or for
   `manage.py requeue_notifications`. Nothing is dropped.
"""

import logging
from datetime import timedelta
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.models import (
    Article,
    Comment,
    CommentStatus,
    Correction,
    CorrectionEmail,
    Delivery,
    DeliveryStatus,
    Subscription,
    SubscriptionKind,
)
from articles.plaintext import balance_bidi, isolate
from articles.subscriptions import links
from evnews.tasks import task

log = logging.getLogger("evnews.notifications")

# A digest queued this long ago that never ran is presumed lost (a worker's queue wiped), and a
# claim this old presumed abandoned by a worker that died mid-send.
_PRESUMED_LOST = timedelta(hours=1)
EXCERPT_CHARS = 600


def enqueue(task_obj, *args, delay: int = 0):
    """Queue `task_obj`, `delay` seconds ahead where the backend can defer (the immediate
    backend of the tests cannot, and runs it at once)."""
    if delay and task_obj.get_backend().supports_defer:
        task_obj = task_obj.using(run_after=timezone.now() + timedelta(seconds=delay))
    return task_obj.enqueue(*args)


def _enqueue_safely(task_obj, *args, delay: int = 0):
    # Called after a commit: a broken queue must not turn a saved comment into an error page.
    try:
        enqueue(task_obj, *args, delay=delay)
    except Exception:
        log.exception("could not queue %s%r", task_obj.name, args)


def _retry_delay(attempt: int) -> int:
    return settings.NOTIFY_RETRY_SECONDS * 2 ** (attempt - 1)


# Emails ------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _message(to: str, subject: str, template: str, context: dict, headers=None):
    """Plain text with an HTML alternative; the HTML template autoescapes what readers wrote."""
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    text = render_to_string(f"articles/email/{template}.txt", context)
    html = render_to_string(f"articles/email/{template}.html", context)
    message = EmailMultiAlternatives(_one_line(subject), text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(subscription: Subscription):
    article = subscription.article
    context = {
        "article": article,
        "article_url": links.absolute(article.get_absolute_url()),
        "kind": subscription.about,
        "confirm_url": links.confirm_url(subscription),
        "max_age_days": settings.SUBSCRIPTION_CONFIRM_MAX_AGE // 86400,
    }
    subject = f"Confirm: notify me of comments on “{article.title}”"
    headers = {"Auto-Submitted": "auto-generated"}
    return _message(subscription.email, subject, "subscription_confirm", context, headers)


def comment_url(comment: Comment) -> str:
    """Where the comment is shown: the article page, or the comments page holding its thread."""
    page = comment.thread_page()
    if page == 1:
        return links.absolute(comment.get_absolute_url())
    path = reverse("articles:comment-list", kwargs={"slug": comment.article.slug})
    return links.absolute(f"{path}?page={page}#{comment.anchor}")


def _comment_context(comment: Comment) -> dict:
    return {
        # Isolated (FSI…PDI): a right-to-left override in a name cannot turn the email around.
        "author": isolate(comment.author_name),
        "in_reply_to": isolate(comment.parent.author_name) if comment.parent_id else "",
        "excerpt": balance_bidi(Truncator(comment.body).chars(EXCERPT_CHARS)),
        # body_html was sanitised with nh3 when the comment was saved; html=True truncates it
        # without cutting a tag, and closes the tags it leaves open.
        "excerpt_html": mark_safe(Truncator(comment.body_html).chars(EXCERPT_CHARS, html=True)),
        "url": comment_url(comment),
    }


def digest_message(subscription: Subscription, comments: list[Comment]):
    article = subscription.article
    unsubscribe_url = links.unsubscribe_url(subscription)
    count = len(comments)
    context = {
        "article": article,
        "article_url": links.absolute(article.get_absolute_url()),
        "comments": [_comment_context(comment) for comment in comments],
        "count": count,
        "kind": subscription.about,
        "unsubscribe_url": unsubscribe_url,
    }
    what = "New comment" if count == 1 else f"{count} new comments"
    headers = {
        # RFC 2369 and RFC 8058: mail clients offer one-click unsubscribe by POSTing here.
        "List-Unsubscribe": f"<{links.one_click_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    subject = f"{what} on “{article.title}”"
    return _message(subscription.email, subject, "comment_digest", context, headers)


# Confirmation ------------------------------------------------------------------------------


def queue_confirmation(subscription_id: int) -> None:
    transaction.on_commit(partial(_enqueue_safely, send_confirmation, subscription_id))


@task()
def send_confirmation(subscription_id: int, attempt: int = 1) -> bool:
    subscription = (
        Subscription.objects.filter(pk=subscription_id, confirmed_at__isnull=True)
        .select_related("article")
        .first()
    )
    if subscription is None:
        return False
    try:
        confirmation_message(subscription).send()
    except Exception:
        log.exception(
            "confirmation for subscription %s failed (attempt %s)", subscription_id, attempt
        )
        if attempt < settings.NOTIFY_MAX_ATTEMPTS:
            enqueue(send_confirmation, subscription_id, attempt + 1, delay=_retry_delay(attempt))
        return False
    return True


# Planning ----------------------------------------------------------------------------------


def comment_approved(comment: Comment) -> None:
    """Called by comments.moderation after the commit that approved `comment`."""
    _enqueue_safely(plan_notifications, comment.pk)


def _emails_of(comment: Comment | None) -> set[str]:
    if comment is None:
        return set()
    emails = {comment.author_email, comment.user.email if comment.user_id else ""}
    return {links.normalize_email(email) for email in emails if email}


def _deliverable(comment: Comment) -> bool:
    published = Article.objects.published().filter(pk=comment.article_id)
    return comment.status == CommentStatus.APPROVED and published.exists()


def recipients(comment: Comment) -> list[Subscription]:
    """Confirmed subscribers owed this comment, one subscription per address, none its author."""
    replies_to = _emails_of(comment.parent) if comment.parent_id else set()
    wanted = Q(kind=SubscriptionKind.ALL) | Q(kind=SubscriptionKind.REPLIES, email__in=replies_to)
    candidates = (
        Subscription.objects.confirmed()
        .filter(article_id=comment.article_id)
        .filter(wanted)
        .exclude(email__in=_emails_of(comment))
        .order_by("kind", "pk")  # "all" before "replies": an address with both gets it once
    )
    owed = Delivery.objects.filter(comment=comment).values_list("subscription__email", flat=True)
    already = set(owed)
    chosen: dict[str, Subscription] = {}
    for subscription in candidates:
        if subscription.email not in already:
            chosen.setdefault(subscription.email, subscription)
    return list(chosen.values())


@task()
def plan_notifications(comment_id: int) -> int:
    comment = Comment.objects.select_related("user", "parent__user").filter(pk=comment_id).first()
    if comment is None or not _deliverable(comment):
        return 0
    owed = [Delivery(subscription=s, comment=comment) for s in recipients(comment)]
    Delivery.objects.bulk_create(owed, ignore_conflicts=True)
    pending = Delivery.objects.filter(comment=comment, status=DeliveryStatus.PENDING)
    for subscription_id in pending.values_list("subscription_id", flat=True):
        schedule_digest(subscription_id)
    return len(owed)


def schedule_digest(subscription_id: int) -> None:
    """Queue this subscriber's digest unless one is already queued."""
    now = timezone.now()
    delay = settings.NOTIFY_BATCH_SECONDS
    free = Q(digest_due_at__isnull=True) | Q(digest_due_at__lt=now - _PRESUMED_LOST)
    # One transaction: if queueing fails, the mark is undone and the next comment tries again.
    with transaction.atomic():
        claimed = (
            Subscription.objects.filter(pk=subscription_id)
            .filter(free)
            .update(digest_due_at=now + timedelta(seconds=delay))
        )
        if claimed:
            enqueue(send_digest, subscription_id, delay=delay)


# Sending -----------------------------------------------------------------------------------


def _claim(subscription: Subscription) -> str:
    """Mark this subscriber's pending deliveries as ours in one UPDATE; returns the batch id."""
    now = timezone.now()
    mine = Delivery.objects.filter(subscription=subscription)
    mine.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - _PRESUMED_LOST).update(
        status=DeliveryStatus.PENDING, batch=""
    )
    batch = uuid4().hex
    mine.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, batch=batch, claimed_at=now
    )
    return batch


def _still_wanted(subscription: Subscription, batch: str) -> list[Delivery]:
    """The claimed deliveries still worth sending; the rest are skipped for good."""
    claimed = Delivery.objects.filter(batch=batch, status=DeliveryStatus.SENDING)
    wanted = []
    rows = claimed.select_related(
        "comment__article", "comment__parent", "comment__thread", "comment__user"
    )
    published = Article.objects.published().filter(pk=subscription.article_id).exists()
    for delivery in rows.order_by("comment__created_at"):
        comment = delivery.comment
        if published and comment.is_approved and subscription.email not in _emails_of(comment):
            wanted.append(delivery)
    skipped = claimed.exclude(pk__in=[d.pk for d in wanted])
    skipped.update(status=DeliveryStatus.SKIPPED, batch="")
    return wanted


def _failed(subscription: Subscription, batch: str, attempt: int, error: Exception) -> None:
    Delivery.objects.filter(batch=batch, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.PENDING,
        batch="",
        attempts=F("attempts") + 1,
        last_error=_one_line(f"{type(error).__name__}: {error}")[:300],
    )
    if attempt >= settings.NOTIFY_MAX_ATTEMPTS:
        log.error(
            "digest for subscription %s failed %s times; its notifications stay pending until "
            "the next digest or `manage.py requeue_notifications`",
            subscription.pk,
            attempt,
            exc_info=error,
        )
        return
    delay = _retry_delay(attempt)
    log.warning(
        "digest for subscription %s failed (attempt %s), retrying in %ss: %s",
        subscription.pk,
        attempt,
        delay,
        error,
    )
    due = timezone.now() + timedelta(seconds=delay)
    Subscription.objects.filter(pk=subscription.pk).update(digest_due_at=due)
    enqueue(send_digest, subscription.pk, attempt + 1, delay=delay)


@task()
def send_digest(subscription_id: int, attempt: int = 1) -> int:
    """Send one email with every comment this subscriber is owed; returns how many it carried."""
    subscription = (
        Subscription.objects.confirmed()
        .select_related("article")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:  # unsubscribed: its deliveries went with it
        return 0
    # From here on a new comment queues a new digest instead of relying on this one.
    Subscription.objects.filter(pk=subscription_id).update(digest_due_at=None)
    batch = _claim(subscription)
    wanted = _still_wanted(subscription, batch)
    if not wanted:
        return 0
    try:
        digest_message(subscription, [delivery.comment for delivery in wanted]).send()
    except Exception as error:
        _failed(subscription, batch, attempt, error)
        return 0
    Delivery.objects.filter(batch=batch, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, batch="", sent_at=timezone.now()
    )
    log.info("digest of %s comments sent for subscription %s", len(wanted), subscription_id)
    return len(wanted)


# Corrections -------------------------------------------------------------------------------
# A correction or update published on an article (articles.facts.corrections) is owed once to
# each confirmed address subscribed to the article, whatever kinds it subscribed to: one
# CorrectionEmail row per (correction, subscription), unique, claimed before sending.


def correction_published(correction_id: int) -> None:
    """Called by articles.facts.corrections after the commit that published the correction."""
    _enqueue_safely(plan_correction_emails, correction_id)


@task()
def plan_correction_emails(correction_id: int) -> int:
    correction = Correction.objects.filter(pk=correction_id).first()
    if correction is None:
        return 0
    chosen: dict[str, Subscription] = {}
    subscribers = Subscription.objects.confirmed().filter(article_id=correction.article_id)
    for subscription in subscribers.order_by("kind", "pk"):
        chosen.setdefault(subscription.email, subscription)
    owed = [CorrectionEmail(correction=correction, subscription=s) for s in chosen.values()]
    CorrectionEmail.objects.bulk_create(owed, ignore_conflicts=True)
    rows = CorrectionEmail.objects.filter(
        correction=correction, status=CorrectionEmail.Status.PENDING
    )
    for row_id in rows.values_list("pk", flat=True):
        _enqueue_safely(send_correction_email, row_id)
    return len(owed)


def correction_message(row: CorrectionEmail):
    correction, subscription = row.correction, row.subscription
    article = correction.article
    unsubscribe_url = links.unsubscribe_url(subscription)
    context = {
        "correction": correction,
        "article": article,
        "url": links.absolute(correction.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
    }
    subject = f"{correction.label}: “{article.title}”"
    return _message(subscription.email, subject, "correction_notice", context, headers)


@task()
def send_correction_email(row_id: int, attempt: int = 1) -> bool:
    """Claim the row (pending → sending) in one UPDATE, so two workers never both send it."""
    claimed = CorrectionEmail.objects.filter(
        pk=row_id, status=CorrectionEmail.Status.PENDING
    ).update(status=CorrectionEmail.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    row = CorrectionEmail.objects.select_related("correction__article", "subscription").get(
        pk=row_id
    )
    try:
        correction_message(row).send()
    except Exception:
        log.exception("correction email %s failed (attempt %s)", row_id, attempt)
        CorrectionEmail.objects.filter(pk=row_id).update(status=CorrectionEmail.Status.PENDING)
        if attempt < settings.NOTIFY_MAX_ATTEMPTS:
            enqueue(send_correction_email, row_id, attempt + 1, delay=_retry_delay(attempt))
        return False
    CorrectionEmail.objects.filter(pk=row_id).update(
        status=CorrectionEmail.Status.SENT, sent_at=timezone.now()
    )
    return True
