"""Tasks queued before the re-layout still run: their rows name the old import paths.

The worker resolves a row's `task_path` with `DBTaskResult.task`; each old path must resolve to
the task that now lives beside its service, and running it must work.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from articles.models import ArticleStatus
from tests.factories import make_article

MOVED = {
    "articles.tasks.publish_due_articles": "articles.editorial.workflow.publish_due_articles",
    "articles.tasks.notify_transition": "articles.editorial.emails.notify_transition",
    "articles.tasks.send_workflow_email": "articles.editorial.emails.send_workflow_email",
    "articles.notifications.send_confirmation": (
        "articles.subscriptions.notifications.send_confirmation"
    ),
    "articles.notifications.plan_notifications": (
        "articles.subscriptions.notifications.plan_notifications"
    ),
    "articles.notifications.send_digest": "articles.subscriptions.notifications.send_digest",
    "articles.renditions.make_hero_renditions": ("articles.images.renditions.make_hero_renditions"),
}


@pytest.fixture(autouse=True)
def database_backend(settings):
    """The rows are the database backend's, as in production (tests run tasks immediately)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queued(task_path, *args):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_a_row_queued_under_the_old_path_resolves_to_the_moved_task(db, old, new):
    assert queued(old).task.func is import_string(new).func


def test_a_publish_queued_under_the_old_path_publishes_the_due_article(writer):
    past = timezone.now() - timedelta(minutes=5)
    article = make_article(
        "Due", authors=[writer], status=ArticleStatus.SCHEDULED, scheduled_at=past
    )
    row = queued("articles.tasks.publish_due_articles")
    row.task.call(*row.args_kwargs["args"])
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
