"""Reader ratings: one row per voter and article, and the article's running figures.

The database refuses a second vote from one voter (UniqueConstraint) and a star count outside
1–5 (CheckConstraint). Votes are recorded by `articles.ratings.cast_vote`, which keeps the summary
equal to the votes.
"""

from django.conf import settings
from django.db import models

STARS = range(1, 6)


class Rating(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="ratings"
    )
    # The account for a logged-in reader; kept as a plain figure in the tally if the account goes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings",
    )
    voter_key = models.CharField(
        max_length=64, help_text='"user:<id>" or "anon:<cookie id>" (articles.readers.Voter.key).'
    )
    stars = models.PositiveSmallIntegerField()
    ip_hash = models.CharField("IP hash", max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "voter_key"], name="rating_one_per_voter"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ on {self.article_id} by {self.voter_key}"


class RatingSummary(models.Model):
    """An article's votes, counted as they are cast so a page never aggregates the votes table.

    Kept apart from Article so a burst of votes locks this small row, not the article editors
    are saving."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rating_summary",
    )
    count = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0, help_text="Sum of the stars of every vote.")
    # Stored (not computed per query) so the admin can sort by it.
    average = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "rating summaries"

    def __str__(self):
        return f"{self.average} from {self.count} votes on {self.article_id}"

    @property
    def breakdown(self) -> dict[int, int]:
        return {stars: getattr(self, f"stars_{stars}") for stars in STARS}
