"""A parsed article → rows: the article, its facts and key points, sections, pros and cons."""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.editorial import revisions, workflow
from articles.importer.parser import ParsedArticle
from articles.importer.text import ArticleImportError
from articles.models import (
    Article,
    ArticleStatus,
    Company,
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


@transaction.atomic
def save_article(parsed: ParsedArticle, *, authors, category=None, publish=False) -> ImportResult:
    """Store a parsed article as a draft (or published); all of it or, on any error, none of it."""
    if publish and not parsed.dek:
        raise ArticleImportError("Cannot publish an article without a standfirst.")
    companies = mentioned(article_text(parsed), Company.objects.all())
    article = Article.objects.create(
        title=parsed.title,
        slug=unique_slug(parsed.title),
        dek=parsed.dek,
        intro=parsed.intro_markdown,
        subheading=parsed.subheading,
        pros_heading=parsed.pros_heading,
        cons_heading=parsed.cons_heading,
        closing=parsed.closing_markdown,
        category=category,
        status=ArticleStatus.PUBLISHED if publish else ArticleStatus.DRAFT,
        published_at=timezone.now() if publish else None,
    )
    article.authors.set(authors)
    article.companies.set(companies)
    result = ImportResult(article)
    _save_key_points(result, parsed.key_points, companies)
    _save_body(article, parsed)
    article.update_reading_time()
    importer = next(iter(authors), None)
    revisions.record(article, by=importer, note="Imported")
    if publish:
        workflow.record_import(article, by=importer)
    return result


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
