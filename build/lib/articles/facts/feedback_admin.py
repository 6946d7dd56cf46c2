"""Readers' feedback per fact, for FactAdmin: counts in the changelist (annotated in its one
query), a "has error reports" filter, and the feedback itself on the fact's page, under its
verification status.

Who sees it: whoever may view facts (writers, editors, publishers) sees the text, author name,
state and article of feedback on a fact, never the reader's email or IP hash; fact-checking is
theirs. The link into the moderation queue appears only for those who may view comments
(moderators): moderating stays theirs. Spam and removed comments are left out; an error report
still held for moderation counts, so a fact-checker hears of it before it is published.
"""

from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.models import AnchorKind, Comment, CommentStatus

FEEDBACK_SHOWN = 50
_OPEN = (CommentStatus.PENDING, CommentStatus.APPROVED)


def _count_per_fact(comments):
    rows = comments.filter(fact=OuterRef("pk")).order_by().values("fact")
    return Coalesce(Subquery(rows.annotate(total=Count("pk")).values("total")), 0)


def fact_feedback(fact):
    """The feedback a fact's page lists: error reports first, newest first."""
    return (
        Comment.objects.filter(fact=fact, anchor_kind=AnchorKind.KEY_POINT, status__in=_OPEN)
        .select_related("article", "key_point")
        .order_by("-is_error_report", "-created_at")
    )


class HasErrorReportsFilter(admin.SimpleListFilter):
    title = "error reports from readers"
    parameter_name = "error_reports"

    def lookups(self, request, model_admin):
        return [("yes", "Has error reports"), ("no", "No error reports")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(_error_report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(_error_report_count=0)
        return queryset


class FactFeedbackAdminMixin:
    def get_queryset(self, request):
        # Subqueries, not joins: the changelist already joins sources and key points.
        feedback = Comment.objects.filter(
            anchor_kind=AnchorKind.KEY_POINT, status=CommentStatus.APPROVED
        )
        reports = Comment.objects.filter(is_error_report=True, status__in=_OPEN)
        return (
            super()
            .get_queryset(request)
            .annotate(
                _feedback_count=_count_per_fact(feedback),
                _error_report_count=_count_per_fact(reports),
            )
        )

    @admin.display(description="reader feedback", ordering="_feedback_count")
    def feedback_count(self, fact):
        return fact._feedback_count

    @admin.display(description="error reports", ordering="_error_report_count")
    def error_report_count(self, fact):
        return fact._error_report_count

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            feedback = fact_feedback(obj)
            context["reader_feedback"] = feedback[:FEEDBACK_SHOWN]
            context["reader_feedback_total"] = feedback.count()
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
