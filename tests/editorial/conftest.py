"""Editorial fixtures: a verified fact, and an article that passed review with it."""

import pytest

from articles.facts import verification
from articles.models import ArticleStatus
from tests.factories import make_article, make_fact


@pytest.fixture
def verified_fact(editor):
    fact = make_fact("Xiaomi SU7 deliveries began in March 2024.")
    return verification.verify_fact(fact, editor, "Checked against Reuters.")


@pytest.fixture
def approved(writer, verified_fact):
    return make_article(
        "SU7 approved", authors=[writer], key_facts=[verified_fact], status=ArticleStatus.APPROVED
    )
