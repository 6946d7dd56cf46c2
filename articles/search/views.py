"""/search/: the results page. Any query string answers 200 with a sensible page (429 when an
address searches too often); results are never indexed by search engines."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles.models import Article
from articles.readers import client_ip_hash, rate_limited
from articles.search import query
from articles.search.forms import SearchForm
from articles.search.results import SearchResults

TEMPLATE = "articles/search.html"


@require_safe
def search(request):
    form = SearchForm(request.GET)
    limit, period = settings.SEARCH_RATE_LIMIT
    if rate_limited("search", client_ip_hash(request), limit, period):
        context = {"form": form, "refused": "Too many searches from your address: wait a minute."}
        return _noindex(render(request, TEMPLATE, context, status=429), retry_after=period)
    articles = form.filtered(Article.objects.published().for_listing())
    q = form.query
    results = SearchResults(q, articles.prefetch_related("hero_renditions"))
    page = Paginator(results, settings.SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "search_query": q,
        "has_terms": bool(results.terms),
        "truncated": query.is_truncated(q),
        "max_chars": query.MAX_QUERY_CHARS,
        "page_obj": page,
        "results": page.object_list,
    }
    return _noindex(render(request, TEMPLATE, context))


def _noindex(response, retry_after=None):
    response["X-Robots-Tag"] = "noindex"
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
