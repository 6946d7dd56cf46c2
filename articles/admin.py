"""The newsroom's admin: the article, composed from what each concern adds to it, and categories.

Facts, sources and companies, comments and subscriptions register their own admins in their
packages (imported below).
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

# Each concern's admin module registers its own models; the article admin below composes the
# pieces each concern adds to the article's page.
from articles.comments import admin as comments_admin  # noqa: F401 - registers Comment, Ban
from articles.comments.admin import CommentsOpenAdminMixin
from articles.editorial import (
    failed_emails_admin,  # noqa: F401 - registers FailedEmail
    revisions,
)
from articles.editorial.admin import ArticleWorkflowAdminMixin
from articles.editorial.form_layout import PART_TEMPLATE, PROS_CONS, ArticleFormLayoutMixin
from articles.editorial.forms import ArticleAdminForm
from articles.editorial.history_admin import HistoryAdminMixin
from articles.editorial.part_forms import (
    KeyPointForm,
    KeyPointFormSet,
    PartFormSet,
    ProConForm,
    ProConFormSet,
)
from articles.editorial.review_admin import ReviewAdminMixin
from articles.editorial.revisions_admin import RevisionAdminMixin
from articles.facts import admin as facts_admin  # noqa: F401 - registers Fact, Source, Company
from articles.images import renditions
from articles.images.admin import HeroRenditionsAdminMixin
from articles.models import Article, AuthorProfile, Category, KeyPoint, ProCon, ProConKind, Section
from articles.people import display_name
from articles.ratings.admin import RATING_COLUMNS, RATING_FIELDSET, RatingFiguresMixin
from articles.subscriptions import admin as subscriptions_admin  # noqa: F401 - registers Subscription

admin.site.site_header = "evnews newsroom"
admin.site.site_title = "evnews newsroom"
admin.site.index_title = "Newsroom"


class SectionInline(admin.StackedInline):
    model = Section
    formset = PartFormSet
    fields = ["heading", "body", "position"]
    ordering = ["position", "id"]
    extra = 0
    verbose_name = "numbered section"
    template = PART_TEMPLATE


class KeyPointInline(admin.StackedInline):
    """A key point is written in place: its fact's statement, company, value and sources."""

    model = KeyPoint
    form = KeyPointForm
    formset = KeyPointFormSet
    fields = ["statement", ("subject", "value", "unit", "as_of", "position"), "sources"]
    ordering = ["position", "id"]
    extra = 0
    template = PART_TEMPLATE

    def get_queryset(self, request):
        # Each form shows its fact and sources: fetched once for all of them.
        return (
            super().get_queryset(request).select_related("fact").prefetch_related("fact__sources")
        )

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset


class ProConInline(admin.StackedInline):
    """One column of the Pros and Cons box; two of these sit side by side."""

    model = ProCon
    form = ProConForm
    formset = ProConFormSet
    fields = ["label", "text", "position"]
    ordering = ["position", "id"]
    extra = 0
    kind = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=self.kind)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.kind = self.kind
        return formset


class ProInline(ProConInline):
    kind = ProConKind.PRO
    verbose_name, verbose_name_plural = "pro", "pros"


class ConInline(ProConInline):
    kind = ProConKind.CON
    verbose_name, verbose_name_plural = "con", "cons"


@admin.register(Article)
class ArticleAdmin(
    CommentsOpenAdminMixin,
    RevisionAdminMixin,
    RatingFiguresMixin,
    ReviewAdminMixin,
    HistoryAdminMixin,
    ArticleWorkflowAdminMixin,
    HeroRenditionsAdminMixin,
    ArticleFormLayoutMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    inlines = [KeyPointInline, SectionInline, ProInline, ConInline]
    list_display = [
        *["title", "status", "category", "author_names", "published_at", "reading_time"],
        *RATING_COLUMNS,
    ]
    list_filter = ["status", "category", "companies"]
    list_select_related = ["category", "rating_summary"]
    search_fields = ["title", "dek"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "companies", "primary_company"]
    readonly_fields = [
        *["created_at", "updated_at", "word_count", "reading_time", *RATING_COLUMNS],
        "hero_renditions_status",
        "hero_thumbnail",
    ]
    # In the order readers meet the article; ArticleFormLayoutMixin places the parts (key points,
    # sections, pros and cons) between these.
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "intro", "subheading"]}),
        (PROS_CONS, {"fields": [("pros_heading", "cons_heading")]}),
        ("Closing", {"fields": ["closing"]}),
        (
            "Hero image",
            {
                "fields": [
                    ("hero_thumbnail", "hero_image"),
                    ("hero_alt", "hero_credit"),
                    "hero_caption",
                    "hero_renditions_status",
                ]
            },
        ),
        ("Taxonomy", {"fields": ["category", "companies", "primary_company", "authors"]}),
        (
            "Status and dates",
            {
                "fields": [
                    "status",
                    ("scheduled_at", "unpublish_at"),
                    "published_at",
                    "content_updated_at",
                    ("created_at", "updated_at"),
                    ("word_count", "reading_time"),
                ]
            },
        ),
        RATING_FIELDSET,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authors")

    @admin.display(description="authors")
    def author_names(self, article):
        return ", ".join(display_name(author) for author in article.authors.all())

    @admin.display(description="thumbnail")
    def hero_thumbnail(self, article):
        if not article.pk or not article.hero_image:
            return "No image yet."
        # The smallest rendition: the original as uploaded has no URL (evnews/storage.py).
        picture = renditions.hero_picture(article)
        if picture is None:
            return "No renditions yet (see below)."
        return format_html(
            '<img class="hero-thumbnail" src="{}" alt="{}" width="160">',
            picture.fallback[0].file.url,
            article.hero_alt,
        )

    def view_on_site(self, article):
        """Only a page readers can open gets a link; anything else would be a 404."""
        if Article.objects.published().filter(pk=article.pk).exists():
            return article.get_absolute_url()
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not article.authors.exists():
            article.authors.add(request.user)
        # Sections, key points and pros/cons are saved only now, so the count comes last.
        article.update_reading_time()
        # Last of all, so the revision holds exactly what was saved, inlines and authors too.
        revisions.record(article, by=request.user)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    # Explicit, because a GROUP BY (the count) makes Django drop the model's default ordering.
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="articles", ordering="_article_count")
    def article_count(self, category):
        return category._article_count


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """Authors choose their public name, slug, bio and photo; whoever may change profiles (an
    administrator) edits anyone's. The login name is never shown to readers."""

    list_display = ["display_name", "slug"]
    search_fields = ["display_name", "slug"]
    fields = ["display_name", "slug", "bio", "photo", "photo_alt"]

    def _is_own(self, request, profile):
        return profile is not None and profile.user_id == request.user.pk

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return (
            super().has_view_permission(request, obj) or obj is None or self._is_own(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        own = obj is None or self._is_own(request, obj)
        return super().has_change_permission(request, obj) or (request.user.is_staff and own)

    def get_queryset(self, request):
        profiles = super().get_queryset(request)
        if request.user.has_perm("articles.view_authorprofile"):
            return profiles
        return profiles.filter(user=request.user)
