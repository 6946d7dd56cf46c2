"""Shared preview links: a reviewer without an account reads one pinned revision."""

from django.http import Http404
from django.views.decorators.http import require_safe

from articles.editorial.previews import render_gone, render_preview
from articles.models import PreviewLink


@require_safe
def preview_link(request, token):
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404("No such preview link.")
    if link.revoked_at is not None:
        return render_gone(request, "It was withdrawn by the newsroom.")
    if not link.is_active:
        return render_gone(request, "It has expired.")
    revision = link.revision
    return render_preview(
        request,
        revision.data,
        revision.article,
        revision.created_at,
        label="A draft shared with you for review.",
        expires_at=link.expires_at,
    )
