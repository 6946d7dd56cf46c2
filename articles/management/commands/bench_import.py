"""Measure the importers: a synthetic WordPress export imported end to end (time, peak memory),
and the text parser on megabyte-long pathological lines.

A benchmark, not a test: run it on an empty database (`--database-url` style settings as for
`bench`) and compare the figures between commits. The budget is 1 000 posts with 100 000
comments in under 2 minutes and under 300 MB.
"""

import resource
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.devtools.wxr_generation import write_export
from articles.importer import ArticleImportError, parse_article
from articles.importer.wordpress import import_wordpress
from articles.models import Article

PATHOLOGICAL_LINES = {
    "heading of #s": "# " + "#" * 1_000_000 + "x",
    "bold markers": "**" + "*" * 1_000_000,
    "label colons": "- " + "a:" * 500_000,
    "spaces": "1. " + " " * 1_000_000 + "x",
}


class Command(BaseCommand):
    help = (
        "Import a synthetic WordPress export of --posts posts with --comments comments each and "
        "report the time and peak memory; then time the text parser on 1 MB lines."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=1000)
        parser.add_argument("--comments", type=int, default=100, help="Comments per post.")
        parser.add_argument("--keep", action="store_true", help="Keep what was imported.")

    def handle(self, *args, **options):
        if Article.objects.exists() and not options["keep"]:
            raise CommandError("Run on an empty database (the import's rows are counted).")
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "synthetic.xml"
            write_export(path, posts=options["posts"], comments_per_post=options["comments"])
            size = path.stat().st_size
            started = time.perf_counter()
            report = import_wordpress(path)
            seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        counts = report.counts
        self.stdout.write(
            f"WXR import: {counts['posts imported']:,} posts, "
            f"{sum(v for k, v in counts.items() if k.startswith('comments imported')):,} comments "
            f"from {size / 1e6:.1f} MB in {seconds:.1f} s; peak memory {peak_mb:.0f} MB"
        )
        for name, line in PATHOLOGICAL_LINES.items():
            started = time.perf_counter()
            try:
                parse_article(f"Title\n\nStandfirst.\n\n{line}\n")
            except ArticleImportError:
                pass
            self.stdout.write(f"Parser, 1 MB line ({name}): {time.perf_counter() - started:.2f} s")
