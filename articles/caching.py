"""Readers' pages shared through the cache, invalidated exactly when what they show changes.

Who gets a shared page: a GET or HEAD of a view wrapped in `shared_page`, from someone not signed
in and with no one-off message waiting (the "thank you" after a form without JavaScript). Such a
request is rendered as for a stranger (its cookies are set aside, so no vote, held comment, edit
link, remembered name or CSRF token of anyone's gets in) and the result is shared by every such
reader. What is theirs reaches them afterwards through `/reader/state/` (articles/pages/
reader_state.py and static/js/reader-state.js: their CSRF token and the comment form's clock).
Signed-in staff, and readers with something of their own on a page (the voter cookie: a vote, a
comment they may still edit or that awaits moderation), always get a fresh, private page.

Invalidation is by generation, never by a short timeout: every cached page's key holds the
current generation of its URL path (and of the whole site); a change gives the paths it affects
a new generation after its transaction commits, so the old entries can never be found again.
The services that change what readers see say which paths: `article_changed` (publish,
unpublish, a new version, a new hero image: the article and every listing, feed and sitemap
showing it), `discussion_changed` (comments, votes, verified facts: the article page only),
and a category or company saved in the admin turns over the whole site (`site_changed`).

The same renewal bans those paths from every HTTP cache in front (HTTP_CACHE_PURGE_URLS, a
Varnish configured by deploy/varnish.vcl): one `BAN` request per cache, whose `X-Ban-Url` is a
regular expression matching the paths with any query string, so page 2 of a listing goes too.
"""

import hashlib
import logging
import re
import urllib.error
import urllib.request
import uuid
from functools import partial, wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.models import Article, AuthorProfile, Category, Company
from articles.readers import VOTER_COOKIE
from evnews.sitemaps import sitemaps

logger = logging.getLogger(__name__)

SITEMAP_SECTIONS = tuple(sitemaps)
SITE = "*"  # the generation every page shares (navigation, names of categories and companies)
# The query parameters reader pages read; any other parameter gets the same page, not a new entry.
QUERY_PARAMS = ("page", "sort", "reply_to", "about")
# Entries go stale by generation, never by age. They are dropped after half the comment form
# token's lifetime only so that the token in a page never expires for a reader without
# JavaScript who fills the form in within the other half.
ENTRY_SECONDS = settings.COMMENTS_FORM_MAX_AGE // 2


def shared_page(view, *, stale_while_revalidate=0):
    """Mark `view` as one whose anonymous answer may be shared (see the module docstring).

    `stale_while_revalidate` (seconds) suits machine-read resources such as feeds: a poller may
    take the previous copy once while its cache fetches the new one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.shared_page = True
    wrapped.stale_while_revalidate = stale_while_revalidate
    return wrapped


# --- Invalidation ---------------------------------------------------------------------------


def listing_paths(article) -> set[str]:
    """Every URL that lists `article`: home, the indexes, its category, companies and authors
    with their feeds, the site's feeds and the sitemaps."""
    paths = {
        reverse(name)
        for name in (
            "articles:home",
            "articles:feed-rss",
            "articles:feed-atom",
            "articles:category-index",
            "articles:company-index",
            "articles:author-index",
            "sitemap",
            "news-sitemap",
        )
    }
    paths.update(reverse("sitemap-section", args=[section]) for section in SITEMAP_SECTIONS)
    subjects = [
        ("category", article.category.slug) if article.category_id else None,
        *(("company", slug) for slug in article.companies.values_list("slug", flat=True)),
        *(
            ("author", slug)
            for slug in AuthorProfile.objects.filter(user__articles=article).values_list(
                "slug", flat=True
            )
        ),
    ]
    for kind, slug in filter(None, subjects):
        paths.update(
            reverse(f"articles:{kind}-{page}", args=[slug])
            for page in ("detail", "feed-rss", "feed-atom")
        )
    return paths


def article_changed(article) -> None:
    """The article's own content or state changed: its page and every listing showing it."""
    invalidate({article.get_absolute_url(), *listing_paths(article)})


def discussion_changed(article_id) -> None:
    """Something shown only on the article's page changed (comments, votes, a fact's check)."""
    slug = Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()
    if slug:
        invalidate({reverse("articles:article-detail", args=[slug])})


def site_changed() -> None:
    invalidate({SITE})


def invalidate(paths) -> None:
    """Give `paths` new generations once the current transaction commits (at once outside one),
    so no reader can be served a page rendered before the change was saved."""
    transaction.on_commit(partial(_renew, sorted(paths)), robust=True)


def renew_now(paths) -> None:
    """Drop the shared copies of `paths` at once (the benchmark measures rendering with it)."""
    _renew(sorted(paths))


def _renew(paths) -> None:
    cache.set_many({_generation_key(path): _new_generation() for path in paths}, timeout=None)
    logger.info("Cached pages renewed: %s", ", ".join(paths))
    for url in settings.HTTP_CACHE_PURGE_URLS:
        _ban(url, paths)


def ban_pattern(paths) -> str:
    """The URLs (path and query) an HTTP cache must drop for `paths`; the site: all of them."""
    if SITE in paths:
        return "^/"
    return "^(" + "|".join(re.escape(path) for path in paths) + ")([?#]|$)"


def _ban(cache_url, paths) -> None:
    """Ask one HTTP cache to drop `paths`. A cache that cannot be reached is logged, not raised:
    the change is saved already, and the cache's own copies expire after SHARED_PAGE_SECONDS."""
    request = urllib.request.Request(
        cache_url, method="BAN", headers={"X-Ban-Url": ban_pattern(paths)}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.HTTP_CACHE_PURGE_TIMEOUT) as answer:
            answer.read()
    except urllib.error.HTTPError as error:  # the cache answered, and refused
        error.close()
        logger.error("The HTTP cache %s refused to ban %s: %s", cache_url, paths, error)
    except (urllib.error.URLError, OSError) as error:
        logger.error("Could not ban %s from the HTTP cache %s: %s", paths, cache_url, error)


@receiver(post_save, sender=Category, dispatch_uid="caching-category-saved")
@receiver(post_delete, sender=Category, dispatch_uid="caching-category-deleted")
@receiver(post_save, sender=Company, dispatch_uid="caching-company-saved")
@receiver(post_delete, sender=Company, dispatch_uid="caching-company-deleted")
def _taxonomy_changed(sender, raw=False, **kwargs):
    # Category names are in every page's navigation; companies' names on every card's page.
    if not raw:
        site_changed()


# --- Keys -----------------------------------------------------------------------------------


def _generation_key(path: str) -> str:
    return "gen:" + hashlib.sha256(path.encode()).hexdigest()[:40]


def _new_generation() -> str:
    # Random, not a counter: an evicted generation can never come back as an old value.
    return uuid.uuid4().hex[:16]


def _generations(path: str) -> tuple[str, str]:
    keys = [_generation_key(SITE), _generation_key(path)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, _new_generation(), timeout=None)
            found[key] = cache.get(key)
    return found[keys[0]], found[keys[1]]


def page_key(request) -> str:
    query = "&".join(
        f"{name}={value}"
        for name in QUERY_PARAMS
        for value in request.GET.getlist(name)[:1]
        if value
    )
    site, path = _generations(request.path)
    url = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:40]
    return f"page:{url}:{site}:{path}"


# --- Serving ------------------------------------------------------------------------------


def shared_page_context(request):
    """Template context processor: a shared page carries nobody's CSRF token (it comes from
    /reader/state/ with JavaScript; see evnews/csrf.py for forms sent without it)."""
    return {"csrf_token": ""} if getattr(request, "is_shared_page", False) else {}


def _is_stranger(request) -> bool:
    """No session (signed in, or a message kept in one), no message waiting in a cookie, and
    nothing of the reader's own on any page (the voter cookie: a vote, a comment to edit or
    awaiting moderation). Read from the cookies alone: a shared page costs no session lookup."""
    own = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, VOTER_COOKIE}
    return not own & set(request.COOKIES)


def _forget_reader(request) -> None:
    """Render as for someone who never came before: no cookie of this reader may shape it."""
    request.is_shared_page = True
    request.COOKIES = {}
    request.META.pop("HTTP_COOKIE", None)
    request.META.pop("CSRF_COOKIE", None)


class SharedPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_shared_page_key", None)
        if key is not None:
            self._share(request, response, key)
        elif getattr(request, "_private_page", False):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def process_view(self, request, view, args, kwargs):
        if not getattr(view, "shared_page", False) or request.method not in ("GET", "HEAD"):
            return None
        if settings.DEBUG:  # development: every page fresh (and {% csrf_token %} would warn)
            return None
        if not _is_stranger(request):
            request._private_page = True
            return None
        _forget_reader(request)
        request._shared_page_swr = view.stale_while_revalidate
        key = page_key(request)
        entry = cache.get(key)
        if entry is None:
            request._shared_page_key = key
            return None
        response = _response(entry, request)
        response["X-Cache"] = "HIT"
        return response

    def _share(self, request, response, key):
        # Nothing this reader's own (a cookie) may be stored; anything but a full 200 is not.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        if response.status_code != 200 or response.streaming or response.cookies:
            return
        entry = {
            "content": response.content,
            "content_type": response["Content-Type"],
            "etag": f'"{hashlib.sha256(response.content).hexdigest()[:32]}"',
            "last_modified": http_date(),
        }
        cache.set(key, entry, ENTRY_SECONDS)
        _headers(response, entry, request)
        response["X-Cache"] = "MISS"


def _response(entry, request):
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    _headers(response, entry, request)
    return response


def _headers(response, entry, request):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = entry["last_modified"]
    # Browsers revalidate every time (a 304 costs nothing); shared caches keep the page until
    # the site purges it, so no change waits for a timeout.
    options = {"public": True, "max_age": 0, "s_maxage": settings.SHARED_PAGE_SECONDS}
    if request._shared_page_swr:
        options["stale_while_revalidate"] = request._shared_page_swr
    patch_cache_control(response, **options)
    # The page differs for someone signed in; an HTTP cache in front drops every other cookie
    # before looking up (README, Deploying), so all strangers share one copy.
    patch_vary_headers(response, ["Cookie"])
