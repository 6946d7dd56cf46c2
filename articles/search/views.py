"""/search/: the results page. Any query string answers 200 with a sensible page (429 when an
address searches too often, through the reader-action protocol); results are never indexed."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from articles.models import Article
from articles.search import query
from articles.search.forms import SearchForm
from articles.search.results import SearchResults
from articles.web import Limit, reader_action

TEMPLATE = "articles/search.html"
SAFE = ("GET", "HEAD")
SEARCH_LIMIT = Limit(
    "search", lambda: settings.SEARCH_RATE_LIMIT, "Too many searches from your address."
)


def refused(request, message, status):
    """The search page itself, with the form to try again and the reason."""
    context = {"form": SearchForm(request.GET), "refused": message}
    return _noindex(render(request, TEMPLATE, context, status=status))


@reader_action(methods=SAFE, limit=SEARCH_LIMIT, limited=SAFE, voter=False, on_refused=refused)
def search(request):
    form = SearchForm(request.GET)
    articles = form.filtered(Article.objects.published().for_listing())
    q = form.query
    results = SearchResults(q, articles)
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


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response
