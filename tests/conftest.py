"""Chained fixtures: writer → article → ... Focused data per test; the `make_*` helpers in
`tests/factories.py` build anything more specific."""

import pytest

from articles.models import ArticleStatus
from articles.roles import EDITOR, MODERATOR, PUBLISHER, WRITER
from tests.factories import make_article, make_category, make_company, make_fact, make_user


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def writer(db):
    return make_user("writer", role=WRITER)


@pytest.fixture
def editor(db):
    return make_user("editor", role=EDITOR)


@pytest.fixture
def publisher(db):
    return make_user("publisher", role=PUBLISHER)


@pytest.fixture
def moderator(db):
    return make_user("moderator", role=MODERATOR)


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def category(db):
    return make_category("Industry")


@pytest.fixture
def company(db):
    return make_company("Xiaomi")


@pytest.fixture
def fact(company):
    return make_fact("Xiaomi has been approved to produce EVs by the NDRC.", subject=company)


@pytest.fixture
def article(writer, category, company, fact):
    """A published article with one of each part."""
    return make_article(
        "Xiaomi EV",
        authors=[writer],
        category=category,
        companies=[company],
        key_facts=[fact],
        status=ArticleStatus.PUBLISHED,
    )


@pytest.fixture
def draft(writer, category):
    return make_article("A draft nobody may see", authors=[writer], category=category)
