"""Comments' fixtures: a held comment, and the parts inline feedback is about."""

import pytest

from articles.models import CommentStatus
from tests.factories import make_comment


@pytest.fixture
def held(article):
    return make_comment(article, "Held for review.", status=CommentStatus.PENDING,
                        author_email="New.Reader@Example.com", ip_hash="a" * 32)  # fmt: skip


@pytest.fixture
def point(article):
    return article.key_points.select_related("fact").get()


@pytest.fixture
def section(article):
    return article.sections.get()
