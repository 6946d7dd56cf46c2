"""Writing a fact where it is used: a key point typed into the article form becomes a Fact here.

The article form never writes Fact or Source rows itself; it calls `write_fact()`, which matches a
fact that already says the same thing (so one verified fact serves many articles), edits the
point's own fact in place, or creates a new one. A checked fact whose content changes is opened
for checking again (verification.reopen_fact). This is the one seam for fact versions: a fact cited
by live articles can become a pending version here instead of an edit in place.

Sources are written one per line, `Publisher | Title | https://url | 2024-03-28`; only the
publisher is required. Parsing splits on "|", never a regular expression.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from articles.facts import verification
from articles.models import Fact, Source

SEPARATOR = "|"
SOURCES_HELP = (
    "One source per line: Publisher | Title | https://address | YYYY-MM-DD. "
    "Only the publisher is required."
)


@dataclass(frozen=True)
class SourceLine:
    publisher: str
    title: str = ""
    url: str = ""
    published_on: date | None = None

    def __str__(self):
        parts = [self.publisher, self.title, self.url, self.published_on or ""]
        while parts and not parts[-1]:
            parts.pop()
        return f" {SEPARATOR} ".join(str(part) for part in parts)


@dataclass(frozen=True)
class FactDraft:
    """What a writer typed for one key point."""

    statement: str
    subject: object = None  # a Company or None
    value: Decimal | None = None
    unit: str = ""
    as_of: date | None = None
    sources: tuple[SourceLine, ...] = field(default_factory=tuple)


def parse_sources(text):
    """Lines of `Publisher | Title | URL | date` → SourceLines; ValidationError names the line."""
    lines, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.split(SEPARATOR)]
        if len(cells) > 4:
            problems.append(f"Line {number}: at most four parts separated by “|”.")
            continue
        publisher, title, url, day = [*cells, "", "", ""][:4]
        if not publisher:
            problems.append(f"Line {number}: name the publisher first.")
            continue
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                problems.append(f"Line {number}: “{url}” is not a web address (https://…).")
                continue
        published_on = None
        if day:
            try:
                published_on = date.fromisoformat(day)
            except ValueError:
                problems.append(f"Line {number}: write the date as YYYY-MM-DD.")
                continue
        lines.append(SourceLine(publisher[:120], title[:300], url[:500], published_on))
    if problems:
        raise ValidationError(problems)
    return tuple(lines)


def sources_text(sources):
    """The textarea's initial value for a fact's sources."""
    return "\n".join(str(_line(source)) for source in sources)


def _line(source):
    return SourceLine(source.publisher, source.title, source.url, source.published_on)


def write_fact(current, draft, *, by):
    """The Fact a key point should cite for `draft`, given the fact it cites now (or None).

    - unchanged: the current fact as it is;
    - the same statement about the same subject already exists: that fact (matched), with any
      new sources added;
    - the current fact is cited by this point alone: edited in place, and opened for checking
      again if it had been checked;
    - otherwise a new, unverified fact, so other articles citing the old one are untouched.
    """
    with transaction.atomic():
        if current is not None and _same(current, draft):
            return current
        matched = _match(draft, exclude=current)
        if matched is not None:
            _add_sources(matched, draft.sources)
            return matched
        if current is not None and current.key_points.count() <= 1:
            return _revise(current, draft)
        return _create(draft)


def _fields(draft):
    return {
        "statement": draft.statement.strip(),
        "subject": draft.subject,
        "value": draft.value,
        "unit": draft.unit.strip(),
        "as_of": draft.as_of,
    }


def _same(fact, draft):
    wanted = _fields(draft)
    if any(getattr(fact, name) != value for name, value in wanted.items()):
        return False
    return set(map(_line, fact.sources.all())) == set(draft.sources)


def _match(draft, exclude=None):
    facts = Fact.objects.filter(statement=draft.statement.strip(), subject=draft.subject)
    if exclude is not None:
        facts = facts.exclude(pk=exclude.pk)
    for fact in facts.prefetch_related("sources"):
        if (fact.value, fact.unit, fact.as_of) == (draft.value, draft.unit.strip(), draft.as_of):
            return fact
    return None


def _revise(fact, draft):
    for name, value in _fields(draft).items():
        setattr(fact, name, value)
    verification.reopen_fact(fact)
    fact.save()
    fact.sources.set(_sources(draft.sources))
    return fact


def _create(draft):
    fact = Fact.objects.create(**_fields(draft))
    fact.sources.set(_sources(draft.sources))
    return fact


def _add_sources(fact, lines):
    known = set(map(_line, fact.sources.all()))
    fresh = [line for line in lines if line not in known]
    if fresh:
        fact.sources.add(*_sources(fresh))


def _sources(lines):
    """Existing Source rows for these lines (same address, or same publisher and title without
    one), new rows for the rest."""
    found = []
    for line in lines:
        if line.url:
            source, _ = Source.objects.get_or_create(
                url=line.url,
                defaults={
                    "publisher": line.publisher,
                    "title": line.title,
                    "published_on": line.published_on,
                },
            )
        else:
            source = Source.objects.filter(
                url="", publisher=line.publisher, title=line.title
            ).first() or Source.objects.create(
                publisher=line.publisher, title=line.title, published_on=line.published_on
            )
        found.append(source)
    return found
