"""Put background tasks stuck RUNNING (their worker died mid-task) back in the queue.

The worker (`db_worker`) never looks at a row it has claimed again, so a killed worker leaves its
task RUNNING for ever: a scheduled article whose only publish task that was would never go out
(cron's publish_due still publishes it, but an email or image rendition would be lost). Run from
cron beside publish_due; see evnews/task_recovery.py for what counts as stuck.
"""

from django.core.management.base import BaseCommand

from evnews.task_recovery import requeue_stuck


class Command(BaseCommand):
    help = "Requeue background tasks RUNNING for longer than TASKS_STALE_SECONDS (dead worker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List stuck tasks without requeueing them."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        rows = requeue_stuck(dry_run=dry_run)
        if verbosity >= 2:
            for row in rows:
                self.stdout.write(f"{row.task_path} {row.pk}, running since {row.started_at:%c}")
        verb = "Would requeue" if dry_run else "Requeued"
        summary = f"{verb} {len(rows)} stuck task(s)."
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary) if rows and not dry_run else summary)
