"""The number of held comments, for the admin menu's badge; counted only where a template shows
it, and only for moderators."""

from django.utils.functional import SimpleLazyObject

from articles.comments import moderation
from articles.models import Comment, CommentStatus


def pending_comments(request):
    def count():
        user = getattr(request, "user", None)
        if not moderation.can_moderate(user):
            return 0
        return Comment.objects.filter(status=CommentStatus.PENDING).count()

    return {"pending_comments": SimpleLazyObject(count)}
