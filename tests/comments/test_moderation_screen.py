"""The moderator's screen: pending counts, why a comment was held, rendered text, one-click
buttons per row (JSON and plain POST), a staff reply, and facts a moderator may look at."""

import pytest
from django.urls import reverse

from articles.models import Ban, Comment, CommentStatus
from tests.factories import PASSWORD, make_comment, make_feedback

CHANGELIST = reverse("admin:articles_comment_changelist")


@pytest.fixture
def moderator_client(client, moderator):
    client.login(username=moderator.username, password=PASSWORD)
    return client


def hold(article, body="Please approve me.", **fields):
    fields.setdefault("author_email", "new@example.com")
    return make_comment(article, body, status=CommentStatus.PENDING, **fields)


def test_the_queue_says_why_held_and_renders_sanitised_text(moderator_client, article):
    hold(article, "Look at **this** <script>alert(1)</script> https://a.example https://b.example")
    page = moderator_client.get(CHANGELIST).content.decode()
    assert "first comment from this address" in page
    assert "<strong>this</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_the_queue_names_the_part_and_flags_error_reports(moderator_client, article):
    point = article.key_points.get()
    make_feedback(point, "This figure is wrong.", is_error_report=True, status="pending")
    response = moderator_client.get(CHANGELIST)
    assert "reports an error" in response.text
    assert 'alt="True"' in response.text


def test_the_queue_costs_the_same_for_three_or_thirty(
    moderator_client, article, django_assert_max_num_queries
):
    for n in range(3):
        hold(article, f"Held {n}", author_email=f"a{n}@example.com")
    moderator_client.get(CHANGELIST)
    with django_assert_max_num_queries(20) as few:
        moderator_client.get(CHANGELIST)
    for n in range(27):
        hold(article, f"More {n}", author_email=f"b{n}@example.com")
    with django_assert_max_num_queries(len(few.captured_queries)):
        moderator_client.get(CHANGELIST)


@pytest.mark.parametrize(
    ("do", "status"),
    [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed"), ("ban", "spam")],
)
def test_one_click_answers_json_to_javascript(moderator_client, article, do, status):
    comment = hold(article, ip_hash="c" * 32)
    url = reverse("admin:articles_comment_moderate", args=[comment.pk])
    response = moderator_client.post(url, {"do": do}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == status and response.json()["pending"] == 0
    assert Comment.objects.get(pk=comment.pk).status == status
    assert Ban.objects.exists() == (do == "ban")


def test_one_click_without_javascript_goes_back_to_the_queue(moderator_client, article):
    comment = hold(article)
    url = reverse("admin:articles_comment_moderate", args=[comment.pk])
    back = f"http://testserver{CHANGELIST}?status=pending"
    response = moderator_client.post(url, {"do": "approve"}, HTTP_REFERER=back)
    assert response.status_code == 302 and response.url == back
    elsewhere = moderator_client.post(url, {"do": "remove"}, HTTP_REFERER="https://evil.example/")
    assert elsewhere.url == CHANGELIST


def test_an_unknown_action_is_a_clear_400(moderator_client, article):
    comment = hold(article)
    url = reverse("admin:articles_comment_moderate", args=[comment.pk])
    response = moderator_client.post(url, {"do": "explode"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "Unknown moderation action."


def test_a_writer_may_not_moderate(client, writer, article):
    comment = hold(article)
    client.login(username=writer.username, password=PASSWORD)
    url = reverse("admin:articles_comment_moderate", args=[comment.pk])
    assert client.post(url, {"do": "approve"}).status_code == 403


def test_pending_count_on_the_dashboard_and_in_the_menu(moderator_client, article):
    hold(article)
    hold(article, "Another", author_email="other@example.com")
    page = moderator_client.get("/admin/").content.decode()
    assert "<span data-pending-count>2</span> held comments" in page
    assert "(<span data-pending-count>2</span> pending)" in page


def test_a_moderator_replies_from_the_admin(moderator_client, moderator, article):
    comment = hold(article)
    url = reverse("admin:articles_comment_reply", args=[comment.pk])
    response = moderator_client.post(url, {"body": "Thanks, we fixed it."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=comment)
    assert reply.status == CommentStatus.APPROVED and reply.user == moderator
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED


def test_an_empty_reply_is_refused_with_a_message(moderator_client, article):
    comment = hold(article)
    url = reverse("admin:articles_comment_reply", args=[comment.pk])
    response = moderator_client.post(url, {"body": ""}, follow=True)
    assert "Write a reply before sending it." in response.text
    assert not Comment.objects.filter(parent=comment).exists()


def test_a_moderator_may_view_but_not_change_facts(moderator_client, fact):
    change = reverse("admin:articles_fact_change", args=[fact.pk])
    response = moderator_client.get(change)
    assert response.status_code == 200
    assert fact.statement in response.text
    assert moderator_client.post(change, {"statement": "Changed"}).status_code == 403
