"""RSS 2.0 and Atom feeds of the latest published articles, with each article's full text: the
whole site, and one per category, company/topic and author. Every feed answers conditional GET
(articles.pages.conditional)."""

import copy
import hashlib
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Enclosure, rfc3339_date
from django.utils.html import escape

from articles.images import renditions
from articles.models import (
    Article,
    AuthorProfile,
    Category,
    Company,
    Correction,
    KeyPoint,
    ProConKind,
)
from articles.pages.conditional import conditional, feed_state
from articles.syndication import SafeAtomFeed, SafeRssFeed

# Bump when templates/articles/_feed_content.html or a partial it includes changes its markup.
CONTENT_VERSION = 2
CONTENT_TIMEOUT = 60 * 60 * 6
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DCTERMS_NS = "http://purl.org/dc/terms/"


class FullTextRssFeed(SafeRssFeed):
    """RSS 2.0 with the article body in content:encoded and its last change in dcterms:modified."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": CONTENT_NS,
            "xmlns:dcterms": DCTERMS_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("dcterms:modified", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content"])


class FullTextAtomFeed(SafeAtomFeed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestArticlesRss(Feed):
    feed_type = FullTextRssFeed
    title = settings.SITE_NAME
    description = settings.SITE_TAGLINE
    subtitle = settings.SITE_TAGLINE
    link = reverse_lazy("articles:home")
    author_name = settings.SITE_NAME  # Atom needs an author for entries that would lack one
    item_guid_is_permalink = True

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request; a copy per request can hold that request
        # (item_* methods receive only the item, and enclosure URLs must be absolute).
        feed = copy.copy(self)
        feed.request = request
        return conditional(partial(Feed.__call__, feed), feed.state)(request, *args, **kwargs)

    def state(self, request, *args, **kwargs):
        if not hasattr(self, "_state"):
            obj = self.get_object(request, *args, **kwargs)
            salt = f"{self.feed_type.__name__}:{CONTENT_VERSION}:{obj.pk if obj else ''}"
            self._state = feed_state(self.articles(obj), settings.FEED_ITEMS, salt)
        return self._state

    def articles(self, obj):
        """The published articles this feed follows; per-subject feeds narrow it."""
        return Article.objects.published()

    def items(self, obj):
        key_points = KeyPoint.objects.select_related("fact").prefetch_related("fact__sources")
        return (
            self.articles(obj)
            .for_listing()
            .prefetch_related(
                "companies",
                "sections",
                Prefetch("key_points", key_points),
                "pros_cons",
                Prefetch("corrections", Correction.objects.order_by("-created_at")),
                "hero_renditions",
            )[: settings.FEED_ITEMS]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return escape(article.dek)  # a plain-text field, in an element readers render as HTML

    def item_author_name(self, article):
        return " and ".join(author.author_profile.display_name for author in article.authors.all())

    def item_categories(self, article):
        names = [article.category.name] if article.category else []
        return names + [company.name for company in article.companies.all()]

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        """The last change to the article or to one of its key-point facts (a correction, a
        verification): feed readers show the entry as updated."""
        facts = [point.fact.updated_at for point in article.key_points.all()]
        return max([article.last_modified, *facts])

    def item_enclosures(self, article):
        image = renditions.share_image(article)
        if image is None:
            return []
        url = self.request.build_absolute_uri(image.file.url)
        return [Enclosure(url, str(image.size), renditions.MIME_TYPES[image.format])]

    def item_extra_kwargs(self, article):
        hero_url = renditions.share_url(article, self.request)
        key = content_key(article, hero_url)
        content = cache.get(key)
        if content is None:
            content = render_content(article, hero_url)
            cache.set(key, content, CONTENT_TIMEOUT)
        return {"content": content}


def render_content(article, hero_url) -> str:
    items = article.pros_cons.all()
    context = {
        "article": article,
        "pros": [item for item in items if item.kind == ProConKind.PRO],
        "cons": [item for item in items if item.kind == ProConKind.CON],
        "hero_url": hero_url,
    }
    return render_to_string("articles/_feed_content.html", context).strip()


def content_key(article, hero_url) -> str:
    """A digest of every field of every row an item's full text is made from (the article, its
    sections, key points, facts, sources, pros and cons), already fetched for the feed: an edit
    anywhere, a fact verified or a source corrected, makes a new key, never a stale text."""
    rows = [article, *article.sections.all(), *article.pros_cons.all(), *article.corrections.all()]
    for point in article.key_points.all():
        rows += [point, point.fact, *point.fact.sources.all()]
    state = repr([CONTENT_VERSION, hero_url, *(_fields(row) for row in rows)])
    return f"feed-content:{hashlib.sha256(state.encode()).hexdigest()}"


def _fields(row):
    return (row._meta.label, *(getattr(row, field.attname) for field in row._meta.concrete_fields))


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = FullTextAtomFeed


class SubjectFeed(LatestArticlesRss):
    """The latest articles of one category, company/topic or author, looked up by slug."""

    subject_model = None
    kind = ""  # "category", "company" or "author": names the URLs

    def get_object(self, request, slug):
        return get_object_or_404(self.subject_model, slug=slug)

    def title(self, subject):
        return f"{settings.SITE_NAME}: {subject}"

    def description(self, subject):
        return f"The latest articles in {subject} from {settings.SITE_NAME}."

    def subtitle(self, subject):
        return self.description(subject)

    def link(self, subject):
        return subject.get_absolute_url()

    def feed_url(self, subject):
        return reverse(f"articles:{self.kind}-feed-{self.format}", kwargs={"slug": subject.slug})


class CategoryFeed(SubjectFeed):
    subject_model = Category
    kind = "category"

    def articles(self, category):
        return Article.objects.published().filter(category=category)


class CompanyFeed(SubjectFeed):
    subject_model = Company
    kind = "company"

    def articles(self, company):
        return Article.objects.published().filter(companies=company)

    def description(self, company):
        return f"The latest articles about {company} from {settings.SITE_NAME}."


class AuthorFeed(SubjectFeed):
    subject_model = AuthorProfile
    kind = "author"

    def get_object(self, request, slug):
        return get_object_or_404(AuthorProfile, slug=slug, user__is_active=True)

    def articles(self, profile):
        return Article.objects.published().filter(authors=profile.user_id)

    def description(self, profile):
        return f"The latest articles by {profile} on {settings.SITE_NAME}."


def _formats(feed_class):
    rss = type(f"{feed_class.__name__}Rss", (feed_class,), {"format": "rss"})
    atom = type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"format": "atom", "feed_type": FullTextAtomFeed},
    )
    return rss, atom


CategoryRss, CategoryAtom = _formats(CategoryFeed)
CompanyRss, CompanyAtom = _formats(CompanyFeed)
AuthorRss, AuthorAtom = _formats(AuthorFeed)


@dataclass(frozen=True)
class FeedLink:
    """A feed a page offers, for its <head> and its visible "follow" link."""

    title: str
    rss: str
    atom: str


def feed_links(kind, subject) -> FeedLink:
    urls = [
        reverse(f"articles:{kind}-feed-{fmt}", kwargs={"slug": subject.slug})
        for fmt in ("rss", "atom")
    ]
    return FeedLink(f"{settings.SITE_NAME}: {subject}", *urls)
