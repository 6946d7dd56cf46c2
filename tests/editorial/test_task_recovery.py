"""A worker killed in the middle of a task leaves its row RUNNING: the dashboard shows it and
`recover_tasks` puts it back in the queue. Tested on a scheduled article whose only publish task
is the one killed."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.editorial import workflow
from articles.facts import verification
from articles.models import ArticleStatus
from evnews.tasks import TaskResultStatus
from tests.factories import make_article, make_fact

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scheduled(
    settings, writer, editor, publisher, run_db_worker, django_capture_on_commit_callbacks
):
    """An article due in a moment; its one publish task is queued in the database."""
    settings.TASKS = DB_TASKS
    fact = verification.verify_fact(make_fact("The SU7 is Xiaomi's first car."), editor, "Spec.")
    article = make_article(
        "Xiaomi SU7 goes on sale", authors=[writer], key_facts=[fact], status=ArticleStatus.APPROVED
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.schedule(article, publisher, timezone.now() + timedelta(seconds=2))
    run_db_worker()  # the step's notification; the publish task is not due yet
    assert publish_task().status == TaskResultStatus.READY
    return article


def publish_task():
    return DBTaskResult.objects.get(task_path__endswith="publish_due_articles")


def recover(*args):
    out = StringIO()
    call_command("recover_tasks", *args, stdout=out)
    return out.getvalue()


def dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def assert_recovered_and_published(article, client, publisher, settings, run_db_worker):
    later = timezone.now() + timedelta(seconds=settings.TASKS_STALE_SECONDS + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        board = dashboard(client, publisher)
        assert 'id="dashboard-stuck-tasks"' in board
        assert "Would requeue 1 stuck task(s)." in recover("--dry-run")
        assert "Requeued 1 stuck task(s)." in recover()
    run_db_worker()
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert publish_task().status == TaskResultStatus.SUCCESSFUL
    assert 'id="dashboard-stuck-tasks"' not in dashboard(client, publisher)


def test_a_publish_task_claimed_by_a_worker_that_died_is_recovered(
    scheduled, client, publisher, settings, run_db_worker
):
    time.sleep(2.1)  # the task is due
    publish_task().claim("killed-worker")  # what db_worker does before it runs a task; then it died
    run_db_worker()  # a live worker does not touch a row another claimed
    scheduled.refresh_from_db()
    assert scheduled.status == ArticleStatus.SCHEDULED
    assert "Requeued 0" in recover()  # not yet stale: it may still be running
    assert 'id="dashboard-stuck-tasks"' not in dashboard(client, publisher)
    assert_recovered_and_published(scheduled, client, publisher, settings, run_db_worker)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_killed_mid_publish_leaves_a_task_that_is_recovered(
    scheduled, client, publisher, settings, run_db_worker
):
    time.sleep(2.1)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "evnews.settings.dev",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    with connection.cursor() as cursor:
        # Hold the history table: the worker's publish blocks on writing its step, mid-task.
        cursor.execute("BEGIN")
        cursor.execute("LOCK TABLE articles_articletransition IN ACCESS EXCLUSIVE MODE")
        worker = subprocess.Popen(
            # --no-reload: one process, the one killed (DEBUG would add a reloader parent).
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_until_blocked(cursor)
        finally:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        cursor.execute("ROLLBACK")
    scheduled.refresh_from_db()
    assert scheduled.status == ArticleStatus.SCHEDULED
    assert publish_task().status == TaskResultStatus.RUNNING
    assert_recovered_and_published(scheduled, client, publisher, settings, run_db_worker)


def _wait_until_blocked(cursor, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        if cursor.fetchone()[0]:
            return
        time.sleep(0.1)
    raise AssertionError("the worker never reached the publish step")
