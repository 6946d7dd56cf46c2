"""Control characters in one-line fields are refused at the form and the model; a workflow email
that cannot be sent is logged, kept and shown on the dashboard and in the admin, never lost."""

import logging
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from articles.editorial import workflow
from articles.facts import verification
from articles.models import Article, FailedEmail, Section
from articles.plaintext import ONE_LINE
from tests.admin_forms import post_change
from tests.factories import make_article, make_fact


@pytest.fixture
def story(writer, editor):
    fact = verification.verify_fact(make_fact("The SU7 reaches 265 km/h."), editor, "Spec.")
    return make_article("SU7 Max tested", authors=[writer], key_facts=[fact])


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.parametrize("title", ["Two\r\nlines", "Bell\x07", "Tab\tbed", "Line\u2028sep"])
def test_the_admin_refuses_a_title_with_control_characters(client, editor, story, title):
    client.force_login(editor)
    response = post_change(client, story, title=title)
    assert response.status_code == 200
    assert ONE_LINE in response.content.decode()
    story.refresh_from_db()
    assert story.title == "SU7 Max tested"


def test_the_model_refuses_control_characters_in_one_line_fields(story):
    story.title, story.hero_alt = "A\nB", "C\rD"
    with pytest.raises(ValidationError) as refused:
        story.full_clean()
    assert set(refused.value.message_dict) >= {"title", "hero_alt"}
    with pytest.raises(ValidationError):
        Section(article=story, heading="X\r\nBcc: y", body="").full_clean()


def test_a_title_stored_before_the_rule_still_gets_its_email_out(story, writer, committed):
    Article.objects.filter(pk=story.pk).update(title="Old\r\nBcc: spy@example.com")
    story.refresh_from_db()
    with committed():
        workflow.submit(story, writer)
    assert mail.outbox and all(
        m.subject == "For review: Old Bcc: spy@example.com" for m in mail.outbox
    )
    assert not FailedEmail.objects.exists()


@pytest.fixture
def smtp_down(monkeypatch):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


def test_a_failed_email_is_logged_kept_and_shown_on_the_dashboard_and_in_the_admin(
    client, story, writer, editor, smtp_down, committed, caplog, settings
):
    with committed(), caplog.at_level(logging.ERROR, logger="articles.editorial.emails"):
        workflow.submit(story, writer)
    failed = FailedEmail.objects.get()
    assert (failed.address, failed.attempts) == (
        "editor@example.com",
        settings.WORKFLOW_EMAIL_ATTEMPTS,
    )
    assert "Giving up emailing editor@example.com" in caplog.text

    client.force_login(editor)
    board = client.get(reverse("admin:index")).content.decode()
    assert 'id="dashboard-failed-emails"' in board and "To editor@example.com" in board
    listing = client.get(reverse("admin:articles_failedemail_changelist"))
    assert listing.status_code == 200 and "Connection unexpectedly closed" in listing.text

    client.post(
        reverse("admin:articles_failedemail_changelist"),
        {"action": "mark_resolved", "_selected_action": [failed.pk]},
    )
    assert 'id="dashboard-failed-emails"' not in client.get(reverse("admin:index")).text


def test_an_email_that_can_never_be_sent_is_kept_at_once_without_retries(
    story, writer, editor, committed
):
    type(editor).objects.filter(pk=editor.pk).update(email="editor@example.com\nBcc: x@y.z")
    with committed():
        workflow.submit(story, writer)
    failed = FailedEmail.objects.get()
    assert failed.attempts == 1 and "newline" in failed.error.lower()


def test_writers_do_not_see_failed_emails(client, writer, story, editor, smtp_down, committed):
    with committed():
        workflow.submit(story, writer)
    client.force_login(writer)
    assert 'id="dashboard-failed-emails"' not in client.get(reverse("admin:index")).text
    assert client.get(reverse("admin:articles_failedemail_changelist")).status_code == 403
