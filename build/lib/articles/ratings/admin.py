"""Reader-rating figures in the article admin: read-only, sortable, from the summary row.

Votes are changed only by readers through `articles.ratings.cast_vote`, so there is no Rating admin
that could edit or delete one behind the summary's back."""

from django.contrib import admin, messages
from django.db.models import Value
from django.db.models.functions import Coalesce

from articles.models.rating import STARS
from articles.ratings.services import figures_for, set_rating_open


class RatingFiguresMixin:
    """For ArticleAdmin: add the names below to list_display / readonly_fields and
    "rating_summary" to list_select_related (one join, not a query per row).

    Also adds "Close ratings" / "Open ratings" actions for whoever may change articles: a live
    article's change form is locked (draft-over-live), and ratings are not its content."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for action in (close_ratings, open_ratings):
                actions[action.__name__] = self.get_action(action)
        return actions

    @admin.display(description="average", ordering=Coalesce("rating_summary__average", Value(0)))
    def rating_average(self, article):
        return figures_for(article).average or "–"

    @admin.display(description="votes", ordering=Coalesce("rating_summary__count", Value(0)))
    def rating_count(self, article):
        return figures_for(article).count

    @admin.display(description="votes per star")
    def rating_breakdown(self, article):
        breakdown = figures_for(article).breakdown
        return " · ".join(f"{stars}★ {breakdown[stars]}" for stars in reversed(STARS))


RATING_COLUMNS = ["rating_average", "rating_count", "rating_breakdown"]
RATING_FIELDSET = (
    "Reader ratings",
    {"fields": ["is_rating_open", ("rating_average", "rating_count"), "rating_breakdown"]},
)


def _set(modeladmin, request, queryset, is_open):
    changed = set_rating_open(queryset, is_open, by=request.user)
    state = "opened" if is_open else "closed"
    message = f"Ratings {state} on {changed} article(s); the votes so far are kept."
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Close ratings on the selected articles")
def close_ratings(modeladmin, request, queryset):
    _set(modeladmin, request, queryset, is_open=False)


@admin.action(description="Open ratings on the selected articles")
def open_ratings(modeladmin, request, queryset):
    _set(modeladmin, request, queryset, is_open=True)
