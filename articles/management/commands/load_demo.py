"""Load the demo newsroom: the seed article "Xiaomi EV" (imported with the article importer exactly:
its 5 key points, no invented ones), the companies and regulators it is about, the reports it
names as sources attached to the key points they support (each verified by the demo's editor, so
the article passes its own publish gate and a new version of it can be approved and published),
the article dated from its own text, one public correction, and one account per editorial role
plus an admin.

A newcomer gets a site worth looking at with one command. Running it again changes nothing, and
with DEBUG off it will not create accounts with the documented development password.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import roles
from articles.facts import corrections, verification, versions
from articles.importer import ArticleImportError, parse_article, read_article_file
from articles.importer.saver import publish_imported, save_article
from articles.models import (
    Article,
    Category,
    ChangeKind,
    Company,
    CompanyKind,
    FactKind,
    Source,
)

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "xiaomi-ev.txt"
DEMO_SLUG = "xiaomi-ev"
DEFAULT_PASSWORD = "evnews-demo"


@dataclass(frozen=True)
class Account:
    username: str
    first_name: str
    last_name: str
    role: str | None  # None: the superuser


ACCOUNTS = [
    Account("admin", "Site", "Administrator", None),
    Account("writer", "Claire", "Jiang", roles.WRITER),
    Account("editor", "Marcus", "Bell", roles.EDITOR),
    Account("publisher", "Priya", "Nair", roles.PUBLISHER),
    Account("moderator", "Tomás", "Ortega", roles.MODERATOR),
]
AUTHOR, FACT_CHECKER = "writer", "editor"

CATEGORIES = {
    "Newcomers": "Companies entering the electric-vehicle market.",
    "Industry": "Carmakers, suppliers and the rules they work under.",
}
DEMO_CATEGORY = "Newcomers"

COMPANIES = [
    ("Xiaomi", CompanyKind.COMPANY, "Chinese consumer-electronics maker moving into cars."),
    ("Tesla", CompanyKind.COMPANY, "US electric-vehicle maker."),
    ("BYD", CompanyKind.COMPANY, "Chinese maker of electric vehicles and batteries."),
    ("Geely", CompanyKind.COMPANY, "Chinese carmaker, owner of Volvo Cars and Zeekr."),
    ("NDRC", CompanyKind.REGULATOR, "National Development and Reform Commission, China's state "
     "planner; approves new vehicle-production investment."),
    ("MIIT", CompanyKind.REGULATOR, "Ministry of Industry and Information Technology of China; "
     "approves new carmakers and models against technical and safety rules."),
]  # fmt: skip

# Every key point's source is one the article's own text names; none has a URL because the
# article gives none, and none is invented. Years come from the text's context (production "in
# 2024", the approval news in 2023).
REUTERS = {
    "publisher": "Reuters",
    "published_on": datetime.date(2023, 8, 23),
    "title": "Report that the NDRC approved Xiaomi's EV production (cited in the article)",
}
XIAOMI_ANNOUNCEMENT = {
    "publisher": "Xiaomi",
    "published_on": datetime.date(2021, 3, 30),
    "title": "Announcement of Xiaomi's move into car production, with RMB 10 billion to start "
    "and USD 10 billion over 10 years",
}
XIAOMI_YIZHUANG = {
    "publisher": "Xiaomi",
    "published_on": datetime.date(2021, 11, 30),
    "title": "Commitment to a Yizhuang headquarters base and a factory for up to 300,000 "
    "vehicles a year (by the end of November 2021, as the article states)",
}
XIAOHONGSHU = {
    "publisher": "Xiaohongshu",
    "published_on": None,
    "title": "Spy shots of the alleged Xiaomi EV posted on the social media platform",
}
JIEMIAN = {
    "publisher": "Jiemian",
    "published_on": datetime.date(2023, 9, 6),
    "title": "Report that Xiaomi's EV is in trial production, about 50 prototypes a week",
}
# The original page shows no date; the latest event its text reports is Jiemian's of
# 6 September 2023, so that is the article's date (noon, site time), not the time of loading.
ARTICLE_DATE = datetime.datetime(2023, 9, 6, 12, 0)
DATE_NOTE = (
    "Dated 6 September 2023: the original page shows no date, and the latest event its text "
    "reports is Jiemian's report of that day on trial production."
)
DEMO_CORRECTION = (
    "This article was first shown dated the day our demo was loaded. It is dated 6 September "
    "2023, the latest event it reports; the original page gives no date."
)


@dataclass(frozen=True)
class FactDetails:
    """What the demo adds to a key point the importer created: its kind, values and sources."""

    phrase: str  # finds the key point by its statement
    kind: str
    sources: tuple
    note: str
    value: Decimal | None = None
    unit: str = ""
    as_of: datetime.date | None = None


KEY_POINT_DETAILS = [
    FactDetails(
        "approved to produce EVs by the NDRC",
        FactKind.APPROVAL,
        (REUTERS,),
        "Reported by Reuters on 23 August 2023, as the article's Regulatory Approval section "
        "states.",
        as_of=datetime.date(2023, 8, 23),
    ),
    FactDetails(
        "roll off the production line in 2024",
        FactKind.LAUNCH,
        (JIEMIAN,),
        "The article's Production Timeline gives 2024; the latest report it names, Jiemian's of "
        "6 September 2023, has the car in trial production.",
        as_of=datetime.date(2023, 9, 6),
    ),
    FactDetails(
        "invested RMB 10 billion",
        FactKind.INVESTMENT,
        (XIAOMI_ANNOUNCEMENT,),
        "Xiaomi's announcement of 30 March 2021, as the article's Investment and Expansion "
        "section states. RMB 10 billion is about USD 1.37 billion.",
        value=Decimal("10000000000"),
        unit="CNY",
        as_of=datetime.date(2021, 3, 30),
    ),
    FactDetails(
        "annual production capacity of 300,000",
        FactKind.CAPACITY,
        (XIAOMI_YIZHUANG,),
        "Xiaomi's commitment by the end of November 2021, as the article's Investment and "
        "Expansion section states: two phases of 150,000 each.",
        value=Decimal(300000),
        unit="vehicles/year",
        as_of=datetime.date(2021, 11, 30),
    ),
    FactDetails(
        "sedan with frameless doors",
        FactKind.OTHER,
        (XIAOHONGSHU,),
        "Seen in the spy shots on Xiaohongshu the article's Spy Shots section describes.",
    ),
]


class Command(BaseCommand):
    help = (
        "Load the demo: the published seed article “Xiaomi EV” with its companies, sources and "
        "facts, and one staff account per role (admin, writer, editor, publisher, moderator). "
        f"Accounts get the password given with --password (default in DEBUG: {DEFAULT_PASSWORD!r};"
        " with DEBUG off --password is required). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=f"Password for new demo accounts (default {DEFAULT_PASSWORD!r}, only with DEBUG "
            "on). Existing accounts keep theirs.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created; save nothing."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.created = []
        password = self.choose_password(options["password"])
        with transaction.atomic():
            accounts = self.load_accounts(password)
            self.load_companies_and_categories()
            self.load_article(accounts)
            if options["dry_run"]:
                transaction.set_rollback(True)
        self.report(accounts, password, dry_run=options["dry_run"])

    def say(self, message, level=1, style=None):
        if self.verbosity >= level:
            self.stdout.write(style(message) if style else message)

    def note_created(self, what):
        self.created.append(what)
        self.say(f"  + {what}", level=2)

    # Accounts --------------------------------------------------------------------------------

    def choose_password(self, given):
        missing = self.missing_usernames()
        if not missing or settings.DEBUG:
            return given or DEFAULT_PASSWORD
        if given is None or given == DEFAULT_PASSWORD:
            raise CommandError(
                "DEBUG is off, so this looks like production: refusing to create the demo "
                f"accounts ({', '.join(missing)}) with the documented development password. "
                "Pass a strong one with --password."
            )
        try:
            validate_password(given)
        except ValidationError as error:
            raise CommandError(f"--password is too weak: {' '.join(error.messages)}") from error
        return given

    @staticmethod
    def missing_usernames():
        existing = set(
            get_user_model()
            .objects.filter(username__in=[a.username for a in ACCOUNTS])
            .values_list("username", flat=True)
        )
        return [a.username for a in ACCOUNTS if a.username not in existing]

    def load_accounts(self, password):
        """{username: (user, created)} for every demo account; existing ones are left alone."""
        return {account.username: self.load_account(account, password) for account in ACCOUNTS}

    def load_account(self, account, password):
        User = get_user_model()
        user = User.objects.filter(username=account.username).first()
        if user:
            return user, False
        fields = {
            "email": f"{account.username}@example.com",
            "first_name": account.first_name,
            "last_name": account.last_name,
        }
        if account.role is None:
            user = User.objects.create_superuser(account.username, password=password, **fields)
        else:
            user = User.objects.create_user(
                account.username, password=password, is_staff=True, **fields
            )
            user.groups.add(Group.objects.get(name=account.role))
        self.note_created(f"account {account.username} ({account.role or 'superuser'})")
        return user, True

    # Reference data --------------------------------------------------------------------------

    def load_companies_and_categories(self):
        for name, kind, description in COMPANIES:
            _, created = Company.objects.get_or_create(
                name=name,
                defaults={"slug": slugify(name), "kind": kind, "description": description},
            )
            if created:
                self.note_created(f"company {name}")
        for name, description in CATEGORIES.items():
            _, created = Category.objects.get_or_create(
                name=name, defaults={"slug": slugify(name), "description": description}
            )
            if created:
                self.note_created(f"category {name}")

    # The article -----------------------------------------------------------------------------

    def load_article(self, accounts):
        """Import the page exactly (its 5 key points), give each key point its kind, values and
        the source the text names, verify them as the demo's editor, then publish through the
        publish gate, dated from the text, with one correction readers can see."""
        if Article.objects.filter(slug=DEMO_SLUG).exists():
            return
        writer, checker = accounts[AUTHOR][0], accounts[FACT_CHECKER][0]
        try:
            parsed = parse_article(read_article_file(DEMO_FILE))
            result = save_article(
                parsed, authors=[writer], category=Category.objects.get(name=DEMO_CATEGORY)
            )
            article = result.article
            self.add_fact_details(article, checker=checker)
            date = timezone.make_aware(ARTICLE_DATE)
            publish_imported(article, by=writer, published_at=date, note=DATE_NOTE)
        except ArticleImportError as error:
            raise CommandError(
                f"The demo article {DEMO_FILE} cannot be imported: {error}"
            ) from error
        corrections.publish_correction(article, checker, ChangeKind.CORRECTION, DEMO_CORRECTION)
        self.note_created(f"article “{article.title}” (published, {len(parsed.sections)} sections)")

    def add_fact_details(self, article, *, checker):
        xiaomi = Company.objects.get(name="Xiaomi")
        facts = [key_point.fact for key_point in article.key_points.select_related("fact")]
        for details in KEY_POINT_DETAILS:
            matching = [fact for fact in facts if details.phrase in fact.statement]
            if len(matching) != 1:
                raise CommandError(f"The demo article has no key point about {details.phrase!r}.")
            self.detail_fact(matching[0], details, xiaomi, checker)

    def detail_fact(self, fact, details, subject, checker):
        fact.subject, fact.kind = subject, details.kind
        fact.value, fact.unit, fact.as_of = details.value, details.unit, details.as_of
        fact.full_clean()
        fact.save()
        fact.sources.set([self.source(source) for source in details.sources])
        versions.record(fact, checker, note="Demo: as the article states it")
        verification.verify_fact(fact, checker, details.note)

    def source(self, details):
        source, created = Source.objects.get_or_create(
            publisher=details["publisher"],
            title=details["title"],
            defaults={"published_on": details["published_on"]},
        )
        if created:
            self.note_created(f"source {source}")
        return source

    # Output ----------------------------------------------------------------------------------

    def report(self, accounts, password, *, dry_run):
        if not self.created:
            self.say("Demo already loaded; nothing changed.", style=self.style.SUCCESS)
        elif dry_run:
            self.say(f"Dry run: would create {len(self.created)} objects; nothing was saved.")
            if self.verbosity == 1:  # at 2 and above each was listed as it was made
                for what in self.created:
                    self.say(f"  + {what}")
        else:
            count = len(self.created)
            self.say(
                f"Loaded the demo: {count} new object{'s' if count != 1 else ''}.",
                style=self.style.SUCCESS,
            )
        self.write_logins(accounts, password, dry_run=dry_run)

    def write_logins(self, accounts, password, *, dry_run):
        site = settings.SITE_URL.rstrip("/")
        self.say(f"Site:  {site}/")
        self.say(f"Admin: {site}{reverse('admin:index')}")
        for account in ACCOUNTS:
            created = accounts[account.username][1]
            secret = password if created and not dry_run else "(password unchanged)"
            if dry_run and created:
                secret = "(would be created)"
            role = account.role or "superuser"
            self.say(f"  {account.username:<10} {role:<10} {secret}")
