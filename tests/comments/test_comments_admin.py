"""The moderation queue in the admin: who may use it, and what its actions do."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Ban, CommentStatus
from tests.factories import PASSWORD, make_comment

CHANGELIST = reverse("admin:articles_comment_changelist")


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def act(client, action, *comments):
    data = {"action": action, "_selected_action": [c.pk for c in comments]}
    return client.post(CHANGELIST, data)


def test_anonymous_visitor_is_sent_to_login(client, held):
    response = client.get(CHANGELIST)
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_writer_may_not_open_the_queue(client, writer, held):
    assert login(client, writer).get(CHANGELIST).status_code == 403


def test_moderator_opens_the_queue_on_pending(client, moderator, comment, held):
    page = login(client, moderator).get(CHANGELIST).content.decode()
    assert "Held for review." in page
    assert "Frameless doors look great." not in page


def test_all_comments_list_held_comments_first(client, moderator, comment, held):
    page = login(client, moderator).get(CHANGELIST, {"status": "all"}).content.decode()
    assert page.index("Held for review.") < page.index("Frameless doors look great.")


def test_moderator_sees_the_comment_in_context(client, moderator, comment, article):
    reply = make_comment(article, "A reply.", parent=comment)
    url = reverse("admin:articles_comment_change", args=[reply.pk])
    page = login(client, moderator).get(url).content.decode()
    assert article.get_absolute_url() in page
    assert "Frameless doors look great." in page


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed")],
)
def test_moderator_bulk_changes_state(client, moderator, article, action, status):
    comments = [make_comment(article, status=CommentStatus.PENDING) for _ in range(3)]
    response = act(login(client, moderator), action, *comments)
    assert response.status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == status


def test_moderator_bans_the_authors_email(client, moderator, held):
    act(login(client, moderator), "ban_email", held)
    held.refresh_from_db()
    assert held.status == CommentStatus.SPAM
    assert Ban.objects.filter(email="new.reader@example.com", ip_hash="").exists()


def test_moderator_bans_the_authors_ip_hash(client, moderator, held):
    act(login(client, moderator), "ban_ip", held)
    assert Ban.objects.filter(ip_hash="a" * 32, email="").exists()


def test_staff_without_moderate_permission_gets_no_actions(client, editor, held):

    editor.user_permissions.add(Permission.objects.get(codename="view_comment"))
    page = login(client, editor).get(CHANGELIST)
    assert page.status_code == 200
    assert 'value="approve"' not in page.content.decode()
    act(client, "approve", held)
    held.refresh_from_db()
    assert held.status == CommentStatus.PENDING


def test_comments_cannot_be_added_or_deleted_in_the_admin(client, moderator, held):
    login(client, moderator)
    assert client.get(reverse("admin:articles_comment_add")).status_code == 403
    assert client.get(reverse("admin:articles_comment_delete", args=[held.pk])).status_code == 403


def test_hostile_comment_is_escaped_in_the_admin(client, moderator, article):
    xss = "<script>alert(1)</script>"
    hostile = make_comment(article, xss, author_name=xss, status=CommentStatus.PENDING)
    login(client, moderator)
    for url in (CHANGELIST, reverse("admin:articles_comment_change", args=[hostile.pk])):
        page = client.get(url).content.decode()
        assert xss not in page
        assert "&lt;script&gt;" in page


def test_moderator_adds_a_ban_by_hand_and_is_stamped(client, moderator):
    login(client, moderator).post(
        reverse("admin:articles_ban_add"), {"email": "Spammer@Example.com", "reason": "spam"}
    )
    ban = Ban.objects.get()
    assert (ban.email, ban.created_by) == ("spammer@example.com", moderator)


def test_moderator_closes_and_reopens_comments_on_a_published_article(client, moderator, article):
    changelist = reverse("admin:articles_article_changelist")
    login(client, moderator)
    data = {"action": "close_comments", "_selected_action": [article.pk]}
    assert client.post(changelist, data).status_code == 302
    article.refresh_from_db()
    assert article.comments_open is False
    client.post(changelist, {**data, "action": "reopen_comments"})
    article.refresh_from_db()
    assert article.comments_open is True


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_only_moderators_close_comments(client, article, role, request):
    login(client, request.getfixturevalue(role))
    page = client.get(reverse("admin:articles_article_changelist"))
    assert 'value="close_comments"' not in page.content.decode()
    data = {"action": "close_comments", "_selected_action": [article.pk]}
    client.post(reverse("admin:articles_article_changelist"), data)
    article.refresh_from_db()
    assert article.comments_open is True


def test_moderator_approves_from_the_comments_page(client, moderator, held):
    login(client, moderator)
    page = client.get(reverse("admin:articles_comment_change", args=[held.pk])).content.decode()
    assert 'value="approve"' in page
    moderate = reverse("admin:articles_comment_moderate", args=[held.pk])
    response = client.post(moderate, {"do": "approve"})
    assert response.status_code == 302 and response.url == CHANGELIST
    held.refresh_from_db()
    assert held.status == CommentStatus.APPROVED


def test_moderation_buttons_refuse_other_staff_and_get_requests(client, editor, moderator, held):

    editor.user_permissions.add(Permission.objects.get(codename="view_comment"))
    moderate = reverse("admin:articles_comment_moderate", args=[held.pk])
    assert login(client, editor).post(moderate, {"do": "approve"}).status_code == 403
    assert login(client, moderator).get(moderate).status_code == 405
    held.refresh_from_db()
    assert held.status == CommentStatus.PENDING


def test_comments_page_has_no_save_button(client, moderator, held):
    url = reverse("admin:articles_comment_change", args=[held.pk])
    page = login(client, moderator).get(url).content.decode()
    assert 'name="_save"' not in page
