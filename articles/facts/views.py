"""Readers' pages of the facts concern: every correction and update, newest first."""

from django.conf import settings
from django.views.generic import ListView

from articles.models import Article, Correction


def public_corrections():
    """Corrections on articles readers can see, newest first, with what a list shows."""
    return (
        Correction.objects.filter(article__in=Article.objects.published())
        .select_related("article", "fact")
        .order_by("-created_at", "-id")
    )


class CorrectionListView(ListView):
    template_name = "articles/corrections.html"
    context_object_name = "corrections"

    def get_queryset(self):
        return public_corrections()

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        suffix = f"?page={page.number}" if page.number > 1 else ""
        context["canonical_url"] = self.request.build_absolute_uri(self.request.path + suffix)
        return context
