"""Background work for the editorial workflow (run by `manage.py db_worker`)."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.utils import timezone

from articles import workflow, workflow_emails
from articles.models import ArticleTransition
from evnews.tasks import task

logger = logging.getLogger(__name__)


@task()
def publish_due_articles():
    """Enqueued for each scheduled time; `manage.py publish_due` does the same from cron."""
    result = workflow.publish_due()
    return {"published": len(result.published), "unpublished": len(result.unpublished)}


@task()
def notify_transition(transition_id):
    """Fan a workflow step out into one email per recipient, each retried on its own."""
    transition = _transition(transition_id)
    if transition is None or transition.action not in workflow_emails.SUBJECTS:
        return 0
    addresses = workflow_emails.recipients(transition)
    for address in addresses:
        send_workflow_email.enqueue(transition_id, address)
    return len(addresses)


@task()
def send_workflow_email(transition_id, address, attempt=1):
    transition = _transition(transition_id)
    if transition is None:  # the article was deleted meanwhile: nothing left to tell
        return 0
    try:
        return workflow_emails.build_message(transition, address).send()
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
