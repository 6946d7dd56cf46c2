"""A reader who voted anonymously and then logs in is one voter: the anonymous votes (on articles
and on comments) become the account's, and a duplicate is merged, never counted twice."""

import time_machine
from django.utils import timezone

from articles.comments.posting import adopt_anonymous_votes as adopt_comment_votes
from articles.comments.posting import vote as vote_on_comment
from articles.models import CommentVote, Rating, RatingSummary
from articles.ratings.services import adopt_anonymous_votes, cast_vote
from articles.readers import Voter
from tests.factories import make_comment

ANON = Voter(user_id=None, anon_id="browser-1")


def test_anonymous_votes_become_the_accounts(rated_twice, reader):
    cast_vote(rated_twice, ANON, 2)
    account = Voter(user_id=reader.pk, anon_id=None)

    assert adopt_anonymous_votes(ANON, account) == 1

    rating = Rating.objects.get(voter_key=account.key)
    assert (rating.stars, rating.user) == (2, reader)
    assert RatingSummary.objects.get(article=rated_twice).count == 3


def test_the_later_of_two_votes_stands_and_is_counted_once(rated_twice, reader):
    account = Voter(user_id=reader.pk, anon_id=None)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        cast_vote(rated_twice, account, 1)
    with time_machine.travel(start + timezone.timedelta(minutes=5), tick=False):
        cast_vote(rated_twice, ANON, 5)

    adopt_anonymous_votes(ANON, account)

    assert list(Rating.objects.filter(article=rated_twice).values_list("stars", flat=True)
                .order_by("stars")) == [3, 5, 5]  # fmt: skip
    summary = RatingSummary.objects.get(article=rated_twice)
    assert (summary.count, summary.total, summary.stars_1, summary.stars_5) == (3, 13, 0, 2)
    assert str(summary.average) == "4.33"


def test_comment_votes_follow_the_reader_and_keep_the_accounts_own(article, reader):
    first, second = make_comment(article, "One."), make_comment(article, "Two.")
    account = Voter(user_id=reader.pk, anon_id=None)
    vote_on_comment(first, ANON, CommentVote.UP)
    vote_on_comment(second, ANON, CommentVote.UP)
    vote_on_comment(second, account, CommentVote.DOWN)

    adopt_comment_votes(ANON, account)

    assert not CommentVote.objects.filter(voter_key=ANON.key).exists()
    assert CommentVote.objects.filter(voter_key=account.key).count() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.score, second.score) == (1, -1)
