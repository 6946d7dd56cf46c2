"""The rating widget in a real browser: with JavaScript it votes in the background and updates in
place (no reload, no jump); without JavaScript the same form posts and comes back to #rating."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.models import Rating
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def open_article(page, article):
    page.goto(article.get_absolute_url())
    # Anything a reload would wipe: if it survives a vote, the page was not reloaded.
    page.evaluate("window.notReloaded = true")
    return page.locator("#rating")


def choose(widget, stars):
    """With JavaScript, choosing a star is the vote: one action."""
    widget.locator(f'label[for="rating-stars-{stars}"]').click()


def choose_and_send(widget, stars):
    """Without JavaScript: choose, then press the form's button."""
    widget.locator(f'label[for="rating-stars-{stars}"]').click()
    widget.get_by_role("button", name="vote").click()


def test_clicking_a_star_and_sending_updates_the_figures_in_place(page, rated_twice):
    widget = open_article(page, rated_twice)
    widget.scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    choose(widget, 4)
    expect(widget.get_by_role("status")).to_have_text("Thank you: your vote of 4 stars is counted.")
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")
    expect(widget.locator("[data-rating-average]")).to_have_text("4.0")
    expect(widget.get_by_role("img")).to_have_attribute("aria-label", "Rated 4.0 out of 5")
    expect(widget.locator('[data-rating-votes="4"]')).to_have_text("1")
    expect(widget.get_by_role("button")).to_have_count(0)  # no second step with JavaScript
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == scrolled
    assert Rating.objects.filter(article=rated_twice).count() == 3


def test_changing_the_vote_in_the_browser_replaces_it(page, rated_twice):
    widget = open_article(page, rated_twice)
    choose(widget, 1)
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")
    expect(widget.locator("[data-rating-average]")).to_have_text("3.0")
    choose(widget, 4)
    expect(widget.get_by_role("status")).to_have_text(
        "Your vote is changed from 1 star to 4 stars."
    )
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")
    expect(widget.locator("[data-rating-average]")).to_have_text("4.0")
    expect(widget.locator("[data-rating-yours]")).to_contain_text("Your vote: 4 stars.")
    expect(widget.locator('[data-rating-votes="1"]')).to_have_text("0")
    assert page.evaluate("window.notReloaded") is True
    assert list(Rating.objects.filter(article=rated_twice).values_list("stars", flat=True)) == [
        4,
        3,
        5,
    ]


def test_the_reader_votes_with_the_keyboard_alone(page, rated_twice):
    widget = open_article(page, rated_twice)
    widget.get_by_role("radio", name="1 star", exact=True).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(widget.get_by_role("radio", name="3 stars")).to_be_checked()
    # Browsing the stars with the arrows casts nothing; Enter on the chosen one votes.
    page.wait_for_timeout(200)
    assert Rating.objects.filter(article=rated_twice).count() == 2
    page.keyboard.press("Enter")
    expect(widget.get_by_role("status")).to_have_text("Thank you: your vote of 3 stars is counted.")
    expect(widget.locator("[data-rating-average]")).to_have_text("3.7")


def test_the_stars_are_one_group_named_article_rating(page, rated_twice):
    widget = open_article(page, rated_twice)
    group = widget.get_by_role("group", name="Article rating")
    for label in ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"]:
        expect(group.get_by_role("radio", name=label, exact=True)).to_have_count(1)


def test_a_refused_vote_is_announced_and_changes_nothing_on_screen(page, rated_twice, settings):
    settings.RATINGS_RATE_LIMIT = 1
    widget = open_article(page, rated_twice)
    choose(widget, 5)
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")
    choose(widget, 1)
    expect(widget.get_by_role("status")).to_contain_text("Too many votes on this article")
    expect(widget.locator("[data-rating-average]")).to_have_text("4.3")


def test_without_javascript_the_form_posts_and_returns_to_the_widget(open_page, rated_twice):
    page = open_page(java_script_enabled=False)
    page.goto(rated_twice.get_absolute_url())
    widget = page.locator("#rating")
    choose_and_send(widget, 2)
    page.wait_for_url(f"**{rated_twice.get_absolute_url()}#rating")
    expect(widget.get_by_role("status")).to_have_text("Thank you: your vote of 2 stars is counted.")
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")
    expect(widget.get_by_role("radio", name="2 stars")).to_be_checked()


def test_the_widget_has_no_serious_accessibility_violations(page, rated_twice):
    widget = open_article(page, rated_twice)
    widget.locator("summary").click()
    choose(widget, 4)
    expect(widget.get_by_role("status")).not_to_be_empty()
    results = Axe().run(page, context="#rating")
    serious = [
        violation["id"]
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []


def test_an_article_without_votes_says_so_rather_than_a_dash(page, article):
    widget = open_article(page, article)
    expect(widget.locator("[data-rating-count]")).to_have_text("No votes yet")
    assert "–" not in widget.locator(".rating-summary").inner_text()
    choose(widget, 5)
    expect(widget.locator("[data-rating-average]")).to_have_text("5.0")
    expect(widget.locator("[data-rating-count]")).to_have_text("1 vote")


def test_a_reader_who_voted_anonymously_then_logs_in_is_one_voter(page, rated_twice, writer):
    widget = open_article(page, rated_twice)
    choose(widget, 2)
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")

    page.goto("/admin/login/")
    page.get_by_label("Username").fill(writer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    widget = open_article(page, rated_twice)
    expect(widget.locator("[data-rating-yours]")).to_contain_text("Your vote: 2 stars.")
    choose(widget, 4)
    expect(widget.get_by_role("status")).to_have_text(
        "Your vote is changed from 2 stars to 4 stars."
    )
    expect(widget.locator("[data-rating-count]")).to_have_text("3 votes")
    mine = Rating.objects.get(article=rated_twice, user=writer)
    assert (mine.stars, mine.voter_key) == (4, f"user:{writer.pk}")
