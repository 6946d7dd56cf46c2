"""What readers see: the home page, articles, and category, company and author listings.

Every queryset starts from `Article.objects.published()`, the one definition of public, and each
page makes a fixed number of queries however many articles, sections or sources it shows."""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from articles.comments.feedback_views import feedback_section
from articles.comments.views import comments_section
from articles.facts import sheets
from articles.images import renditions
from articles.models import (
    Article,
    AuthorProfile,
    Category,
    Company,
    Correction,
    FormerArticleSlug,
    FormerAuthorSlug,
    KeyPoint,
)
from articles.pages.feeds import feed_links
from articles.pages.structured_data import as_json_ld, breadcrumbs, news_article, organization


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


class FormerSlugRedirectMixin:
    """A page whose slug changed answers its old slug with a permanent redirect to the new one."""

    def renamed(self, slug):
        """What once had this slug, if readers may still see it there; else None."""
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            current = self.renamed(self.kwargs["slug"])
            if current is None or current.slug == self.kwargs["slug"]:
                raise
            url = current.get_absolute_url()
            query = request.GET.urlencode()
            return redirect(f"{url}?{query}" if query else url, permanent=True)


class ArticleDetailView(FormerSlugRedirectMixin, PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def renamed(self, slug):
        former = FormerArticleSlug.objects.filter(slug=slug).values("article_id")
        return Article.objects.published().filter(pk__in=former).first()

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
                Prefetch("corrections", queryset=Correction.objects.order_by("-created_at")),
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
            breadcrumbs=as_json_ld(breadcrumbs(article, self.request)),
            feeds=article_feeds(article),
            **comments_section(self.request, article),
            **feedback_section(self.request, article),
            **kwargs,
        )


def article_feeds(article):
    """The feeds that follow an article's subjects: its category, primary company and authors."""
    feeds = [feed_links("category", article.category)] if article.category else []
    feeds += [
        feed_links("company", company)
        for company in article.companies.all()
        if company.pk == article.primary_company_id
    ]
    return feeds + [feed_links("author", author.author_profile) for author in article.authors.all()]


class SubjectArticleListView(PublishedArticlesMixin, ListView):
    """The published articles of one subject (a category, company or author)."""

    feed_kind = ""  # names the subject's feeds: "category", "company" or "author"

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
        return super().get_context_data(
            subject=self.subject, feeds=[feed_links(self.feed_kind, self.subject)], **kwargs
        )


class CategoryDetailView(SubjectArticleListView):
    template_name = "articles/category_detail.html"
    feed_kind = "category"

    def get_subject(self):
        return get_object_or_404(Category, slug=self.kwargs["slug"])

    def filter_by_subject(self, queryset, subject):
        return queryset.filter(category=subject)


class CompanyDetailView(SubjectArticleListView):
    """The company's verified fact sheet (articles.facts.sheets) above its articles."""

    template_name = "articles/company_detail.html"
    feed_kind = "company"

    def get_subject(self):
        return get_object_or_404(Company, slug=self.kwargs["slug"])

    def filter_by_subject(self, queryset, subject):
        return queryset.filter(companies=subject)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = as_json_ld(organization(self.subject, self.request))
        if not context["page_obj"].has_previous():
            context["fact_sheet"] = sheets.company_sheet(self.subject)
        return context


def company_facts_json(request, slug):
    """The company's fact sheet as JSON; the shape is documented in the README."""
    company = get_object_or_404(Company, slug=slug)
    data = sheets.sheet_as_json(company, sheets.company_sheet(company), request.build_absolute_uri)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


class AuthorDetailView(FormerSlugRedirectMixin, SubjectArticleListView):
    """An author's public page, under the slug they chose (never their login name)."""

    template_name = "articles/author_detail.html"
    feed_kind = "author"
    # Only people with published work have a public page: staff accounts stay undiscoverable.
    allow_empty = False

    def get_subject(self):
        profiles = AuthorProfile.objects.filter(user__is_active=True)
        return get_object_or_404(profiles, slug=self.kwargs["slug"])

    def filter_by_subject(self, queryset, subject):
        return queryset.filter(authors=subject.user_id)

    def renamed(self, slug):
        former = FormerAuthorSlug.objects.filter(slug=slug).values("profile_id")
        return AuthorProfile.objects.filter(pk__in=former, user__is_active=True).first()


class SubjectIndexView(ListView):
    """/categories/, /companies/, /authors/: every subject with published work, with its count."""

    template_name = "articles/subject_index.html"
    context_object_name = "subjects"
    model = None
    articles_path = "articles"  # from the subject to its articles
    heading = ""
    intro = ""

    def get_queryset(self):
        published = Article.objects.published().values("pk")
        count = Count(
            self.articles_path, filter=Q(**{f"{self.articles_path}__in": published}), distinct=True
        )
        return self.model.objects.annotate(published_count=count).filter(published_count__gt=0)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading,
            intro=self.intro,
            canonical_url=self.request.build_absolute_uri(self.request.path),
            **kwargs,
        )


class CategoryIndexView(SubjectIndexView):
    model = Category
    heading = "Sections"
    intro = "Every section with published articles."


class CompanyIndexView(SubjectIndexView):
    model = Company
    heading = "Companies and topics"
    intro = "Every company, regulator and organisation our articles are about."


class AuthorIndexView(SubjectIndexView):
    model = AuthorProfile
    articles_path = "user__articles"
    heading = "Authors"
    intro = "The people who write and check our articles."

    def get_queryset(self):
        return super().get_queryset().filter(user__is_active=True)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
