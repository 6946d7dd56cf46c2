"""Inline feedback: a comment anchored to one key point or section of an article.

A part is named in URLs by its kind and full `uid` (`point-<hex>`, `section-<hex>`), which it keeps
through edits and new versions, and it is always looked up among the parts of the article in the
URL. Counts beside each part cost one grouped query per page, however many parts and comments.
"""

import uuid

from django.db.models import Count, OuterRef, Q, Subquery

from articles.models import AnchorKind, Comment, CommentStatus, KeyPoint, Section

_KINDS = {"point": KeyPoint, "section": Section}


def token(part) -> str:
    """How a URL names a part: `point-<uid hex>` or `section-<uid hex>`."""
    prefix = "point" if isinstance(part, KeyPoint) else "section"
    return f"{prefix}-{part.uid.hex}"


def find_part(article, value: str):
    """The key point or section of `article` that `value` names, or None."""
    prefix, _, hex_uid = value.partition("-")
    model = _KINDS.get(prefix)
    try:
        uid = uuid.UUID(hex=hex_uid)
    except ValueError:
        return None
    if model is None:
        return None
    parts = model.objects.filter(article=article, uid=uid)
    if model is KeyPoint:
        parts = parts.select_related("fact")
    return parts.first()


def _approved_feedback(article):
    anchored = Q(key_point__isnull=False) | Q(section__isnull=False)
    return Comment.objects.filter(anchored, article=article, status=CommentStatus.APPROVED)


def counts(article) -> dict:
    """Approved feedback per part, keyed `("key_point", pk)` or `("section", pk)`: one query."""
    rows = (
        _approved_feedback(article)
        .order_by()
        .values("key_point_id", "section_id")
        .annotate(total=Count("id"))
    )
    result = {}
    for row in rows:
        key = ("key_point", row["key_point_id"]) if row["key_point_id"] else None
        result[key or ("section", row["section_id"])] = row["total"]
    return result


def count_for(part) -> int:
    field = "key_point" if isinstance(part, KeyPoint) else "section"
    return _approved_feedback(part.article_id).filter(**{field: part}).count()


def annotate_parts(article) -> None:
    """Set `feedback_count` on the article's prefetched key points and sections.

    No approved comment at all means no feedback to count, so no query."""
    found = counts(article) if article.comment_count else {}
    for point in article.key_points.all():
        point.feedback_count = found.get(("key_point", point.pk), 0)
    for section in article.sections.all():
        section.feedback_count = found.get(("section", section.pk), 0)


def count_label(count: int) -> str:
    return f"{count} reader note{'' if count == 1 else 's'}"


def reattach(article) -> None:
    """Feedback whose part a version removed finds it again once a restored revision brings the
    part (same uid; for a key point, the same fact) back. Two UPDATEs, whatever the number."""
    orphans = Comment.objects.filter(article=article, anchor_uid__isnull=False)
    points = KeyPoint.objects.filter(
        article=article, uid=OuterRef("anchor_uid"), fact=OuterRef("fact")
    )
    orphans.filter(anchor_kind=AnchorKind.KEY_POINT, key_point=None).update(
        key_point=Subquery(points.values("pk")[:1])
    )
    sections = Section.objects.filter(article=article, uid=OuterRef("anchor_uid"))
    orphans.filter(anchor_kind=AnchorKind.SECTION, section=None).update(
        section=Subquery(sections.values("pk")[:1])
    )
