"""The workflow through the admin, over HTTP: transition pages, bulk actions, history, facts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.editorial import workflow
from articles.models import ArticleStatus, ArticleTransition, FactStatus
from articles.roles import WRITER
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_article, make_fact, make_user

S = ArticleStatus
CHANGELIST = reverse("admin:articles_article_changelist")


def transition_url(article, action):
    return reverse("admin:articles_article_transition", args=[article.pk, action])


def history_url(article):
    return reverse("admin:articles_article_workflow_history", args=[article.pk])


def verify_url(fact):
    return reverse("admin:articles_fact_verify", args=[fact.pk])


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def in_review(writer, verified_fact):
    return make_article(
        "SU7 review", authors=[writer], key_facts=[verified_fact], status=S.IN_REVIEW
    )


# The transition page: anonymous, wrong role, right role ---------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, in_review):
    response = client.post(transition_url(in_review, "approve"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW


def test_a_writer_may_not_approve_even_by_posting_directly(client, writer, in_review):
    response = logged_in(client, writer).post(transition_url(in_review, "approve"))
    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW


def test_an_editor_may_not_publish(client, editor, approved):
    assert logged_in(client, editor).post(transition_url(approved, "publish")).status_code == 403
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_an_editor_approves_from_the_transition_page(client, editor, in_review):
    client = logged_in(client, editor)
    assert client.get(transition_url(in_review, "approve")).status_code == 200
    response = client.post(transition_url(in_review, "approve"), {"note": "Clean copy."})
    assert response.status_code == 302
    assert response.url == change_url(in_review)
    in_review.refresh_from_db()
    assert in_review.status == S.APPROVED
    assert in_review.transitions.get().note == "Clean copy."


def test_an_unknown_step_is_a_404(client, editor, in_review):
    assert logged_in(client, editor).get(transition_url(in_review, "delete")).status_code == 404


def test_a_writer_cannot_reach_another_writers_article(client, in_review):
    other = make_user("other_writer", role=WRITER)
    client = logged_in(client, other)
    assert client.get(transition_url(in_review, "submit")).status_code == 404
    assert client.get(history_url(in_review)).status_code == 404


def test_a_refused_gate_explains_itself_and_changes_nothing(client, editor, in_review):
    doubtful = make_fact("Xiaomi will sell 100,000 cars.")
    in_review.key_points.create(fact=doubtful, position=1)
    response = logged_in(client, editor).post(transition_url(in_review, "approve"))
    assert response.status_code == 400
    assert "Cannot approve yet" in response.text
    assert "is unverified" in response.text
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW


def test_a_step_the_state_does_not_allow_is_refused_with_a_message(client, publisher, in_review):
    response = logged_in(client, publisher).post(transition_url(in_review, "publish"))
    assert response.status_code == 400
    assert "Cannot publish now" in response.text
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW


def test_requesting_changes_without_a_note_shows_the_form_again(client, editor, in_review):
    response = logged_in(client, editor).post(transition_url(in_review, "request_changes"), {})
    assert response.status_code == 400
    assert "This field is required." in response.text
    in_review.refresh_from_db()
    assert in_review.status == S.IN_REVIEW


def test_a_publisher_schedules_in_the_sites_time_zone(client, publisher, approved, settings):
    settings.TIME_ZONE = "Europe/London"
    response = logged_in(client, publisher).post(
        transition_url(approved, "schedule"),
        {"at": "2099-06-01T09:00", "unpublish_at": "2099-06-08T09:00", "note": ""},
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == S.SCHEDULED
    # 09:00 in London in June is 08:00 UTC (British Summer Time).
    assert approved.scheduled_at == datetime(2099, 6, 1, 8, 0, tzinfo=UTC)
    assert approved.unpublish_at == datetime(2099, 6, 8, 8, 0, tzinfo=UTC)


def test_scheduling_in_the_past_shows_the_form_again(client, publisher, approved):
    past = timezone.localtime() - timedelta(hours=1)
    response = logged_in(client, publisher).post(
        transition_url(approved, "schedule"), {"at": past.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 400
    assert "must be in the future" in response.text
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


# The change page -----------------------------------------------------------------------------


def test_the_change_page_offers_the_steps_this_person_may_take(client, editor, in_review):
    response = logged_in(client, editor).get(change_url(in_review))
    assert response.status_code == 200
    assert transition_url(in_review, "approve") in response.text
    assert transition_url(in_review, "request_changes") in response.text
    assert transition_url(in_review, "publish") not in response.text


def test_a_writer_sees_submit_on_their_draft(client, writer):
    draft = make_article("My draft", authors=[writer])
    response = logged_in(client, writer).get(change_url(draft))
    assert transition_url(draft, "submit") in response.text


def test_the_writer_sees_the_requested_changes_above_the_form(client, writer, editor, in_review):
    workflow.request_changes(in_review, editor, "Name the tyre supplier.")
    response = logged_in(client, writer).get(change_url(in_review))
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Changes requested by Editor: Name the tyre supplier."]


def test_status_cannot_be_changed_through_the_edit_form(client, editor):
    draft = make_article("A draft", authors=[editor])
    client = logged_in(client, editor)
    data = change_form_data(client.get(change_url(draft)))
    data.update(status=S.PUBLISHED, published_at_0="2024-01-01", published_at_1="10:00")
    assert client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (S.DRAFT, None)


def test_a_writer_cannot_edit_their_article_while_it_is_in_review(client, writer, in_review):
    client = logged_in(client, writer)
    page = client.get(change_url(in_review))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    data = change_form_data(page)
    data["title"] = "Sneaky edit"
    assert client.post(change_url(in_review), data).status_code == 403
    in_review.refresh_from_db()
    assert in_review.title == "SU7 review"


def test_a_writer_lists_only_their_own_articles(client, writer, in_review):
    make_article("Someone else's scoop")
    response = logged_in(client, writer).get(CHANGELIST)
    assert [article.title for article in response.context["cl"].result_list] == ["SU7 review"]


# Bulk actions -------------------------------------------------------------------------------


def bulk(client, action, *articles):
    return client.post(
        CHANGELIST,
        {"action": f"bulk_{action}", "_selected_action": [str(a.pk) for a in articles]},
        follow=True,
    )


def test_bulk_approve_approves_what_passes_and_names_what_does_not(client, editor, in_review):
    doubtful = make_article("Unchecked claim", key_facts=[make_fact("Unchecked.")])
    doubtful.status = S.IN_REVIEW
    doubtful.save()
    response = bulk(logged_in(client, editor), "approve", in_review, doubtful)
    shown = [str(message) for message in response.context["messages"]]
    assert "Approve: 1 article(s)." in shown
    assert any("Cannot approve yet" in message and "Unchecked." in message for message in shown)
    in_review.refresh_from_db()
    doubtful.refresh_from_db()
    assert (in_review.status, doubtful.status) == (S.APPROVED, S.IN_REVIEW)


def test_actions_are_offered_by_permission(client, writer, editor, publisher):
    def offered(user):
        response = logged_in(client, user).get(CHANGELIST)
        return {name for name, _ in response.context["action_form"].fields["action"].choices}

    assert {"bulk_submit"} <= offered(writer)
    assert not {"bulk_approve", "bulk_publish", "bulk_back_to_draft"} & offered(writer)
    assert {"bulk_approve", "bulk_back_to_draft"} <= offered(editor)
    assert "bulk_publish" not in offered(editor)
    assert {"bulk_publish", "bulk_unpublish"} <= offered(publisher)


def test_an_editor_posting_the_publish_action_anyway_publishes_nothing(client, editor, approved):
    bulk(logged_in(client, editor), "publish", approved)
    approved.refresh_from_db()
    assert approved.status == S.APPROVED


def test_a_publisher_publishes_in_bulk(client, publisher, approved):
    bulk(logged_in(client, publisher), "publish", approved)
    approved.refresh_from_db()
    assert approved.status == S.PUBLISHED


# History page -----------------------------------------------------------------------------


def test_the_history_page_lists_every_step(client, writer, editor, in_review):
    workflow.request_changes(in_review, editor, "Where is the NDRC filing?")
    workflow.submit(in_review, writer, "Linked it.")
    response = logged_in(client, editor).get(history_url(in_review))
    assert response.status_code == 200
    assert [step.note for step in response.context["transitions"]] == [
        "Linked it.",
        "Where is the NDRC filing?",
    ]
    assert "Where is the NDRC filing?" in response.text


def test_the_history_page_is_for_the_newsroom_only(client, reader, moderator, writer, in_review):
    response = client.get(history_url(in_review))
    assert response.url.startswith(reverse("admin:login"))
    assert logged_in(client, reader).get(history_url(in_review)).status_code == 302
    # Moderators hold "view article" and may look; another writer's articles are not there.
    assert logged_in(client, moderator).get(history_url(in_review)).status_code == 200
    assert logged_in(client, writer).get(history_url(in_review)).status_code == 200
    other = make_user("other_writer", role=WRITER)
    assert logged_in(client, other).get(history_url(in_review)).status_code == 404


def test_the_history_page_keeps_a_fixed_query_count(
    client, editor, in_review, django_assert_max_num_queries
):
    for round_ in range(5):
        workflow.request_changes(in_review, editor, f"Round {round_}")
        workflow.submit(in_review, editor)
    client = logged_in(client, editor)
    with django_assert_max_num_queries(8):
        assert client.get(history_url(in_review)).status_code == 200


# Fact verification --------------------------------------------------------------------------


def test_fact_verification_triad(client, writer, editor):
    fact = make_fact("The SU7 charges 510 km in 15 minutes.")
    response = client.get(verify_url(fact))
    assert response.url.startswith(reverse("admin:login"))
    assert logged_in(client, writer).get(verify_url(fact)).status_code == 403
    assert logged_in(client, editor).get(verify_url(fact)).status_code == 200


def test_a_writer_posting_a_verification_changes_nothing(client, writer):
    fact = make_fact("The SU7 charges 510 km in 15 minutes.")
    response = logged_in(client, writer).post(verify_url(fact), {"verify": "Verified"})
    assert response.status_code == 403
    fact.refresh_from_db()
    assert fact.status == FactStatus.UNVERIFIED


def test_an_editor_disputes_a_fact_with_a_reason(client, editor):
    fact = make_fact("The SU7 charges 510 km in 15 minutes.")
    client = logged_in(client, editor)
    assert client.post(verify_url(fact), {"dispute": "Disputed"}).status_code == 400
    response = client.post(verify_url(fact), {"dispute": "x", "note": "Xiaomi says 350 km."})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert (fact.status, fact.verified_by) == (FactStatus.DISPUTED, editor)


def test_bulk_verification_is_offered_to_editors_only(client, writer, editor):
    fact = make_fact("The SU7 charges 510 km in 15 minutes.")
    url = reverse("admin:articles_fact_changelist")
    data = {"action": "verify_selected", "_selected_action": [str(fact.pk)]}
    logged_in(client, writer).post(url, data)
    fact.refresh_from_db()
    assert fact.status == FactStatus.UNVERIFIED
    logged_in(client, editor).post(url, data)
    fact.refresh_from_db()
    assert (fact.status, fact.verified_by) == (FactStatus.VERIFIED, editor)


def test_changing_a_verified_fact_needs_a_fresh_check(client, editor, verified_fact):
    client = logged_in(client, editor)
    data = change_form_data(client.get(change_url(verified_fact)))
    data["statement"] = "The SU7 has a 700 km range."
    assert client.post(change_url(verified_fact), data).status_code == 302
    verified_fact.refresh_from_db()
    assert (verified_fact.status, verified_fact.verified_by) == (FactStatus.UNVERIFIED, None)


def test_a_writer_cannot_mark_a_fact_verified_through_the_form(client, writer):
    fact = make_fact("The SU7 charges 510 km in 15 minutes.")
    client = logged_in(client, writer)
    data = change_form_data(client.get(change_url(fact)))
    data["status"] = FactStatus.VERIFIED
    client.post(change_url(fact), data)
    fact.refresh_from_db()
    assert fact.status == FactStatus.UNVERIFIED
    assert not ArticleTransition.objects.exists()
