"""In-process page benchmark: queries and render time of each public page, with the data size.

Pages are requested through Django's test Client in this process, so a timing covers routing,
middleware, views, the ORM and templates, but no web server or network. A scenario is a name and
a way to find its URL in the current data; a later scenario (an article with N comments) is one
more entry in SCENARIOS.
"""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import django
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import caching
from articles.models import Article, Category, Comment, Fact, KeyPoint, Rating, Section, Source


class BenchmarkError(Exception):
    """A page did not answer 200, so its numbers would measure an error page."""


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    path: Callable[[], str | None]  # None when the data has nothing for this page


def _latest_article():
    return Article.objects.published().order_by("-published_at").first()


def _article_path():
    article = _latest_article()
    return article.get_absolute_url() if article else None


def _category_path():
    """The category with the most published articles: the fullest listing is the one to time."""
    published = Q(articles__in=Article.objects.published())
    category = (
        Category.objects.annotate(published=Count("articles", filter=published))
        .filter(published__gt=0)
        .order_by("-published", "pk")
        .first()
    )
    return category.get_absolute_url() if category else None


def _most_rated_article_path():
    """The article with the most votes: its page must cost what an unrated one costs."""
    article = (
        Article.objects.published()
        .filter(rating_summary__count__gt=0)
        .order_by("-rating_summary__count", "pk")
        .first()
    )
    return article.get_absolute_url() if article else None


def _discussed_article_path(count):
    """The newest published article with exactly `count` approved comments."""

    def path():
        article = _latest_with_comments(count)
        return article.get_absolute_url() if article else None

    return path


def _latest_with_comments(count):
    return Article.objects.published().filter(comment_count=count).order_by("-published_at").first()


def _all_comments_path():
    """Page 2 of the comments of the most discussed article ("View all comments")."""
    article = Article.objects.published().order_by("-comment_count", "-published_at").first()
    if not article or not article.comment_count:
        return None
    return reverse("articles:comment-list", kwargs={"slug": article.slug}) + "?page=2"


SCENARIOS = [
    Scenario(
        "home", "Home page, first page of the latest articles", lambda: reverse("articles:home")
    ),
    Scenario("article", "The latest published article", _article_path),
    Scenario("rated", "The article with the most reader votes", _most_rated_article_path),
    Scenario("category", "The category with the most articles", _category_path),
    Scenario("feed-rss", "RSS 2.0 feed with full text", lambda: reverse("articles:feed-rss")),
    Scenario("feed-atom", "Atom feed with full text", lambda: reverse("articles:feed-atom")),
    *(
        Scenario(f"article-{n}c", f"An article with {n} comments", _discussed_article_path(n))
        for n in (0, 200, 500)
    ),
    Scenario("comments-p2", "Page 2 of the most discussed article's comments", _all_comments_path),
]


def data_size():
    return {
        "published_articles": Article.objects.published().count(),
        "articles": Article.objects.count(),
        "sections": Section.objects.count(),
        "key_points": KeyPoint.objects.count(),
        "facts": Fact.objects.count(),
        "sources": Source.objects.count(),
        "ratings": Rating.objects.count(),
        "comments": Comment.objects.count(),
    }


def percentile(values, fraction):
    """Nearest-rank percentile: a value that was really measured, even for a few samples."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _get(client, path):
    # Rendering is what is measured here: the page's shared copy is dropped first.
    caching.renew_now({path.split("?")[0]})
    response = client.get(path)
    if response.status_code != 200:
        raise BenchmarkError(f"{path} answered {response.status_code}, not 200.")
    return response


def measure(client, path, repeat):
    """Warm up once, count queries on one request, then time `repeat` plain requests."""
    _get(client, path)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, path)
    # Counted now: the captured slice reads a log that the next request resets.
    query_count = len(queries)
    timings, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        _get(client, path)
        timings.append((time.perf_counter() - started) * 1000)
        # CPU time of this process: on a shared machine, wall time also counts others' work.
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "path": path,
        "queries": query_count,
        "bytes": len(response.content),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "min_ms": round(min(timings), 2),
        "max_ms": round(max(timings), 2),
    }


def default_host():
    """A host the settings allow, so the test Client's requests are not refused as 400s."""
    for host in settings.ALLOWED_HOSTS:
        if host not in {"*", ""} and not host.startswith((".", "[")):
            return host
    return "127.0.0.1"


def run(repeat=20, host=None, scenarios=SCENARIOS):
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    client = Client(HTTP_HOST=host or default_host())
    pages = []
    for scenario in scenarios:
        path = scenario.path()
        entry = {"name": scenario.name, "description": scenario.description}
        if path is None:
            pages.append({**entry, "skipped": "nothing published to show"})
            continue
        pages.append({**entry, **measure(client, path, repeat)})
    return {
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "django": django.get_version(),
        "database": connection.vendor,
        "debug": settings.DEBUG,
        "repeat": repeat,
        "data": data_size(),
        "pages": pages,
    }
