"""Ratings' fixtures: an article readers have already voted on."""

import pytest

from articles.ratings.services import cast_vote
from articles.readers import Voter


@pytest.fixture
def rated_twice(article):
    """The article with two earlier votes (5 and 3 stars: 4.0 from 2 votes)."""
    for n, stars in enumerate([5, 3]):
        cast_vote(article, Voter(user_id=None, anon_id=f"earlier-{n}"), stars)
    return article
