"""Subscriptions' fixtures: committing the way a request's transaction does."""

import pytest


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for a commit (queued tasks) as the request's transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
