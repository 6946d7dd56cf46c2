"""RSS 2.0 and Atom feeds of every correction and update, newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from articles.facts.views import public_corrections
from articles.syndication import SafeAtomFeed, SafeRssFeed


class CorrectionsRss(Feed):
    # Plain text out as text, HTML sanitised (articles/syndication.py), as every feed of the site.
    feed_type = SafeRssFeed
    title = f"{settings.SITE_NAME}: corrections and updates"
    description = "Every correction and update to a published article, newest first."
    subtitle = description
    link = reverse_lazy("articles:corrections")
    author_name = settings.SITE_NAME

    def items(self):
        return public_corrections()[: settings.FEED_ITEMS]

    def item_title(self, correction):
        return f"{correction.label}: {correction.article.title}"

    def item_description(self, correction):
        return correction.note

    def item_link(self, correction):
        return correction.get_absolute_url()

    def item_pubdate(self, correction):
        return correction.created_at

    def item_updateddate(self, correction):
        return correction.created_at


class CorrectionsAtom(CorrectionsRss):
    feed_type = SafeAtomFeed
