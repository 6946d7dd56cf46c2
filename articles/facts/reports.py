"""Readers' error reports reach the desk, and each reporter hears what happened, once.

A reader flags feedback on a key point as "This reports an error in this fact" (a Comment with
`is_error_report`, posted through the comments concern). This module listens for the row, so
comments need not know about facts:

1. Each new report gets an ErrorReportNotice and queues the editors' digest NOTIFY_BATCH_SECONDS
   ahead; the digest claims every report not yet sent and emails them in one message to each
   editor who may verify facts, so a burst of reports makes one email, and each report is in
   exactly one digest. Spam and removed reports are left out.
2. Open reports (not resolved, not spam or removed) are counted on the dashboard and listed on the
   fact's admin page.
3. `resolve()` answers a report "corrected" (linking the correction) or "not an error", with a
   reply; the reporter is emailed that reply once, if the address they gave is confirmed (they
   confirmed a "Notify of" subscription with it: double opt-in is this site's proof that an
   address is theirs).
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.facts.verification import VERIFY, VerificationError
from articles.models import (
    Comment,
    CommentStatus,
    ErrorReportNotice,
    ErrorReportResolution,
    ReportOutcome,
    Subscription,
)
from evnews.tasks import task

log = logging.getLogger(__name__)

OPEN_STATES = (CommentStatus.PENDING, CommentStatus.APPROVED)
DIGEST_SHOWN = 50


def open_reports():
    """Error reports an editor still has to answer."""
    return Comment.objects.filter(
        is_error_report=True, status__in=OPEN_STATES, resolution__isnull=True
    )


def fact_checkers():
    permission = Permission.objects.get(content_type__app_label="articles", codename="verify_fact")
    grant = Q(groups__permissions=permission) | Q(user_permissions=permission)
    people = get_user_model().objects.filter(grant, is_active=True).exclude(email="")
    return people.distinct()


# 1. The editors' digest --------------------------------------------------------------------


def _report_saved(sender, instance, created, **kwargs):
    if created and instance.is_error_report:
        transaction.on_commit(partial(_note_report, instance.pk), robust=True)


post_save.connect(_report_saved, sender=Comment, dispatch_uid="facts-error-report-to-desk")


def _note_report(comment_id):
    ErrorReportNotice.objects.get_or_create(comment_id=comment_id)
    digest = send_desk_digest
    if digest.get_backend().supports_defer:
        delay = timedelta(seconds=settings.NOTIFY_BATCH_SECONDS)
        digest = digest.using(run_after=timezone.now() + delay)
    try:
        digest.enqueue()
    except Exception:  # a broken queue must not fail the reader's post; the next report retries
        log.exception("could not queue the error-report digest")


@task()
def send_desk_digest(attempt: int = 1) -> int:
    """Email every report not yet sent to the fact-checkers, in one message each."""
    now = timezone.now()
    with transaction.atomic():
        waiting = ErrorReportNotice.objects.select_for_update(skip_locked=True).filter(
            sent_at__isnull=True
        )
        ids = list(waiting.values_list("pk", flat=True)[:DIGEST_SHOWN])
        ErrorReportNotice.objects.filter(pk__in=ids).update(sent_at=now)
    reports = list(
        Comment.objects.filter(desk_notice__pk__in=ids, status__in=OPEN_STATES)
        .select_related("article", "fact")
        .order_by("created_at")
    )
    if not reports:
        return 0
    addresses = list(fact_checkers().values_list("email", flat=True))
    body = render_to_string(
        "articles/email/error_report_digest.txt",
        {
            "reports": [(report, _admin_url(report)) for report in reports],
            "dashboard_url": settings.SITE_URL + reverse("admin:index"),
            "site_name": settings.SITE_NAME,
        },
    )
    count = len(reports)
    subject = f"{count} new error report{'s' if count != 1 else ''} from readers"
    try:
        for address in addresses:
            EmailMessage(subject, body, to=[address]).send()
    except Exception:
        log.exception("error-report digest failed (attempt %s)", attempt)
        ErrorReportNotice.objects.filter(pk__in=ids).update(sent_at=None)
        if attempt < settings.NOTIFY_MAX_ATTEMPTS:
            send_desk_digest.enqueue(attempt + 1)
        return 0
    return count


def _admin_url(report):
    if report.fact_id is None:
        return settings.SITE_URL + reverse("admin:articles_comment_change", args=[report.pk])
    return settings.SITE_URL + reverse("admin:articles_fact_change", args=[report.fact_id])


# 3. Answering a report ---------------------------------------------------------------------


def resolve(report, by, outcome, reply, correction=None):
    """Answer an open error report; the reporter is emailed once after the commit."""
    if not by.has_perm(VERIFY):
        raise VerificationError("You may not answer error reports")
    if outcome not in ReportOutcome.values:
        raise VerificationError("Choose corrected or not an error")
    if not reply.strip():
        raise VerificationError("Write the reply the reader will get")
    if outcome == ReportOutcome.CORRECTED and correction is None:
        raise VerificationError("Link the correction that fixed it")
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=report.pk)
        if (
            not locked.is_error_report
            or ErrorReportResolution.objects.filter(comment=locked).exists()
        ):
            raise VerificationError("This report is already answered")
        resolution = ErrorReportResolution.objects.create(
            comment=locked, outcome=outcome, reply=reply.strip(), correction=correction, by=by
        )
        transaction.on_commit(partial(_enqueue_reply, resolution.pk), robust=True)
    return resolution


def _enqueue_reply(resolution_id):
    try:
        send_reporter_reply.enqueue(resolution_id)
    except Exception:
        log.exception("could not queue the reply to error report resolution %s", resolution_id)


def reporter_address(comment):
    """The reporter's address if they gave one and confirmed it, else ''."""
    email = (comment.author_email or "").strip()
    if not email:
        return ""
    confirmed = Subscription.objects.confirmed().filter(email__iexact=email).exists()
    return email if confirmed else ""


@task()
def send_reporter_reply(resolution_id: int, attempt: int = 1) -> bool:
    # Claimed in one UPDATE: two workers never both send it, and a sent reply is never resent.
    claimed = ErrorReportResolution.objects.filter(
        pk=resolution_id, reporter_emailed_at__isnull=True
    ).update(reporter_emailed_at=timezone.now())
    if not claimed:
        return False
    resolution = ErrorReportResolution.objects.select_related(
        "comment__article", "comment__fact", "correction"
    ).get(pk=resolution_id)
    address = reporter_address(resolution.comment)
    if not address:
        return False
    article = resolution.comment.article
    context = {
        "resolution": resolution,
        "report": resolution.comment,
        "article": article,
        "article_url": settings.SITE_URL + article.get_absolute_url(),
        "correction_url": settings.SITE_URL + resolution.correction.get_absolute_url()
        if resolution.correction
        else "",
        "site_name": settings.SITE_NAME,
    }
    subject = f"Your error report on “{article.title}”: {resolution.get_outcome_display().lower()}"
    try:
        EmailMessage(
            subject,
            render_to_string("articles/email/error_report_reply.txt", context),
            to=[address],
            headers={"Auto-Submitted": "auto-replied"},
        ).send()
    except Exception:
        log.exception("reply to error report %s failed (attempt %s)", resolution_id, attempt)
        ErrorReportResolution.objects.filter(pk=resolution_id).update(reporter_emailed_at=None)
        if attempt < settings.NOTIFY_MAX_ATTEMPTS:
            send_reporter_reply.enqueue(resolution_id, attempt + 1)
        return False
    return True
