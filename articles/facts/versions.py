"""Versions of a fact: nothing readers see changes without an editor's verification.

The Fact row always holds what readers see. Every save of a fact's content is kept as a
FactVersion. While no reviewed article cites the fact (none approved, scheduled or published) an
edit applies at once, the fact goes back to unverified and the approval gate waits for a check.
Once one does, an edit becomes a *pending* version: readers, feeds, JSON-LD and fact sheets keep
the verified text until an editor verifies the new version (`verify_version`), which then
replaces it and, if published articles cite it, publishes a dated correction or update on each.

Two editors verifying two versions of one fact at once: the fact's row is locked and each version
names the fact version it was written on (`base_number`); the second finds the fact moved on and
is refused with who verified what, and its version stays pending, nothing lost.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from articles import caching
from articles.facts import corrections
from articles.facts.verification import VERIFY, VerificationError
from articles.models import (
    Article,
    ArticleStatus,
    ChangeKind,
    Company,
    Fact,
    FactStatus,
    FactVersion,
    FactVersionStatus,
    Source,
)
from articles.textdiff import compare_text

REVIEWED = (ArticleStatus.APPROVED, ArticleStatus.SCHEDULED, ArticleStatus.PUBLISHED)
V = FactVersionStatus


class ConflictError(VerificationError):
    """The fact changed after the version (or form) was written on it."""


def snapshot(fact, *, subject=None, sources=None, **values) -> dict:
    """A fact's content as JSON-ready data; keyword values override the fact's own."""
    subject = fact.subject if subject is None and "subject" not in values else subject
    sources = list(fact.sources.all()) if sources is None else list(sources)
    value = values.get("value", fact.value)
    as_of = values.get("as_of", fact.as_of)
    return {
        "statement": values.get("statement", fact.statement).replace("\r\n", "\n"),
        "subject": {"id": subject.pk, "name": subject.name} if subject else None,
        "kind": values.get("kind", fact.kind),
        "value": str(value) if value is not None else None,
        "unit": values.get("unit", fact.unit),
        "as_of": as_of.isoformat() if as_of else None,
        "sources": [{"id": s.pk, "label": str(s)} for s in sorted(sources, key=lambda s: s.pk)],
    }


def is_cited_by_reviewed(fact) -> bool:
    """Whether an approved, scheduled or published article cites the fact: then no edit goes
    live without verification."""
    return fact.key_points.filter(article__status__in=REVIEWED).exists()


def _next_number(fact):
    last = fact.versions.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def check_lock(fact, loaded_version):
    """Refuse a form loaded before the fact's latest version, saying who saved what since."""
    current = Fact.objects.filter(pk=fact.pk).values_list("lock_version", flat=True).first()
    if loaded_version is None or current is None or loaded_version == current:
        return
    latest = fact.versions.filter(number__gt=loaded_version).select_related("created_by").first()
    who = _name(latest.created_by) if latest else "someone"
    when = f"{timezone.localtime(latest.created_at):%Y-%m-%d %H:%M}" if latest else ""
    raise ConflictError(
        f"{who} saved this fact at {when}, after you opened it (version {current} now, you "
        f"opened {loaded_version}). Your text is kept in the form: compare with the history, "
        "then save again."
    )


def record(fact, by, note="", status=V.RECORDED) -> FactVersion:
    """Keep the fact's current content (just saved in place) as its next version."""
    with transaction.atomic():
        Fact.objects.select_for_update().filter(pk=fact.pk).exists()
        version = FactVersion.objects.create(
            fact=fact,
            number=_next_number(fact),
            base_number=fact.lock_version,
            data=snapshot(fact),
            status=status,
            note=note,
            created_by=by,
        )
        Fact.objects.filter(pk=fact.pk).update(lock_version=version.number)
        fact.lock_version = version.number
    return version


def propose(fact, by, data, note="") -> FactVersion:
    """A pending version of a fact that reviewed articles cite; the Fact row is not touched."""
    if not by.has_perm("articles.change_fact"):
        raise PermissionDenied("You may not edit facts.")
    with transaction.atomic():
        locked = Fact.objects.select_for_update().get(pk=fact.pk)
        return FactVersion.objects.create(
            fact=locked,
            number=_next_number(locked),
            base_number=locked.lock_version,
            data=data,
            status=V.PENDING,
            note=note,
            created_by=by,
        )


def pending(fact):
    return fact.versions.filter(status=V.PENDING).select_related("created_by")


def verify_version(version, by, *, change_kind="", public_note="", check_note=""):
    """An editor verifies a pending version: it becomes what readers see. Returns the
    corrections published on citing articles (none if no published article cites the fact)."""
    if not by.has_perm(VERIFY):
        raise VerificationError("You may not verify or dispute facts")
    if not version.data.get("sources"):
        raise VerificationError("Add at least one source to this version before verifying it")
    with transaction.atomic():
        fact = Fact.objects.select_for_update().get(pk=version.fact_id)
        version = FactVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != V.PENDING:
            who = _name(version.checked_by) if version.checked_by_id else "someone"
            state = version.get_status_display().split(" (")[0].lower()
            raise ConflictError(f"This version was already checked by {who}: {state}")
        if version.base_number != fact.lock_version:
            raise ConflictError(_moved_on(fact, version))
        citing = corrections.published_citing(fact)
        if citing and (change_kind not in ChangeKind.values or not public_note.strip()):
            raise VerificationError(
                "Published articles cite this fact: choose correction or update and write the "
                "note readers will see"
            )
        now = timezone.now()
        fact.versions.filter(status__in=[V.VERIFIED, V.RECORDED]).update(status=V.SUPERSEDED)
        _apply(fact, version.data)
        fact.status = FactStatus.VERIFIED
        fact.verified_by, fact.verified_at = by, now
        fact.verification_note = check_note.strip() or f"Version {version.number} verified."
        fact.lock_version = version.number
        fact.save()
        version.status, version.checked_by, version.checked_at = V.VERIFIED, by, now
        version.check_note, version.change_kind = check_note.strip(), change_kind if citing else ""
        version.save()
        # Live pages citing the fact show it (those with a correction are renewed with it too),
        # and its company's fact sheet lists it.
        _pages_showing_changed(fact)
        return [
            corrections.publish_correction(
                article, by, change_kind, public_note, fact=fact, fact_version=version
            )
            for article in citing
        ]


def _pages_showing_changed(fact):
    cited = Article.objects.published().filter(key_points__fact=fact)
    for article_id in cited.values_list("pk", flat=True):
        caching.discussion_changed(article_id)
    if fact.subject_id:
        caching.invalidate({fact.subject.get_absolute_url()})


def reject_version(version, by, note):
    if not by.has_perm(VERIFY):
        raise VerificationError("You may not verify or dispute facts")
    if not note.strip():
        raise VerificationError("Say why the version is rejected")
    with transaction.atomic():
        version = FactVersion.objects.select_for_update().get(pk=version.pk)
        if version.status != V.PENDING:
            raise ConflictError(f"This version is already {version.get_status_display().lower()}")
        version.status, version.checked_by, version.checked_at = V.REJECTED, by, timezone.now()
        version.check_note = note.strip()
        version.save()
    return version


def _apply(fact, data):
    fact.statement = data["statement"]
    subject = data["subject"]
    fact.subject = Company.objects.filter(pk=subject["id"]).first() if subject else None
    fact.kind = data["kind"]
    fact.value = Decimal(data["value"]) if data["value"] is not None else None
    fact.unit = data["unit"]
    fact.as_of = parse_date(data["as_of"]) if data["as_of"] else None
    fact.save()
    fact.sources.set(Source.objects.filter(pk__in=[s["id"] for s in data["sources"]]))


def _moved_on(fact, version):
    latest = fact.versions.filter(number=fact.lock_version).select_related("checked_by").first()
    who = _name(latest.checked_by or latest.created_by) if latest else "someone"
    return (
        f"The fact changed after this version was written: {who} made version "
        f"{fact.lock_version} what readers see. This version stays pending; compare it with the "
        "history and propose it again on the current text if it still applies."
    )


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else "someone"


# Reading the history -------------------------------------------------------------------------

FIELDS = [
    ("Statement", lambda d: d["statement"]),
    ("Subject", lambda d: d["subject"]["name"] if d["subject"] else ""),
    ("Kind", lambda d: d.get("kind") or ""),
    ("Value", lambda d: f"{d['value'] or ''} {d['unit']}".strip()),
    ("As of", lambda d: d["as_of"] or ""),
    ("Sources", lambda d: "\n".join(s["label"] for s in d["sources"])),
]


def diff(old, new):
    """Word-level changes between two version snapshots (old may be None)."""
    changes = [compare_text(label, read(old) if old else "", read(new)) for label, read in FIELDS]
    return [change for change in changes if change]


def history(fact):
    """[(version, changes against the version before it)], newest first."""
    versions = list(fact.versions.select_related("created_by", "checked_by").order_by("number"))
    rows, previous = [], None
    for version in versions:
        rows.append((version, diff(previous, version.data)))
        previous = version.data
    return rows[::-1]
