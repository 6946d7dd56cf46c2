"""Two editors verify two versions of one fact at the same moment (PostgreSQL, real threads and
connections): one wins, the other is told why, and its version is kept."""

import threading
import time

import pytest
from django.db import connection

from articles.facts import versions
from articles.facts.verification import verify_fact
from articles.models import ArticleStatus, Correction, Fact, FactVersionStatus
from articles.roles import EDITOR
from tests.factories import make_article, make_fact, make_user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_verifying_two_versions_at_once_one_wins(monkeypatch):
    first_editor, second_editor = make_user("ed1", role=EDITOR), make_user("ed2", role=EDITOR)
    fact = make_fact("The plant builds 150,000 cars a year.")
    versions.record(fact, first_editor)
    verify_fact(fact, first_editor, "ok")
    make_article("Plant", key_facts=[fact], status=ArticleStatus.PUBLISHED)
    proposals = [
        versions.propose(fact, first_editor, versions.snapshot(fact, statement=text))
        for text in ("The plant builds 200,000 cars a year.", "The plant builds 300,000.")
    ]
    original_apply = versions._apply

    def slow_apply(*args, **kwargs):
        time.sleep(0.2)  # hold the fact's row lock so the other editor collides with it
        return original_apply(*args, **kwargs)

    monkeypatch.setattr(versions, "_apply", slow_apply)
    start = threading.Barrier(2)
    won, told = [], []

    def verify(version, editor):
        try:
            start.wait()
            versions.verify_version(version, editor, change_kind="update", public_note="New.")
            won.append(version)
        except versions.ConflictError as error:
            told.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=verify, args=(version, editor))
        for version, editor in zip(proposals, (first_editor, second_editor), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(won) == 1 and len(told) == 1
    assert "stays pending" in told[0]
    fact = Fact.objects.get(pk=fact.pk)
    assert fact.statement == won[0].data["statement"]
    loser = next(v for v in proposals if v.pk != won[0].pk)
    loser.refresh_from_db()
    assert loser.status == FactVersionStatus.PENDING
    assert Correction.objects.count() == 1
