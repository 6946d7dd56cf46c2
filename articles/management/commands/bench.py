"""Measure the public pages: queries per page and median/p95 render time, with the data size;
with --load, requests per second under gunicorn next to their yardsticks, and the budgets.

A benchmark, not a test: fill a database with `generate_content --articles N` first, then run
this and compare the JSON it writes between commits. The measuring lives in
articles/devtools/benchmark.py (in process) and articles/devtools/load.py (--load).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.devtools import benchmark, load


class Command(BaseCommand):
    help = (
        "Request the home, article, category, RSS and Atom pages in-process (Django test "
        "Client, one warm-up request each) and report queries per page and median/p95 render "
        "time over repeated requests, with the data size. Writes the same as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat",
            type=int,
            default=20,
            metavar="N",
            help="Timed requests per page after the warm-up (default 20).",
        )
        parser.add_argument(
            "--output",
            default="bench-results.json",
            metavar="FILE",
            help="Where to write the JSON results (default bench-results.json).",
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help="Instead: load gunicorn (production settings, this database) from a second "
            "process next to nginx serving a same-size file, Varnish and the Wagtail peer, "
            "and print the budgets.",
        )
        parser.add_argument("--seconds", type=float, default=10, help="Load per figure (10).")
        parser.add_argument("--connections", type=int, default=16, help="Concurrent (16).")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
        parser.add_argument(
            "--port", type=int, default=8580, help="First of 4 ports on 127.0.0.1 (8580)."
        )
        parser.add_argument(
            "--generator", choices=["auto", "wrk", "python"], default="auto",
            help="wrk (Debian) or articles/devtools/loadgen.py; auto: wrk when installed.",
        )  # fmt: skip
        parser.add_argument("--wagtail", help="The Wagtail peer's article with 200 comments.")
        parser.add_argument("--wagtail-bare", help="The Wagtail peer's article with none.")
        parser.add_argument(
            "--host",
            help="Host header to send; default: the first concrete entry of ALLOWED_HOSTS.",
        )

    def handle(self, *args, **options):
        if options["load"]:
            return self._load(options)
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        try:
            results = benchmark.run(repeat=options["repeat"], host=options["host"])
        except benchmark.BenchmarkError as error:
            raise CommandError(str(error)) from error
        Path(options["output"]).write_text(json.dumps(results, indent=2) + "\n")
        if options["verbosity"] >= 1:
            self._print(results)
        self.stdout.write(self.style.SUCCESS(f"Results written to {options['output']}."))

    def _load(self, options):
        try:
            results = load.run(
                wagtail=options["wagtail"], wagtail_bare=options["wagtail_bare"],
                port=options["port"], seconds=options["seconds"],
                connections=options["connections"], workers=options["workers"],
                generator=options["generator"], stdout=self.stdout,
            )  # fmt: skip
        except load.LoadError as error:
            raise CommandError(str(error)) from error
        Path(options["output"]).write_text(json.dumps(results, indent=2) + "\n")
        data = results["data"]
        self.stdout.write(
            f"Data: {data['published_articles']:,} published articles, "
            f"{data['comments']:,} comments; worker memory (MB): {results['worker_memory_mb']}"
        )
        for verdict in results["budgets"]:
            figures = (
                f"{verdict['ratio']} (needs {verdict['needed']})" if "ratio" in verdict
                else f"{verdict.get('largest_mb')} MB" if "largest_mb" in verdict else ""
            )  # fmt: skip
            style = self.style.SUCCESS if verdict["verdict"] == "met" else self.style.WARNING
            self.stdout.write(style(f"{verdict['verdict']:>12}  {verdict['budget']}: {figures}"))
        self.stdout.write(self.style.SUCCESS(f"Results written to {options['output']}."))

    def _print(self, results):
        data = results["data"]
        self.stdout.write(
            f"Data: {data['published_articles']:,} published of {data['articles']:,} articles, "
            f"{data['sections']:,} sections, {data['facts']:,} facts, {data['sources']:,} sources"
            f" ({results['database']}, DEBUG={results['debug']}, {results['repeat']} requests"
            " per page)"
        )
        header = f"{'page':<12} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7}  path"
        self.stdout.write(header)
        for page in results["pages"]:
            if "skipped" in page:
                self.stdout.write(f"{page['name']:<12} skipped: {page['skipped']}")
                continue
            self.stdout.write(
                f"{page['name']:<12} {page['queries']:>7} {page['median_ms']:>10.1f} "
                f"{page['p95_ms']:>8.1f} {page['cpu_median_ms']:>7.1f}  {page['path']}"
            )
