"""What readers see: the home page, articles, and category, company and author listings.

Every queryset starts from `Article.objects.published()`, the one definition of public, and each
page makes a fixed number of queries however many articles, sections or sources it shows."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from articles.comments.feedback_views import feedback_section
from articles.comments.views import comments_section
from articles.images import renditions
from articles.models import Article, Category, Company, KeyPoint
from articles.pages.structured_data import as_json_ld, news_article


class PublishedArticlesMixin:
    """Readers' pages: published articles only, paginated, with a canonical URL."""

    model = Article
    context_object_name = "articles"

    def get_queryset(self):
        # Every page of ours shows hero images, feeds do not: hence here, not in for_listing().
        return Article.objects.published().for_listing().prefetch_related("hero_renditions")

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_canonical_url(self, context):
        page = context.get("page_obj")
        path = self.request.path
        if page is not None and page.number > 1:
            path = f"{path}?page={page.number}"
        return self.request.build_absolute_uri(path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["canonical_url"] = self.get_canonical_url(context)
        return context


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "articles/home.html"
    lead_points = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        articles = context["articles"]
        if articles and not context["page_obj"].has_previous():
            # The lead story previews its first key points: one more query, whatever the page.
            lead = articles[0]
            context["lead_points"] = lead.key_points.select_related("fact")[: self.lead_points]
        return context


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        key_points = KeyPoint.objects.select_related("fact").prefetch_related("fact__sources")
        return (
            super()
            .get_queryset()
            .select_related("rating_summary")
            .prefetch_related(
                "companies",
                "sections",
                Prefetch("key_points", queryset=key_points),
                "pros_cons",
                "hero_renditions",
            )
        )

    def get_context_data(self, **kwargs):
        article = self.object
        pros, cons = article.pros_and_cons()
        return super().get_context_data(
            hero_url=renditions.share_url(article, self.request),
            pros=pros,
            cons=cons,
            structured_data=as_json_ld(news_article(article, self.request)),
            **comments_section(self.request, article),
            **feedback_section(self.request, article),
            **kwargs,
        )


class SubjectArticleListView(PublishedArticlesMixin, ListView):
    """The published articles of one subject (a category, company or author)."""

    def get_subject(self):
        raise NotImplementedError

    def filter_by_subject(self, queryset, subject):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.subject = self.get_subject()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.filter_by_subject(super().get_queryset(), self.subject)

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class CategoryDetailView(SubjectArticleListView):
    template_name = "articles/category_detail.html"

    def get_subject(self):
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def filter_by_subject(self, queryset, subject):
        return queryset.filter(category=subject)


class CompanyDetailView(SubjectArticleListView):
    template_name = "articles/company_detail.html"

    def get_subject(self):
        return get_object_or_404(Company, slug=self.kwargs["slug"])

    def filter_by_subject(self, queryset, subject):
        return queryset.filter(companies=subject)


class AuthorDetailView(SubjectArticleListView):
    template_name = "articles/author_detail.html"
    # Only people with published work have a public page: staff accounts stay undiscoverable.
    allow_empty = False

    def get_subject(self):
        users = get_user_model().objects.filter(is_active=True)
        return get_object_or_404(users, username=self.kwargs["username"])

    def filter_by_subject(self, queryset, subject):
        return queryset.filter(authors=subject)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
