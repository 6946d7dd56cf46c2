"""Make hero image renditions for articles that lack them.

Saving an article queues its renditions in the background; this covers what that path never
saw: images stored before renditions existed, bulk-generated content, a worker that was down.
It runs the same task in this process, article by article, so an interrupted run keeps what it
made and the next one carries on; each article's renditions commit on their own rather than in
one long transaction that would hold the database's write lock for the whole backfill.
"""

from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef, Q

from articles.images.renditions import make_hero_renditions
from articles.models import Article, HeroRendition


class Command(BaseCommand):
    help = (
        "Make the missing WebP and JPEG/PNG renditions of articles' hero images. "
        "With --all, check every article with an image or renditions, tidying stale ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Check every article, not only those with no renditions of their current image.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the articles; make and delete nothing."
        )

    def handle(self, *args, all=False, dry_run=False, verbosity=1, **options):
        articles = self.articles(every=all)
        if dry_run:
            for article in articles:
                self.stdout.write(f"Would make renditions for article {article.pk}: {article}")
            self.stdout.write(f"{len(articles)} article(s) to process; nothing changed (dry run).")
            return
        totals = {"created": 0, "deleted": 0, "skipped": 0}
        for article in articles:
            result = make_hero_renditions.call(article.pk)
            self.report(article, result, verbosity)
            totals["created"] += result["created"]
            totals["deleted"] += result["deleted"]
            totals["skipped"] += "skipped" in result
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(articles)} article(s): {totals['created']} rendition(s) made, "
                f"{totals['deleted']} stale deleted, {totals['skipped']} image(s) unusable."
            )
        )

    def articles(self, every):
        """Articles with an image but none of its renditions; with `every`, any image or any
        rendition at all (an image removed while the worker was down leaves stale ones)."""
        renditions = HeroRendition.objects.filter(article=OuterRef("pk"))
        if every:
            wanted = ~Q(hero_image="") | Exists(renditions)
        else:
            current = renditions.filter(source_name=OuterRef("hero_image"))
            wanted = ~Q(hero_image="") & ~Exists(current)
        return list(Article.objects.filter(wanted).only("pk", "title").order_by("pk"))

    def report(self, article, result, verbosity):
        if "skipped" in result:
            message = f"Article {article.pk}: skipped, its hero image {result['skipped']}"
            self.stdout.write(self.style.WARNING(message))
        elif verbosity >= 2 or result["created"] or result["deleted"]:
            self.stdout.write(
                f"Article {article.pk}: {result['created']} made, {result['deleted']} deleted"
            )
