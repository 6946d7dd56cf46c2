"""One search interface, one backend per database vendor, chosen from the connection in use."""

from django.db import connection

from articles.search.backends import postgresql, sqlite
from articles.search.backends.base import Hit, SearchBackend

BACKENDS = {"sqlite": sqlite.SqliteBackend, "postgresql": postgresql.PostgresBackend}

__all__ = ["Hit", "SearchBackend", "backend"]


def backend() -> SearchBackend:
    try:
        return BACKENDS[connection.vendor]()
    except KeyError:
        raise NotImplementedError(f"No search backend for {connection.vendor}") from None
