"""The review screen: gates shown before pressing, facts checked in place, and change requests
anchored to a part and shown to the writer beside it."""

import pytest
from django.urls import reverse

from articles.models import ArticleStatus, FactStatus
from tests.admin_forms import change_url
from tests.factories import PASSWORD, make_article, make_fact


@pytest.fixture
def in_review(writer, company):
    fact = make_fact("Xiaomi sold 10,000 cars.", subject=company)
    return make_article("In review", authors=[writer], key_facts=[fact], status="in_review")


def page(action, article):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def test_the_approve_page_shows_every_gate_before_pressing(editor_client, in_review):
    response = editor_client.get(page("approve", in_review))
    assert "Before you press: the gates" in response.text
    assert "Key point fact “Xiaomi sold 10,000 cars.” is unverified" in response.text
    assert "Verify" in response.text


def test_the_editor_verifies_a_fact_in_place_then_approves(editor_client, in_review):
    fact = in_review.key_points.get().fact
    check = reverse("admin:articles_article_check_fact", args=[in_review.pk, fact.pk])
    response = editor_client.post(check, {"verify": "1", "back": "approve"})
    assert response.status_code == 302 and response.url.startswith(page("approve", in_review))
    fact.refresh_from_db()
    assert fact.status == FactStatus.VERIFIED
    assert editor_client.post(page("approve", in_review), {"note": ""}).status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == ArticleStatus.APPROVED


def test_a_dispute_needs_a_note(editor_client, in_review):
    fact = in_review.key_points.get().fact
    check = reverse("admin:articles_article_check_fact", args=[in_review.pk, fact.pk])
    response = editor_client.post(check, {"dispute": "1"}, follow=True)
    assert "Say why the fact is disputed" in response.text
    fact.refresh_from_db()
    assert fact.status == FactStatus.UNVERIFIED


def test_a_writer_may_not_check_facts(client, writer, in_review):
    client.login(username=writer.username, password=PASSWORD)
    fact = in_review.key_points.get().fact
    check = reverse("admin:articles_article_check_fact", args=[in_review.pk, fact.pk])
    assert client.post(check, {"verify": "1"}).status_code in (403, 404)


def test_a_fact_of_another_article_is_a_404(editor_client, in_review, company):
    other = make_fact("Unrelated.", subject=company)
    check = reverse("admin:articles_article_check_fact", args=[in_review.pk, other.pk])
    assert editor_client.post(check, {"verify": "1"}).status_code == 404


def test_a_change_request_on_a_key_point_is_shown_beside_it(
    editor_client, client, writer, in_review
):
    point = in_review.key_points.get()
    data = {"note": "Which source gives 10,000?", "part": str(point.uid)}
    assert editor_client.post(page("request_changes", in_review), data).status_code == 302
    step = in_review.transitions.get(action="request_changes")
    assert step.part_uid == point.uid
    client.login(username=writer.username, password=PASSWORD)
    response = client.get(change_url(in_review))
    assert "<strong>Change requested here:</strong> Which source gives 10,000?" in response.text
