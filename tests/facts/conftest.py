"""Facts' fixtures: an unverified fact with a source, as a writer leaves it."""

import pytest

from tests.factories import make_fact


@pytest.fixture
def price_fact(db):
    return make_fact("The SU7 starts at 215,900 yuan.")
