"""The admin index as each person's editorial dashboard."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.editorial import dashboard, workflow
from articles.facts import verification
from articles.models import ArticleStatus
from tests.factories import make_article, make_fact

S = ArticleStatus
INDEX = reverse("admin:index")
LONDON = ZoneInfo("Europe/London")


def board_of(client, user):
    client.force_login(user)
    response = client.get(INDEX)
    assert response.status_code == 200
    return response


def titles(articles):
    return [article.title for article in articles]


def test_anonymous_visitors_and_readers_are_sent_to_log_in(client, reader):
    assert client.get(INDEX).url.startswith(reverse("admin:login"))
    client.force_login(reader)
    assert client.get(INDEX).url.startswith(reverse("admin:login"))


def test_a_writer_sees_their_drafts_and_the_changes_asked_of_them(client, writer, editor):
    make_article("My draft", authors=[writer])
    make_article("Someone else's draft")
    returned = make_article("Returned story", authors=[writer], status=S.IN_REVIEW)
    workflow.request_changes(returned, editor, "Cite the NDRC approval.")
    response = board_of(client, writer)
    board = response.context["board"]
    assert titles(board["my_drafts"]) == ["My draft"]
    assert titles(board["changes_requested"]) == ["Returned story"]
    assert "Cite the NDRC approval." in response.text
    assert "to_review" not in board and "facts" not in board
    assert "Waiting for your review" not in response.text


def test_the_app_list_stays_below_the_dashboard(client, editor):
    text = board_of(client, editor).text
    assert text.index('id="editorial-dashboard"') < text.index("app-articles")


def test_an_editor_sees_what_waits_for_review_except_their_own(client, writer, editor):
    make_article("Submitted by the writer", authors=[writer], status=S.IN_REVIEW)
    make_article("Submitted by the editor", authors=[editor], status=S.IN_REVIEW)
    board = board_of(client, editor).context["board"]
    assert titles(board["to_review"]) == ["Submitted by the writer"]


def test_an_editor_sees_facts_awaiting_verification(client, editor):
    doubtful = make_fact("Xiaomi sold 10,000 SU7s in a month.")
    make_article("Sales story", key_facts=[doubtful])
    verification.verify_fact(make_fact("Checked already."), editor)
    response = board_of(client, editor)
    assert [str(fact) for fact in response.context["board"]["facts"]] == [str(doubtful)]
    assert reverse("admin:articles_fact_verify", args=[doubtful.pk]) in response.text


def test_scheduled_articles_are_grouped_by_local_day(client, publisher, time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 12, 0, tzinfo=LONDON), tick=False)
    for title, day, hour in [("Tuesday early", 3, 8), ("Tuesday late", 3, 18), ("Friday", 6, 9)]:
        make_article(
            title, status=S.SCHEDULED, scheduled_at=datetime(2026, 3, day, hour, tzinfo=LONDON)
        )
    make_article(
        "Beyond two weeks", status=S.SCHEDULED, scheduled_at=datetime(2026, 3, 20, tzinfo=LONDON)
    )
    days = board_of(client, publisher).context["board"]["scheduled_days"]
    assert [(day.isoformat(), titles(articles)) for day, articles in days] == [
        ("2026-03-03", ["Tuesday early", "Tuesday late"]),
        ("2026-03-06", ["Friday"]),
    ]


def test_a_missed_schedule_is_flagged_until_it_is_published(client, publisher, time_machine):
    due = timezone.now() + timedelta(minutes=10)
    make_article("Late story", status=S.SCHEDULED, scheduled_at=due)
    time_machine.move_to(due + timedelta(hours=1), tick=False)
    response = board_of(client, publisher)
    assert titles(response.context["board"]["missed"]) == ["Late story"]
    assert 'id="dashboard-missed"' in response.text
    workflow.publish_due()
    response = board_of(client, publisher)
    assert response.context["board"]["missed"] == []
    assert 'id="dashboard-missed"' not in response.text
    assert titles(response.context["board"]["recently_published"]) == ["Late story"]


def test_writers_are_not_shown_the_schedule(client, writer):
    board = board_of(client, writer).context["board"]
    assert "scheduled_days" not in board and "missed" not in board


def _queries_for(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["writer", "publisher"])
def test_the_dashboard_query_count_does_not_grow_with_the_newsroom(
    client, request, role, writer, editor
):
    user = request.getfixturevalue(role)
    few = _queries_for(client, user)
    soon = timezone.now() + timedelta(days=2)
    for n in range(8):
        make_article(f"Draft {n}", authors=[writer])
        make_article(f"Review {n}", authors=[writer], status=S.IN_REVIEW)
        make_article(f"Scheduled {n}", status=S.SCHEDULED, scheduled_at=soon + timedelta(days=n))
        make_article(f"Out {n}", status=S.PUBLISHED, key_facts=[make_fact(f"Fact {n}")])
        returned = make_article(f"Returned {n}", authors=[writer], status=S.IN_REVIEW)
        workflow.request_changes(returned, editor, "More sources.")
    assert _queries_for(client, user) == few
    # 14; 3 for the fact desk (error reports, pending versions, stale facts); 1 each for stuck
    # tasks and failed emails
    assert few <= 19


def test_the_dashboard_functions_without_the_admin(writer):
    """The same data a future API or email digest would use."""
    make_article("My draft", authors=[writer])
    assert titles(dashboard.for_user(writer)["my_drafts"]) == ["My draft"]
