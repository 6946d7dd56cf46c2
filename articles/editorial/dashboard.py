"""The editorial dashboard: what the logged-in person has to do next, in a fixed number of queries.

Each list is one query (capped), whatever the newsroom's size; sections a role cannot act on are
left out rather than shown empty.
"""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from articles.comments import moderation
from articles.editorial import workflow
from articles.facts import published_elsewhere, verification
from articles.models import (
    Article,
    ArticleStatus,
    ArticleTransition,
    Comment,
    CommentStatus,
    Fact,
    FactStatus,
)

LIST_SIZE = 10
# What a writer has handed on and follows: in review, approved, scheduled.
SUBMITTED = [ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED, ArticleStatus.SCHEDULED]
SCHEDULE_DAYS = 14


def for_user(user, now=None):
    now = now or timezone.now()
    mine = Article.objects.filter(authors=user)
    board = {
        "my_drafts": _capped(mine.filter(status=ArticleStatus.DRAFT).order_by("-updated_at")),
        "submitted": _capped(
            mine.filter(status__in=SUBMITTED)
            .annotate(submitted_at=_latest_at("submit"))
            .order_by("-submitted_at")
        ),
        "changes_requested": _capped(
            mine.filter(status=ArticleStatus.CHANGES_REQUESTED)
            .annotate(request_note=_latest_note("request_changes"))
            .order_by("-updated_at")
        ),
    }
    if user.has_perm(workflow.REVIEW):
        board["to_review"] = _capped(_to_review(user))
    if user.has_perm(workflow.REVIEW) or user.has_perm(workflow.PUBLISH):
        board["scheduled_days"] = scheduled_by_day(now)
        board["missed"] = list(workflow.missed_schedules(now).order_by("scheduled_at"))
    if moderation.can_moderate(user):
        board["pending_comments"] = Comment.objects.filter(status=CommentStatus.PENDING).count()
    if user.has_perm(verification.VERIFY):
        board["facts"] = _capped(_facts_to_check())
        board["imported_unverified"] = _capped(_imported_unverified())
    board["recently_published"] = _capped(
        Article.objects.published().order_by("-published_at"), size=5
    )
    return board


def scheduled_by_day(now):
    """[(date, [articles])] for the next SCHEDULE_DAYS days in the site's time zone."""
    until = now + timedelta(days=SCHEDULE_DAYS)
    upcoming = Article.objects.filter(
        status=ArticleStatus.SCHEDULED, scheduled_at__gte=now, scheduled_at__lt=until
    ).order_by("scheduled_at")
    day = lambda article: timezone.localdate(article.scheduled_at)  # noqa: E731
    return [(date, list(articles)) for date, articles in groupby(upcoming, key=day)]


def _to_review(user):
    waiting = Article.objects.filter(status=ArticleStatus.IN_REVIEW)
    if not settings.WORKFLOW_ALLOW_SELF_APPROVAL:
        waiting = waiting.exclude(authors=user)
    submitted_at = Subquery(
        ArticleTransition.objects.filter(article=OuterRef("pk"), action="submit")
        .order_by("-at")
        .values("at")[:1]
    )
    return waiting.annotate(submitted_at=submitted_at).order_by("submitted_at")


def _facts_to_check():
    return (
        Fact.objects.exclude(status=FactStatus.VERIFIED)
        .annotate(uses=Count("key_points"))
        .order_by("-uses", "-updated_at")
    )


def _imported_unverified():
    """Articles live on `published_elsewhere`'s exception, while any key point is unchecked."""
    unverified = Count("key_points", filter=~Q(key_points__fact__status=FactStatus.VERIFIED))
    return (
        Article.objects.filter(transitions__action=published_elsewhere.IMPORT_ACTION)
        .annotate(unverified=unverified)
        .filter(unverified__gt=0)
        .order_by("-published_at")
    )


def _latest_note(action):
    return Subquery(
        ArticleTransition.objects.filter(article=OuterRef("pk"), action=action)
        .order_by("-at")
        .values("note")[:1]
    )


def _latest_at(action):
    return Subquery(
        ArticleTransition.objects.filter(article=OuterRef("pk"), action=action)
        .order_by("-at")
        .values("at")[:1]
    )


def _capped(queryset, size=LIST_SIZE):
    return list(queryset[:size])
