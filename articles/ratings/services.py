"""Reader ratings: the one function that records a vote, and the figures readers and editors see.

`cast_vote` is how a vote is recorded. It serialises the votes on one article by locking that
article's summary row, so the summary is adjusted by exact deltas (a new vote adds one, a changed
vote moves one between star counts) and always equals the votes. The only other writer is bulk
generation of test data, which builds each summary from its votes with `summary_of_votes`.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles import caching
from articles.models import Article, Rating, RatingSummary
from articles.models.rating import STARS
from articles.readers import Voter, adopted_on_login

# Confirmations tagged so the widget shows them in place, by the stars, not at the page top.
MESSAGE_TAG = "rating"


class RatingsClosed(Exception):
    """The article is not taking votes (unpublished, or its ratings were closed)."""


@dataclass(frozen=True)
class Figures:
    """What the widget, the JSON answer, the JSON-LD and the admin show of an article's votes."""

    count: int
    total: int
    breakdown: dict[int, int]

    @classmethod
    def of(cls, summary: RatingSummary | None) -> "Figures":
        if summary is None:
            return cls(count=0, total=0, breakdown=dict.fromkeys(STARS, 0))
        return cls(count=summary.count, total=summary.total, breakdown=summary.breakdown)

    @property
    def average(self) -> Decimal | None:
        """The mean to one decimal, rounded half up from the exact sum (never from a rounding)."""
        if not self.count:
            return None
        return (Decimal(self.total) / self.count).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def count_label(self) -> str:
        if not self.count:
            return "No votes yet"
        return f"{self.count} vote" if self.count == 1 else f"{self.count} votes"


def figures_for(article: Article) -> Figures:
    """One query at most: the reverse one-to-one caches its row, or its absence, on the article."""
    return Figures.of(getattr(article, "rating_summary", None))


def vote_of(article: Article, voter: Voter | None) -> int | None:
    """The stars this voter gave the article, or None; no query for a voter never seen before."""
    if voter is None or voter.is_new:
        return None
    return (
        Rating.objects.filter(article=article, voter_key=voter.key)
        .values_list("stars", flat=True)
        .first()
    )


def aggregate_rating(article: Article) -> dict | None:
    """schema.org AggregateRating for the article's NewsArticle JSON-LD, once it has votes."""
    figures = figures_for(article)
    if not figures.count:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": float(figures.average),
        "ratingCount": figures.count,
        "bestRating": 5,
        "worstRating": 1,
    }


@dataclass(frozen=True)
class Outcome:
    figures: Figures
    stars: int
    previous: int | None

    @property
    def message(self) -> str:
        if self.previous is None:
            return f"Thank you: your vote of {_stars(self.stars)} is counted."
        if self.previous == self.stars:
            return f"Your vote stays at {_stars(self.stars)}."
        return f"Your vote is changed from {_stars(self.previous)} to {_stars(self.stars)}."


def _stars(n: int) -> str:
    return f"{n} star" if n == 1 else f"{n} stars"


def cast_vote(article: Article, voter: Voter, stars: int, *, ip_hash: str = "") -> Outcome:
    """Record `voter`'s vote on `article`, replacing their earlier one; one transaction.

    Raises RatingsClosed when the article is not published or its ratings are closed, ValueError
    for stars outside 1–5."""
    if stars not in STARS:
        raise ValueError(f"stars must be 1 to 5, not {stars!r}")
    with transaction.atomic():
        summary = _locked_summary(article)
        if not Article.objects.published().filter(pk=article.pk, is_rating_open=True).exists():
            raise RatingsClosed
        previous = _upsert_rating(article, voter, stars, ip_hash)
        _count(summary, previous, stars)
        summary.save()
        caching.discussion_changed(article.pk)
    article.rating_summary = summary
    return Outcome(figures=Figures.of(summary), stars=stars, previous=previous)


def set_rating_open(articles, is_open: bool, *, by) -> int:
    """Open or close ratings on a queryset of articles; votes so far stay counted and shown.

    Not content, so it bypasses the draft-over-live lock: a live article closes in place.
    Returns how many articles changed."""
    if not by.has_perm("articles.change_article"):
        raise PermissionDenied("You may not change articles.")
    with transaction.atomic():
        changing = list(articles.exclude(is_rating_open=is_open).values_list("pk", flat=True))
        for article_id in changing:
            caching.discussion_changed(article_id)
        return Article.objects.filter(pk__in=changing).update(is_rating_open=is_open)


def _locked_summary(article: Article) -> RatingSummary:
    # INSERT ... ON CONFLICT DO NOTHING: the first two voters on an article cannot both create it.
    RatingSummary.objects.bulk_create([RatingSummary(article=article)], ignore_conflicts=True)
    return RatingSummary.objects.select_for_update().get(article=article)


def _upsert_rating(article, voter, stars, ip_hash) -> int | None:
    """Save the vote and return the stars it replaced. Safe: the summary lock serialises voters."""
    rating = Rating.objects.filter(article=article, voter_key=voter.key).first()
    if rating is None:
        Rating.objects.create(
            article=article,
            user_id=voter.user_id,
            voter_key=voter.key,
            stars=stars,
            ip_hash=ip_hash,
        )
        return None
    previous, rating.stars, rating.ip_hash = rating.stars, stars, ip_hash
    rating.save(update_fields=["stars", "ip_hash", "updated_at"])
    return previous


def summary_of_votes(article: Article, votes: list[int]) -> RatingSummary:
    """An unsaved summary equal to `votes`, for bulk loaders that insert Rating rows directly."""
    summary = RatingSummary(article=article)
    for stars in votes:
        _count(summary, None, stars)
    return summary


def _count(summary: RatingSummary, previous: int | None, stars: int) -> None:
    """Move the summary by one vote's delta; plain arithmetic is safe on a locked row."""
    if previous is None:
        summary.count += 1
    else:
        _bump(summary, previous, -1)
    _bump(summary, stars, +1)
    summary.total += stars - (previous or 0)
    summary.average = (Decimal(summary.total) / summary.count).quantize(Decimal("0.01"))


def _bump(summary: RatingSummary, stars: int, by: int) -> None:
    field = f"stars_{stars}"
    setattr(summary, field, getattr(summary, field) + by)


@adopted_on_login
def adopt_anonymous_votes(anonymous: Voter, account: Voter) -> int:
    """A reader who voted anonymously and then logs in is one voter: each anonymous vote becomes
    the account's; where both voted on the same article, the later vote stands and the other
    leaves the count. Returns how many anonymous votes were adopted or merged."""
    ratings = Rating.objects.filter(voter_key=anonymous.key).select_related("article")
    for rating in ratings:
        with transaction.atomic():
            summary = _locked_summary(rating.article)
            own = Rating.objects.filter(article=rating.article, voter_key=account.key).first()
            if own is None:
                rating.voter_key, rating.user_id = account.key, account.user_id
                rating.save(update_fields=["voter_key", "user", "updated_at"])
                continue
            if rating.updated_at > own.updated_at:
                _count(summary, own.stars, rating.stars)
                own.stars = rating.stars
                own.save(update_fields=["stars", "updated_at"])
            rating.delete()
            _uncount(summary, rating.stars)  # the merged-away row's stars, whichever stood
            summary.save()
    return len(ratings)


def _uncount(summary: RatingSummary, stars: int) -> None:
    """Take one vote of `stars` out of the summary (a duplicate merged away)."""
    summary.count -= 1
    _bump(summary, stars, -1)
    summary.total -= stars
    average = Decimal(summary.total) / summary.count if summary.count else Decimal(0)
    summary.average = average.quantize(Decimal("0.01"))
