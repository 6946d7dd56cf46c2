"""Readers report a published comment (spam, abuse) to the moderators.

A report changes nothing a reader sees: it raises the comment in the moderation queue, with a
count, and a moderator decides. One report per reader and comment (a second one is a no-op, said
as such); the view rate-limits per client IP.
"""

from django.db import IntegrityError, transaction

from articles.comments.posting import CommentRefused
from articles.models import Comment, CommentReport, ReportReason
from articles.readers import Voter

THANKS = "Thank you: a moderator will look at this comment."
ALREADY = "You have already reported this comment; a moderator will look at it."


def report(comment: Comment, voter: Voter, reason: str, ip_hash: str = "") -> str:
    """Record the report; returns what to tell the reader. Raises CommentRefused."""
    if reason not in ReportReason.values:
        raise CommentRefused("Choose why a moderator should look at this comment.")
    if not comment.is_approved:
        raise CommentRefused("You can only report a published comment.", status=404)
    if comment.author_key == voter.key:
        raise CommentRefused("You cannot report your own comment; you can delete it.", status=403)
    try:
        with transaction.atomic():
            _, created = CommentReport.objects.get_or_create(
                comment=comment,
                voter_key=voter.key,
                defaults={"reason": reason, "ip_hash": ip_hash},
            )
    except IntegrityError:  # the same reader's other request won the race
        created = False
    return THANKS if created else ALREADY
