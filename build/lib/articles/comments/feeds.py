"""Per-article comment feeds (RSS 2.0 and Atom): the latest approved comments, newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article


class ArticleCommentsRss(Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return f"Comments on “{article.title}” — {settings.SITE_NAME}"

    def link(self, article):
        return f"{article.get_absolute_url()}#comments"

    def description(self, article):
        return f"Reader comments on “{article.title}”."

    subtitle = description

    def items(self, article):
        comments = article.comments.approved().select_related("article")
        return comments.order_by("-created_at", "-id")[: settings.FEED_ITEMS]

    def item_title(self, comment):
        return f"{comment.author_name} on “{comment.article.title}”"

    def item_description(self, comment):
        return comment.body_html

    def item_author_name(self, comment):
        return comment.author_name

    def item_pubdate(self, comment):
        return comment.created_at

    def item_updateddate(self, comment):
        return comment.edited_at or comment.created_at


class ArticleCommentsAtom(ArticleCommentsRss):
    feed_type = Atom1Feed
