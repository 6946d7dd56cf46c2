"""CSRF protection that also works for forms on pages shared through a cache.

A page served from the cache carries no CSRF token (a token there would be every reader's, or
nobody's). With JavaScript, static/js/reader-state.js fetches the reader's own token and puts it
into the forms. Without JavaScript, the browser itself tells where the form came from: a request
whose `Origin` matched this site (Django has checked it before `_check_token` runs) and whose
`Sec-Fetch-Site` is `same-origin` was sent by a page of this site, which is what a token proves.
Browsers attach both to every POST and a page cannot forge them (the Fetch Metadata approach of
OWASP's CSRF cheat sheet, and of Go's `http.CrossOriginProtection`). Requests missing either
header are held to the token, as before.
"""

from django.middleware.csrf import CsrfViewMiddleware


class FetchMetadataCsrfMiddleware(CsrfViewMiddleware):
    def _check_token(self, request):
        origin_checked = "HTTP_ORIGIN" in request.META  # verified by process_view already
        same_origin = request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        if origin_checked and same_origin:
            return
        super()._check_token(request)
