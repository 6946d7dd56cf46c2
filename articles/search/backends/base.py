"""What every search backend does: count the matches and return one ranked page of them.

`terms` are plain words from articles.search.query; `articles` is the queryset of published
articles the reader's filters leave, used as a subquery so "public" keeps one definition.
Ranking: title first, then the standfirst and key points, then the body; newer wins ties.
Snippets mark matches with the MARK_* sentinels; `highlight()` escapes the rest."""

from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Control characters no article text contains: the database marks matches with them, and only
# after the snippet is HTML-escaped do they become <mark> tags.
MARK_START = "\x02"
MARK_END = "\x03"


@dataclass(frozen=True)
class Hit:
    article_id: int
    snippet: str


class SearchBackend:
    # SQL counting the matches of the query text (%s) among the filtered articles' ids ({ids}).
    count_sql = ""

    def query_text(self, terms: list[str]) -> str:
        """The terms in the database's own query language, every one quoted as a plain word."""
        raise NotImplementedError

    def count(self, terms: list[str], articles) -> int:
        ids_sql, ids_params = subquery(articles)
        params = [self.query_text(terms), *ids_params]
        return self.fetch(self.count_sql.format(ids=ids_sql), params)[0][0]

    def page(self, terms: list[str], articles, offset: int, limit: int) -> list[Hit]:
        raise NotImplementedError

    @staticmethod
    def fetch(sql: str, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def subquery(articles):
    """The ids of `articles` as SQL and parameters, to use inside a backend's query."""
    sql, params = articles.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


def highlight(snippet: str) -> SafeString:
    marked = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above; only our own <mark> tags added
