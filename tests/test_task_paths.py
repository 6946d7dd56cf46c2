"""Tasks queued before the re-layout still run: their rows name the old import paths."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import ArticleStatus
from tests.factories import make_article

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
OLD_PATHS = [
    ("articles.tasks.publish_due_articles", []),
    ("articles.tasks.notify_transition", [0]),
    ("articles.tasks.send_workflow_email", [0, "editor@example.com"]),
    ("articles.notifications.send_confirmation", [0]),
    ("articles.notifications.plan_notifications", [0]),
    ("articles.notifications.send_digest", [0]),
    ("articles.renditions.make_hero_renditions", [0]),
]


def queue_row(task_path, args):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": args, "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.parametrize(("task_path", "args"), OLD_PATHS)
def test_a_task_queued_under_its_old_path_still_runs(settings, db, run_db_worker, task_path, args):
    settings.TASKS = DB_TASKS
    row = queue_row(task_path, args)
    run_db_worker()
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL", row.traceback


def test_an_old_path_publishes_a_due_article(settings, writer, run_db_worker):
    settings.TASKS = DB_TASKS
    past = timezone.now() - timedelta(minutes=5)
    article = make_article(
        "Due", authors=[writer], status=ArticleStatus.SCHEDULED, scheduled_at=past
    )
    queue_row("articles.tasks.publish_due_articles", [])
    run_db_worker()
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
