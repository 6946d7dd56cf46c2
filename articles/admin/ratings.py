"""Reader-rating figures in the article admin: read-only, sortable, from the summary row.

Votes are changed only by readers through `articles.ratings.cast_vote`, so there is no Rating admin
that could edit or delete one behind the summary's back."""

from django.contrib import admin
from django.db.models import Value
from django.db.models.functions import Coalesce

from articles.models.rating import STARS
from articles.ratings import figures_for


class RatingFiguresMixin:
    """For ArticleAdmin: add the names below to list_display / readonly_fields and
    "rating_summary" to list_select_related (one join, not a query per row)."""

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
