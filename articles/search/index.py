"""The search index's entries: one per published article, in step with it.

Call `reindex(article)` inside the transaction that changes what readers may find (publish,
unpublish, a new version merged, a fact corrected): the entry is written in that transaction, and
the database's own index follows it (a trigger on SQLite, a generated column on PostgreSQL)."""

import html

from django.db import transaction
from django.db.models import Prefetch
from django.utils.html import strip_tags

from articles.models import Article, ArticleStatus, KeyPoint, SearchEntry

REBUILD_CHUNK = 500


def indexable():
    """Articles readers may find: published ones, never a new version's working copy. (Those
    scheduled for later are left to `published()` in the query, as every public page does.)"""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED, draft_of__isnull=True)


def _with_parts(articles):
    return articles.prefetch_related(
        "sections", Prefetch("key_points", KeyPoint.objects.select_related("fact")), "pros_cons"
    )


def reindex(article) -> bool:
    """Write (or drop) the article's entry from the database as it stands. True if indexed."""
    fresh = _with_parts(indexable().filter(pk=article.pk)).first()
    if fresh is None:
        SearchEntry.objects.filter(article_id=article.pk).delete()
        return False
    SearchEntry.objects.update_or_create(article_id=fresh.pk, defaults=entry_fields(fresh))
    return True


def reindex_fact(fact) -> int:
    """After a fact's statement changes: reindex every article that shows it as a key point."""
    ids = indexable().filter(key_points__fact=fact).values_list("pk", flat=True)
    return sum(reindex(Article(pk=pk)) for pk in ids)


@transaction.atomic
def rebuild() -> int:
    """Drop every entry and index every published article again; returns how many."""
    SearchEntry.objects.all().delete()
    count = 0
    ids = list(indexable().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = _with_parts(Article.objects.filter(pk__in=ids[start : start + REBUILD_CHUNK]))
        entries = [SearchEntry(article_id=a.pk, **entry_fields(a)) for a in chunk]
        SearchEntry.objects.bulk_create(entries)
        count += len(entries)
    return count


def entry_fields(article) -> dict:
    """Plain text of each weighted part (uses prefetched sections, key points, pros and cons)."""
    points = [point.fact.statement for point in article.key_points.all()]
    body = [_plain(article.intro_html)]
    for section in article.sections.all():
        body += [section.heading, _plain(section.body_html)]
    for item in article.pros_cons.all():
        body += [item.label, item.text]
    body.append(_plain(article.closing_html))
    return {
        "title": article.title,
        "summary": "\n".join([article.dek, *points]),
        "body": "\n".join(part for part in body if part),
    }


def _plain(rendered_html: str) -> str:
    return html.unescape(strip_tags(rendered_html)).strip()
