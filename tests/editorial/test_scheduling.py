"""Scheduled publication on a frozen clock: the task, the cron command, missed runs, races."""

import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.editorial import workflow
from articles.facts import verification
from articles.models import Article, ArticleStatus, ArticleTransition
from tests.factories import make_article, make_fact, make_user

S = ArticleStatus
DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def now(time_machine):
    """The clock, frozen; tests move it on with `time_machine.shift()`."""
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    return start


@pytest.fixture
def scheduled(approved, publisher, now):
    workflow.schedule(approved, publisher, now + timedelta(hours=1))
    return approved


def status_of(article):
    article.refresh_from_db()
    return article.status


def test_a_due_article_is_published_by_the_task(scheduled, time_machine):
    time_machine.shift(timedelta(hours=1))
    result = workflow.publish_due_articles.enqueue()
    assert result.return_value == {"published": 1, "unpublished": 0}
    assert status_of(scheduled) == S.PUBLISHED
    step = scheduled.transitions.get(action="publish")
    assert step.by is None
    assert step.note.startswith("Published on schedule")


def test_an_article_not_yet_due_stays_scheduled(scheduled, time_machine):
    time_machine.shift(timedelta(minutes=59))
    assert workflow.publish_due().published == []
    assert status_of(scheduled) == S.SCHEDULED


def test_publishing_due_articles_twice_publishes_once(scheduled, time_machine):
    time_machine.shift(timedelta(hours=2))
    workflow.publish_due()
    workflow.publish_due()
    assert scheduled.transitions.filter(action="publish").count() == 1


def test_an_article_due_while_nothing_ran_is_published_when_it_comes_back(scheduled, time_machine):
    time_machine.shift(timedelta(days=3))
    workflow.publish_due()
    scheduled.refresh_from_db()
    assert scheduled.status == S.PUBLISHED
    assert scheduled.published_at == timezone.now()


def test_an_article_is_unpublished_at_its_end(approved, publisher, now, time_machine):
    workflow.schedule(approved, publisher, now + timedelta(hours=1), now + timedelta(hours=5))
    time_machine.shift(timedelta(hours=6))
    result = workflow.publish_due()
    assert (result.published, result.unpublished) == ([approved], [approved])
    assert status_of(approved) == S.UNPUBLISHED
    actions = list(approved.transitions.order_by("id").values_list("action", flat=True))
    assert actions == ["schedule", "publish", "unpublish"]


def test_missed_schedules_are_flagged_until_published(scheduled, time_machine):
    time_machine.shift(timedelta(minutes=30))
    assert list(workflow.missed_schedules()) == []
    time_machine.shift(timedelta(hours=1))
    assert list(workflow.missed_schedules()) == [scheduled]
    workflow.publish_due()
    assert list(workflow.missed_schedules()) == []


def test_scheduling_enqueues_a_run_at_the_scheduled_time(
    approved, publisher, now, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DEFERRING
    at, end = now + timedelta(hours=3), now + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.schedule(approved, publisher, at, unpublish_at=end)
    runs = [
        result.task.run_after
        for result in workflow.publish_due_articles.get_backend().results
        if result.task.func is workflow.publish_due_articles.func
    ]
    assert runs == [at, end]


# The cron command ------------------------------------------------------------------------


def run_command(*args):

    out = StringIO()
    call_command("publish_due", *args, stdout=out)
    return out.getvalue()


def test_the_command_dry_run_lists_what_is_due_and_changes_nothing(scheduled, time_machine):
    time_machine.shift(timedelta(hours=2))
    output = run_command("--dry-run", "--verbosity", "2")
    assert "publish: SU7 approved" in output
    assert "Would publish 1 and unpublish 0 article(s)." in output
    assert status_of(scheduled) == S.SCHEDULED


def test_the_command_publishes_what_is_due(scheduled, time_machine):
    time_machine.shift(timedelta(hours=2))
    assert "Published 1 and unpublished 0 article(s)." in run_command()
    assert status_of(scheduled) == S.PUBLISHED
    assert "Published 0" in run_command()


def test_the_command_is_quiet_at_verbosity_zero(scheduled, time_machine):
    time_machine.shift(timedelta(hours=2))
    assert run_command("--verbosity", "0") == ""
    assert status_of(scheduled) == S.PUBLISHED


# Readers see it only once it is out ------------------------------------------------------------


@pytest.mark.parametrize("status", [S.IN_REVIEW, S.APPROVED, S.SCHEDULED])
def test_work_on_its_way_is_a_404_and_not_on_the_home_page(
    client, writer, editor, publisher, now, status
):
    fact = verification.verify_fact(make_fact("Deliveries start in April."), editor, "Filing.")
    article = make_article("Coming soon", authors=[writer], key_facts=[fact])
    workflow.submit(article, writer)
    if status != S.IN_REVIEW:
        workflow.approve(article, editor)
    if status == S.SCHEDULED:
        workflow.schedule(article, publisher, now + timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Coming soon" not in client.get(reverse("articles:home")).text


def test_a_reader_sees_the_article_once_the_worker_has_published_it(
    client, scheduled, time_machine
):
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    time_machine.shift(timedelta(hours=1))
    assert client.get(scheduled.get_absolute_url()).status_code == 404  # not until the run
    workflow.publish_due_articles.enqueue()
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert "SU7 approved" in client.get(reverse("articles:home")).text


# Two workers at once (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_publish_each_article_exactly_once(monkeypatch):
    author = make_user("racer")
    past = timezone.now() - timedelta(minutes=5)
    articles = [
        make_article(f"Race {n}", authors=[author], status=S.SCHEDULED, scheduled_at=past)
        for n in range(6)
    ]
    original_move = workflow._move

    def slow_move(*args, **kwargs):
        time.sleep(0.05)  # hold the row lock long enough for the other worker to collide
        return original_move(*args, **kwargs)

    monkeypatch.setattr(workflow, "_move", slow_move)
    start = threading.Barrier(2)
    published, errors = [], []

    def worker():
        try:
            start.wait()
            published.extend(workflow.publish_due().published)
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(article.pk for article in published) == [article.pk for article in articles]
    assert Article.objects.filter(status=S.PUBLISHED).count() == 6
    for article in articles:
        assert ArticleTransition.objects.filter(article=article, action="publish").count() == 1
