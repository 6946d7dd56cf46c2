"""One function per state change of a comment, called by the admin, the views and tasks alike.

Each one checks who may do it, changes state in one transaction, logs the event, and keeps the
article's approved-comment count in step. Approval (by a moderator or by the rules when a comment
is posted) tells subscriptions.notifications once the transaction commits: that is what emails the
article's subscribers.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import caching
from articles.models import Article, Ban, Comment, CommentStatus, KnownCommenter
from articles.subscriptions import notifications

log = logging.getLogger("evnews.moderation")
MODERATE = "articles.moderate_comment"


def can_moderate(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MODERATE))


def _require(by):
    if not can_moderate(by):
        raise PermissionDenied("Only moderators may do that.")


def recount(article_id: int) -> None:
    count = Comment.objects.filter(article_id=article_id).approved().count()
    Article.objects.filter(pk=article_id).update(comment_count=count)
    caching.discussion_changed(article_id)


def _set_status(comment: Comment, status: str, by) -> Comment:
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = by
    comment.save(update_fields=["status", "moderated_at", "moderated_by", "updated_at"])
    recount(comment.article_id)
    log.info("comment %s %s by %s", comment.pk, status, by or "rules")
    return comment


def announce_approved(comment: Comment) -> None:
    """After the commit that approved it, the article's subscribers are owed the comment."""
    transaction.on_commit(lambda: notifications.comment_approved(comment))


def approve(comment: Comment, *, by) -> Comment:
    """Publish a held comment and trust its author's address from now on."""
    _require(by)
    with transaction.atomic():
        if comment.status == CommentStatus.APPROVED:
            return comment
        _set_status(comment, CommentStatus.APPROVED, by)
        email = comment.author_email.strip().lower()
        if email and not Ban.objects.filter(email=email).exists():
            KnownCommenter.objects.get_or_create(email=email, defaults={"approved_by": by})
        announce_approved(comment)
    return comment


def mark_spam(comment: Comment, *, by) -> Comment:
    _require(by)
    with transaction.atomic():
        return _set_status(comment, CommentStatus.SPAM, by)


def remove(comment: Comment, *, by) -> Comment:
    """Hide a comment for good; its row stays so replies keep their place."""
    _require(by)
    with transaction.atomic():
        return _set_status(comment, CommentStatus.REMOVED, by)


def withdraw(comment: Comment) -> Comment:
    """The author deletes their own comment; commenting.delete has checked who and when."""
    with transaction.atomic():
        return _set_status(comment, CommentStatus.REMOVED, None)


def set_comments_open(article: Article, is_open: bool, *, by) -> Article:
    """Close (or reopen) an article's comments; a field of the live article, not of a version."""
    _require(by)
    Article.objects.filter(pk=article.pk).update(comments_open=is_open)
    caching.discussion_changed(article.pk)
    article.comments_open = is_open
    log.info("comments on article %s %s by %s", article.pk, "opened" if is_open else "closed", by)
    return article


def ban_author(comment: Comment, *, by, email: bool = True, ip: bool = True) -> list[Ban]:
    """Ban the comment's email and/or IP hash, forget them as trusted, and mark it spam."""
    _require(by)
    reason = f"Comment {comment.pk} on “{comment.article}”"
    bans = []
    with transaction.atomic():
        if email and comment.author_email:
            address = comment.author_email.strip().lower()
            bans.append(_ban(by, reason, email=address))
            KnownCommenter.objects.filter(email=address).delete()
        if ip and comment.ip_hash:
            bans.append(_ban(by, reason, ip_hash=comment.ip_hash))
        if comment.status != CommentStatus.SPAM:
            _set_status(comment, CommentStatus.SPAM, by)
    return bans


def _ban(by, reason, **target) -> Ban:
    ban, _ = Ban.objects.get_or_create(**target, defaults={"created_by": by, "reason": reason})
    return ban
