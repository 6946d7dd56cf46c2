"""/sitemap.xml, an index of one sitemap per section (articles with their last change, categories,
companies, authors), and /news-sitemap.xml, Google News' list of articles from the last 48 hours."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from articles.models import Article, AuthorProfile, Category, Company

NEWS_WINDOW = timedelta(hours=48)
NEWS_MAX_URLS = 1000  # Google News reads at most this many per sitemap


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().order_by("-published_at", "pk")

    def lastmod(self, article):
        return article.last_modified

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default walk over every article.
        latest = Article.objects.published().aggregate(
            published=Max("published_at"), updated=Max("content_updated_at")
        )
        return max(filter(None, latest.values()), default=None)


class SubjectSitemap(Sitemap):
    """Listing pages that show at least one published article, dated by their newest one."""

    changefreq = "daily"
    priority = 0.5
    model = None  # Category, Company or AuthorProfile
    articles_path = "articles"  # from the subject to its articles

    def items(self):
        # annotate() after filter() on the same relation: the newest date counts published only.
        return (
            self.model.objects.filter(**{f"{self.articles_path}__in": Article.objects.published()})
            .annotate(newest=Max(f"{self.articles_path}__published_at"))
            .order_by("pk")
        )

    def lastmod(self, subject):
        return subject.newest


class CategorySitemap(SubjectSitemap):
    model = Category


class CompanySitemap(SubjectSitemap):
    model = Company


class AuthorSitemap(SubjectSitemap):
    model = AuthorProfile
    articles_path = "user__articles"

    def items(self):
        return super().items().filter(user__is_active=True)


sitemaps = {
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "companies": CompanySitemap,
    "authors": AuthorSitemap,
}


@require_safe
def news_sitemap(request):
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .select_related("category")
        .prefetch_related("companies")
        .order_by("-published_at", "-pk")[:NEWS_MAX_URLS]
    )
    context = {
        "articles": articles,
        "publication_name": settings.SITE_NAME,
        "language": settings.LANGUAGE_CODE.split("-")[0],
        "base": request.build_absolute_uri("/").rstrip("/"),
    }
    return render(request, "news-sitemap.xml", context, content_type="application/xml")
