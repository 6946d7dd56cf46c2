"""Inline feedback on one key point or section: the form page (the no-JavaScript path) and the
POST that both it and feedback.js send. Posting goes through `posting.post`, so moderation,
spam rules, honeypot, clock and rate limit are those of every comment."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render

from articles import web
from articles.comments import feedback, posting, threads
from articles.comments.feedback_forms import FeedbackForm
from articles.comments.posting import CommentRefused
from articles.comments.views import (
    INVALID,
    POST_LIMIT,
    author_of,
    posted_data,
    posted_message,
    published_article,
)
from articles.readers import client_ip_hash

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


# Feedback is a comment: it shares the comments' rate limit.
@web.reader_action(methods=("GET", "POST"), limit=POST_LIMIT)
def part_feedback(request, slug, part):
    article = published_article(slug)
    found = feedback.find_part(article, part)
    if found is None:
        return web.refuse(request, UNKNOWN_PART, 404, article=article)
    if not posting.comments_open(article):
        return web.refuse(request, "Comments on this article are closed.", 403, article=article)
    if request.method == "GET":
        form = FeedbackForm(
            article=article,
            user=request.user,
            voter=request.voter,
            in_answer=True,
            part=found,
            # feedback.js sends the page's own token: the clock counts from when the page opened
            clock_from=request.GET.get("since", ""),
        )
        return _page(request, article, found, form)
    return _post(request, article, found)


def _post(request, article, part):
    form = FeedbackForm(
        request.POST,
        article=article,
        user=request.user,
        voter=request.voter,
        network=client_ip_hash(request),
        part=part,
    )
    if not form.is_valid():
        return _invalid(request, article, part, form)
    try:
        comment = posting.post(
            article,
            author_of(request, form),
            form.cleaned_data["body"],
            anchor=part,
            is_error_report=form.cleaned_data["is_error_report"],
        )
    except CommentRefused as refused:
        return web.refuse(request, refused.message, refused.status, article=article)
    return _posted(request, comment, part)


def _invalid(request, article, part, form):
    if web.wants_json(request):
        errors = {name.removeprefix("feedback-"): e for name, e in form.errors.items()}
        return web.refusal(INVALID, 400, errors, data={"started": form.next_started()})
    form.refresh_started()
    return _page(request, article, part, form, status=400)


def _posted(request, comment, part):
    message = posted_message(comment, POSTED, HELD)
    if not web.wants_json(request):
        messages.success(request, message)
        return HttpResponseRedirect(f"{comment.article.get_absolute_url()}#{part.anchor}")
    count = feedback.count_for(part)
    data = posted_data(request, comment, request.voter)
    data.update(part=part.anchor, count=count, count_label=feedback.count_label(count))
    return web.answer(message, data, status=200 if comment.was_repeated else 201)


def feedback_section(request, article) -> dict:
    """Context for the article page: feedback counts set on its key points and sections. The
    form itself is fetched when a reader opens it, so the page does not render it every time."""
    feedback.annotate_parts(article)
    return {"show_feedback": True}
