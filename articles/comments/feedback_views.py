"""Inline feedback on one key point or section: the form page (the no-JavaScript path) and the
POST that both it and feedback.js send. Posting goes through `posting.post`, so moderation,
spam rules, honeypot, clock and rate limit are those of every comment."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from articles.comments import feedback, posting, threads
from articles.comments.feedback_forms import FeedbackForm
from articles.comments.posting import CommentRefused
from articles.comments.views import (
    _article,
    _author,
    _limited,
    _node_html,
    _refuse,
    _wants_json,
)
from articles.models import CommentStatus
from articles.readers import ForgedVoterCookie, get_voter, remember_voter

POSTED = "Thank you. Your feedback is published."
HELD = (
    "Thank you. Your feedback is awaiting moderation: only you can see it in the comments "
    "until a moderator approves it."
)
UNKNOWN_PART = "That part is not in this article."


def _page(request, article, part, form, status=200):
    """The form page; with `?partial=1`, only the form, for feedback.js to open in place."""
    template = "_feedback_panel.html" if request.GET.get("partial") else "feedback.html"
    context = {
        "article": article,
        "part": part,
        "form": form,
        "comments_url": threads.comments_url(article),
        "token": feedback.token(part),
    }
    return render(request, f"articles/{template}", context, status=status)


@require_http_methods(["GET", "POST"])
def part_feedback(request, slug, part):
    article = _article(slug)
    found = feedback.find_part(article, part)
    if found is None:
        return _refuse(request, UNKNOWN_PART, 404, article)
    if not posting.comments_open(article):
        return _refuse(request, "Comments on this article are closed.", 403, article)
    if request.method == "GET":
        form = FeedbackForm(article=article, user=request.user, part=found)
        return _page(request, article, found, form)
    return _post(request, article, found)


def _post(request, article, part):
    if _limited(request, "comment", settings.COMMENTS_RATE_LIMIT):
        return _refuse(request, "Too many comments; please wait a minute.", 429, article)
    try:
        voter = get_voter(request)
    except ForgedVoterCookie:
        return _refuse(request, "Your browser sent a damaged cookie.", 400, article)
    form = FeedbackForm(request.POST, article=article, user=request.user, part=part)
    if not form.is_valid():
        return _invalid(request, article, part, form)
    try:
        comment = posting.post(
            article,
            _author(request, form, voter),
            form.cleaned_data["body"],
            anchor=part,
            is_error_report=form.cleaned_data["is_error_report"],
        )
    except CommentRefused as refused:
        return _refuse(request, refused.message, refused.status, article)
    return remember_voter(_posted(request, comment, part, voter), voter)


def _invalid(request, article, part, form):
    if _wants_json(request):
        errors = {name.removeprefix("feedback-"): e for name, e in form.errors.items()}
        message = "Please correct the errors below."
        return JsonResponse({"ok": False, "message": message, "errors": errors}, status=400)
    form.refresh_started()
    return _page(request, article, part, form, status=400)


def _posted(request, comment, part, voter):
    message = POSTED if comment.is_approved else HELD
    anchor = part.anchor
    if not _wants_json(request):
        messages.success(request, message)
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#{anchor}")
    count = feedback.count_for(part)
    shown = comment.status in (CommentStatus.APPROVED, CommentStatus.PENDING)
    return JsonResponse(
        {
            "ok": True,
            "message": message,
            "id": comment.pk,
            "anchor": comment.anchor,
            "part": anchor,
            "status": "approved" if comment.is_approved else "held",
            "count": count,
            "count_label": feedback.count_label(count),
            "html": _node_html(request, comment, voter) if shown else "",
        },
        status=201,
    )


def feedback_section(request, article) -> dict:
    """Context for the article page: feedback counts set on its key points and sections. The
    form itself is fetched when a reader opens it, so the page does not render it every time."""
    feedback.annotate_parts(article)
    return {"show_feedback": True}
