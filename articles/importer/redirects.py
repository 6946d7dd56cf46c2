"""Old WordPress addresses → the imported articles, 301, so links and search results keep working.

Two shapes reach a moved site: the post's permalink path (/2025/03/some-post/) and WordPress's
plain form (/?p=123). The permalink is looked up only where evnews itself has no page (a 404);
`?p=` only on the home page, which otherwise ignores it. Only published articles are answered;
anything else stays what it would have been.
"""

from django.http import HttpResponsePermanentRedirect

from articles.models import Article, ImportedPost


def _target(**lookup):
    record = (
        ImportedPost.objects.filter(article__in=Article.objects.published(), **lookup)
        .select_related("article")
        .first()
    )
    return HttpResponsePermanentRedirect(record.article.get_absolute_url()) if record else None


class OldAddressRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        post_id = request.GET.get("p", "")
        if request.path == "/" and post_id.isdigit() and len(post_id) < 20:
            if redirect := _target(wp_id=int(post_id)):
                return redirect
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path
        alternative = path[:-1] if path.endswith("/") else f"{path}/"
        return _target(old_path__in=[path, alternative]) or response
