"""PostgreSQL: the stored, GIN-indexed `document` tsvector (migration 0016), ranked with ts_rank
(weights A title, B standfirst and key points, C body) and excerpted with ts_headline."""

from articles.search import query
from articles.search.backends.base import MARK_END, MARK_START, Hit, SearchBackend, subquery

CONFIG = "english"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


def tsquery_text(terms: list[str]) -> str:
    """Words joined with & for to_tsquery; each holds only letters and digits, so none is an
    operator, and the last may match as a prefix."""
    lexemes = list(terms)
    if query.prefix_last(terms):
        lexemes[-1] += ":*"
    return " & ".join(lexemes)


class PostgresBackend(SearchBackend):
    count_sql = (
        "SELECT count(*) FROM articles_searchentry"
        f" WHERE document @@ to_tsquery('{CONFIG}', %s) AND article_id IN ({{ids}})"
    )

    def query_text(self, terms):
        return tsquery_text(terms)

    def page(self, terms, articles, offset, limit):
        ids_sql, ids_params = subquery(articles)
        # The page is ranked first; headlines are made for its rows only.
        sql = f"""
            WITH q AS (SELECT to_tsquery('{CONFIG}', %s) AS query),
            page AS (
                SELECT e.article_id AS id, ts_rank(e.document, q.query) AS score,
                       a.published_at AS published_at
                FROM articles_searchentry e
                JOIN articles_article a ON a.id = e.article_id
                CROSS JOIN q
                WHERE e.document @@ q.query AND e.article_id IN ({ids_sql})
                ORDER BY score DESC, published_at DESC, id DESC
                LIMIT %s OFFSET %s
            )
            SELECT page.id,
                   ts_headline('{CONFIG}', e.summary || E'\\n' || e.body, q.query, %s)
            FROM page
            JOIN articles_searchentry e ON e.article_id = page.id
            CROSS JOIN q
            ORDER BY page.score DESC, page.published_at DESC, page.id DESC
        """
        params = [self.query_text(terms), *ids_params, limit, offset, HEADLINE_OPTIONS]
        return [Hit(row[0], row[1]) for row in self.fetch(sql, params)]
