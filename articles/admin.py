"""The newsroom's admin: the article, composed from what each concern adds to it, and categories.

Facts, sources and companies, comments and subscriptions register their own admins in their
packages (imported below).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, Q

# Each concern's admin module registers its own models; the article admin below composes the
# pieces each concern adds to the article's page.
from articles.comments import admin as comments_admin  # noqa: F401 - registers Comment, Ban
from articles.comments.admin import CommentsOpenAdminMixin
from articles.editorial import revisions
from articles.editorial.admin import ArticleWorkflowAdminMixin
from articles.editorial.revisions_admin import RevisionAdminMixin
from articles.facts import admin as facts_admin  # noqa: F401 - registers Fact, Source, Company
from articles.images.admin import HeroRenditionsAdminMixin
from articles.models import Article, Category, KeyPoint, ProCon, Section
from articles.people import display_name
from articles.ratings.admin import RATING_COLUMNS, RATING_FIELDSET, RatingFiguresMixin
from articles.subscriptions import admin as subscriptions_admin  # noqa: F401 - registers Subscription

admin.site.site_header = "evnews newsroom"
admin.site.site_title = "evnews newsroom"
admin.site.index_title = "Newsroom"


class SectionInline(admin.StackedInline):
    model = Section
    fields = ["position", "heading", "body"]
    ordering = ["position", "id"]
    extra = 0


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    fields = ["fact", "position"]
    autocomplete_fields = ["fact"]
    ordering = ["position", "id"]
    extra = 0


class ProConInline(admin.TabularInline):
    model = ProCon
    fields = ["kind", "label", "text", "position"]
    ordering = ["kind", "position", "id"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(
    CommentsOpenAdminMixin,
    RevisionAdminMixin,
    RatingFiguresMixin,
    ArticleWorkflowAdminMixin,
    HeroRenditionsAdminMixin,
    admin.ModelAdmin,
):
    inlines = [SectionInline, KeyPointInline, ProConInline]
    list_display = [
        *["title", "status", "category", "author_names", "published_at", "reading_time"],
        *RATING_COLUMNS,
    ]
    list_filter = ["status", "category", "companies"]
    list_select_related = ["category", "rating_summary"]
    search_fields = ["title", "dek"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category", "companies"]
    # Authors are staff users, a short list; an autocomplete would need every editor to hold
    # the "view user" permission, which the newsroom roles deliberately do not grant.
    filter_horizontal = ["authors"]
    readonly_fields = [
        *["created_at", "updated_at", "word_count", "reading_time", *RATING_COLUMNS],
        "hero_renditions_status",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "intro", "subheading"]}),
        ("Pros, cons and closing", {"fields": ["pros_heading", "cons_heading", "closing"]}),
        (
            "Hero image",
            {
                "fields": [
                    "hero_image",
                    "hero_alt",
                    "hero_caption",
                    "hero_credit",
                    "hero_renditions_status",
                ]
            },
        ),
        ("Taxonomy", {"fields": ["category", "companies", "authors"]}),
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

    def view_on_site(self, article):
        """Only a page readers can open gets a link; anything else would be a 404."""
        if Article.objects.published().filter(pk=article.pk).exists():
            return article.get_absolute_url()
        return None

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "authors":
            # Past authors stay listed, or saving an article would silently drop their byline.
            bylines = Q(is_staff=True, is_active=True) | Q(articles__isnull=False)
            kwargs["queryset"] = get_user_model().objects.filter(bylines).distinct()
            kwargs["required"] = False
            kwargs["help_text"] = "Leave empty to sign the article yourself."
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
