"""GET /reader/state/: what a page shared through the cache leaves out, for this reader only.

A shared page (articles/caching.py) carries no CSRF token and a comment form's clock started
when the page was cached; static/js/reader-state.js asks here after load and fills both in.
Readers with anything of their own on a page (a vote, a comment: the voter cookie) or signed in
are never given a shared page, so their state is already in what they were served."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET

from articles.comments.forms import started_token


@require_GET
def reader_state(request):
    response = JsonResponse({"csrf_token": get_token(request), "started": started_token()})
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
