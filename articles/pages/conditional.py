"""Conditional GET for feeds: an ETag and a Last-Modified from what the feed would show, so a
reader polling an unchanged feed gets 304 without the feed being rendered.

The state is one small query: the ids and change times of the feed's items, each with the
latest change to one of its key-point facts. An article edited, a fact corrected, an article
published or withdrawn: each changes the ETag."""

import hashlib
from dataclasses import dataclass

from django.db.models import Max
from django.views.decorators.http import condition


@dataclass(frozen=True)
class FeedState:
    etag: str
    last_modified: object  # datetime or None for an empty feed


def feed_state(articles, limit, salt="") -> FeedState:
    rows = list(
        articles.order_by("-published_at", "-pk")
        .annotate(facts_changed=Max("key_points__fact__updated_at"))
        .values_list("pk", "published_at", "content_updated_at", "facts_changed")[:limit]
    )
    stamps = [stamp for row in rows for stamp in row[1:] if stamp is not None]
    digest = hashlib.sha256(repr([salt, *rows]).encode()).hexdigest()[:32]
    return FeedState(etag=f'"{digest}"', last_modified=max(stamps, default=None))


def conditional(view, state_for):
    """`view(request, *args, **kwargs)` answered 304 when `state_for(request, *args, **kwargs)`
    matches the client's If-None-Match / If-Modified-Since."""
    return condition(
        etag_func=lambda request, *args, **kwargs: state_for(request, *args, **kwargs).etag,
        last_modified_func=lambda request, *args, **kwargs: (
            state_for(request, *args, **kwargs).last_modified
        ),
    )(view)
