"""Turn an article copied from the web (title, intro, key points, numbered sections, pros and cons,
closing) into structured content, saved as a draft for an editor to finish.

Writers paste articles from other systems; retyping them into the admin part by part is slow and
loses structure. `--dry-run --format json` shows what would be created without saving anything.
"""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator, slugify

from articles.importer import ArticleImportError, parse_article, read_article_file
from articles.importer.saver import save_article
from articles.models import Category

SHOWN_USERNAMES = 20


class Command(BaseCommand):
    help = (
        "Import an article written in the common web format (title, intro, Key Points, numbered "
        "sections, Pros/Cons, closing) from a UTF-8 text file, as a draft. Widget text such as "
        '"Article Rating" is dropped and reported. Use --dry-run to see what would be created.'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of a UTF-8 text file.")
        parser.add_argument("--author", help="Username of the author (required unless --dry-run).")
        parser.add_argument("--category", help="Category name; created if it does not exist.")
        parser.add_argument(
            "--publish", action="store_true", help="Publish now instead of saving a draft."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created; save nothing."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output format."
        )

    def handle(self, *args, **options):
        try:
            parsed = parse_article(read_article_file(options["file"]))
        except ArticleImportError as error:
            raise CommandError(str(error)) from error
        author = self.find_author(options["author"], required=not options["dry_run"])
        if options["dry_run"]:
            return self.report(parsed, options, saved=None)
        category = self.find_or_create_category(options["category"])
        try:
            result = save_article(
                parsed, authors=[author], category=category, publish=options["publish"]
            )
        except ArticleImportError as error:
            raise CommandError(str(error)) from error
        return self.report(parsed, options, saved=result)

    def find_author(self, username, *, required):
        users = get_user_model().objects
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}. {self.known_usernames()}")
            return user
        if required:
            raise CommandError(f"Give the author with --author USERNAME. {self.known_usernames()}")
        return None

    @staticmethod
    def known_usernames():
        names = list(
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("username")
            .values_list("username", flat=True)[: SHOWN_USERNAMES + 1]
        )
        if not names:
            return "There are no users yet: run `manage.py load_demo` or `createsuperuser`."
        more = ", …" if len(names) > SHOWN_USERNAMES else ""
        return f"Users: {', '.join(names[:SHOWN_USERNAMES])}{more}."

    def find_or_create_category(self, name):
        if name is None:
            return None
        name = name.strip()
        slug = slugify(name)
        if not slug or len(name) > Category._meta.get_field("name").max_length:
            raise CommandError(f"{name!r} cannot be a category name (1 to 80 characters).")
        category = Category.objects.filter(name__iexact=name).first()
        return category or Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]

    def report(self, parsed, options, saved):
        if options["format"] == "json":
            data = parsed.as_dict()
            if saved:
                article = saved.article
                data["saved"] = {"id": article.pk, "slug": article.slug, "status": article.status}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif options["verbosity"] > 0:
            self.write_summary(parsed)
            self.write_outcome(saved)

    def write_summary(self, parsed):
        write, short = self.stdout.write, lambda text: Truncator(text).chars(90)
        write(f"Title:       {parsed.title}")
        write(f"Standfirst:  {short(parsed.dek) or '(none)'}")
        write(f"Intro:       {len(parsed.intro)} paragraph(s)")
        if parsed.subheading:
            write(f"Subheading:  {parsed.subheading}")
        write(f"Key points:  {len(parsed.key_points)}")
        for number, point in enumerate(parsed.key_points, start=1):
            write(f"  {number}. {short(point)}")
        write(f"Sections:    {len(parsed.sections)}")
        for number, section in enumerate(parsed.sections, start=1):
            items = section.items
            shape = "prose" if items is None else f"{len(items)} item{pluralize(items)}"
            write(f"  {number}. {section.heading} ({shape})")
        for kind in ("pros", "cons"):
            heading = getattr(parsed, f"{kind}_heading") or kind.title()
            write(f"{kind.title() + ':':<12} {len(getattr(parsed, kind))} ({heading})")
        write(f"Closing:     {len(parsed.closing)} paragraph(s)")
        if parsed.dropped:
            write(f"Dropped:     {', '.join(repr(text) for text in parsed.dropped)}")
        for warning in parsed.warnings:
            write(self.style.WARNING(f"Warning: {warning}"))

    def write_outcome(self, saved):
        if saved is None:
            self.stdout.write(self.style.NOTICE("Dry run: nothing was saved."))
            return
        article = saved.article
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved {article.get_status_display().lower()} “{article.title}” "
                f"(slug {article.slug}): {saved.facts_created} new fact(s), "
                f"{len(saved.facts_reused)} reused.{self.edit_hint(article)}"
            )
        )

    @staticmethod
    def edit_hint(article):
        try:
            return f" Edit it at {reverse('admin:articles_article_change', args=[article.pk])}"
        except NoReverseMatch:  # the admin is not mounted in this project's URLs
            return ""
