"""Fill a database with realistic generated EV news, fast, so pages can be measured at scale.

Rows go in with bulk_create and the derived fields (rendered HTML, word count, reading time) are
computed here in bulk: one save() per row would take minutes at ten thousand articles.

Everything made here is recognisable, so `--clear` removes it and nothing written by hand:
article slugs start with "gen-", author usernames with "gen-author-", and source URLs contain
".example/gen-" (facts go with their sources once no article uses them). Categories and
companies are shared reference data: reused by slug, created when missing, never cleared.

Each kind of content is one `generate_*` step of ContentGenerator; a later kind (comments,
votes) adds an option here and a step there.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from articles.devtools import comment_generation
from articles.models import (
    Article,
    ArticleStatus,
    Category,
    Company,
    CompanyKind,
    Fact,
    FactStatus,
    KeyPoint,
    ProCon,
    ProConKind,
    Rating,
    RatingSummary,
    Section,
    Source,
)
from articles.models.rating import STARS
from articles.ratings.services import summary_of_votes
from articles.rendering import count_words, reading_minutes, render_markdown

SLUG_PREFIX = "gen-"
AUTHOR_PREFIX = "gen-author-"
SOURCE_MARK = ".example/gen-"
BATCH = 500

MODELS = {
    "Tesla": ["Model 3", "Model Y", "Cybertruck"],
    "BYD": ["Seal", "Dolphin", "Atto 3", "Han L"],
    "NIO": ["ET5", "ES6", "ET9"],
    "Xpeng": ["G6", "P7+", "Mona M03"],
    "Li Auto": ["L6", "i8", "Mega"],
    "Rivian": ["R1S", "R1T", "R2"],
    "Lucid": ["Air", "Gravity"],
    "Volkswagen": ["ID.3", "ID.4", "ID.7"],
    "Hyundai": ["Ioniq 5", "Ioniq 6", "Ioniq 9"],
    "Kia": ["EV3", "EV6", "EV9"],
    "Polestar": ["Polestar 3", "Polestar 4"],
    "Xiaomi": ["SU7", "YU7"],
    "Geely": ["Galaxy E5", "EX5"],
    "Zeekr": ["001", "7X"],
}
REGULATORS = ["NDRC", "MIIT", "European Commission", "NHTSA"]
CATEGORIES = ["Industry", "Sales and deliveries", "Batteries and charging", "Policy", "New models"]
PUBLISHERS = ["Reuters", "Bloomberg", "CnEVPost", "Jiemian", "Electrek", "Caixin", "Nikkei Asia"]
MARKETS = [("China", "yuan"), ("Europe", "euros"), ("the US", "dollars"), ("Germany", "euros")]
MONTHS = ["January", "March", "April", "June", "July", "September", "October", "November"]
SHOWS = ["the Beijing Auto Show", "the Shanghai Auto Show", "IAA Mobility", "the LA Auto Show"]
FIRST_NAMES = ["Li", "Anna", "Marco", "Priya", "Tom", "Mei", "Jonas", "Sara", "Kenji", "Lucia"]
LAST_NAMES = ["Chen", "Schmidt", "Rossi", "Patel", "Walker", "Wang", "Berg", "Novak", "Ito", "Ruiz"]

HEADLINES = [
    "{company} delivers {deliveries:,} vehicles in {month}, up {pct}% year on year",
    "{company} cuts {model} prices by up to {price_cut:,} {currency} in {market}",
    "{company} {model} gets {range_km} km of range from a new {battery_kwh} kWh pack",
    "{regulator} clears {company} to build {capacity:,} more cars a year",
    "{company} opens {stations} fast-charging stations across {market}",
    "{company} unveils the {model} at {show}, priced from {price:,} {currency}",
]
DEKS = [
    "The {model} is carrying {company} through a price war that {rival_company} started.",
    "Analysts expected {expected:,}; the gap says a lot about demand in {market}.",
    "A {battery_kwh} kWh pack and {charge_minutes}-minute charging put it ahead of the {rival}.",
]
INTROS = [
    "{company} said on {weekday} that the {model} accounts for most of its growth.",
    "The announcement follows a difficult quarter for EV makers in {market}, where prices fell "
    "for the {streak} month in a row.",
    "Rival {rival_company} has not commented, but its own figures are due next week.",
]
# fmt: off
SECTIONS = [
    ("Deliveries by the numbers", "{company} shipped more cars than in any month so far.", [
        "{deliveries:,} vehicles delivered in {month}", "up {pct}% year on year",
        "{model} share of deliveries: {share}%", "{exports:,} vehicles exported",
    ]),
    ("What it costs", "Prices start lower than the outgoing version.", [
        "Base {model}: {price:,} {currency}", "Long-range version: {price_high:,} {currency}",
        "Price cut of up to {price_cut:,} {currency}", "Deposit: {deposit:,} {currency}",
    ]),
    ("Battery and charging", "The pack is new, and so is the charging curve.", [
        "{battery_kwh} kWh battery", "{range_km} km of range (CLTC)",
        "10–80% in {charge_minutes} minutes", "{voltage}-volt architecture",
    ]),
    ("Factories and capacity", "Approval came faster than for earlier entrants.", [
        "{capacity:,} vehicles a year of new capacity", "Approved by the {regulator}",
        "Production start: {month} {year}", "{workers:,} new jobs",
    ]),
    ("The competition", "The {rival} remains the benchmark in this segment.", [
        "The {rival} sells for {rival_price:,} {currency}", "{company} undercuts it by {gap}%",
        "Range advantage: {range_gap} km",
    ]),
    ("Charging network", "Charging is where buyers in {market} still hesitate.", [
        "{stations} new stations", "{chargers:,} chargers in total", "Up to {kw} kW per charger",
    ]),
    ("What comes next", "More models are planned before the end of {year}.", [
        "A second model due in {next_year}", "Expansion beyond {market}",
        "Target: {target:,} deliveries this year",
    ]),
]
SOURCE_TITLES = [
    "{company} {month} deliveries", "{company} {model}: price and range",
    "{regulator} statement on new capacity", "EV price war spreads in {market}",
    "{company} results call", "Exclusive: {company} plans for {next_year}",
]
FACTS = [  # statement, the story value it states, unit
    ("{company} delivered {deliveries:,} vehicles in {month} {year}.", "deliveries", "vehicles"),
    ("The {model} is rated at {range_km} km of range (CLTC).", "range_km", "km"),
    ("The {model} starts at {price:,} {currency} in {market}.", "price", "{currency}"),
    ("The {model} uses a {battery_kwh} kWh battery pack.", "battery_kwh", "kWh"),
    ("{company} deliveries rose {pct}% year on year in {month}.", "pct", "%"),
    ("The {regulator} approved {capacity:,} vehicles a year of new capacity.", "capacity",
     "vehicles/year"),
    ("The {model} charges from 10% to 80% in {charge_minutes} minutes.", "charge_minutes",
     "minutes"),
]
PROS = [
    ("Range", "{range_km} km is more than most rivals at the price."),
    ("Price", "From {price:,} {currency}, it undercuts the {rival}."),
    ("Charging", "10–80% in {charge_minutes} minutes on a fast charger."),
    ("Software", "Over-the-air updates arrive monthly."),
]
CONS = [
    ("Waiting list", "Buyers who order now wait about {wait} weeks."),
    ("Charging network", "Only {stations} stations outside big cities."),
    ("Resale value", "Price cuts have hit used prices."),
]
# fmt: on


def _story(rng, lineups, regulators):
    """One article's facts and figures; every template of that article draws on the same ones."""
    company, models = rng.choice(lineups)
    rival, rival_models = rng.choice([lineup for lineup in lineups if lineup[0] != company])
    market, currency = rng.choice(MARKETS)
    price = rng.randrange(150, 600) * 1000
    deliveries = rng.randrange(2_000, 250_000)
    year = rng.choice([2024, 2025, 2026])
    return {
        "company": company.name, "subject": company, "model": rng.choice(models),
        "rival": f"{rival.name} {rng.choice(rival_models)}", "rival_company": rival.name,
        "regulator": rng.choice(regulators).name, "market": market, "currency": currency,
        "price": price, "price_high": price + rng.randrange(20, 90) * 1000,
        "price_cut": rng.randrange(5, 40) * 1000, "deposit": rng.randrange(1, 10) * 1000,
        "rival_price": price + rng.randrange(-30, 60) * 1000, "gap": rng.randrange(2, 25),
        "deliveries": deliveries, "expected": int(deliveries * rng.uniform(0.8, 1.2)),
        "exports": deliveries // rng.randrange(3, 10), "pct": rng.randrange(3, 180),
        "share": rng.randrange(20, 80), "range_km": rng.randrange(400, 900),
        "range_gap": rng.randrange(10, 150), "battery_kwh": rng.choice([60, 73.6, 82, 94.3, 101]),
        "charge_minutes": rng.randrange(12, 35), "voltage": rng.choice([400, 800, 900]),
        "capacity": rng.randrange(50, 400) * 1000, "workers": rng.randrange(500, 8000),
        "stations": rng.randrange(20, 600), "chargers": rng.randrange(1000, 40000),
        "kw": rng.choice([250, 350, 480, 600]), "target": deliveries * rng.randrange(8, 14),
        "wait": rng.randrange(4, 30), "streak": rng.choice(["third", "fourth", "fifth"]),
        "show": rng.choice(SHOWS), "month": rng.choice(MONTHS), "year": year,
        "next_year": year + 1, "weekday": rng.choice(["Monday", "Tuesday", "Thursday"]),
    }  # fmt: skip


@dataclass
class ArticlePlan:
    """An article and its parts, built in memory before any of it is inserted."""

    article: Article
    company_ids: list[int]
    author_ids: list[int]
    sections: list[Section] = field(default_factory=list)
    pros_cons: list[ProCon] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    facts: list[tuple[Fact, list[int]]] = field(default_factory=list)  # fact, source indexes


class ContentGenerator:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def ensure_taxonomy(self):
        """Reuse categories and companies by slug, so generated and demo content share them."""
        self.categories = [_get_or_create(Category, name) for name in CATEGORIES]
        self.lineups = [(_get_or_create(Company, name), models) for name, models in MODELS.items()]
        self.regulators = [
            _get_or_create(Company, name, kind=CompanyKind.REGULATOR) for name in REGULATORS
        ]

    def ensure_authors(self, count):
        users = get_user_model()
        existing = list(
            users.objects.filter(username__startswith=AUTHOR_PREFIX).order_by("pk")[:count]
        )
        names = {user.username for user in existing}
        missing = [f"{AUTHOR_PREFIX}{i}" for i in range(1, count + 1)]
        missing = [name for name in missing if name not in names][: count - len(existing)]
        new = [self._author(users, name) for name in missing]
        self.authors = existing + users.objects.bulk_create(new)
        return len(new)

    @staticmethod
    def _author(users, username):
        # Names from the number, not the random stream, so a seed gives the same articles
        # whether or not the authors already exist.
        number = int(username.removeprefix(AUTHOR_PREFIX))
        user = users(username=username, first_name=FIRST_NAMES[number % len(FIRST_NAMES)])
        user.last_name = LAST_NAMES[number * 7 % len(LAST_NAMES)]
        user.set_unusable_password()
        return user

    def generate_articles(self, count):
        plans = [self.plan_article(number) for number in self._free_numbers(count)]
        started = timezone.now()
        _insert(plans)
        # auto_now(_add) stamped the insert time; spread them like the publication dates.
        Article.objects.filter(slug__startswith=SLUG_PREFIX, created_at__gte=started).update(
            created_at=F("published_at"),
            updated_at=Coalesce("content_updated_at", "published_at"),
        )
        return _counts(plans)

    def _free_numbers(self, count):
        taken = set(Article.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug"))
        taken = {slug.split("-")[1] for (slug,) in taken}
        numbers = (n for n in range(1, count + len(taken) + 1) if str(n) not in taken)
        return [next(numbers) for _ in range(count)]

    def plan_article(self, number):
        rng, story = self.rng, _story(self.rng, self.lineups, self.regulators)
        published_at = timezone.now() - timedelta(minutes=rng.randrange(60, 60 * 24 * 730))
        title = rng.choice(HEADLINES).format(**story)
        article = Article(
            title=title,
            slug=f"{SLUG_PREFIX}{number}-{slugify(title)}"[:200],
            dek=rng.choice(DEKS).format(**story),
            intro="\n\n".join(t.format(**story) for t in rng.sample(INTROS, 2)),
            closing=f"We will update this story as {story['company']} publishes more figures.",
            category=rng.choice(self.categories),
            status=ArticleStatus.PUBLISHED,
            published_at=published_at,
            content_updated_at=published_at + timedelta(hours=6) if rng.random() < 0.1 else None,
        )
        author_ids = [a.pk for a in rng.sample(self.authors, min(len(self.authors), 2))]
        plan = ArticlePlan(article, [story["subject"].pk], author_ids[: rng.randint(1, 2)])
        self._plan_parts(plan, story, number)
        _derive(plan)
        return plan

    def _plan_parts(self, plan, story, number):
        rng = self.rng
        for position, (heading, lead, bullets) in enumerate(
            rng.sample(SECTIONS, rng.randint(3, 7))
        ):
            items = "\n".join(f"- {b}" for b in rng.sample(bullets, min(len(bullets), 4)))
            body = f"{lead}\n\n{items}".format(**story)
            plan.sections.append(Section(position=position, heading=heading, body=body))
        for kind, pool in ((ProConKind.PRO, PROS), (ProConKind.CON, CONS)):
            for position, (label, text) in enumerate(rng.sample(pool, rng.randint(2, 3))):
                plan.pros_cons.append(
                    ProCon(kind=kind, label=label, text=text.format(**story), position=position)
                )
        self._plan_facts(plan, story, number)

    def _plan_facts(self, plan, story, number):
        rng, when = self.rng, plan.article.published_at
        for index, publisher in enumerate(rng.sample(PUBLISHERS, rng.randint(2, 4))):
            plan.sources.append(
                Source(
                    publisher=publisher,
                    title=rng.choice(SOURCE_TITLES).format(**story),
                    url=f"https://{slugify(publisher)}{SOURCE_MARK}{number}-{index}",
                    published_on=when.date(),
                )
            )
        for statement, key, unit in rng.sample(FACTS, rng.randint(3, 6)):
            status = rng.choices(list(FactStatus), weights=[35, 60, 5])[0]
            fact = Fact(
                statement=statement.format(**story),
                subject=story["subject"],
                value=story[key],
                unit=unit.format(**story),
                as_of=when.date(),
                status=status,
                verified_at=when if status == FactStatus.VERIFIED else None,
            )
            picks = rng.sample(range(len(plan.sources)), rng.randint(1, min(3, len(plan.sources))))
            plan.facts.append((fact, picks))

    def generate_votes(self, most):
        """Up to `most` anonymous votes on each generated article that has none yet, and the
        summary each would have after them. Readers lean generous: more 4s and 5s than 1s."""
        articles = Article.objects.filter(slug__startswith=SLUG_PREFIX, rating_summary=None)
        ratings, summaries = [], []
        for article in articles.only("pk").order_by("pk"):
            stars = self.rng.choices(STARS, weights=[1, 1, 2, 4, 5], k=self.rng.randint(0, most))
            ratings += [
                Rating(article=article, voter_key=f"anon:gen-{article.pk}-{n}", stars=vote)
                for n, vote in enumerate(stars)
            ]
            if stars:
                summaries.append(summary_of_votes(article, stars))
        Rating.objects.bulk_create(ratings, batch_size=BATCH)
        RatingSummary.objects.bulk_create(summaries, batch_size=BATCH)
        return {"votes": len(ratings), "rated articles": len(summaries)}


def _get_or_create(model, name, **fields):
    return model.objects.get_or_create(slug=slugify(name), defaults={"name": name, **fields})[0]


def _derive(plan):
    """What Article.save(), Section.save() and update_reading_time() would compute, in memory."""
    article = plan.article
    article.intro_html = render_markdown(article.intro)
    article.closing_html = render_markdown(article.closing)
    for section in plan.sections:
        section.body_html = render_markdown(section.body)
    article.word_count = count_words(
        article.title,
        article.dek,
        article.intro,
        article.closing,
        *(part for s in plan.sections for part in (s.heading, s.body)),
        *(fact.statement for fact, _ in plan.facts),
        *(part for p in plan.pros_cons for part in (p.label, p.text)),
    )
    article.reading_time = reading_minutes(article.word_count)


def _insert(plans):
    Article.objects.bulk_create([p.article for p in plans], batch_size=BATCH)
    Source.objects.bulk_create([s for p in plans for s in p.sources], batch_size=BATCH)
    Fact.objects.bulk_create([f for p in plans for f, _ in p.facts], batch_size=BATCH)
    for plan in plans:
        for part in (*plan.sections, *plan.pros_cons):
            part.article = plan.article
    Section.objects.bulk_create([s for p in plans for s in p.sections], batch_size=BATCH)
    ProCon.objects.bulk_create([c for p in plans for c in p.pros_cons], batch_size=BATCH)
    _insert_links(plans)


def _insert_links(plans):
    authors, companies = Article.authors.through, Article.companies.through
    fact_sources = Fact.sources.through
    links = {authors: [], companies: [], fact_sources: [], KeyPoint: []}
    for plan in plans:
        article_id = plan.article.pk
        links[authors] += [authors(article_id=article_id, user_id=u) for u in plan.author_ids]
        links[companies] += [
            companies(article_id=article_id, company_id=c) for c in plan.company_ids
        ]
        for position, (fact, picks) in enumerate(plan.facts):
            links[KeyPoint].append(KeyPoint(article_id=article_id, fact=fact, position=position))
            links[fact_sources] += [
                fact_sources(fact_id=fact.pk, source_id=plan.sources[i].pk) for i in picks
            ]
    for model, rows in links.items():
        model.objects.bulk_create(rows, batch_size=BATCH)


def _counts(plans):
    return {
        "articles": len(plans),
        "sections": sum(len(p.sections) for p in plans),
        "key points and facts": sum(len(p.facts) for p in plans),
        "sources": sum(len(p.sources) for p in plans),
        "pros and cons": sum(len(p.pros_cons) for p in plans),
    }


def clear_generated():
    """Delete what an earlier run generated; hand-written content is never touched."""
    generated = Article.objects.filter(slug__startswith=SLUG_PREFIX)
    removed = {"articles": generated.count()}
    generated.delete()
    orphans = Fact.objects.filter(key_points__isnull=True, sources__url__contains=SOURCE_MARK)
    removed["facts"] = (
        Fact.objects.filter(pk__in=orphans.values("pk")).delete()[1].get(Fact._meta.label, 0)
    )
    sources = Source.objects.filter(url__contains=SOURCE_MARK, facts__isnull=True)
    removed["sources"] = sources.delete()[1].get(Source._meta.label, 0)
    authors = get_user_model().objects.filter(username__startswith=AUTHOR_PREFIX)
    removed["authors"] = authors.delete()[1].get(get_user_model()._meta.label, 0)
    return removed


class Command(BaseCommand):
    help = (
        "Fill the database with realistic generated EV news (published articles with sections, "
        "key points backed by sourced facts, pros and cons) for benchmarks. Uses bulk inserts; "
        "1,000 articles take seconds. Generated content is marked (slugs start with 'gen-') so "
        "--clear removes it and nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles", type=int, default=0, metavar="N", help="How many articles to generate."
        )
        parser.add_argument(
            "--seed", type=int, metavar="S", help="Random seed: the same seed gives the same text."
        )
        parser.add_argument(
            "--authors",
            type=int,
            default=8,
            metavar="K",
            help="How many generated authors share the bylines (default 8).",
        )
        parser.add_argument(
            "--votes",
            type=int,
            default=0,
            metavar="V",
            help="Give each generated article without votes 0 to V reader votes (1–5 stars).",
        )
        parser.add_argument(
            "--comments",
            type=int,
            nargs="+",
            default=[],
            metavar="N",
            help="For each N, give one generated article without comments N approved comments "
            "(about 2 in 5 start a thread), e.g. --comments 200 500 for the bench.",
        )
        parser.add_argument(
            "--clear", action="store_true", help="First delete everything generated before."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Do it all, report, then roll back."
        )

    def handle(self, *args, **options):
        if options["articles"] < 0 or options["authors"] < 1 or options["votes"] < 0:
            raise CommandError("--articles and --votes must be 0 or more and --authors at least 1.")
        if any(size < 0 for size in options["comments"]):
            raise CommandError("--comments sizes must be 0 or more.")
        if not (options["articles"] or options["clear"] or options["votes"] or options["comments"]):
            raise CommandError(
                "Nothing to do: pass --articles N, --votes V, --comments N, --clear, or some."
            )
        self.verbosity = options["verbosity"]
        started = time.perf_counter()
        with transaction.atomic():
            if options["clear"]:
                self._report("Removed", clear_generated())
            if options["articles"]:
                self._report("Created", self._generate(options))
            if options["votes"]:
                generator = ContentGenerator(random.Random(options["seed"]))
                self._report("Created", generator.generate_votes(options["votes"]))
            if options["comments"]:
                self._report("Created", self._discuss(options))
            if options["dry_run"]:
                transaction.set_rollback(True)
                self.stdout.write(self.style.WARNING("Dry run: everything was rolled back."))
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Done in {seconds:.1f} s."))

    def _generate(self, options):
        generator = ContentGenerator(random.Random(options["seed"]))
        generator.ensure_taxonomy()
        new_authors = generator.ensure_authors(options["authors"])
        return {**generator.generate_articles(options["articles"]), "new authors": new_authors}

    def _discuss(self, options):
        try:
            return comment_generation.generate(
                random.Random(options["seed"]), options["comments"], SLUG_PREFIX
            )
        except ValueError as error:
            raise CommandError(str(error)) from error

    def _report(self, verb, counts):
        if self.verbosity >= 1:
            summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
            self.stdout.write(f"{verb}: {summary}.")
