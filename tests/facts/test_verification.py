"""Fact verification: who may verify or dispute, and what a check needs."""

import pytest

from articles.facts import verification
from articles.facts.verification import VerificationError
from articles.models import FactStatus


def test_verifying_a_fact_stamps_who_and_when(editor, price_fact):
    fact = price_fact
    verification.verify_fact(fact, editor, "Xiaomi's launch price list.")
    fact.refresh_from_db()
    assert (fact.status, fact.verified_by, fact.verification_note) == (
        FactStatus.VERIFIED,
        editor,
        "Xiaomi's launch price list.",
    )
    assert fact.verified_at is not None


def test_a_writer_cannot_verify_facts(writer, price_fact):
    fact = price_fact
    with pytest.raises(VerificationError, match="You may not verify"):
        verification.verify_fact(fact, writer)
    fact.refresh_from_db()
    assert fact.status == FactStatus.UNVERIFIED


def test_a_fact_without_sources_cannot_be_verified(editor, price_fact):
    fact = price_fact
    fact.sources.clear()
    with pytest.raises(VerificationError, match="Add at least one source"):
        verification.verify_fact(fact, editor)


def test_disputing_a_fact_needs_a_reason(editor, price_fact):
    fact = price_fact
    with pytest.raises(VerificationError, match="Say why"):
        verification.dispute_fact(fact, editor, "")
    verification.dispute_fact(fact, editor, "The price list says 215,900 only for the base model.")
    fact.refresh_from_db()
    assert fact.status == FactStatus.DISPUTED
