"""RSS 2.0 and Atom feeds of the latest published articles, with each article's full text."""

import copy
import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date

from articles.images import renditions
from articles.models import Article, KeyPoint, ProConKind
from articles.people import display_name

# Bump when templates/articles/_feed_content.html or a partial it includes changes its markup.
CONTENT_VERSION = 1
CONTENT_TIMEOUT = 60 * 60 * 6
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DCTERMS_NS = "http://purl.org/dc/terms/"


class FullTextRssFeed(Rss201rev2Feed):
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


class FullTextAtomFeed(Atom1Feed):
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
        return Feed.__call__(feed, request, *args, **kwargs)

    def items(self):
        key_points = KeyPoint.objects.select_related("fact").prefetch_related("fact__sources")
        return (
            Article.objects.published()
            .for_listing()
            .prefetch_related(
                "companies",
                "sections",
                Prefetch("key_points", key_points),
                "pros_cons",
                "hero_renditions",
            )[: settings.FEED_ITEMS]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.dek

    def item_author_name(self, article):
        return " and ".join(display_name(author) for author in article.authors.all())

    def item_categories(self, article):
        names = [article.category.name] if article.category else []
        return names + [company.name for company in article.companies.all()]

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_modified

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
    rows = [article, *article.sections.all(), *article.pros_cons.all()]
    for point in article.key_points.all():
        rows += [point, point.fact, *point.fact.sources.all()]
    state = repr([CONTENT_VERSION, hero_url, *(_fields(row) for row in rows)])
    return f"feed-content:{hashlib.sha256(state.encode()).hexdigest()}"


def _fields(row):
    return (row._meta.label, *(getattr(row, field.attname) for field in row._meta.concrete_fields))


class LatestArticlesAtom(LatestArticlesRss):
    feed_type = FullTextAtomFeed
