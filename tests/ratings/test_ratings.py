"""Reader ratings through HTTP: the widget on the article page, voting with and without
JavaScript, who counts as one voter, every refusal (bad input, closed, unpublished, forged cookie,
rate limit), the JSON-LD, the query budget, and the figures editors see."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.devtools import benchmark
from articles.models import Article, ArticleStatus, Rating, RatingSummary
from articles.ratings.services import RatingsClosed, cast_vote, set_rating_open
from articles.readers import VOTER_COOKIE, Voter
from tests.admin_forms import change_form_data
from tests.factories import PASSWORD, make_article
from tests.page_checks import ARTICLE_PAGE_BUDGET, count_queries, json_ld

JSON = {"accept": "application/json"}


def rate_url(article):
    return reverse("articles:article-rate", kwargs={"slug": article.slug})


def vote(client, article, stars, *, follow=False, **headers):
    return client.post(rate_url(article), {"stars": stars}, headers=headers, follow=follow)


def summary_of(article):
    return RatingSummary.objects.filter(article=article).first()


def assert_summary_equals_votes(article):
    votes = Rating.objects.filter(article=article)
    summary = summary_of(article)
    totals = votes.aggregate(n=Count("id"), total=Sum("stars"))
    assert (summary.count, summary.total) == (totals["n"], totals["total"])
    for stars in range(1, 6):
        assert getattr(summary, f"stars_{stars}") == votes.filter(stars=stars).count()


def widget(response) -> str:
    html = response.content.decode()
    start = html.index('<section id="rating"')
    return html[start : html.index("</section>", start)]


def voters(article, *stars):
    """Cast votes from fresh anonymous voters straight through cast_vote (no HTTP, no limits)."""
    for stars_ in stars:
        cast_vote(article, Voter(user_id=None, anon_id=f"v{Rating.objects.count()}"), stars_)


# --- The widget on the article page -------------------------------------------------------


def test_an_unrated_article_says_no_votes_yet(client, article):
    html = widget(client.get(article.get_absolute_url()))
    assert '<h2 id="rating-heading" class="rating-heading">Article Rating</h2>' in html
    assert "No votes yet" in html
    assert 'aria-label="Not rated yet"' in html


@pytest.mark.parametrize(
    ("stars", "average", "label"),
    [((4,), "4.0", "1 vote"), ((5, 5, 4, 4, 4, 3, 5, 2, 5, 4, 5, 5, 2), "4.1", "13 votes")],
)
def test_the_widget_shows_average_stars_and_count(client, article, stars, average, label):
    voters(article, *stars)
    html = widget(client.get(article.get_absolute_url()))
    assert f"data-rating-average>{average}</span>" in html
    assert f'aria-label="Rated {average} out of 5"' in html
    assert f'class="rating-stars pct-{float(average) * 20:.0f}"' in html
    assert f"data-rating-count>{label}</span>" in html


def test_the_widget_is_a_real_form_of_five_labelled_radios(client, article):
    html = widget(client.get(article.get_absolute_url()))
    assert f'action="{rate_url(article)}"' in html
    assert "<legend" in html and "Article rating</legend>" in html
    for n, label in enumerate(["1 star", "2 stars", "3 stars", "4 stars", "5 stars"], start=1):
        assert f'type="radio" name="stars" value="{n}" id="rating-stars-{n}"' in html
        assert f'<span class="visually-hidden">{label}</span></label>' in html
    assert "Send your vote</button>" in html


def test_the_breakdown_lists_votes_per_star_count(client, article):
    voters(article, 5, 5, 3)
    html = widget(client.get(article.get_absolute_url()))
    assert "<details" in html
    assert 'data-rating-votes="5">2</td>' in html
    assert 'data-rating-votes="3">1</td>' in html
    assert 'data-rating-votes="1">0</td>' in html
    assert 'data-rating-share="5">67%</span>' in html


def test_voting_without_javascript_returns_to_the_widget_with_a_confirmation(client, article):
    response = vote(client, article, 4, follow=True)
    assert response.redirect_chain == [(f"{article.get_absolute_url()}#rating", 302)]
    html = response.content.decode()
    confirmation = "Thank you: your vote of 4 stars is counted."
    assert html.count(confirmation) == 1  # in the widget, by the stars, not at the page top
    assert confirmation in widget(response)
    assert "data-rating-count>1 vote</span>" in widget(response)


def test_a_returning_voter_sees_their_vote_checked_and_may_change_it(client, article):
    vote(client, article, 4)
    html = widget(client.get(article.get_absolute_url()))
    assert 'value="4" id="rating-stars-4" required checked>' in html
    assert html.count(" checked>") == 1
    assert "Your vote: 4 stars." in html
    assert "Change your vote</button>" in html


def test_changing_the_vote_without_javascript_shows_the_new_vote(client, article):
    vote(client, article, 4)
    response = vote(client, article, 2, follow=True)
    html = widget(response)
    assert "Your vote is changed from 4 stars to 2 stars." in html
    assert 'value="2" id="rating-stars-2" required checked>' in html
    assert "data-rating-count>1 vote</span>" in html
    assert "data-rating-average>2.0</span>" in html


def test_closed_ratings_show_the_figures_but_no_form(client, article):
    voters(article, 5)
    article.is_rating_open = False
    article.save()
    html = widget(client.get(article.get_absolute_url()))
    assert "Ratings are closed for this article." in html
    assert "<form" not in html
    assert "data-rating-count>1 vote</span>" in html


def test_a_forged_cookie_still_gets_the_page(client, article):
    client.cookies[VOTER_COOKIE] = "tampered"
    assert "Choose from 1 to 5 stars." in widget(client.get(article.get_absolute_url()))


def test_a_refused_vote_without_javascript_gets_a_page_saying_why(client, article):
    response = vote(client, article, "lots")
    assert response.status_code == 400
    html = response.content.decode()
    assert "A vote is a whole number of stars from 1 to 5." in html
    assert f'href="{article.get_absolute_url()}#rating"' in html


def test_the_widget_costs_the_same_queries_whatever_the_number_of_votes(client, article):

    vote(client, article, 3)  # a returning voter: their own vote is the widget's one query
    before = count_queries(client, article.get_absolute_url())
    voters(article, *[n % 5 + 1 for n in range(30)])
    assert count_queries(client, article.get_absolute_url()) == before


def test_the_article_page_keeps_its_budget_plus_one_query_for_a_returning_voter(
    client, article, django_assert_max_num_queries
):
    voters(article, 5, 4)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(article.get_absolute_url())
    vote(client, article, 3)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET + 1):
        client.get(article.get_absolute_url())


# --- JSON-LD --------------------------------------------------------------------------------


def test_json_ld_has_no_aggregate_rating_before_the_first_vote(client, article):
    assert "aggregateRating" not in json_ld(client.get(article.get_absolute_url()))


def test_json_ld_carries_the_aggregate_rating_once_there_are_votes(client, article):
    voters(article, 5, 4, 4)
    data = json_ld(client.get(article.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.3,
        "ratingCount": 3,
        "bestRating": 5,
        "worstRating": 1,
    }


# --- Voting --------------------------------------------------------------------------------


def test_vote_without_javascript_redirects_back_to_the_rating_section(client, article):
    response = vote(client, article, 4)
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#rating"
    assert Rating.objects.get(article=article).stars == 4


def test_vote_with_javascript_answers_the_documented_json(client, article):
    vote(Client(), article, 5)
    response = vote(client, article, 4, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "Thank you: your vote of 4 stars is counted.",
        "data": {
            "average": 4.5,
            "count": 2,
            "count_label": "2 votes",
            "your_vote": 4,
            "breakdown": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1},
        },
    }


def test_json_is_chosen_by_the_accept_header_alone(client, article):
    """One way to ask for JSON (articles.web): X-Requested-With alone still gets the page."""
    response = vote(client, article, 3, x_requested_with="XMLHttpRequest")
    assert response.status_code == 302
    weighed = vote(client, article, 3, accept="text/html;q=0.5, application/json")
    assert weighed["Content-Type"] == "application/json"
    assert weighed.json()["data"]["your_vote"] == 3


def test_a_browser_accept_header_gets_the_redirect_not_json(client, article):
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert vote(client, article, 3, accept=browser_accept).status_code == 302


def test_changing_a_vote_replaces_it(client, article):
    vote(client, article, 2)
    response = vote(client, article, 5, **JSON)
    assert response.json()["data"]["count"] == 1
    assert response.json()["data"]["average"] == 5.0
    assert response.json()["message"] == "Your vote is changed from 2 stars to 5 stars."
    assert list(Rating.objects.values_list("stars", flat=True)) == [5]
    assert_summary_equals_votes(article)


def test_voting_the_same_again_changes_nothing(client, article):
    vote(client, article, 1)
    response = vote(client, article, 1, **JSON)
    assert response.json()["message"] == "Your vote stays at 1 star."
    assert (summary_of(article).count, summary_of(article).total) == (1, 1)


def test_average_is_rounded_to_one_decimal_from_the_exact_sum(article):
    for stars in (5, 4, 4):  # 13 / 3 = 4.333…
        cast_vote(article, Voter(user_id=None, anon_id=f"a{stars}{Rating.objects.count()}"), stars)
    response = vote(Client(), article, 5, **JSON)  # 18 / 4 = 4.5
    assert response.json()["data"]["average"] == 4.5
    assert response.json()["data"]["count_label"] == "4 votes"


def test_the_summary_always_equals_the_votes_after_many_changes(article):
    voters = [Voter(user_id=None, anon_id=f"voter-{n}") for n in range(6)]
    for round_, stars in enumerate([3, 5, 1, 4, 2, 5, 5, 3]):
        for index, voter in enumerate(voters[: round_ % 6 + 1]):
            cast_vote(article, voter, (stars + index) % 5 + 1)
    assert_summary_equals_votes(article)
    assert summary_of(article).count == 6


def test_the_client_ip_is_stored_only_as_a_keyed_hash(client, article):
    vote(client, article, 4, x_forwarded_for="203.0.113.9")
    rating = Rating.objects.get()
    assert len(rating.ip_hash) == 32
    assert "127.0.0.1" not in rating.ip_hash and "." not in rating.ip_hash


# --- Who counts as one voter --------------------------------------------------------------


def test_a_first_anonymous_vote_sets_a_signed_long_lived_voter_cookie(client, article):
    response = vote(client, article, 4)
    cookie = response.cookies[VOTER_COOKIE]
    assert cookie["max-age"] >= 60 * 60 * 24 * 365
    assert cookie["httponly"]
    assert Rating.objects.get().voter_key.startswith("anon:")


def test_two_anonymous_readers_are_two_voters(article):
    vote(Client(), article, 5)
    vote(Client(), article, 3)
    assert summary_of(article).count == 2
    assert summary_of(article).total == 8


def test_the_same_cookie_is_the_same_voter(client, article):
    vote(client, article, 5)
    cookie = client.cookies[VOTER_COOKIE].value
    other_browser = Client()
    other_browser.cookies[VOTER_COOKIE] = cookie
    vote(other_browser, article, 1)
    assert Rating.objects.count() == 1
    assert (summary_of(article).count, summary_of(article).total) == (1, 1)


def test_a_logged_in_reader_votes_once_from_any_browser(article, reader):
    laptop, phone = Client(), Client()
    laptop.login(username=reader.username, password=PASSWORD)
    phone.login(username=reader.username, password=PASSWORD)
    vote(laptop, article, 2)
    vote(phone, article, 4)
    rating = Rating.objects.get()
    assert (rating.user, rating.voter_key, rating.stars) == (reader, f"user:{reader.pk}", 4)
    assert summary_of(article).count == 1


def test_a_logged_in_reader_gets_no_voter_cookie(client, article, reader):
    client.force_login(reader)
    response = vote(client, article, 4)
    assert VOTER_COOKIE not in response.cookies


def test_a_forged_voter_cookie_is_refused_and_changes_nothing(client, article):
    client.cookies[VOTER_COOKIE] = "someone-else:forged-signature"
    response = vote(client, article, 5, **JSON)
    assert response.status_code == 400
    assert "damaged cookie" in response.json()["message"]
    assert not Rating.objects.exists()


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("stars", ["0", "6", "-1", "3.5", "four", "", "5 stars", "１"])
def test_a_vote_outside_one_to_five_whole_stars_is_refused(client, article, stars):
    response = vote(client, article, stars, **JSON)
    assert response.status_code == 400
    assert response.json()["message"] in {
        "A vote is a whole number of stars from 1 to 5.",
        "Choose from 1 to 5 stars before sending your vote.",
    }
    assert not Rating.objects.exists()
    assert not RatingSummary.objects.exists()


def test_a_missing_stars_field_is_refused(client, article):
    response = client.post(rate_url(article), {}, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "message": "Choose from 1 to 5 stars before sending your vote.",
        "errors": {},
    }


def test_a_repeated_stars_field_is_refused(client, article):
    response = client.post(rate_url(article), {"stars": ["4", "5"]}, headers=JSON)
    assert response.status_code == 400
    assert "one star count" in response.json()["message"]
    assert not Rating.objects.exists()


def test_bad_input_does_not_change_an_earlier_vote(client, article):
    vote(client, article, 4)
    assert vote(client, article, 9).status_code == 400
    assert Rating.objects.get().stars == 4
    assert (summary_of(article).count, summary_of(article).total) == (1, 4)


def test_a_get_is_not_a_vote(client, article):
    assert client.get(rate_url(article)).status_code == 405


def test_csrf_protection_stays_on(article):
    client = Client(enforce_csrf_checks=True)
    response = vote(client, article, 5)
    assert response.status_code == 403
    assert not Rating.objects.exists()


# --- Which articles take votes ------------------------------------------------------------


def test_an_unknown_article_is_404(client, db):
    response = client.post("/articles/no-such-article/rate/", {"stars": 4}, headers=JSON)
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "message": "There is no published article at this address.",
        "errors": {},
    }


@pytest.mark.parametrize("status", [ArticleStatus.DRAFT, ArticleStatus.UNPUBLISHED])
def test_an_article_readers_cannot_see_takes_no_vote(client, writer, status):
    hidden = make_article("Hidden", authors=[writer], status=status)
    assert vote(client, hidden, 4, **JSON).status_code == 404
    assert not Rating.objects.exists()


def test_a_scheduled_article_takes_no_vote_before_its_time(client, writer):

    scheduled = make_article(
        "Tomorrow",
        authors=[writer],
        status=ArticleStatus.PUBLISHED,
        published_at=timezone.now() + timedelta(days=1),
    )
    assert vote(client, scheduled, 4).status_code == 404


def test_closed_ratings_refuse_votes_and_keep_the_old_ones(client, article):
    vote(Client(), article, 5)
    article.is_rating_open = False
    article.save()
    response = vote(client, article, 1, **JSON)
    assert response.status_code == 403
    assert response.json() == {
        "ok": False,
        "message": "Ratings are closed for this article.",
        "errors": {},
    }
    assert (summary_of(article).count, summary_of(article).total) == (1, 5)


def test_cast_vote_checks_its_own_preconditions(article, draft):
    voter = Voter(user_id=None, anon_id="direct")
    with pytest.raises(RatingsClosed):
        cast_vote(draft, voter, 3)
    with pytest.raises(ValueError):
        cast_vote(article, voter, 6)
    assert not Rating.objects.exists()


def test_the_database_refuses_a_second_vote_or_a_star_count_out_of_range(article):
    Rating.objects.create(article=article, voter_key="anon:x", stars=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(article=article, voter_key="anon:x", stars=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(article=article, voter_key="anon:y", stars=6)


# --- Rate limit -----------------------------------------------------------------------------


@pytest.fixture
def limit_of_three(settings):
    settings.RATINGS_RATE_LIMIT = 3
    settings.RATINGS_RATE_PERIOD = 600
    return settings


def test_too_many_votes_from_one_address_get_a_clear_429(limit_of_three, article):
    for _ in range(3):
        assert vote(Client(), article, 5).status_code == 302
    response = vote(Client(), article, 1, **JSON)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert response.json() == {
        "ok": False,
        "message": "Too many votes on this article from your network. Try again within 10 minutes.",
        "errors": {},
    }
    assert (summary_of(article).count, summary_of(article).total) == (3, 15)


def test_a_spoofed_forwarded_for_header_does_not_dodge_the_limit(limit_of_three, article):
    limit_of_three.TRUSTED_PROXY_COUNT = 0
    statuses = [
        vote(Client(), article, 5, x_forwarded_for=f"198.51.100.{n}").status_code for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]


def test_behind_one_proxy_only_the_address_it_saw_counts(limit_of_three, article):
    limit_of_three.TRUSTED_PROXY_COUNT = 1
    # The client writes whatever it likes on the left; the proxy appends the real address.
    statuses = [
        vote(Client(), article, 5, x_forwarded_for=f"10.0.0.{n}, 203.0.113.7").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]


def test_behind_one_proxy_different_readers_have_their_own_limits(limit_of_three, article):
    limit_of_three.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        assert vote(Client(), article, 4, x_forwarded_for=f"203.0.113.{n}").status_code == 302
    assert summary_of(article).count == 5


def test_the_limit_counts_per_article(limit_of_three, article, writer):
    other = make_article("Another EV", authors=[writer], status=ArticleStatus.PUBLISHED)
    for _ in range(3):
        vote(Client(), article, 5)
    assert vote(Client(), other, 5).status_code == 302


# --- Admin ----------------------------------------------------------------------------------


@pytest.fixture
def rated(article, writer):
    """Two published articles: `article` averages 4.5 from 2 votes, `other` 2.0 from 3 votes."""
    other = make_article("Another EV", authors=[writer], status=ArticleStatus.PUBLISHED)
    for n, stars in enumerate([4, 5]):
        cast_vote(article, Voter(user_id=None, anon_id=f"a{n}"), stars)
    for n, stars in enumerate([1, 2, 3]):
        cast_vote(other, Voter(user_id=None, anon_id=f"b{n}"), stars)
    return article, other


def changelist_titles(client, order):
    response = client.get(reverse("admin:articles_article_changelist"), {"o": order})
    return [article.title for article in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("column", "ascending"),
    [
        ("rating_average", ["Another EV", "Xiaomi EV"]),
        ("rating_count", ["Xiaomi EV", "Another EV"]),
    ],
)
def test_editors_sort_articles_by_rating_figures(client, editor, rated, column, ascending):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"))
    position = list(response.context["cl"].list_display).index(column)
    assert changelist_titles(client, str(position)) == ascending
    assert changelist_titles(client, f"-{position}") == ascending[::-1]


def test_editors_see_average_count_and_breakdown_in_the_article_list(client, editor, rated):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert '<td class="field-rating_average">4.5</td>' in html
    assert '<td class="field-rating_count">2</td>' in html
    assert "5★ 1 · 4★ 1 · 3★ 0 · 2★ 0 · 1★ 0" in html


def test_the_article_list_costs_the_same_queries_with_or_without_votes(
    client, editor, rated, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        client.get(reverse("admin:articles_article_changelist"))


def test_the_article_change_page_shows_the_figures_read_only(client, editor, rated):
    article, _ = rated
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    assert "Reader ratings" in html
    assert '<div class="readonly">4.5</div>' in html
    assert "5★ 1 · 4★ 1 · 3★ 0 · 2★ 0 · 1★ 0" in html


def test_a_draft_s_form_lets_an_editor_close_its_ratings_before_publication(client, editor, draft):

    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.get(url)
    assert "rating_average" not in response.context["adminform"].form.fields
    data = change_form_data(response)
    data.pop("is_rating_open")  # an unticked checkbox is not sent
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.is_rating_open is False


def rating_action(client, action, *articles):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def test_an_editor_closes_and_reopens_ratings_on_a_live_article(client, editor, rated):
    article, other = rated
    client.force_login(editor)
    response = rating_action(client, "close_ratings", article, other)
    assert "Ratings closed on 2 article(s); the votes so far are kept." in response.content.decode()
    article.refresh_from_db()
    assert article.is_rating_open is False
    assert summary_of(article).count == 2
    assert vote(Client(), article, 5, **JSON).status_code == 403
    rating_action(client, "open_ratings", article)
    assert vote(Client(), article, 5, **JSON).status_code == 200


def test_a_moderator_who_may_only_view_articles_cannot_close_ratings(client, moderator, article):
    client.force_login(moderator)
    response = client.get(reverse("admin:articles_article_changelist"))
    form = response.context["action_form"]  # None when no action at all is offered
    assert "close_ratings" not in (dict(form.fields["action"].choices) if form else {})
    rating_action(client, "close_ratings", article)
    article.refresh_from_db()
    assert article.is_rating_open is True


def test_anonymous_visitors_are_sent_to_log_in_for_the_rating_actions(client, article):
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "close_ratings", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    article.refresh_from_db()
    assert article.is_rating_open is True


def test_set_rating_open_refuses_a_user_who_may_not_change_articles(article, reader):

    with pytest.raises(PermissionDenied):
        set_rating_open(Article.objects.all(), False, by=reader)


def test_an_unrated_article_shows_a_dash_and_zero_votes_in_the_admin(client, editor, article):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert '<td class="field-rating_average">–</td>' in html
    assert '<td class="field-rating_count">0</td>' in html


# --- Generated votes and the benchmark ------------------------------------------------------


def generate(**options):

    out = io.StringIO()
    call_command("generate_content", stdout=out, seed=3, **options)
    return out.getvalue()


def test_generated_votes_leave_every_summary_equal_to_its_votes(db):
    printed = generate(articles=6, votes=30)
    assert f"{Rating.objects.count():,} votes" in printed
    assert RatingSummary.objects.exists()
    for summary in RatingSummary.objects.select_related("article"):
        assert_summary_equals_votes(summary.article)
        assert summary.average == round(Decimal(summary.total) / summary.count, 2)


def test_generated_votes_go_only_to_generated_articles_without_votes(article):
    voters(article, 2)
    generate(articles=4, votes=10)
    before = dict(RatingSummary.objects.values_list("article_id", "count"))
    generate(votes=10)
    after = dict(RatingSummary.objects.values_list("article_id", "count"))
    assert {pk: after[pk] for pk in before} == before
    assert Rating.objects.filter(article=article).count() == 1


def test_clearing_generated_content_removes_its_votes(article):
    voters(article, 4)
    generate(articles=3, votes=10)
    generate(clear=True)
    assert list(Rating.objects.values_list("article_id", flat=True)) == [article.pk]
    assert list(RatingSummary.objects.values_list("article_id", flat=True)) == [article.pk]


def test_the_benchmark_times_the_most_rated_article_at_the_same_query_cost(article):

    rated = next(s for s in benchmark.SCENARIOS if s.name == "rated")
    unrated = benchmark.Scenario("unrated", "Before any vote", _article_url(article))
    assert rated.path() is None  # skipped while nothing has votes
    before = benchmark.run(repeat=1, scenarios=[unrated])["pages"][0]
    voters(article, *[n % 5 + 1 for n in range(40)])
    after = benchmark.run(repeat=1, scenarios=[rated])["pages"][0]
    assert after["path"] == article.get_absolute_url()
    assert after["queries"] == before["queries"]


def _article_url(article):
    return lambda: article.get_absolute_url()
