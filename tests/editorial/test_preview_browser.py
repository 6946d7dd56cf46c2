"""Previews in Chromium: a share link for a new version of a live article, and a never-published
draft. The reader widgets are there but inert and labelled, and nothing pressed in a preview
reaches the live article."""

import pytest

from articles.editorial import revisions, versions
from articles.models import Comment, PreviewLink, Rating, Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def share_link(article, editor):
    revisions.record(article, editor)
    return PreviewLink.objects.create(revision=article.revisions.first(), created_by=editor)


def test_a_share_link_preview_cannot_vote_comment_or_subscribe_on_the_live_article(
    page, article, editor
):
    copy = versions.working_copy(article, editor)
    page.goto(share_link(copy, editor).get_absolute_url())

    rating = page.locator("#rating")
    assert "voting is switched off" in rating.inner_text()
    assert rating.locator("form[action]").count() == 0
    star = rating.locator("label[for=rating-stars-5]")
    star.click(force=True)  # a reader trying anyway
    radios = rating.locator("input[type=radio]")
    assert all(radios.nth(n).is_disabled() for n in range(radios.count()))
    assert rating.locator("input:checked").count() == 0
    assert page.locator("form[method=post]").count() == 0
    assert "comments, feedback on each part and email notifications are switched off" in (
        page.locator(".preview-reader-widgets").inner_text()
    )
    assert page.locator("[data-feedback-toggle]").count() == 0
    page.wait_for_timeout(300)
    assert not Rating.objects.exists()
    assert not Comment.objects.exists() and not Subscription.objects.exists()


def test_a_never_published_draft_previews_as_not_published_yet(page, draft, editor):
    page.goto(share_link(draft, editor).get_absolute_url())

    meta = page.locator(".byline-meta")
    assert "Not published yet" in meta.inner_text()
    assert "Published" not in meta.inner_text()
