"""A new version of a published article goes through the same workflow, and publishing it
changes the live article in place (articles.versions.apply_version)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.editorial import revisions, versions, workflow
from articles.facts import verification
from articles.models import Article, ArticleStatus
from articles.roles import WRITER
from tests.factories import make_article, make_user

S = ArticleStatus


@pytest.fixture
def live(article, editor):
    """The published article, its key-point fact checked so a new version can be approved."""
    verification.verify_fact(article.key_points.get().fact, editor, "NDRC filing.")
    revisions.record(article, editor)
    return article


@pytest.fixture
def approved_version(live, writer, editor):
    copy = versions.working_copy(live, writer)
    copy.title = "Xiaomi EV: the price is out"
    copy.save()
    revisions.record(copy, writer)
    workflow.submit(copy, writer, "Added the price.")
    workflow.approve(copy, editor)
    return copy


def test_a_writer_submits_a_new_version_of_their_published_article(live, writer):
    copy = versions.working_copy(live, writer)
    assert workflow.can_edit(writer, copy)
    workflow.submit(copy, writer)
    assert copy.status == S.IN_REVIEW
    live.refresh_from_db()
    assert live.status == S.PUBLISHED


def test_publishing_a_new_version_updates_the_live_article_in_place(
    live, approved_version, publisher
):
    first_published = live.published_at
    step = workflow.publish(approved_version, publisher)
    assert step.article == live
    live.refresh_from_db()
    assert (live.title, live.status, live.published_at) == (
        "Xiaomi EV: the price is out",
        S.PUBLISHED,
        first_published,
    )
    assert live.was_updated
    assert not Article.objects.filter(pk=approved_version.pk).exists()


def test_the_versions_steps_join_the_live_articles_history(live, approved_version, publisher):
    workflow.publish(approved_version, publisher)
    steps = list(
        live.transitions.order_by("at", "id").values_list("action", "to_status", "on_version")
    )
    assert steps == [
        ("submit", S.IN_REVIEW, True),
        ("approve", S.APPROVED, True),
        ("publish", S.PUBLISHED, True),
    ]


def test_the_author_hears_the_new_version_is_live(
    live, approved_version, publisher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(approved_version, publisher)
    (message,) = mail.outbox
    assert message.subject == "Published: Xiaomi EV: the price is out"
    assert live.get_absolute_url() in message.body


def test_a_scheduled_new_version_goes_live_at_its_time_signed_by_its_scheduler(
    live, approved_version, publisher, time_machine
):
    at = timezone.now() + timedelta(hours=1)
    workflow.schedule(approved_version, publisher, at)
    time_machine.move_to(at + timedelta(minutes=1), tick=False)
    result = workflow.publish_due()
    assert [article.title for article in result.published] == ["Xiaomi EV: the price is out"]
    live.refresh_from_db()
    assert live.title == "Xiaomi EV: the price is out"
    assert live.revisions.first().created_by == publisher
    assert live.transitions.get(action="publish").by is None


def test_a_new_versions_end_date_carries_over_to_the_live_article(
    live, approved_version, publisher, time_machine
):
    at = timezone.now() + timedelta(hours=1)
    workflow.schedule(approved_version, publisher, at, unpublish_at=at + timedelta(days=1))
    time_machine.move_to(at + timedelta(minutes=1), tick=False)
    workflow.publish_due()
    time_machine.move_to(at + timedelta(days=2), tick=False)
    assert workflow.publish_due().unpublished == [live]
    live.refresh_from_db()
    assert live.status == S.UNPUBLISHED


def test_a_new_version_nobody_can_sign_stays_flagged_and_others_still_publish(
    live, approved_version, publisher, time_machine, caplog
):
    at = timezone.now() + timedelta(hours=1)
    workflow.schedule(approved_version, publisher, at)
    approved_version.transitions.filter(action="schedule").update(by=None)
    other = make_article("Another story", status=S.SCHEDULED, scheduled_at=at)
    time_machine.move_to(at + timedelta(hours=1), tick=False)
    result = workflow.publish_due()
    assert [article.pk for article in result.published] == [other.pk]
    assert list(workflow.missed_schedules()) == [approved_version]
    assert "Nobody to sign the new version" in caplog.text


def test_publishing_a_new_version_in_the_admin_lands_on_the_live_article(
    client, live, approved_version, publisher
):
    client.force_login(publisher)
    url = reverse("admin:articles_article_transition", args=[approved_version.pk, "publish"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_change", args=[live.pk])


def test_a_writer_opens_a_new_version_of_their_live_article_in_the_admin(client, live, writer):
    client.force_login(writer)
    response = client.post(reverse("admin:articles_article_new_version", args=[live.pk]))
    assert response.status_code == 302
    copy = versions.open_version(live)
    assert response.url == reverse("admin:articles_article_change", args=[copy.pk])
    assert client.get(response.url).context["has_change_permission"]


def test_a_writer_cannot_open_a_new_version_of_someone_elses_article(client, live):
    other = make_user("other_writer", role=WRITER)
    client.force_login(other)
    response = client.post(reverse("admin:articles_article_new_version", args=[live.pk]))
    assert response.status_code == 404
    assert versions.open_version(live) is None
