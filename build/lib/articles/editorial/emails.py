"""Who hears about a workflow step, and what the email says.

Reviewers hear when something is submitted; the authors when changes are requested, when their
article is approved and when it is published. Nobody is told about their own action.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleTransition
from evnews.tasks import task

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submit": "For review: {title}",
    "request_changes": "Changes requested: {title}",
    "approve": "Approved: {title}",
    "publish": "Published: {title}",
}
TO_AUTHORS = {"request_changes", "approve", "publish"}


def recipients(transition):
    """Email addresses for this step, or none if nobody needs to hear about it."""
    if transition.action == "submit":
        people = reviewers()
    elif transition.action in TO_AUTHORS:
        people = transition.article.authors.filter(is_active=True)
    else:
        return []
    if transition.by_id:
        people = people.exclude(pk=transition.by_id)
    return sorted(set(people.exclude(email="").values_list("email", flat=True)))


def reviewers():
    """People granted review_article, through a group or directly (superusers are not spammed)."""
    permission = Permission.objects.get(
        content_type__app_label="articles", codename="review_article"
    )
    grant = Q(groups__permissions=permission) | Q(user_permissions=permission)
    return get_user_model().objects.filter(grant, is_active=True).distinct()


def build_message(transition, address):
    article = transition.article
    admin_path = reverse("admin:articles_article_change", args=[article.pk])
    context = {
        "transition": transition,
        "article": article,
        "admin_url": settings.SITE_URL + admin_path,
        "public_url": settings.SITE_URL + article.get_absolute_url(),
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=SUBJECTS[transition.action].format(title=article.title),
        body=render_to_string("articles/email/transition.txt", context),
        to=[address],
    )


# Tasks (run by `manage.py db_worker`): one email per recipient, each retried on its own ------


@task()
def notify_transition(transition_id):
    """Fan a workflow step out into one email per recipient, each retried on its own."""
    transition = _transition(transition_id)
    if transition is None or transition.action not in SUBJECTS:
        return 0
    addresses = recipients(transition)
    for address in addresses:
        send_workflow_email.enqueue(transition_id, address)
    return len(addresses)


@task()
def send_workflow_email(transition_id, address, attempt=1):
    transition = _transition(transition_id)
    if transition is None:  # the article was deleted meanwhile: nothing left to tell
        return 0
    try:
        return build_message(transition, address).send()
    except (SMTPException, OSError) as error:
        _retry_later(transition_id, address, attempt, error)
        return 0


def _transition(transition_id):
    steps = ArticleTransition.objects.select_related("article", "by")
    return steps.filter(pk=transition_id).first()


def _retry_later(transition_id, address, attempt, error):
    """Back off 1, 2, 4… minutes; the editor's action stands whatever the mail server does."""
    if attempt >= settings.WORKFLOW_EMAIL_ATTEMPTS:
        logger.error("Giving up emailing %s about transition %s: %s", address, transition_id, error)
        return
    logger.warning(
        "Emailing %s about transition %s failed (attempt %s): %s; retrying",
        address,
        transition_id,
        attempt,
        error,
    )
    retry = send_workflow_email
    if retry.get_backend().supports_defer:
        retry = retry.using(run_after=timezone.now() + timedelta(minutes=2 ** (attempt - 1)))
    retry.enqueue(transition_id, address, attempt + 1)
