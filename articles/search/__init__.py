"""Full-text search of published articles: one interface, a backend per database.

- `index.reindex(article)` keeps an article's entry in step; editorial calls it in the
  transaction that publishes, unpublishes or merges a new version, and fact corrections call
  `index.reindex_fact(fact)`. `index.rebuild()` (`manage.py rebuild_search_index`) redoes all.
- `query.terms(q)` turns any reader input into plain words, so no query reaches the database as
  full-text syntax; `backends.backend()` ranks them with SQLite FTS5 or PostgreSQL's tsvector.
- `results.SearchResults` is what the page paginates: one count and one ranked page query.
"""
