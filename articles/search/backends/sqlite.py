"""SQLite: the FTS5 table `articles_search_fts` (migration 0016), ranked with bm25."""

from articles.search import query
from articles.search.backends.base import MARK_END, MARK_START, Hit, SearchBackend, subquery

# bm25 weights of the FTS columns (title, summary, body): lower scores rank first.
WEIGHTS = "10.0, 4.0, 1.0"
SNIPPET_TOKENS = 24


def match_expression(terms: list[str]) -> str:
    """Each word as an FTS5 string ("word"), so nothing typed is read as an operator; all must
    match. Words hold only letters and digits, so none contains a quote."""
    phrases = [f'"{term}"' for term in terms]
    if query.prefix_last(terms):
        phrases[-1] += "*"
    return " ".join(phrases)


class SqliteBackend(SearchBackend):
    count_sql = (
        "SELECT count(*) FROM articles_search_fts"
        " WHERE articles_search_fts MATCH %s AND rowid IN ({ids})"
    )

    def query_text(self, terms):
        return match_expression(terms)

    def page(self, terms, articles, offset, limit):
        ids_sql, ids_params = subquery(articles)
        match = self.query_text(terms)
        # The page is ranked first; snippets are made for its rows only.
        sql = f"""
            WITH page AS (
                SELECT f.rowid AS id, bm25(articles_search_fts, {WEIGHTS}) AS score,
                       a.published_at AS published_at
                FROM articles_search_fts f JOIN articles_article a ON a.id = f.rowid
                WHERE articles_search_fts MATCH %s AND f.rowid IN ({ids_sql})
                ORDER BY score, published_at DESC, id DESC
                LIMIT %s OFFSET %s
            )
            SELECT page.id,
                   snippet(articles_search_fts, -1, %s, %s, '…', {SNIPPET_TOKENS})
            FROM page JOIN articles_search_fts ON articles_search_fts.rowid = page.id
            WHERE articles_search_fts MATCH %s
            ORDER BY page.score, page.published_at DESC, page.id DESC
        """
        params = [match, *ids_params, limit, offset, MARK_START, MARK_END, match]
        return [Hit(row[0], row[1]) for row in self.fetch(sql, params)]
