"""Readers' error reports reach the desk (a digest email and a dashboard count), are answered on
the fact's page, and the reporter hears what happened once, only at a confirmed address."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.comments import feedback
from articles.facts import corrections, reports
from articles.facts.verification import VerificationError
from articles.models import (
    CommentStatus,
    ErrorReportResolution,
    Subscription,
)
from tests.comment_helpers import started
from tests.factories import make_feedback


@pytest.fixture
def point(article):
    return article.key_points.select_related("fact").get()


def report_by_reader(client, point, email="grace@example.com"):
    """Posted as a reader's browser posts it: through the feedback form."""
    url = reverse(
        "articles:comment-feedback",
        kwargs={"slug": point.article.slug, "part": feedback.token(point)},
    )
    data = {
        "body": "The approval came in 2023, not 2021.",
        "author_name": "Grace",
        "author_email": email,
        "started": started(client=client),
        "homepage_url": "",
        "is_error_report": "on",
    }
    return client.post(url, {f"feedback-{k}": v for k, v in data.items()})


def test_reports_reach_the_editors_in_one_digest_each(
    client, point, editor, writer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_by_reader(client, point)
        report_by_reader(client, point, email="ada@example.com")
    digests = [m for m in mail.outbox if "error report" in m.subject]
    # the immediate test backend runs each queued digest at once: the first carries the first
    # report, the second the second; no report is in two digests, and only editors get them
    assert {tuple(m.to) for m in digests} == {(editor.email,)}
    assert sum(m.body.count("The approval came in 2023") for m in digests) == 2
    assert reports.send_desk_digest.call() == 0  # nothing left to send


def test_spam_reports_are_not_sent_to_the_desk(point, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_feedback(point, is_error_report=True, status=CommentStatus.SPAM)
    assert not [m for m in mail.outbox if "error report" in m.subject]


def test_the_dashboard_counts_open_reports(client, point, editor):
    make_feedback(point, is_error_report=True)
    make_feedback(point, is_error_report=True, status=CommentStatus.REMOVED)
    client.force_login(editor)
    page = client.get(reverse("admin:index")).text
    assert "1 open error report<" in page


def test_the_fact_page_lists_open_reports_with_an_answer_link(client, point, editor):
    report = make_feedback(point, is_error_report=True)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_fact_change", args=[point.fact_id])).text
    url = reverse("admin:articles_fact_resolve_report", args=[point.fact_id, report.pk])
    assert url in page and "Answer this report" in page


def test_not_an_error_emails_a_confirmed_reporter_once(
    client, point, editor, django_capture_on_commit_callbacks
):
    report = make_feedback(point, is_error_report=True, author_email="grace@example.com")
    Subscription.objects.create(
        article=point.article,
        email="grace@example.com",
        kind="all",
        confirmed_at=timezone.now(),
    )
    client.force_login(editor)
    url = reverse("admin:articles_fact_resolve_report", args=[point.fact_id, report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"outcome": "not_an_error", "reply": "Reuters dated it 23 August 2023."}
        )
    assert response.status_code == 302
    resolution = ErrorReportResolution.objects.get()
    replies = [m for m in mail.outbox if m.to == ["grace@example.com"]]
    assert len(replies) == 1 and "Reuters dated it" in replies[0].body
    assert reports.send_reporter_reply.call(resolution.pk) is False  # never twice
    assert reports.open_reports().count() == 0
    with pytest.raises(VerificationError, match="already answered"):
        reports.resolve(report, editor, "not_an_error", "Again.")


def test_an_unconfirmed_reporter_gets_no_email(point, editor, django_capture_on_commit_callbacks):
    report = make_feedback(point, is_error_report=True, author_email="unknown@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        reports.resolve(report, editor, "not_an_error", "It stands.")
    assert not [m for m in mail.outbox if m.to == ["unknown@example.com"]]


def test_corrected_must_link_the_correction(client, point, editor):
    report = make_feedback(point, is_error_report=True)
    client.force_login(editor)
    url = reverse("admin:articles_fact_resolve_report", args=[point.fact_id, report.pk])
    response = client.post(url, {"outcome": "corrected", "reply": "Fixed."})
    assert response.status_code == 400 and "Choose the correction" in response.text
    correction = corrections.publish_correction(
        point.article, editor, "correction", "Fixed the date.", fact=point.fact
    )
    response = client.post(
        url, {"outcome": "corrected", "reply": "Fixed.", "correction": correction.pk}
    )
    assert response.status_code == 302
    assert ErrorReportResolution.objects.get().correction == correction


def test_writers_may_not_answer_reports(client, point, writer):
    report = make_feedback(point, is_error_report=True)
    client.force_login(writer)
    url = reverse("admin:articles_fact_resolve_report", args=[point.fact_id, report.pk])
    assert client.post(url, {"outcome": "not_an_error", "reply": "x"}).status_code == 403
