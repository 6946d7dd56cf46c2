"""axe-core on the admin screens staff use most: the article add and change forms, the dashboard
and the comment moderation queue have no serious or critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from articles.models import ArticleStatus, CommentReport
from tests.factories import PASSWORD, make_article, make_category, make_comment, make_fact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


@pytest.fixture
def staff_page(page, live_server):
    get_user_model().objects.create_superuser("chief", "chief@example.com", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def violations(page):
    results = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results
        if v["impact"] in BLOCKING
    ]


def test_dashboard(staff_page):
    staff_page.goto("/admin/")
    assert violations(staff_page) == []


def test_article_add_form_also_with_a_search_box_open(staff_page):
    make_category("Industry")
    staff_page.goto("/admin/articles/article/add/")
    staff_page.wait_for_load_state("load")
    assert violations(staff_page) == []
    staff_page.get_by_role("combobox", name="Category").click()
    staff_page.locator(".select2-container--open .select2-search__field").wait_for()
    staff_page.get_by_role("option", name="Industry").wait_for()
    assert violations(staff_page) == []


def test_article_change_form(staff_page):
    article = make_article(
        "Xiaomi EV", key_facts=[make_fact("Xiaomi may build EVs.")],
        sections=(("Design", "Frameless doors."),), status=ArticleStatus.DRAFT,
    )  # fmt: skip
    staff_page.goto(f"/admin/articles/article/{article.pk}/change/")
    assert violations(staff_page) == []


def test_comment_moderation_queue(staff_page):
    article = make_article("Xiaomi EV", status=ArticleStatus.PUBLISHED)
    reported = make_comment(article, "Buy now.")
    CommentReport.objects.create(comment=reported, voter_key="anon:x", reason="spam")
    make_comment(article, "Held.", status="pending")
    staff_page.goto("/admin/articles/comment/")
    assert violations(staff_page) == []
