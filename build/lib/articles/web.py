"""The one protocol every reader action speaks: rating, comment, comment vote, feedback, subscribe.

- **JSON or HTML.** `wants_json(request)` asks `request.get_preferred_type`: a browser's plain
  form submit prefers HTML and gets a redirect or a page; the site's scripts send
  `Accept: application/json` (static/js/reader-actions.js) and get JSON.
- **One JSON envelope**, success and error alike, so one script reads every answer:

      {"ok": true,  "message": "Thank you: …", "data": {…}}                      2xx
      {"ok": false, "message": "What went wrong, in words a reader understands",
       "errors": {"field": ["…"]}}                                               4xx

  `message` is always there and always meant for the reader; `data` carries what the page
  updates; `errors` holds a form's field errors (empty when the refusal is not about a field).
- **One decorator**, `reader_action`, states each endpoint's rules: the HTTP methods it takes
  (405 otherwise, in the envelope for a script), a rate limit per client IP (429 with
  Retry-After), and who the reader is: a forged voter cookie is refused with 400, the reader is
  handed to the view as `request.voter`, and a first-time anonymous reader's cookie is set on the
  answer.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from articles.readers import (
    ForgedVoterCookie,
    client_ip_hash,
    get_voter,
    rate_limited,
    remember_voter,
)

_JSON = "application/json"
FORGED_COOKIE = "Your browser sent a damaged cookie. Clear this site's cookies and try again."


def wants_json(request) -> bool:
    return request.get_preferred_type(["text/html", _JSON]) == _JSON


def answer(message: str, data: dict | None = None, *, status: int = 200) -> JsonResponse:
    """A reader action that worked."""
    return JsonResponse({"ok": True, "message": message, "data": data or {}}, status=status)


def refusal(message: str, status: int, errors=None) -> JsonResponse:
    """A reader action that was refused; nothing was saved."""
    body = {"ok": False, "message": message, "errors": dict(errors or {})}
    return JsonResponse(body, status=status)


def refuse(request, message: str, status: int, *, article=None, slug=None, section="",
           template=None, context=None):  # fmt: skip
    """The refusal in the form the client asked for: the envelope, or a page saying what to do
    (by default `articles/refused.html`, with a way back to the article's `section`)."""
    if wants_json(request):
        return refusal(message, status)
    back = article.get_absolute_url() if article else _article_url(slug)
    if back and section:
        back = f"{back}#{section}"
    page = {"message": message, "article": article, "back_url": back, **(context or {})}
    return render(request, template or "articles/refused.html", page, status=status)


def _article_url(slug):
    return reverse("articles:article-detail", kwargs={"slug": slug}) if slug else None


@dataclass(frozen=True)
class Limit:
    """At most `window()` = (count, seconds) hits per client IP in `scope` (read from settings at
    each request); with `per_article`, counted per IP and article. `too_many` says what was
    refused: the wait is added to it."""

    scope: str
    window: Callable[[], tuple[int, int]]
    too_many: str
    per_article: bool = False

    def exceeded(self, request, slug) -> bool:
        count, period = self.window()
        key = client_ip_hash(request)
        if self.per_article:
            key = f"{key}:{slug}"
        return rate_limited(self.scope, key, count, period)

    def message(self) -> str:
        minutes = max(1, self.window()[1] // 60)
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        return f"{self.too_many} Try again within {wait}."


def reader_action(*, methods=("POST",), limit: Limit | None = None, voter=True,
                  on_refused: Callable | None = None):  # fmt: skip
    """Decorate a reader endpoint `view(request, slug, …)`; see the module docstring.

    `voter=False` for an action that is not tied to the reader's identity (subscribing by email).
    `on_refused(request, message, status, **view_kwargs)` renders the HTML refusal where the
    endpoint has a better page than the generic one (the subscribe form keeps what was typed)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            slug = kwargs.get("slug")

            def refused(message, status):
                if on_refused and not wants_json(request):
                    return on_refused(request, message, status, **kwargs)
                return refuse(request, message, status, slug=slug)

            if request.method not in methods:
                return _not_allowed(request, methods)
            if limit and request.method == "POST" and limit.exceeded(request, slug):
                response = refused(limit.message(), 429)
                response["Retry-After"] = str(limit.window()[1])
                return response
            if not voter:
                return view(request, *args, **kwargs)
            try:
                request.voter = get_voter(request)
            except ForgedVoterCookie:
                return refused(FORGED_COOKIE, 400)
            return remember_voter(view(request, *args, **kwargs), request.voter)

        return wrapper

    return decorate


def _not_allowed(request, methods):
    allowed = ", ".join(methods)
    if wants_json(request):
        response = refusal(f"This address takes {allowed} requests only.", 405)
        response["Allow"] = allowed
        return response
    return HttpResponseNotAllowed(methods)
