"""Public, dated corrections and updates on published articles.

A correction is published either by verifying a new version of a fact that published articles
cite (articles.facts.versions.verify_version), or by an editor on one article without a fact
change (`attach_correction`, from the Corrections admin). Either way the article gets a dated
notice at the top (and at the key point, for a fact), a new dateModified (page, JSON-LD, sitemap,
feeds), a step in its workflow history, and each confirmed subscriber one email, once the
transaction commits (articles.subscriptions.notifications.correction_published).
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from articles import caching
from articles.models import (
    Article,
    ArticleStatus,
    ArticleTransition,
    ChangeKind,
    Correction,
)
from articles.models.correction import NOTE_MAX
from articles.subscriptions import notifications

REVIEW = "articles.review_article"


class CorrectionError(Exception):
    """A correction refused, with a reason the editor can act on."""


def published_citing(fact):
    """The published articles whose key points cite the fact."""
    return list(Article.objects.published().filter(key_points__fact=fact).distinct())


def check_note(kind, note):
    problems = []
    if kind not in ChangeKind.values:
        problems.append("choose correction or update")
    if not note.strip():
        problems.append("write the note readers will see")
    if len(note.strip()) > NOTE_MAX:
        problems.append(f"keep the note to {NOTE_MAX} characters (it has {len(note.strip())})")
    return problems


def attach_correction(article, by, kind, note):
    """An editor's correction of a published article's own text (no fact changed)."""
    if not by.has_perm(REVIEW):
        raise CorrectionError("You may not publish corrections")
    if article.status != ArticleStatus.PUBLISHED or article.draft_of_id:
        raise CorrectionError("Only a published article carries corrections")
    return publish_correction(article, by, kind, note)


def publish_correction(article, by, kind, note, *, fact=None, fact_version=None):
    if problems := check_note(kind, note):
        raise CorrectionError("; ".join(problems).capitalize())
    now = timezone.now()
    with transaction.atomic():
        correction = Correction.objects.create(
            article=article,
            kind=kind,
            note=note.strip(),
            fact=fact,
            fact_version=fact_version,
            created_at=now,
            created_by=by,
        )
        # A correction is a content change readers must be able to date: page, JSON-LD,
        # sitemap lastmod and feed <updated> all read content_updated_at.
        Article.objects.filter(pk=article.pk).update(content_updated_at=now)
        article.content_updated_at = now
        what = f" to key point “{fact}”" if fact else ""
        ArticleTransition.objects.create(
            article=article,
            action=kind,
            from_status=article.status,
            to_status=article.status,
            by=by,
            at=now,
            note=f"{correction.label}{what} published: {correction.note}",
        )
        # The article's page, and every listing, feed and sitemap dating it, once committed.
        caching.article_changed(article)
        transaction.on_commit(
            partial(notifications.correction_published, correction.pk), robust=True
        )
    return correction
