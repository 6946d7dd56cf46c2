"""Company fact sheets: a company's verified facts grouped by kind, each with its value, as-of
date, sources, the published articles that cite it and its earlier verified figures; never an
unverified or disputed fact. The same sheet as JSON. A fact older than its kind's freshness
window (FACT_FRESHNESS_DAYS) is flagged "may be out of date" to readers and listed for editors.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from articles.models import (
    Article,
    Fact,
    FactKind,
    FactStatus,
    FactVersion,
    FactVersionStatus,
    KeyPoint,
)


def freshness_days(kind):
    windows = settings.FACT_FRESHNESS_DAYS
    return windows.get(kind, windows.get("default"))


def is_stale(fact, today=None):
    """Whether a verified fact is older than its kind's window (facts without a date are not)."""
    days = freshness_days(fact.kind)
    if not days or fact.as_of is None:
        return False
    return (today or timezone.localdate()) - fact.as_of > timedelta(days=days)


def stale_facts(now=None):
    """Verified facts past their freshness window, oldest first, for the editors' dashboard."""
    today = timezone.localdate(now) if now else timezone.localdate()
    past_window = Q(pk__in=[])
    for kind in FactKind.values:
        if days := freshness_days(kind):
            past_window |= Q(kind=kind, as_of__lt=today - timedelta(days=days))
    return Fact.objects.filter(past_window, status=FactStatus.VERIFIED).order_by("as_of", "pk")


@dataclass
class SheetGroup:
    kind: str
    label: str
    facts: list = field(default_factory=list)


def company_sheet(company):
    """[SheetGroup] of the company's verified facts, in FactKind order, in a fixed number of
    queries; each fact carries `.citing` (published articles), `.earlier` (superseded
    versions) and `.may_be_stale`."""
    published = Article.objects.published().order_by("-published_at")
    citing = KeyPoint.objects.filter(article__in=published).select_related("article")
    earlier = FactVersion.objects.filter(status=FactVersionStatus.SUPERSEDED).order_by("-number")
    facts = (
        Fact.objects.filter(subject=company, status=FactStatus.VERIFIED)
        .prefetch_related(
            "sources",
            Prefetch("key_points", queryset=citing, to_attr="citing_points"),
            Prefetch("versions", queryset=earlier, to_attr="earlier"),
        )
        .order_by("-as_of", "pk")
    )
    groups = {kind: SheetGroup(kind, label) for kind, label in FactKind.choices}
    today = timezone.localdate()
    for fact in facts:
        fact.citing = [point.article for point in fact.citing_points]
        fact.may_be_stale = is_stale(fact, today)
        groups[fact.kind].facts.append(fact)
    return [group for group in groups.values() if group.facts]


def sheet_as_json(company, sheet, absolute):
    """The documented JSON shape of /companies/<slug>/facts.json; `absolute(path)` makes URLs."""
    return {
        "company": {
            "name": company.name,
            "slug": company.slug,
            "url": absolute(company.get_absolute_url()),
        },
        "groups": [
            {
                "kind": group.kind,
                "label": group.label,
                "facts": [_fact_json(fact, absolute) for fact in group.facts],
            }
            for group in sheet
        ],
    }


def _fact_json(fact, absolute):
    return {
        "statement": fact.statement,
        "value": format(fact.value.normalize(), "f") if fact.value is not None else None,
        "unit": fact.unit,
        "as_of": fact.as_of,
        "verified_at": fact.verified_at,
        "may_be_out_of_date": fact.may_be_stale,
        "sources": [
            {
                "publisher": source.publisher,
                "title": source.title,
                "url": source.url or None,
                "published_on": source.published_on,
            }
            for source in fact.sources.all()
        ],
        "cited_by": [
            {"title": article.title, "url": absolute(article.get_absolute_url())}
            for article in fact.citing
        ],
        "earlier_figures": [
            {
                "statement": version.data["statement"],
                "value": version.data["value"],
                "unit": version.data["unit"],
                "as_of": version.data["as_of"],
                "replaced_at": version.checked_at,
            }
            for version in fact.earlier
        ],
    }
