"""Publish scheduled articles whose time has come (and unpublish those whose end has).

The task worker does this at each scheduled time; this command does the same work for cron, so
publication never depends on one process staying up. Safe to run often and alongside workers:
each article is published exactly once.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.editorial import workflow


class Command(BaseCommand):
    help = "Publish every scheduled article that is due and unpublish every one whose end is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due without changing anything."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        # Each article commits in its own transaction inside publish_due, so one that fails
        # does not hold back the others, and two runs at once share the work without overlap.
        result = workflow.publish_due(dry_run=dry_run)
        if verbosity >= 2:
            for article in result.published:
                self.stdout.write(f"publish: {article} (due {_local(article.scheduled_at)})")
            for article in result.unpublished:
                self.stdout.write(f"unpublish: {article} (due {_local(article.unpublish_at)})")
        published, unpublished = len(result.published), len(result.unpublished)
        if dry_run:
            summary = f"Would publish {published} and unpublish {unpublished} article(s)."
        else:
            summary = f"Published {published} and unpublished {unpublished} article(s)."
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary) if not dry_run else summary)


def _local(when):
    return f"{timezone.localtime(when):%Y-%m-%d %H:%M}" if when else "now"
