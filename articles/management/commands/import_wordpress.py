"""Move a WordPress (+ wpDiscuz) site in from its export file (WordPress: Tools → Export, WXR).

Nobody moves a newsroom by pasting pages one at a time: this brings posts, authors, categories,
tags, threaded comments, featured images and wpDiscuz ratings along, and keeps every old URL
answering (301 to the new one). Safe to run again: nothing doubles and nothing editors changed
is overwritten. See README, "Moving from WordPress".
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importer.wordpress import (
    DEFAULT_MAX_BYTES,
    ExportError,
    ImportAborted,
    import_wordpress,
)

BAR_WIDTH = 30
SHOWN_ITEMS = 20


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1/1.2 .xml): posts as articles (published ones stay "
        "published, old URLs redirect), authors as Writers, categories, tags as topics, comments "
        "with their threads and states, featured images from --uploads. Run again safely."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file from WordPress's Tools → Export.")
        parser.add_argument(
            "--uploads", help="A copy of wp-content/uploads, for featured images (never fetched)."
        )
        parser.add_argument(
            "--author-map",
            nargs="+",
            default=[],
            metavar="OLD=NEW",
            help="Give WordPress login OLD's posts to the existing evnews user NEW.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Do everything, report it, and keep nothing."
        )
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="All or nothing: the first post that cannot be imported undoes the whole run.",
        )
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            help=f"Refuse larger files (default {DEFAULT_MAX_BYTES:,}).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        show_progress = (
            options["format"] == "text" and options["verbosity"] > 0 and sys.stderr.isatty()
        )
        try:
            report = import_wordpress(
                options["export"],
                uploads=options["uploads"],
                author_map=self.author_map(options["author_map"]),
                dry_run=options["dry_run"],
                atomic=options["atomic"],
                max_bytes=options["max_bytes"],
                progress=self.draw_progress if show_progress else None,
            )
        except (ExportError, ImportAborted) as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        finally:
            if show_progress:
                self.stderr.write("")
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        elif options["verbosity"] > 0:
            self.write_report(report)

    def author_map(self, pairs):
        users, mapping = get_user_model().objects, {}
        for pair in pairs:
            old, sep, new = pair.partition("=")
            if not (sep and old and new):
                raise CommandError(f"--author-map takes OLD=NEW pairs, not {pair!r}.")
            user = users.filter(username=new).first()
            if user is None:
                raise CommandError(f"--author-map {pair}: there is no evnews user {new!r}.")
            mapping[old] = user
        return mapping

    def draw_progress(self, done, total):
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stderr.write(f"\rImporting posts [{bar}] {done}/{total}", ending="")
        self.stderr.flush()

    def write_report(self, report):
        write = self.stdout.write
        for name, count in sorted(report.counts.items()):
            write(f"{count:>8}  {name}")
        if report.shortcodes:
            removed = ", ".join(f"[{name}] ×{n}" for name, n in report.shortcodes.most_common())
            write(f"Shortcodes removed: {removed}")
        for title, rows, key in (
            ("Skipped", report.skipped, "reason"),
            ("Notes", report.notes, "note"),
        ):
            if rows:
                write(f"{title}:")
            for row in rows[:SHOWN_ITEMS]:
                label = f" {row['title']!r}" if row.get("title") else ""
                write(f"  {row['kind']} {row['id']}{label}: {row[key]}")
            if len(rows) > SHOWN_ITEMS:
                write(f"  … and {len(rows) - SHOWN_ITEMS} more (--format json lists them all)")
        if report.dry_run:
            write(self.style.NOTICE("Dry run: nothing was kept."))
        else:
            write(self.style.SUCCESS("Import finished."))
