"""Search's fixtures: an article ready to publish, and a published one for the browser."""

import pytest

from articles.editorial import workflow
from articles.facts import verification
from articles.models import ArticleStatus
from tests.factories import make_article, make_category, make_company, make_fact, make_user


@pytest.fixture
def ready(writer, editor):
    """An approved article about graphene anodes, its key-point fact verified."""
    fact = make_fact("Graphene anodes double range.")
    verification.verify_fact(fact, editor, "Checked.")
    draft = make_article("Graphene anodes", authors=[writer], key_facts=[fact])
    workflow.submit(draft, writer)
    workflow.approve(draft, editor)
    return draft


@pytest.fixture
def battery_story(transactional_db):
    """Built without role groups: a transactional test's flush removes the migrated groups."""
    return make_article(
        "Solid-state battery pilot line opens",
        authors=[make_user("author", first_name="Li", last_name="Wei")],
        category=make_category("Industry"),
        companies=[make_company("Toyota")],
        sections=(("Output", "The line makes solid-state battery cells for testing."),),
        status=ArticleStatus.PUBLISHED,
    )
