"""Search results in the shape Django's Paginator wants: `count()` and slicing, each one query."""

from dataclasses import dataclass
from functools import cached_property

from articles.models import Article
from articles.search import query
from articles.search.backends import backend
from articles.search.backends.base import highlight


@dataclass(frozen=True)
class Result:
    article: Article
    snippet: str


class SearchResults:
    def __init__(self, q: str, articles):
        """`articles`: the published articles left by the reader's filters."""
        self.terms = query.terms(q)
        self.articles = articles
        self.backend = backend()

    @cached_property
    def _count(self) -> int:
        return self.backend.count(self.terms, self.articles) if self.terms else 0

    def count(self) -> int:
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, window: slice) -> list[Result]:
        if not self.terms:
            return []
        offset, stop = window.start or 0, window.stop
        hits = self.backend.page(self.terms, self.articles, offset, stop - offset)
        found = self.articles.in_bulk([hit.article_id for hit in hits])
        # A hit whose article left the filtered set between the two queries is dropped.
        return [
            Result(found[hit.article_id], highlight(hit.snippet))
            for hit in hits
            if hit.article_id in found
        ]
