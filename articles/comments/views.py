"""Reader comment endpoints: list, post, edit, delete, vote, report.

Every POST answers a plain form submit with a redirect (or the page with the form's errors) and a
JavaScript submit (`Accept: application/json`) with JSON carrying the same message and, where
something new is shown, the rendered comment. The article and any comment come from the database
through `Article.objects.published()`; ids in a request are only ever used for that lookup.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from articles import web
from articles.comments import feedback, forms, posting, reports, threads
from articles.comments.forms import CommentEditForm, CommentForm
from articles.comments.posting import Author, CommentRefused
from articles.models import Article, Comment, CommentStatus, CommentVote
from articles.readers import client_ip_hash, viewing_voter
from articles.subscriptions.views import subscribe_commenter

HELD = (
    "Thank you. Your comment is awaiting moderation: only you can see it until a moderator "
    "approves it."
)
PUBLISHED = "Thank you. Your comment is published."
INVALID = "Please correct the errors below."
VOTED = "Thank you for your vote."
REPEATED = "You had already sent this comment: it is saved once, here."

POST_LIMIT = web.Limit(
    "comment", lambda: settings.COMMENTS_RATE_LIMIT, "Too many comments from your network."
)
CHANGE_LIMIT = web.Limit(
    "comment-change", lambda: settings.COMMENTS_RATE_LIMIT, "Too many changes from your network."
)
VOTE_LIMIT = web.Limit(
    "comment-vote", lambda: settings.COMMENTS_VOTE_RATE_LIMIT, "Too many votes from your network."
)
REPORT_LIMIT = web.Limit(
    "comment-report",
    lambda: settings.COMMENTS_REPORT_RATE_LIMIT,
    "Too many reports from your network.",
)


def published_article(slug) -> Article:
    return get_object_or_404(Article.objects.published(), slug=slug)


def _comment(article, pk) -> Comment:
    return get_object_or_404(Comment.objects.select_related("article"), article=article, pk=pk)


def _refuse(request, message, status, article=None):
    return web.refuse(request, message, status, article=article, section="comments")


def _reply_to(request, article):
    """The comment a no-JavaScript reader chose to reply to (`?reply_to=<id>`), if published."""
    try:
        pk = int(request.GET.get("reply_to", ""))
    except ValueError:
        return None
    return article.comments.approved().filter(pk=pk).first()


def _comments_context(request, article, page, form=None):
    reply_to = None if form else _reply_to(request, article)
    if form is None:
        initial = {"parent": reply_to.pk} if reply_to else {}
        voter = viewing_voter(request)
        form = CommentForm(article=article, user=request.user, voter=voter, initial=initial)
    return {
        "article": article,
        "threads_page": page,
        "comment_form": form,
        "reply_to": reply_to or (form.is_bound and form.cleaned_data.get("parent")),
        "comments_open": posting.comments_open(article),
        "comments_url": threads.comments_url(article),
        "sort_labels": threads.SORT_LABELS,
    }


def comments_section(request, article) -> dict:
    """Context for the comments part of the article page (the first threads and the form)."""
    voter = viewing_voter(request)
    sort = threads.sort_key(request.GET.get("sort"))
    page = threads.first_threads(article, voter, sort)
    return _comments_context(request, article, page)


@require_GET
def comment_list(request, slug):
    """Every thread, a page at a time: "View all comments" without JavaScript, and the fragment
    JavaScript loads in place (`?partial=1`)."""
    article = published_article(slug)
    voter = viewing_voter(request)
    sort = threads.sort_key(request.GET.get("sort"))
    # "2 reader notes" beside a part links here: the notes on that part only.
    about = feedback.find_part(article, request.GET.get("about", ""))
    page = threads.thread_page(article, request.GET.get("page"), voter, sort, about=about)
    context = _comments_context(request, article, page)
    if about is not None:
        context.update(about=about, about_token=feedback.token(about))
    template = "_comment_threads.html" if request.GET.get("partial") else "comment_list.html"
    return render(request, f"articles/{template}", context)


def author_of(request, form) -> Author:
    """Who posts: the form's name/email/website, and the reader the request comes from."""
    fields = form.author_fields()
    user = request.user if request.user.is_authenticated else None
    return Author(**fields, key=request.voter.key, ip_hash=client_ip_hash(request), user=user)


def _form_errors(request, article, form):
    if web.wants_json(request):
        return web.refusal(INVALID, 400, form.errors, data={"started": form.next_started()})
    form.refresh_started()
    page = threads.first_threads(article, viewing_voter(request))
    context = _comments_context(request, article, page, form=form)
    return render(request, "articles/comment_list.html", context, status=400)


@web.reader_action(limit=POST_LIMIT)
def post_comment(request, slug):
    article = published_article(slug)
    voter = request.voter
    form = CommentForm(
        request.POST,
        article=article,
        user=request.user,
        voter=voter,
        network=client_ip_hash(request),
    )
    if not form.is_valid():
        return _form_errors(request, article, form)
    try:
        comment = posting.post(
            article,
            author_of(request, form),
            form.cleaned_data["body"],
            parent=form.cleaned_data["parent"],
        )
    except CommentRefused as refused:
        return _refuse(request, refused.message, refused.status, article)
    if comment.was_repeated:
        return _posted(request, comment, voter)
    notice = subscribe_commenter(request, comment, form.cleaned_data.get("notify"))
    return _posted(request, comment, voter, notice)


def _node_html(request, comment, voter):
    article = comment.article
    base_url = threads.comments_url(article)
    node = threads.node_for(comment, voter, base_url)
    context = {
        "steps": threads.steps([node]),
        "article": article,
        "comments_open": posting.comments_open(article),
        "comments_url": base_url,
    }
    return render_to_string("articles/_comment.html", context, request=request)


def posted_data(request, comment, voter) -> dict:
    """What a script needs to show a just-posted comment (or feedback) in place."""
    shown = comment.status in (CommentStatus.APPROVED, CommentStatus.PENDING)
    return {
        "id": comment.pk,
        "anchor": comment.anchor,
        "parent": comment.parent_id,
        "status": "approved" if comment.is_approved else "held",
        "repeated": comment.was_repeated,
        # The form's token was used up: the next comment from this page needs a new one.
        "started": forms.started_token(voter.key),
        "html": _node_html(request, comment, voter) if shown else "",
    }


def posted_message(comment, published=PUBLISHED, held=HELD) -> str:
    if comment.was_repeated:
        return REPEATED
    return published if comment.is_approved else held


def _posted(request, comment, voter, notice=""):
    message = " ".join(filter(None, [posted_message(comment), notice]))
    if web.wants_json(request):
        status = 200 if comment.was_repeated else 201
        return web.answer(message, posted_data(request, comment, voter), status=status)
    messages.success(request, message)
    return HttpResponseRedirect(_location(comment, voter))


def _location(comment, voter) -> str:
    """The page that shows this comment: the article page, or a later page of comments."""
    page = comment.thread_page(voter.key)
    if page == 1 and comment.parent_id is None:  # the article page may cut a thread short
        return f"{comment.article.get_absolute_url()}#{comment.anchor}"
    url = reverse("articles:comment-list", kwargs={"slug": comment.article.slug})
    return f"{url}?page={page}#{comment.anchor}"


def _changeable(request, slug, pk):
    """(article, comment), or raise CommentRefused when this reader may not change it."""
    article = published_article(slug)
    comment = _comment(article, pk)
    posting.check_change(comment, request.voter)
    return article, comment


def _edit_context(form, comment):
    return {"form": form, "comment": comment, "edit_minutes": settings.COMMENTS_EDIT_MINUTES}


@web.reader_action(methods=("GET", "POST"), limit=CHANGE_LIMIT)
def edit_comment(request, slug, pk):
    try:
        article, comment = _changeable(request, slug, pk)
    except CommentRefused as refused:
        return _refuse(request, refused.message, refused.status)
    if request.method == "GET":
        form = CommentEditForm(initial={"body": comment.body})
        return render(request, "articles/comment_edit.html", _edit_context(form, comment))
    form = CommentEditForm(request.POST)
    if not form.is_valid():
        if web.wants_json(request):
            return web.refusal(INVALID, 400, form.errors)
        context = _edit_context(form, comment)
        return render(request, "articles/comment_edit.html", context, status=400)
    posting.edit(comment, request.voter, form.cleaned_data["body"])
    return _changed(request, comment, request.voter, "Your comment is updated.")


def _changed(request, comment, voter, message):
    if web.wants_json(request):
        html = "" if comment.is_hidden else _node_html(request, comment, voter)
        return web.answer(message, {"id": comment.pk, "html": html})
    messages.success(request, message if comment.is_approved or comment.is_hidden else HELD)
    return HttpResponseRedirect(comment.article.get_absolute_url() + "#comments")


@web.reader_action(limit=CHANGE_LIMIT)
def delete_comment(request, slug, pk):
    try:
        article, comment = _changeable(request, slug, pk)
    except CommentRefused as refused:
        return _refuse(request, refused.message, refused.status)
    posting.delete(comment, request.voter)
    return _changed(request, comment, request.voter, "Your comment is deleted.")


_VOTES = {"up": CommentVote.UP, "down": CommentVote.DOWN}


@web.reader_action(limit=VOTE_LIMIT)
def vote_comment(request, slug, pk):
    article = published_article(slug)
    comment = _comment(article, pk)
    try:
        posting.vote(comment, request.voter, _VOTES.get(request.POST.get("value"), 0))
    except CommentRefused as refused:
        return _refuse(request, refused.message, refused.status, article)
    if web.wants_json(request):
        return web.answer(VOTED, {"id": comment.pk, "score": comment.score})
    messages.success(request, VOTED)
    return HttpResponseRedirect(f"{article.get_absolute_url()}#{comment.anchor}")


@web.reader_action(limit=REPORT_LIMIT)
def report_comment(request, slug, pk):
    article = published_article(slug)
    comment = _comment(article, pk)
    reason = request.POST.get("reason", "")
    try:
        message = reports.report(comment, request.voter, reason, client_ip_hash(request))
    except CommentRefused as refused:
        return _refuse(request, refused.message, refused.status, article)
    if web.wants_json(request):
        return web.answer(message, {"id": comment.pk})
    messages.success(request, message)
    return HttpResponseRedirect(f"{article.get_absolute_url()}#{comment.anchor}")
