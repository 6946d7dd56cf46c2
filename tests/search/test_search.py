"""Search through HTTP on whichever database runs the suite (SQLite FTS5 or PostgreSQL):
ranking, filters, odd input, index upkeep through the workflow, and drafts never found."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.editorial import revisions, versions, workflow
from articles.models import ArticleStatus, SearchEntry
from articles.search import index
from tests.factories import make_article, make_category, make_company, make_fact, make_user

SEARCH = reverse("articles:search")
S = ArticleStatus


def make_published(title, **fields):
    return make_article(title, status=S.PUBLISHED, **fields)


def found(client, q, **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    return re.findall(r'<h2 class="story-title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_a_word_in_the_title_ranks_above_one_in_the_key_points_above_one_in_the_body(client, db):
    make_published("Battery makers expand", sections=(("Plans", "Nothing on solid cells."),))
    make_published("Quiet week", sections=(("Notes", "Talk of a solid-state battery."),))
    make_published("Charging news", key_facts=[make_fact("A new battery plant opens.")])
    assert found(client, "battery") == ["Battery makers expand", "Charging news", "Quiet week"]


def test_newer_wins_a_tie(client, db):
    now = timezone.now()
    make_published("Sodium cells one", published_at=now - timedelta(days=3))
    make_published("Sodium cells two", published_at=now - timedelta(days=1))
    assert found(client, "sodium") == ["Sodium cells two", "Sodium cells one"]


def test_every_word_must_match_and_the_last_may_be_a_prefix(client, db):
    make_published("Xiaomi begins deliveries")
    make_published("Xiaomi prices its sedan")
    assert found(client, "xiaomi deliv") == ["Xiaomi begins deliveries"]
    assert sorted(found(client, "Xiao")) == ["Xiaomi begins deliveries", "Xiaomi prices its sedan"]


def test_stemming_finds_other_forms_of_a_word(client, db):
    make_published("Factories are charging ahead")
    assert found(client, "charge") == ["Factories are charging ahead"]


def test_filters_by_category_and_company(client, db):
    industry, policy = make_category("Industry"), make_category("Policy")
    byd, nio = make_company("BYD"), make_company("NIO")
    make_published("Subsidy news for BYD", category=industry, companies=[byd])
    make_published("Subsidy news for NIO", category=policy, companies=[nio])
    assert found(client, "subsidy", category="policy") == ["Subsidy news for NIO"]
    assert found(client, "subsidy", company="byd") == ["Subsidy news for BYD"]
    assert found(client, "subsidy", category="policy", company="byd") == []


def test_an_unknown_filter_is_reported_and_left_out(client, db):
    make_published("Subsidy news")
    response = client.get(SEARCH, {"q": "subsidy", "category": "no-such-thing"})
    assert response.status_code == 200
    assert "It was left out of the search." in response.text
    assert "Subsidy news" in response.text


def test_drafts_scheduled_and_new_versions_are_never_found(client, writer, db):
    make_article("Secret draft about lidar", authors=[writer])
    make_published("Lidar tomorrow", published_at=timezone.now() + timedelta(days=1))
    make_article("Lidar approved", status=S.APPROVED)
    assert found(client, "lidar") == []


ODD_QUERIES = [
    "",
    " ",
    "a",
    '"',
    '"unbalanced',
    "((battery",
    "battery)",
    "battery AND NOT",
    "NEAR(battery cell)",
    "-battery",
    "battery*",
    "*",
    "title:battery",
    "^battery",
    "battery OR",
    "😀🔋",
    "battery 😀",
    "מכונית חשמלית",
    "سيارة كهربائية",
    "小米汽车",
    "x" * 10_000,
    "battery " * 2_000,
    "'; DROP TABLE articles_article; --",
    "\x00",
    "%_%",
    "& | ! <-> :*",
]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_any_query_answers_200_without_a_database_error(client, q, db):
    make_published("Battery news")
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    assert "syntax" not in response.text.lower()


def test_operators_are_read_as_plain_words(client, db):
    make_published("Battery news")
    assert found(client, '"battery" AND (news') == ["Battery news"]  # "and" is a stop word
    assert found(client, "battery -news") == ["Battery news"]


def test_a_long_query_is_cut_and_the_reader_told(client, db):
    make_published("Battery news")
    response = client.get(SEARCH, {"q": "battery " + "word " * 100})
    assert "Only the first words of your search were used." in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "battery", "page": "-1"},
        {"q": "battery", "page": "abc"},
        {"q": "battery", "page": "99999"},
        {"q": ["battery", "news"], "page": ["1", "2"]},
        {"q": "battery", "category": ["a", "b"], "company": "<script>"},
    ],
)
def test_bad_parameters_answer_a_sensible_page(client, params, db):
    make_published("Battery news")
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_results_paginate_and_keep_the_query(client, db, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        make_published(f"Battery story {n}")
    response = client.get(SEARCH, {"q": "battery", "category": ""})
    assert "5 articles found" in response.text
    assert 'href="?q=battery&amp;category=&amp;page=2"' in response.text
    assert len(found(client, "battery", page="3")) == 1


def test_snippets_mark_the_match_and_escape_the_text(client, db):
    make_published(
        "Cells", sections=(("Markup", "Write <b>bold</b> & <script>x</script> about anodes."),)
    )
    response = client.get(SEARCH, {"q": "anodes"})
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', response.text, re.S).group(1)
    assert "<mark>anodes</mark>" in snippet
    assert "<script>" not in snippet and "<b>" not in snippet


def test_results_are_noindex(client, db):
    response = client.get(SEARCH, {"q": "battery"})
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text


def test_searching_too_often_is_refused_with_retry_after(client, settings, db):
    settings.SEARCH_RATE_LIMIT = (2, 60)
    assert client.get(SEARCH, {"q": "a"}).status_code == 200
    assert client.get(SEARCH, {"q": "b"}).status_code == 200
    response = client.get(SEARCH, {"q": "c"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Too many searches from your address. Try again within a minute." in response.text
    assert response["X-Robots-Tag"] == "noindex"


def test_the_results_page_makes_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    for n in range(12):
        make_published(
            f"Battery story {n}",
            authors=[make_user(), make_user()],
            category=make_category(f"Section {n}"),
            companies=[make_company(f"Maker {n}")],
        )
    # the chosen filter, count, ranked page, articles (+ their authors), the filters' two lists,
    # the nav
    with django_assert_max_num_queries(8):
        assert len(found(client, "battery", company="maker-3")) == 1
    with django_assert_max_num_queries(7):
        assert len(found(client, "battery")) == 10


def test_the_header_has_a_search_form_that_works_without_javascript(client, article):
    response = client.get(reverse("articles:home"))
    form = re.search(r'<form class="masthead-search" role="search"[^>]*>', response.text).group(0)
    assert f'action="{SEARCH}"' in form and 'method="get"' in form
    assert '<label class="visually-hidden" for="site-search-q">Search articles</label>' in (
        response.text
    )


# Index upkeep ---------------------------------------------------------------------------


def test_publishing_indexes_and_unpublishing_removes_in_the_same_transaction(
    client, ready, publisher
):
    assert found(client, "graphene") == []
    workflow.publish(ready, publisher)
    assert found(client, "graphene") == ["Graphene anodes"]
    workflow.unpublish(ready, publisher)
    assert found(client, "graphene") == []
    assert not SearchEntry.objects.filter(article=ready).exists()


def test_a_refused_transition_leaves_the_index_as_it_was(client, ready, publisher, writer):
    workflow.publish(ready, publisher)
    with pytest.raises(workflow.WorkflowError):
        workflow.unpublish(ready, writer)
    assert found(client, "graphene") == ["Graphene anodes"]


def test_a_published_new_version_replaces_the_indexed_text(client, ready, publisher, writer):
    workflow.publish(ready, publisher)
    revisions.record(ready, publisher)
    copy = versions.working_copy(ready, writer)
    copy.title = "Silicon anodes"
    copy.save()
    revisions.record(copy, writer)
    assert found(client, "silicon") == []  # the working copy is never found
    workflow.submit(copy, writer)
    workflow.approve(copy, make_user(role="Editor"))
    workflow.publish(copy, publisher)
    assert found(client, "silicon") == ["Silicon anodes"]
    assert found(client, "graphene") == ["Silicon anodes"]  # still in its key point
    assert SearchEntry.objects.count() == 1


def test_a_corrected_fact_is_reindexed_in_every_article_showing_it(client, article):
    fact = article.key_points.get().fact
    fact.statement = "Xiaomi has a lithium supply deal."
    fact.save()
    assert found(client, "lithium") == []
    assert index.reindex_fact(fact) == 1
    assert found(client, "lithium") == ["Xiaomi EV"]


def test_rebuild_search_index_indexes_every_published_article_again(client, db, capsys):
    make_published("Hydrogen trucks")
    make_article("Hydrogen draft")
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", "--dry-run")
    assert "Would index 1 published article(s)." in capsys.readouterr().out
    assert SearchEntry.objects.count() == 0
    call_command("rebuild_search_index")
    assert "Indexed 1 published article(s)." in capsys.readouterr().out
    assert found(client, "hydrogen") == ["Hydrogen trucks"]
