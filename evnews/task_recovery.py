"""Tasks left RUNNING by a worker that died (killed, out of memory, machine lost) mid-task.

django-tasks-db's `db_worker` claims a row (READY → RUNNING) in one transaction and runs it
afterwards; if the process dies in between, nothing ever moves the row again. A row RUNNING for
longer than TASKS_STALE_SECONDS is taken for dead: `manage.py recover_tasks` (from cron, every
few minutes) puts it back to READY for the next worker, and the editorial dashboard lists such
rows until then. Every task of this project is idempotent, so a task that did in fact finish its
work before dying is safe to run again (delivery is at least once).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evnews.tasks import TaskResultStatus


def stale_after() -> timedelta:
    return timedelta(seconds=settings.TASKS_STALE_SECONDS)


def stuck_tasks(now=None):
    """RUNNING rows whose worker has had more than TASKS_STALE_SECONDS: presumed dead."""
    now = now or timezone.now()
    return DBTaskResult.objects.running().filter(started_at__lt=now - stale_after())


def requeue_stuck(now=None, dry_run=False) -> list[DBTaskResult]:
    """Put every stuck task back in the queue; returns them. Rows a live process holds locked
    are skipped, so two sweeps at once never requeue one row twice."""
    with transaction.atomic():
        rows = list(stuck_tasks(now).select_for_update(skip_locked=True).order_by("started_at"))
        if not dry_run:
            ids = [row.pk for row in rows]
            DBTaskResult.objects.filter(pk__in=ids).update(status=TaskResultStatus.READY)
    return rows
