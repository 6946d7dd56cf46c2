"""Fact verification: an editor signs for a fact after checking it against its sources.

A fact's status moves only through these functions (the admin's Verify/Dispute page and bulk
action call them); the article workflow reads the status at its gates.
"""

from django.utils import timezone

from articles import caching
from articles.models import Article, Fact, FactStatus

VERIFY = "articles.verify_fact"


class VerificationError(Exception):
    """A check refused, with a reason the editor can act on."""


def verify_fact(fact, by, note=""):
    """An editor signs for a fact after checking it against its sources."""
    return _check_fact(fact, by, FactStatus.VERIFIED, note)


def dispute_fact(fact, by, note):
    if not note.strip():
        raise VerificationError("Say why the fact is disputed")
    return _check_fact(fact, by, FactStatus.DISPUTED, note)


def _check_fact(fact, by, status, note):
    if not by.has_perm(VERIFY):
        raise VerificationError("You may not verify or dispute facts")
    if status == FactStatus.VERIFIED and not fact.sources.exists():
        raise VerificationError("Add at least one source before verifying this fact")
    changes = {
        "status": status,
        "verification_note": note.strip() or fact.verification_note,
        "verified_by": by,
        "verified_at": timezone.now(),
    }
    Fact.objects.filter(pk=fact.pk).update(updated_at=changes["verified_at"], **changes)
    # The "verified" mark beside the key point on the live pages that cite the fact.
    for article_id in (
        Article.objects.published().filter(key_points__fact=fact).values_list("pk", flat=True)
    ):
        caching.discussion_changed(article_id)
    for field, value in changes.items():
        setattr(fact, field, value)
    return fact


def reopen_fact(fact):
    """A checked fact whose content changes is unchecked again; the caller saves it."""
    if fact.status == FactStatus.UNVERIFIED:
        return fact
    fact.verification_note = f"Changed after it was {fact.status}; check again."
    fact.status = FactStatus.UNVERIFIED
    fact.verified_by = None
    fact.verified_at = None
    return fact
