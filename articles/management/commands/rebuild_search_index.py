"""Rebuild the full-text search index from the published articles.

Publishing, unpublishing and fact corrections keep the index in step as they happen; this is for
a database that had articles before search existed, after a restore, or after bulk loading.
The rebuild runs in one transaction: searches see the old index until it commits.
"""

from django.core.management.base import BaseCommand

from articles.search import index


class Command(BaseCommand):
    help = "Index every published article again for search (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be indexed; change nothing."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        if dry_run:
            count = index.indexable().count()
            message = f"Would index {count} published article(s)."
        else:
            count = index.rebuild()
            message = self.style.SUCCESS(f"Indexed {count} published article(s).")
        if verbosity >= 1:
            self.stdout.write(message)
