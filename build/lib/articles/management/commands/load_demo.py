"""Load the demo newsroom: the seed article "Xiaomi EV" (imported with the article importer and
published), the companies and regulators it is about, the reports it names as sources attached to
the facts they support, and one account per editorial role plus an admin.

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
from articles.importer import ArticleImportError, parse_article, read_article_file
from articles.importer.saver import save_article
from articles.models import (
    Article,
    Category,
    Company,
    CompanyKind,
    Fact,
    FactStatus,
    KeyPoint,
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

# The seed names its sources (year from its context: production "in 2024", approval news in 2023).
REUTERS = {
    "publisher": "Reuters",
    "published_on": datetime.date(2023, 8, 23),
    "title": "Xiaomi wins approval from China's state planner to make electric vehicles",
}
JIEMIAN = {
    "publisher": "Jiemian",
    "published_on": datetime.date(2023, 9, 6),
    "title": "Xiaomi's electric vehicle enters trial production",
}
TRIAL_PRODUCTION = (
    "As of September 6, Xiaomi’s EV was in trial production, at about 50 prototype vehicles a week."
)


@dataclass(frozen=True)
class FactDetails:
    """What the demo adds to a key point the importer created: values and sources."""

    phrase: str  # finds the key point by its statement
    value: Decimal | None = None
    unit: str = ""
    note: str = ""
    source: dict | None = None


KEY_POINT_DETAILS = [
    FactDetails(
        "approved to produce EVs by the NDRC",
        source=REUTERS,
        note="Reported by Reuters on 23 August 2023, as the article states.",
    ),
    FactDetails(
        "invested RMB 10 billion",
        value=Decimal("10000000000"),
        unit="CNY",
        note="RMB 10 billion is about USD 1.37 billion.",
    ),
    FactDetails(
        "annual production capacity of 300,000", value=Decimal(300000), unit="vehicles/year"
    ),
]
PLANNED_INVESTMENT = (
    "Xiaomi plans to invest a total of USD 10 billion in its automotive business over 10 years."
)


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
        if Article.objects.filter(slug=DEMO_SLUG).exists():
            return
        try:
            parsed = parse_article(read_article_file(DEMO_FILE))
            result = save_article(
                parsed,
                authors=[accounts[AUTHOR][0]],
                category=Category.objects.get(name=DEMO_CATEGORY),
                publish=True,
            )
        except ArticleImportError as error:
            raise CommandError(
                f"The demo article {DEMO_FILE} cannot be imported: {error}"
            ) from error
        article = result.article
        self.note_created(f"article “{article.title}” (published, {len(parsed.sections)} sections)")
        self.add_fact_details(article, checker=accounts[FACT_CHECKER][0])
        article.update_reading_time()

    def add_fact_details(self, article, *, checker):
        xiaomi = Company.objects.get(name="Xiaomi")
        facts = [key_point.fact for key_point in article.key_points.select_related("fact")]
        for details in KEY_POINT_DETAILS:
            if not any(details.phrase in fact.statement for fact in facts):
                raise CommandError(f"The demo article has no key point about {details.phrase!r}.")
        for fact in facts:
            fact.subject = xiaomi
            for details in KEY_POINT_DETAILS:
                if details.phrase in fact.statement:
                    self.detail_fact(fact, details, checker)
            fact.save()
        trial = self.trial_production_fact(xiaomi, checker)
        KeyPoint.objects.get_or_create(
            article=article, fact=trial, defaults={"position": len(facts)}
        )
        Fact.objects.get_or_create(
            statement=PLANNED_INVESTMENT,
            defaults={"subject": xiaomi, "value": Decimal("10000000000"), "unit": "USD"},
        )

    def detail_fact(self, fact, details, checker):
        fact.value, fact.unit = details.value, details.unit
        fact.verification_note = details.note
        if details.source:
            fact.sources.add(self.source(details.source))
            self.verify(fact, checker)

    def trial_production_fact(self, xiaomi, checker):
        fact, created = Fact.objects.get_or_create(
            statement=TRIAL_PRODUCTION,
            defaults={
                "subject": xiaomi,
                "value": Decimal(50),
                "unit": "prototype vehicles/week",
                "as_of": JIEMIAN["published_on"],
                "verification_note": "Reported by Jiemian on 6 September 2023, as the article "
                "states.",
            },
        )
        if created:
            fact.sources.add(self.source(JIEMIAN))
            self.verify(fact, checker)
            fact.save()
        return fact

    def source(self, details):
        source, created = Source.objects.get_or_create(
            publisher=details["publisher"],
            published_on=details["published_on"],
            defaults={"title": details["title"]},
        )
        if created:
            self.note_created(f"source {source}")
        return source

    @staticmethod
    def verify(fact, checker):
        fact.status = FactStatus.VERIFIED
        fact.verified_by = checker
        fact.verified_at = timezone.now()

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
