"""Moderation state changes (articles.moderation) and the rules that decide a comment's fate."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from articles.comments import moderation
from articles.models import Ban, Comment, CommentStatus, CommentVote, KnownCommenter
from articles.roles import MODERATOR, MODERATOR_COMMENT_PERMISSIONS
from articles.subscriptions import notifications
from tests.comment_helpers import (
    comments_url,
    post_comment,
    started,
)
from tests.factories import make_comment, make_user


def test_moderator_group_holds_the_comment_permissions(db):
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=MODERATOR).permissions.select_related("content_type")
    }
    assert set(MODERATOR_COMMENT_PERMISSIONS) <= granted
    assert Permission.objects.filter(codename="moderate_comment").exists()


def test_moderator_approves_a_held_comment_and_it_is_counted(held, moderator):
    moderation.approve(held, by=moderator)
    held.refresh_from_db()
    held.article.refresh_from_db()
    assert held.status == CommentStatus.APPROVED
    assert (held.moderated_by, held.article.comment_count) == (moderator, 1)


def test_approving_a_reader_once_lets_their_later_comments_through(client, article, moderator):
    post_comment(client, article, author_email="grace@example.com", body="First.")
    moderation.approve(Comment.objects.get(), by=moderator)
    post_comment(client, article, author_email="Grace@Example.com", body="Second.")
    assert Comment.objects.get(body="Second.").status == CommentStatus.APPROVED


@pytest.fixture
def announced(monkeypatch):
    """The comments whose approval reached subscriptions.notifications."""
    received = []
    monkeypatch.setattr(
        notifications, "comment_approved", lambda comment: received.append(comment.pk)
    )
    return received


def test_approval_is_announced_once_after_commit(
    held, moderator, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation.approve(held, by=moderator)
        moderation.approve(held, by=moderator)  # already approved: nothing more
    assert announced == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert announced == [held.pk]


def test_comment_approved_by_the_rules_is_announced_too(
    client, article, announced, django_capture_on_commit_callbacks
):
    KnownCommenter.objects.create(email="grace@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    assert announced == [Comment.objects.get().pk]


@pytest.mark.parametrize("change", [moderation.approve, moderation.mark_spam, moderation.remove])
def test_only_moderators_change_a_comments_state(held, reader, writer, change):
    for user in (None, reader, writer):
        with pytest.raises(PermissionDenied):
            change(held, by=user)
    held.refresh_from_db()
    assert held.status == CommentStatus.PENDING


@pytest.mark.parametrize(
    ("change", "status"),
    [(moderation.mark_spam, CommentStatus.SPAM), (moderation.remove, CommentStatus.REMOVED)],
)
def test_spam_and_removal_keep_the_row_and_uncount_it(comment, moderator, change, status):
    change(comment, by=moderator)
    comment.refresh_from_db()
    comment.article.refresh_from_db()
    assert comment.status == status
    assert comment.article.comment_count == 0


def test_ban_author_bans_email_and_ip_and_marks_spam(held, moderator):
    KnownCommenter.objects.create(email="new.reader@example.com")
    moderation.ban_author(held, by=moderator)
    held.refresh_from_db()
    assert held.status == CommentStatus.SPAM
    assert Ban.objects.filter(email="new.reader@example.com").exists()
    assert Ban.objects.filter(ip_hash="a" * 32).exists()
    assert not KnownCommenter.objects.exists()


def test_banned_reader_is_not_trusted_again_by_approval(held, moderator, client, article):
    moderation.ban_author(held, by=moderator, ip=False)
    moderation.approve(held, by=moderator)
    assert not KnownCommenter.objects.exists()
    post_comment(client, article, author_email="new.reader@example.com")
    assert Comment.objects.latest("pk").status == CommentStatus.SPAM


def test_ban_needs_an_email_or_an_ip_hash(db):

    with pytest.raises(IntegrityError):
        Ban.objects.create(reason="nothing to ban")


def test_vote_value_and_uniqueness_are_enforced_by_the_database(comment):

    CommentVote.objects.create(comment=comment, voter_key="anon:x", value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentVote.objects.create(comment=comment, voter_key="anon:x", value=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentVote.objects.create(comment=comment, voter_key="anon:y", value=5)


def test_reply_shape_is_enforced_by_the_database(comment):

    with pytest.raises(IntegrityError):
        Comment.objects.create(article=comment.article, parent=comment, depth=1, body="x",
                               author_name="x", author_email="x@example.com")  # fmt: skip


def test_an_ip_ban_does_not_catch_accounts_without_email(client, article):
    Ban.objects.create(ip_hash="c" * 32)
    reader = make_user("noemail", email="")
    client.force_login(reader)
    client.post(comments_url(article, "comment-post"), {"body": "Hello.", "started": started()})
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_approving_an_account_without_email_trusts_nobody_else(client, article, moderator):
    for name in ("first", "second"):
        client.force_login(make_user(name, email=""))
        client.post(comments_url(article, "comment-post"), {"body": name, "started": started()})
    moderation.approve(Comment.objects.get(body="first"), by=moderator)
    assert not KnownCommenter.objects.exists()
    client.post(comments_url(article, "comment-post"), {"body": "third", "started": started()})
    assert Comment.objects.get(body="third").status == CommentStatus.PENDING


def test_moderators_keep_comment_permissions_after_a_flush(db):
    Group.objects.all().delete()
    moderator = make_user("m", role=MODERATOR)
    assert moderator.has_perm("articles.moderate_comment")
    assert moderation.can_moderate(moderator)


def test_saving_an_article_loaded_earlier_keeps_the_comment_count(article):
    stale = type(article).objects.get(pk=article.pk)
    make_comment(article)
    stale.title = "Edited title"
    stale.save()
    article.refresh_from_db()
    assert (article.title, article.comment_count) == ("Edited title", 1)
