"""What comments.js does, in Chromium: post, reply, vote and "View all comments" in place."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Comment, CommentVote
from tests.factories import make_comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("no_minimum_wait"),
    pytest.mark.django_db(transaction=True),
]


def fill(page, body, email="grace@example.com"):
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Comment").fill(body)
    if form.get_by_label("Name").count():
        form.get_by_label("Name").fill("Grace")
        form.get_by_label("Email").fill(email)
    return form


def open_article(page, article):
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("load")
    return page.url


def test_reader_posts_a_comment_in_place(page, article, known):
    url = open_article(page, article)
    fill(page, "Posted *without* a reload.").get_by_role("button", name="Post comment").click()
    posted = page.locator(".comment-list .comment-text", has_text="Posted without a reload.")
    posted.wait_for()
    assert posted.locator("em").inner_text() == "without"
    expect(page.locator("[data-form-status]")).to_contain_text("published")
    assert page.url == url
    assert Comment.objects.get().status == "approved"


def test_held_comment_is_shown_to_its_author_with_a_note(page, article):
    open_article(page, article)
    fill(page, "Please hold me.").get_by_role("button", name="Post comment").click()
    page.locator(".comment-held", has_text="Please hold me.").wait_for()
    expect(page.locator("[data-form-status]")).to_contain_text("awaiting moderation")


def test_reader_replies_in_place(page, article, comment, known):
    open_article(page, article)
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Reply").click()
    assert page.locator("[data-replying-to]").is_visible()
    fill(page, "A reply in place.").get_by_role("button", name="Post comment").click()
    reply = page.locator(f"#comment-{comment.pk} .comment-replies .comment", has_text="A reply")
    reply.wait_for()
    assert Comment.objects.get(body="A reply in place.").parent_id == comment.pk


def test_field_errors_appear_beside_the_field_and_keep_the_text(page, article):
    open_article(page, article)
    form = fill(page, "Keep this text.", email="grace@example")
    page.evaluate("document.querySelector('#comment-form').noValidate = true")
    form.get_by_role("button", name="Post comment").click()
    page.locator(".invalid-feedback", has_text="valid email").wait_for()
    assert form.get_by_role("textbox", name="Comment").input_value() == "Keep this text."
    assert not Comment.objects.exists()


def test_reader_votes_in_place(page, article, comment):
    open_article(page, article)
    card = page.locator(f"#comment-{comment.pk}")
    card.get_by_role("button", name="Upvote comment by Ada").click()
    # expect(), not wait_for_function: the production CSP forbids the eval that one needs.
    expect(page.locator(f"#comment-{comment.pk} [data-comment-score]")).to_have_text("1")
    assert CommentVote.objects.get().value == 1


def test_view_all_comments_loads_the_rest_in_place(page, article, settings):
    settings.COMMENTS_PAGE_THREADS = 2
    for n in range(5):
        make_comment(article, f"Thread number {n}.")
    url = open_article(page, article)
    assert page.locator(".comment-list > li").count() == 2
    page.get_by_role("link", name="View all 5 comments").click()
    expect(page.locator(".comment-list > li")).to_have_count(4)
    page.get_by_role("link", name="More comments").click()
    expect(page.locator(".comment-list > li")).to_have_count(5)
    assert page.locator("[data-comments-more]").count() == 0
    assert page.url == url


@pytest.mark.parametrize("where", ["article", "comments page"])
def test_comments_have_no_serious_accessibility_violations(page, article, comment, where):

    make_comment(article, "A reply with a [link](https://example.com).", parent=comment)
    make_comment(article, "Another thread.")
    path = article.get_absolute_url()
    page.goto(path if where == "article" else f"{path}comments/")
    violations = Axe().run(page, context="#comments").response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == []


def test_the_same_form_sends_a_second_comment_with_the_token_each_answer_renews(
    page, article, known
):
    open_article(page, article)
    for body in ("First in place.", "Second in place."):
        fill(page, body).get_by_role("button", name="Post comment").click()
        page.locator(".comment-list .comment-text", has_text=body).wait_for()
    assert Comment.objects.filter(body__endswith="in place.").count() == 2


def test_a_right_to_left_override_in_a_name_stays_inside_the_name(page, article):
    # Unisolated, the open override would carry "Cancel reply" to the left of the name.
    spoof = make_comment(article, "Hi", author_name="\u202eexe.live")
    page.goto(f"{article.get_absolute_url()}?reply_to={spoof.pk}#comment-form")
    name = page.locator("[data-replying-name]").bounding_box()
    cancel = page.get_by_role("link", name="Cancel reply").bounding_box()
    assert cancel["x"] > name["x"] + name["width"]
    assert page.locator("[data-replying-name]").inner_text() == "exe.live"
