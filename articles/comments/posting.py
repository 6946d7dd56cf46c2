"""What readers may do with comments, and the rules that decide a new comment's fate.

Views and the JSON endpoints call these; every rule lives here once. The default rules (all in
settings): a banned email or IP hash, or a blocklisted word, sends a comment to spam; more than
COMMENTS_MAX_LINKS links, or an email no moderator has approved before, holds it for moderation;
anything else is published at once.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles import caching
from articles.comments import moderation
from articles.models import (
    AnchorKind,
    Ban,
    Comment,
    CommentStatus,
    CommentVote,
    KeyPoint,
    KnownCommenter,
)
from articles.people import display_name
from articles.readers import Voter

_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class CommentRefused(Exception):
    """The request is understood but not allowed; `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Author:
    name: str
    email: str
    website: str
    key: str
    ip_hash: str
    user: object = None


def comments_open(article) -> bool:
    if not article.comments_open:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days and article.published_at:
        return timezone.now() < article.published_at + timedelta(days=days)
    return True


def _blocklisted(*texts: str) -> bool:
    words = [w.strip().lower() for w in settings.COMMENT_BLOCKLIST if w.strip()]
    haystack = " ".join(texts).lower()
    return any(re.search(rf"\b{re.escape(word)}\b", haystack) for word in words)


def _banned(email: str, ip_hash: str) -> bool:
    # Empty values never match: an IP-only ban has no email, and an account may have none.
    target = Q(pk=None)
    if email:
        target |= Q(email=email.strip().lower())
    if ip_hash:
        target |= Q(ip_hash=ip_hash)
    return Ban.objects.filter(target).exists()


def _trusted(author: Author) -> bool:
    user = author.user
    if user is not None and moderation.can_moderate(user):
        return True
    email = author.email.strip().lower()
    return bool(email) and KnownCommenter.objects.filter(email=email).exists()


def decide_status(author: Author, body: str) -> str:
    if _banned(author.email, author.ip_hash) or _blocklisted(body, author.name, author.website):
        return CommentStatus.SPAM
    if len(_LINK.findall(body)) > settings.COMMENTS_MAX_LINKS or not _trusted(author):
        return CommentStatus.PENDING
    return CommentStatus.APPROVED


def hold_reasons(comment: Comment, *, is_known: bool) -> list[str]:
    """Why a held comment waits for a moderator, by the rules decide_status applied; `is_known`
    is whether its address is on the allow list (the queue annotates it for every row at once)."""
    reasons = []
    if not is_known:
        reasons.append("first comment from this address")
    links = len(_LINK.findall(comment.body))
    if links > settings.COMMENTS_MAX_LINKS:
        reasons.append(f"{links} links")
    if comment.edited_at:
        reasons.append("edited after posting")
    return reasons


def reply_target(parent: Comment | None) -> Comment | None:
    """The comment a reply attaches to: past the deepest level, the parent's own parent."""
    if parent is None:
        return None
    if parent.status != CommentStatus.APPROVED:
        raise CommentRefused("You can only reply to a published comment.")
    deepest_parent = settings.COMMENTS_MAX_DEPTH - 2  # depth counts from 0
    while parent is not None and parent.depth > deepest_parent:
        parent = parent.parent
    return parent


def anchor_fields(article, part, *, is_error_report=False, parent=None) -> dict:
    """The fields of inline feedback on `part` (a KeyPoint or Section of `article`): the part,
    and what it said, kept for when a later version removes it."""
    if part is None:
        if is_error_report:
            raise CommentRefused("Only feedback on a key point can report an error in a fact.")
        return {}
    if part.article_id != article.pk:
        raise CommentRefused("That part belongs to another article.")
    if parent is not None:
        raise CommentRefused("Feedback on a part of the article starts its own thread.")
    if isinstance(part, KeyPoint):
        fact = part.fact
        return {
            "key_point": part,
            "fact": fact,
            "anchor_kind": AnchorKind.KEY_POINT,
            "anchor_label": fact.statement[:200],
            "anchor_uid": part.uid,
            "is_error_report": bool(is_error_report),
        }
    if is_error_report:
        raise CommentRefused("Only feedback on a key point can report an error in a fact.")
    return {
        "section": part,
        "anchor_kind": AnchorKind.SECTION,
        "anchor_label": part.heading,
        "anchor_uid": part.uid,
    }


def post(
    article, author: Author, body: str, *, parent=None, anchor=None, is_error_report=False
) -> Comment:
    """Save a new comment (a reply when `parent` is given; inline feedback when `anchor` is a
    key point or section of the article) with the status the rules decide."""
    if not comments_open(article):
        raise CommentRefused("Comments on this article are closed.", status=403)
    if parent is not None and parent.article_id != article.pk:
        raise CommentRefused("That comment belongs to another article.")
    anchored = anchor_fields(article, anchor, is_error_report=is_error_report, parent=parent)
    parent = reply_target(parent)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            thread_id=(parent.thread_id or parent.pk) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            user=author.user,
            author_name=author.name,
            author_email=author.email,
            author_website=author.website,
            author_key=author.key,
            ip_hash=author.ip_hash,
            body=body,
            status=decide_status(author, body),
            **anchored,
        )
        if comment.is_approved:
            moderation.recount(article.pk)
            moderation.announce_approved(comment)
    return comment


def staff_reply(comment: Comment, body: str, *, by) -> Comment:
    """A moderator answers a comment from the admin: the comment is approved first (one cannot
    reply to a held comment), and the reply, signed with their name, is published at once."""
    moderation.approve(comment, by=by)
    author = Author(
        name=display_name(by)[:60],
        email=by.email,
        website="",
        key=f"user:{by.pk}",
        ip_hash="",
        user=by,
    )
    return post(comment.article, author, body, parent=comment)


def is_own(comment: Comment, voter: Voter | None) -> bool:
    return bool(voter and not voter.is_new and comment.author_key == voter.key)


def can_change(comment: Comment, voter: Voter | None, now=None) -> bool:
    """The author, from the same browser or account, within COMMENTS_EDIT_MINUTES."""
    window = timedelta(minutes=settings.COMMENTS_EDIT_MINUTES)
    return (
        is_own(comment, voter)
        and comment.status in (CommentStatus.PENDING, CommentStatus.APPROVED)
        and (now or timezone.now()) < comment.created_at + window
    )


def check_change(comment: Comment, voter: Voter | None):
    if not can_change(comment, voter):
        raise CommentRefused(
            f"Only its author can change a comment, within "
            f"{settings.COMMENTS_EDIT_MINUTES} minutes of posting it.",
            status=403,
        )


def edit(comment: Comment, voter: Voter | None, body: str) -> Comment:
    """Replace the text; the rules run again, so an edit cannot smuggle in what a post could not."""
    check_change(comment, voter)
    author = Author(
        comment.author_name,
        comment.author_email,
        comment.author_website,
        comment.author_key,
        comment.ip_hash,
        comment.user,
    )
    verdict = decide_status(author, body)
    with transaction.atomic():
        was_approved = comment.is_approved
        comment.body = body
        comment.edited_at = timezone.now()
        if verdict != CommentStatus.APPROVED:
            comment.status = verdict
        comment.save(update_fields=["body", "edited_at", "status", "updated_at"])
        if was_approved != comment.is_approved:
            moderation.recount(comment.article_id)
        elif comment.is_approved:  # new words under the same count
            caching.discussion_changed(comment.article_id)
    return comment


def delete(comment: Comment, voter: Voter | None) -> Comment:
    check_change(comment, voter)
    return moderation.withdraw(comment)


def vote(comment: Comment, voter: Voter, value: int) -> Comment:
    """One vote per reader and comment; voting again with the other value changes it."""
    if value not in (CommentVote.UP, CommentVote.DOWN):
        raise CommentRefused("A vote is up or down.")
    if not comment.is_approved:
        raise CommentRefused("You can only vote on a published comment.", status=404)
    if comment.author_key == voter.key:
        raise CommentRefused("You cannot vote on your own comment.", status=403)
    try:
        with transaction.atomic():
            CommentVote.objects.update_or_create(
                comment=comment, voter_key=voter.key, defaults={"value": value}
            )
    except IntegrityError:  # the same reader's other request won the race: its vote stands
        pass
    # Summed inside the UPDATE, so two votes at once cannot leave a stale total behind.
    total = CommentVote.objects.filter(comment=OuterRef("pk")).values("comment")
    total = total.annotate(total=Sum("value")).values("total")
    Comment.objects.filter(pk=comment.pk).update(score=Coalesce(Subquery(total), 0))
    caching.discussion_changed(comment.article_id)
    comment.refresh_from_db(fields=["score"])
    return comment
