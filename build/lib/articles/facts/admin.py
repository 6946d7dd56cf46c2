"""Facts, the sources behind them and the companies they are about. Facts are searchable, so key
points can pick them by autocomplete."""

from django.contrib import admin
from django.db import models
from django.db.models import Count

from articles.facts.feedback_admin import FactFeedbackAdminMixin, HasErrorReportsFilter
from articles.facts.verification_admin import FactVerificationAdminMixin
from articles.models import Company, Fact, Source


@admin.register(Fact)
class FactAdmin(FactFeedbackAdminMixin, FactVerificationAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "subject",
        "status",
        "source_count",
        "article_count",
        "feedback_count",
        "error_report_count",
    ]
    list_filter = ["status", HasErrorReportsFilter, ("subject", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["subject"]
    ordering = ["-updated_at"]
    search_fields = ["statement", "subject__name", "sources__publisher"]
    autocomplete_fields = ["subject", "sources"]
    readonly_fields = ["verified_by", "verified_at"]
    fieldsets = [
        (None, {"fields": ["statement", "subject", "sources"]}),
        ("Structured value", {"fields": [("value", "unit"), "as_of"]}),
        ("Verification", {"fields": ["status", "verification_note", "verified_by", "verified_at"]}),
    ]

    def get_queryset(self, request):
        # Two to-many joins multiply rows, hence distinct counts.
        return (
            super()
            .get_queryset(request)
            .annotate(
                _source_count=Count("sources", distinct=True),
                _article_count=Count("key_points__article", distinct=True),
            )
        )

    @admin.display(description="sources", ordering="_source_count")
    def source_count(self, fact):
        return fact._source_count

    @admin.display(description="used in articles", ordering="_article_count")
    def article_count(self, fact):
        return fact._article_count


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["publisher", "title", "published_on", "fact_count"]
    search_fields = ["publisher", "title", "url"]
    ordering = ["publisher", "-published_on"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    date_hierarchy = "published_on"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_fact_count=Count("facts"))

    @admin.display(description="facts", ordering="_fact_count")
    def fact_count(self, source):
        return source._fact_count


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website", "article_count"]
    list_filter = ["kind"]
    ordering = ["name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="articles", ordering="_article_count")
    def article_count(self, company):
        return company._article_count
