"""Votes arriving at once, on PostgreSQL: every vote counted once, one vote per voter.

Each thread has its own test Client and so its own database connection; a barrier releases
them together so the requests really overlap inside cast_vote's transaction."""

import threading

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse

from articles.models import Rating, RatingSummary
from articles.readers import VOTER_COOKIE
from tests.factories import make_user

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATINGS_RATE_LIMIT = 0  # every request comes from 127.0.0.1


def post_together(clients, stars_for):
    """POST one vote from each client at the same moment; return the status codes."""
    barrier = threading.Barrier(len(clients))
    statuses = [None] * len(clients)

    def run(index, client, url):
        try:
            barrier.wait()
            response = client.post(url, {"stars": stars_for(index)})
            statuses[index] = response.status_code
        finally:
            connection.close()  # each thread opened its own connection

    threads = [
        threading.Thread(target=run, args=(index, client, client.rate_url))
        for index, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def clients_for(article, count, **cookies):
    url = reverse("articles:article-rate", kwargs={"slug": article.slug})
    clients = []
    for _ in range(count):
        client = Client()
        client.rate_url = url
        for name, value in cookies.items():
            client.cookies[name] = value
        clients.append(client)
    return clients


def assert_summary_is_exact(article, count, total):
    summary = RatingSummary.objects.get(article=article)
    votes = Rating.objects.filter(article=article)
    assert votes.aggregate(n=Count("id"), total=Sum("stars")) == {"n": count, "total": total}
    assert (summary.count, summary.total) == (count, total)
    assert sum(summary.breakdown.values()) == count
    for stars, n in summary.breakdown.items():
        assert n == votes.filter(stars=stars).count()


def test_distinct_voters_at_once_are_each_counted_once(article):
    statuses = post_together(clients_for(article, THREADS), lambda i: i % 5 + 1)
    assert statuses == [302] * THREADS
    assert_summary_is_exact(article, THREADS, sum(i % 5 + 1 for i in range(THREADS)))


def test_one_anonymous_voter_voting_many_times_at_once_keeps_one_vote(article):
    first = Client()
    url = reverse("articles:article-rate", kwargs={"slug": article.slug})
    first.post(url, {"stars": 1})
    cookie = first.cookies[VOTER_COOKIE].value
    statuses = post_together(
        clients_for(article, THREADS, **{VOTER_COOKIE: cookie}), lambda i: i % 5 + 1
    )
    assert statuses == [302] * THREADS
    remaining = Rating.objects.get(article=article)
    assert_summary_is_exact(article, 1, remaining.stars)


def test_one_account_voting_from_many_browsers_at_once_keeps_one_vote(article):
    reader = make_user("busy-reader")
    clients = clients_for(article, THREADS)
    for client in clients:
        client.force_login(reader)
    statuses = post_together(clients, lambda i: 5 if i % 2 else 2)
    assert statuses == [302] * THREADS
    remaining = Rating.objects.get(article=article)
    assert remaining.voter_key == f"user:{reader.pk}"
    assert_summary_is_exact(article, 1, remaining.stars)


def test_first_votes_racing_to_create_the_summary_create_one(article):
    # No summary row exists yet: every thread tries to create it at once.
    assert not RatingSummary.objects.exists()
    statuses = post_together(clients_for(article, THREADS), lambda i: 4)
    assert statuses == [302] * THREADS
    assert RatingSummary.objects.count() == 1
    assert_summary_is_exact(article, THREADS, 4 * THREADS)
