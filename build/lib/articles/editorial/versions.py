"""Draft-over-live: a published article is edited through a working copy, never in place.

`working_copy(live, by)` opens (or returns) the one new version of a live article: a draft
Article with `draft_of` pointing at the live one, a non-public slug and the same parts (same
uids). It goes through the editorial workflow like any draft and is never public
(`Article.objects.published()` excludes it). `apply_version(copy, by)` merges it into the live
article when it is published: same row, same URL, comments and ratings untouched.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.dispatch import Signal
from django.utils import timezone

from articles.editorial import revisions
from articles.models import Article, ArticleStatus, Revision

COPY_SLUG_SUFFIX = "--new-version"

# Sent inside apply_version's transaction, after the live article holds the new content and
# before the copy is deleted: receivers move records of their own from `copy` to `live`
# (for example the workflow's transition history). Arguments: copy, live, by.
version_applied = Signal()


class VersionError(Exception):
    """A new-version operation that does not apply to this article; the message says why."""


def is_live(article) -> bool:
    """Whether readers may be seeing this article, so its content must not be edited in place."""
    return article.status == ArticleStatus.PUBLISHED and article.draft_of_id is None


def open_version(article):
    """The live article's new version in progress, if any."""
    return Article.objects.filter(draft_of=article).first()


def _check_may_edit(by):
    if not by.has_perm("articles.change_article"):
        raise PermissionDenied("You may not edit articles.")


def working_copy(live, by):
    """Return the new version of a published article, opening it first if there is none.

    The copy starts as a draft with the live article's content, parts (keeping their uids),
    authors, category and companies, and records its first revision.
    """
    _check_may_edit(by)
    if not is_live(live):
        raise VersionError("Only a published article is edited through a new version.")
    with transaction.atomic():
        # One open version per article: the row lock makes a second request wait and then
        # find the first one's copy (the unique constraint backs this up).
        Article.objects.select_for_update().filter(pk=live.pk).exists()
        copy = open_version(live)
        if copy is None:
            copy = _open_copy(live, by)
    return copy


def _open_copy(live, by):
    copy = Article.objects.create(
        title=live.title,
        dek=live.dek,
        slug=f"{live.slug[: 200 - len(COPY_SLUG_SUFFIX)]}{COPY_SLUG_SUFFIX}",
        status=ArticleStatus.DRAFT,
        draft_of=live,
    )
    revisions.write_content(copy, revisions.snapshot(live))
    base = revisions.latest(live)
    origin = f" (from revision {base.number})" if base else ""
    revisions.record(copy, by, note=f"New version of the published article{origin}", force=True)
    return copy


def apply_version(copy, by):
    """Publish a new version: copy its content into the live article, then delete the copy.

    For `workflow.publish()`: when the article being published has `draft_of_id` set, call
    `apply_version(article, by=user)` instead of changing its status, after your own checks
    (approval, fact-check gate). It returns the live article, whose status and `published_at`
    are left as they were; only the content changes, and `content_updated_at` is set to now so
    readers see "Updated". Sections and key points keep their uids; comments and ratings stay on
    the live row. The copy's revisions join the live article's history (renumbered after it),
    followed by one revision marking the publication; preview links pinned to them keep working.
    Sends `version_applied` before deleting the copy. Runs in one transaction.
    """
    _check_may_edit(by)
    if copy.draft_of_id is None:
        raise VersionError("This article is not a new version of a published one.")
    with transaction.atomic():
        live = Article.objects.select_for_update().get(pk=copy.draft_of_id)
        revisions.write_content(live, revisions.snapshot(copy))
        live.content_updated_at = timezone.now()
        live.save(update_fields=["content_updated_at"])
        _move_revisions(copy, live)
        revisions.record(live, by, note="Published the new version", force=True)
        version_applied.send(sender=Article, copy=copy, live=live, by=by)
        copy.delete()
    return live


def _move_revisions(copy, live):
    offset = live.revisions.aggregate(last=Max("number"))["last"] or 0
    Revision.objects.filter(article=copy).update(article=live, number=F("number") + offset)


def restore(article, revision, by):
    """Write `revision` back as the article's working copy and record that as a new revision.

    A published article is never changed here: the content goes into its new version (opened if
    need be), which readers see only once it is published. Returns the article that was written.
    """
    if not by.has_perm("articles.change_article"):
        raise PermissionDenied("You may not edit articles.")
    if revision.article_id != article.pk:
        raise ValueError("That revision belongs to another article.")
    with transaction.atomic():
        target = working_copy(article, by) if is_live(article) else article
        revisions.write_content(target, revision.data)
        suffix = "" if target == article else " of the published article"
        revisions.record(target, by, note=f"Restored from revision {revision.number}{suffix}")
    return target
