"""Workflow emails given up on (articles.editorial.emails), for the people the workflow emails:
read-only, with one action to mark them dealt with once the person has been told another way."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from articles.editorial import workflow
from articles.models import FailedEmail


def _is_newsroom_lead(user) -> bool:
    return user.is_active and (user.has_perm(workflow.REVIEW) or user.has_perm(workflow.PUBLISH))


@admin.register(FailedEmail)
class FailedEmailAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "address", "about", "error", "attempts", "is_resolved"]
    list_filter = ["is_resolved"]
    list_select_related = ["transition__article"]
    actions = ["mark_resolved"]
    fields = ["failed_at", "address", "about", "error", "attempts", "is_resolved"]
    readonly_fields = fields

    @admin.display(description="about")
    def about(self, failed):
        article = failed.transition.article
        url = reverse("admin:articles_article_change", args=[article.pk])
        return format_html('{}: <a href="{}">{}</a>', failed.transition.action, url, article)

    @admin.action(description="Mark as dealt with")
    def mark_resolved(self, request, queryset):
        count = queryset.update(is_resolved=True)
        self.message_user(request, f"{count} failed email(s) marked as dealt with.")

    def has_module_permission(self, request):
        return _is_newsroom_lead(request.user)

    def has_view_permission(self, request, obj=None):
        return _is_newsroom_lead(request.user)

    def has_change_permission(self, request, obj=None):
        return _is_newsroom_lead(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
