"""Workflow emails: who hears about what, only after the change commits, retried on failure."""

import logging
from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.editorial import emails, workflow
from articles.facts import verification
from articles.models import ArticleStatus
from articles.roles import EDITOR
from tests.factories import make_article, make_fact, make_user

S = ArticleStatus


@pytest.fixture
def story(writer, editor):
    fact = verification.verify_fact(
        make_fact("The SU7 Max reaches 265 km/h."), editor, "Spec sheet."
    )
    return make_article("SU7 Max tested", authors=[writer], key_facts=[fact])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the workflow enqueues on commit, as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submitting_emails_every_reviewer_but_not_the_writer(story, writer, publisher, committed):
    with committed():
        workflow.submit(story, writer)
    assert recipients() == ["editor@example.com", "publisher@example.com"]
    assert mail.outbox[0].subject == "For review: SU7 Max tested"
    assert "/admin/articles/article/" in mail.outbox[0].body


def test_nobody_is_emailed_about_their_own_action(story, editor, committed):
    with committed():
        workflow.submit(story, editor)
    assert "editor@example.com" not in recipients()


def test_reviewers_without_an_email_address_are_skipped(story, writer, editor, committed):
    silent = make_user("silent", role=EDITOR)
    silent.email = ""
    silent.save()
    with committed():
        workflow.submit(story, writer)
    assert recipients() == ["editor@example.com"]


def test_the_author_gets_the_note_when_changes_are_requested(story, writer, editor, committed):
    workflow.submit(story, writer)
    mail.outbox.clear()
    with committed():
        workflow.request_changes(story, editor, "Which tyres were fitted?")
    assert recipients() == ["writer@example.com"]
    assert mail.outbox[0].subject == "Changes requested: SU7 Max tested"
    assert "Which tyres were fitted?" in mail.outbox[0].body


def test_the_author_hears_of_approval_and_publication(story, writer, editor, publisher, committed):
    workflow.submit(story, writer)
    mail.outbox.clear()
    with committed():
        workflow.approve(story, editor)
        workflow.publish(story, publisher)
    assert [message.subject for message in mail.outbox] == [
        "Approved: SU7 Max tested",
        "Published: SU7 Max tested",
    ]
    assert story.get_absolute_url() in mail.outbox[1].body


@pytest.mark.parametrize("action", ["schedule", "unpublish", "back_to_draft"])
def test_other_steps_send_no_email(story, publisher, committed, action):
    start = {"schedule": S.APPROVED, "unpublish": S.PUBLISHED, "back_to_draft": S.APPROVED}
    story.status = start[action]
    story.published_at = timezone.now()
    story.save()
    kwargs = {"at": timezone.now() + timedelta(days=1)} if action == "schedule" else {}
    with committed():
        getattr(workflow, action)(story, publisher, **kwargs)
    assert mail.outbox == []


def test_nothing_is_sent_when_the_change_rolls_back(story, writer, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        workflow.submit(story, writer)
        raise RuntimeError("the request failed after the transition")
    assert mail.outbox == []
    story.refresh_from_db()
    assert story.status == S.DRAFT


# Failures --------------------------------------------------------------------------------


@pytest.fixture
def flaky_smtp(monkeypatch):
    """A mail server that drops the first `failures` attempts."""
    state = {"failures": 0, "attempts": 0}
    send = EmailBackend.send_messages

    def send_messages(self, messages):
        state["attempts"] += 1
        if state["attempts"] <= state["failures"]:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def test_a_failed_send_is_retried(story, writer, editor, flaky_smtp, committed, caplog):
    editor.groups.clear()  # one reviewer left: the publisher
    make_user("chief", role=EDITOR)
    flaky_smtp["failures"] = 2
    with committed(), caplog.at_level(logging.WARNING, logger="articles.editorial.emails"):
        workflow.submit(story, writer)
    assert recipients() == ["chief@example.com"]
    assert flaky_smtp["attempts"] == 3
    assert "retrying" in caplog.text


def test_a_mail_server_that_stays_down_never_blocks_the_editor(
    client, story, writer, editor, flaky_smtp, committed, caplog, settings
):
    flaky_smtp["failures"] = 100
    workflow.submit(story, writer)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[story.pk, "approve"])
    with committed(), caplog.at_level(logging.ERROR, logger="articles.editorial.emails"):
        response = client.post(url, {"note": ""})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == S.APPROVED
    assert flaky_smtp["attempts"] == settings.WORKFLOW_EMAIL_ATTEMPTS
    assert "Giving up emailing writer@example.com" in caplog.text


def test_a_retry_waits_when_the_backend_can_defer(story, writer, flaky_smtp, settings):
    transition = workflow.submit(story, writer)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    flaky_smtp["failures"] = 1
    before = timezone.now()
    emails.send_workflow_email.call(transition.pk, "editor@example.com")
    (retry,) = emails.send_workflow_email.get_backend().results
    assert retry.args == [transition.pk, "editor@example.com", 2]
    assert retry.task.run_after >= before + timedelta(minutes=1)


def test_an_email_about_a_deleted_article_is_dropped_quietly(story, writer):
    transition = workflow.submit(story, writer)
    story.delete()
    assert emails.send_workflow_email.call(transition.pk, "editor@example.com") == 0
    assert mail.outbox == []
