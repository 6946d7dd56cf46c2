"""Readers report a comment to the moderators: once per reader, rate-limited, never their own,
only a published one; the same answer for a form and a script."""

import pytest
from django.urls import reverse

from articles.models import CommentReport, CommentStatus
from tests.factories import make_comment

JSON = {"HTTP_ACCEPT": "application/json"}


def report_url(comment):
    return reverse(
        "articles:comment-report", kwargs={"slug": comment.article.slug, "pk": comment.pk}
    )


def test_a_report_is_stored_once_per_reader(client, comment):
    first = client.post(report_url(comment), {"reason": "abuse"}, **JSON)
    again = client.post(report_url(comment), {"reason": "spam"}, **JSON)

    assert first.status_code == 200 and first.json()["message"].startswith("Thank you")
    assert again.status_code == 200 and "already reported" in again.json()["message"]
    assert list(CommentReport.objects.values_list("reason", flat=True)) == ["abuse"]


def test_without_javascript_the_reader_is_sent_back_to_the_comment(client, comment):
    response = client.post(report_url(comment), {"reason": "spam"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#{comment.anchor}")
    assert "a moderator will look" in response.content.decode()


@pytest.mark.parametrize("reason", ["", "boring", "spam\x00"])
def test_a_report_needs_a_known_reason(client, comment, reason):
    response = client.post(report_url(comment), {"reason": reason}, **JSON)
    assert response.status_code == 400 and not response.json()["ok"]
    assert not CommentReport.objects.exists()


def test_only_published_comments_can_be_reported(client, article):
    held = make_comment(article, "Waiting.", status=CommentStatus.PENDING)
    response = client.post(report_url(held), {"reason": "spam"}, **JSON)
    assert response.status_code == 404


def test_a_reader_cannot_report_their_own_comment(client, article, known, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    post_url = reverse("articles:comment-post", kwargs={"slug": article.slug})
    page = client.get(article.get_absolute_url()).content.decode()
    started = page.split('name="started" value="')[1].split('"')[0]
    client.post(post_url, {"body": "Mine.", "author_name": "Grace",
                           "author_email": "grace@example.com", "started": started})  # fmt: skip
    mine = article.comments.get()
    response = client.post(report_url(mine), {"reason": "spam"}, **JSON)
    assert response.status_code == 403


def test_reports_are_rate_limited_per_network(client, article, settings):
    settings.COMMENTS_REPORT_RATE_LIMIT = (2, 3600)
    comments = [make_comment(article, f"Comment {n}.") for n in range(3)]
    answers = [client.post(report_url(c), {"reason": "spam"}, **JSON) for c in comments]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "3600"
    assert "Too many reports" in answers[2].json()["message"]
    assert CommentReport.objects.count() == 2


def test_reporting_takes_post_only(client, comment):
    assert client.get(report_url(comment), **JSON).status_code == 405
