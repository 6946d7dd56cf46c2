"""/sitemap.xml: every published article and the listing pages that lead to them."""

from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Category, Company


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("-published_at", "pk")

    def lastmod(self, article):
        return article.content_updated_at if article.was_updated else article.published_at


class SubjectSitemap(Sitemap):
    """Listing pages that show at least one published article, dated by their newest one."""

    changefreq = "daily"
    priority = 0.5
    model = None  # Category, Company or User: each reaches its articles as `articles`

    def items(self):
        # annotate() after filter() on the same relation: the newest date counts published only.
        return (
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(newest=Max("articles__published_at"))
            .order_by("pk")
        )

    def lastmod(self, subject):
        return subject.newest


class CategorySitemap(SubjectSitemap):
    model = Category


class CompanySitemap(SubjectSitemap):
    model = Company


class AuthorSitemap(SubjectSitemap):
    model = get_user_model()

    def location(self, user):
        return reverse("articles:author-detail", kwargs={"username": user.get_username()})


sitemaps = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "companies": CompanySitemap,
    "authors": AuthorSitemap,
}
