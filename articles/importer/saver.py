"""A parsed article → rows: the article, its facts and key points, sections, pros and cons."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.editorial import revisions, workflow
from articles.importer.parser import ParsedArticle
from articles.importer.text import ArticleImportError
from articles.models import (
    Article,
    ArticleStatus,
    Company,
    CompanyKind,
    Fact,
    FactStatus,
    KeyPoint,
    ProCon,
    ProConKind,
    Section,
)

SLUG_MAX = 200


@dataclass
class ImportResult:
    article: Article
    facts_created: int = 0
    facts_reused: list[Fact] = field(default_factory=list)


def unique_slug(title: str) -> str:
    base = slugify(title)[: SLUG_MAX - 6].strip("-") or "article"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def mentioned(text: str, companies) -> list[Company]:
    """The companies named in the text as whole words, in order of first mention.

    Case matters, so a company called "Zero" is not found in "zero emissions".
    """
    hits = []
    for company in companies:
        if match := re.search(rf"(?<!\w){re.escape(company.name)}(?!\w)", text):
            hits.append((match.start(), company.name, company))
    return [company for *_, company in sorted(hits, key=lambda hit: hit[:2])]


def fact_for(statement: str, companies: list[Company]) -> tuple[Fact, bool]:
    """A fact on file with this exact statement (verified first; never a disputed one), or a new
    unverified fact about the company the statement names first. Returns (fact, created)."""
    on_file = Fact.objects.filter(statement=statement).exclude(status=FactStatus.DISPUTED)
    existing = on_file.filter(status=FactStatus.VERIFIED).first() or on_file.first()
    if existing:
        return existing, False
    subject = next(iter(mentioned(statement, companies)), None)
    return Fact.objects.create(statement=statement, subject=subject), True


def article_text(parsed: ParsedArticle) -> str:
    """Everything a reader would read, for finding the companies it mentions."""
    parts = [parsed.title, parsed.dek, parsed.intro_markdown, parsed.subheading, *parsed.key_points]
    parts += [f"{section.heading}\n{section.body}" for section in parsed.sections]
    parts += [f"{item.label} {item.text}" for item in parsed.pros + parsed.cons]
    return "\n".join([*parts, parsed.closing_markdown])


@dataclass
class Origin:
    """Where an article already lived before it was imported (a WordPress post)."""

    slug: str = ""
    published_at: datetime | None = None
    url: str = ""  # its public address there, when it was public
    topics: list[Company] = field(default_factory=list)
    note: str = "Imported"


@transaction.atomic
def save_article(
    parsed: ParsedArticle, *, authors, category=None, publish=False, origin: Origin | None = None
) -> ImportResult:
    """Store a parsed article as a draft (or published); all of it or, on any error, none of it.

    With an `origin` that was public (`origin.url`), a published article records the import step
    that lets it stand before its key points are verified (`facts.published_elsewhere`)."""
    origin = origin or Origin()
    if publish and not parsed.dek:
        raise ArticleImportError("Cannot publish an article without a standfirst.")
    check_fits(parsed)
    # Topics (imported tags) are given by the post's tags, never found by mentions.
    named = Company.objects.exclude(kind=CompanyKind.TOPIC)
    companies = mentioned(article_text(parsed), named)
    article = Article(
        title=parsed.title,
        slug=unique_slug(origin.slug or parsed.title),
        dek=parsed.dek,
        intro=parsed.intro_markdown,
        subheading=parsed.subheading,
        pros_heading=parsed.pros_heading,
        cons_heading=parsed.cons_heading,
        closing=parsed.closing_markdown,
        category=category,
        status=ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT,
        published_at=(origin.published_at or timezone.now()) if publish else None,
    )
    _require_fit(article, "article")
    article.save(force_insert=True)
    article.authors.set(authors)
    article.companies.set({*companies, *origin.topics})
    result = ImportResult(article)
    _save_key_points(result, parsed.key_points, companies)
    _save_body(article, parsed)
    article.update_reading_time()
    importer = next(iter(authors), None)
    revisions.record(article, by=importer, note=origin.note)
    if publish and origin.url:
        workflow.record_published_elsewhere(article, by=importer, url=origin.url)
    elif publish:
        workflow.record_import(article, by=importer)
    return result


# The database refuses a longer value (PostgreSQL) or stores it anyway (SQLite): say it plainly,
# the same on both, before anything is written.
POSITION_MAX = 32767  # PositiveSmallIntegerField, the position of key points, sections, pros/cons


def check_fits(parsed: ParsedArticle) -> None:
    """ArticleImportError if a part is too long for its column or a list too long to store."""
    for what, items in (
        ("key points", parsed.key_points),
        ("sections", parsed.sections),
        ("pros", parsed.pros),
        ("cons", parsed.cons),
    ):
        if len(items) > POSITION_MAX:
            raise ArticleImportError(
                f"{len(items):,} {what}: at most {POSITION_MAX:,} can be stored in one article."
            )
    for section in parsed.sections:
        _require_fit(Section(heading=section.heading), "section heading")
    for item in parsed.pros + parsed.cons:
        _require_fit(ProCon(label=item.label, text=item.text), "pro/con label")


def _require_fit(instance, what: str) -> None:
    for model_field in instance._meta.concrete_fields:
        if not isinstance(model_field, models.CharField):
            continue  # a TextField's max_length is the admin form's, not the column's
        limit, value = model_field.max_length, getattr(instance, model_field.attname)
        if limit and isinstance(value, str) and len(value) > limit:
            raise ArticleImportError(
                f"The {what}'s {model_field.verbose_name} is {len(value):,} characters long; "
                f"at most {limit} fit: {value[:60]!r}…"
            )


def _save_key_points(result: ImportResult, statements: list[str], companies) -> None:
    placed = set()
    for statement in statements:
        fact, created = fact_for(statement, companies)
        if fact.pk in placed:
            continue  # the same point twice: one key point is enough
        placed.add(fact.pk)
        KeyPoint.objects.create(article=result.article, fact=fact, position=len(placed) - 1)
        if created:
            result.facts_created += 1
        else:
            result.facts_reused.append(fact)


def _save_body(article: Article, parsed: ParsedArticle) -> None:
    for position, section in enumerate(parsed.sections):
        # create(), not bulk_create(): Section.save() renders body_html
        Section.objects.create(
            article=article, position=position, heading=section.heading, body=section.body
        )
    ProCon.objects.bulk_create(
        ProCon(article=article, kind=kind, label=item.label, text=item.text, position=position)
        for kind, items in ((ProConKind.PRO, parsed.pros), (ProConKind.CON, parsed.cons))
        for position, item in enumerate(items)
    )
