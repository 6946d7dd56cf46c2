"""One publish gate on every path (button, bulk action, scheduled worker, publish_due, importer:
tests/importer/test_import_command.py), and approval that holds the approved text."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.editorial import revisions, versions, workflow
from articles.editorial.workflow import WorkflowError
from articles.facts import gate, verification
from articles.models import Article, ArticleStatus, FactStatus
from tests.admin_forms import post_change
from tests.factories import make_article, make_fact

S = ArticleStatus


@pytest.fixture
def checked(editor):
    return verification.verify_fact(make_fact("The SU7 is Xiaomi's first car."), editor, "ok")


@pytest.fixture
def approved(writer, editor, checked):
    """Written, recorded and approved as the newsroom does it."""
    article = make_article("SU7 on sale", authors=[writer], key_facts=[checked], status=S.IN_REVIEW)
    revisions.record(article, writer)
    workflow.approve(article, editor)
    return article


def unverify(fact):
    """Disputed after approval: what the gate must catch at the moment of publishing."""
    fact.__class__.objects.filter(pk=fact.pk).update(status=FactStatus.DISPUTED)


def is_live(article):
    return Article.objects.published().filter(pk=article.pk).exists()


def test_the_gate_names_each_unverified_key_point(approved, checked):
    assert gate.publish_problems(approved) == []
    unverify(checked)
    assert gate.publish_problems(approved) == [f"key point fact “{checked}” is disputed"]


def test_publish_now_is_refused_with_the_reason(approved, checked, publisher):
    unverify(checked)
    with pytest.raises(WorkflowError, match="is disputed"):
        workflow.publish(approved, publisher)
    assert not is_live(approved)


def test_the_publish_button_is_refused_with_the_reason(client, approved, checked, publisher):
    unverify(checked)
    client.force_login(publisher)
    url = reverse("admin:articles_article_transition", args=[approved.pk, "publish"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400 and "is disputed" in response.text
    assert not is_live(approved)


def test_bulk_publish_is_refused_with_the_reason(client, approved, checked, publisher):
    unverify(checked)
    client.force_login(publisher)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "bulk_publish", "_selected_action": [str(approved.pk)]},
        follow=True,
    )
    assert "is disputed" in response.text
    assert not is_live(approved)


@pytest.fixture
def scheduled(approved, publisher, time_machine):
    time_machine.move_to(timezone.now().replace(microsecond=0), tick=False)
    workflow.schedule(approved, publisher, timezone.now() + timedelta(hours=1))
    time_machine.shift(timedelta(hours=2))
    return approved


@pytest.mark.parametrize("path", ["worker", "publish_due"])
def test_a_scheduled_run_is_refused_recorded_once_emailed_and_flagged(
    scheduled, checked, publisher, path, django_capture_on_commit_callbacks
):
    unverify(checked)
    for _ in range(2):  # the cron runs every minute: one history step and one email, not many
        with django_capture_on_commit_callbacks(execute=True):
            if path == "worker":
                workflow.publish_due_articles.enqueue()
            else:
                call_command("publish_due", stdout=StringIO(), stderr=StringIO())
    assert not is_live(scheduled)
    scheduled.refresh_from_db()
    assert scheduled.status == S.SCHEDULED
    refusal = scheduled.transitions.get(action="publish_refused")
    assert "is disputed" in refusal.note and refusal.by is None
    assert scheduled in workflow.missed_schedules()
    sent = [m for m in mail.outbox if m.to == [publisher.email]]
    assert len(sent) == 1 and "Not published on schedule" in sent[0].subject


def test_once_verified_again_the_next_run_publishes(scheduled, checked, editor):
    unverify(checked)
    workflow.publish_due()
    verification.verify_fact(checked, editor, "Rechecked.")
    workflow.publish_due()
    assert is_live(scheduled)


# Approval holds the approved text --------------------------------------------------------------


def test_an_edit_after_approval_sends_the_article_back_to_review(client, approved, editor):
    client.force_login(editor)
    response = post_change(client, approved, dek="A new standfirst nobody approved.")
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == S.IN_REVIEW
    step = approved.transitions.get(action="edited_after_approval")
    assert (step.from_status, step.to_status) == (S.APPROVED, S.IN_REVIEW)
    assert "back to review" in step.note
    with pytest.raises(WorkflowError):
        workflow.publish(approved, editor)


def test_a_restore_after_approval_sends_it_back_to_review(approved, editor, writer):
    workflow.request_changes(approved, editor, "Shorter title?")
    approved.title = "Changed"
    approved.save()
    revisions.record(approved, writer)
    workflow.submit(approved, writer)
    workflow.approve(approved, editor)
    versions.restore(approved, approved.revisions.get(number=1), editor)
    approved.refresh_from_db()
    assert approved.status == S.IN_REVIEW and approved.title == "SU7 on sale"


def test_an_edit_of_a_scheduled_article_cancels_the_schedule(scheduled, editor):
    scheduled.title = "A late change"
    scheduled.save()
    revisions.record(scheduled, editor)
    scheduled.refresh_from_db()
    assert scheduled.status == S.IN_REVIEW and scheduled.scheduled_at is None
    workflow.publish_due()
    assert not is_live(scheduled)


def test_a_save_that_changes_nothing_keeps_the_approval(client, approved, editor):
    client.force_login(editor)
    post_change(client, approved)
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_the_one_exception_is_a_post_already_public_elsewhere(approved, checked, writer):
    unverify(checked)
    assert gate.publish_problems(approved)
    workflow.record_published_elsewhere(approved, by=writer, url="https://old.example.com/p/1")
    assert gate.publish_problems(approved) == []
