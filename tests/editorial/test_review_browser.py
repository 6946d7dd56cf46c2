"""An editor approves from the review screen in Chromium: sees the gates, verifies each key point's
fact in place with its sources in view, and approves without leaving the page's flow."""

import pytest

from articles.models import Article, ArticleStatus, FactStatus
from articles.roles import EDITOR, WRITER
from tests.factories import PASSWORD, make_article, make_company, make_fact, make_source, make_user
from tests.page_checks import axe_blocking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_verifies_facts_and_approves_from_the_review_screen(page):
    writer = make_user("writer", role=WRITER)
    make_user("editor", role=EDITOR)
    company = make_company("Xiaomi")
    facts = [
        make_fact(f"Xiaomi fact {n}.", subject=company, sources=[make_source("Reuters")])
        for n in range(5)
    ]
    article = make_article("Ready to approve", authors=[writer], key_facts=facts)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.IN_REVIEW)

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#dashboard-to-review").get_by_role("link", name="Ready to approve").click()
    page.get_by_role("link", name="Approve").click()

    gates = page.locator(".review-gates")
    assert "Ready to approve: not yet" in gates.inner_text()
    assert page.locator(".review-point").count() == 5
    assert axe_blocking(page) == []
    for n in range(1, 6):
        page.get_by_role("button", name=f"Verify fact {n}", exact=True).click()
        page.locator(".messagelist .success").wait_for()
    assert "✓ Ready to approve" in page.locator(".review-gates").inner_text()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.locator(".messagelist .success", has_text="approved").wait_for()

    article.refresh_from_db()
    assert article.status == ArticleStatus.APPROVED
    statuses = set(article.key_points.values_list("fact__status", flat=True))
    assert statuses == {FactStatus.VERIFIED}
