"""Company fact sheets: verified facts only, grouped by kind, with sources, citing articles,
earlier figures and a freshness flag; the same as JSON; a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from articles.facts import versions
from articles.facts.verification import dispute_fact, verify_fact
from articles.models import ArticleStatus, FactKind
from tests.factories import make_article, make_fact, make_source


@pytest.fixture
def sheet_facts(company, editor):
    capacity = make_fact(
        "Xiaomi can build 150,000 cars a year.",
        subject=company,
        kind=FactKind.CAPACITY,
        value=Decimal(150000),
        unit="vehicles/year",
        as_of=datetime.date.today(),
    )
    versions.record(capacity, editor)
    verify_fact(capacity, editor, "ok")
    price = make_fact(
        "The SU7 costs CNY 215,900.",
        subject=company,
        kind=FactKind.PRICE,
        value=Decimal(215900),
        unit="CNY",
        as_of=datetime.date.today() - datetime.timedelta(days=45),
        sources=[make_source("Xiaomi", url="https://www.mi.com/su7")],
    )
    verify_fact(price, editor, "ok")
    unverified = make_fact("Xiaomi will sell 1 million cars.", subject=company)
    disputed = make_fact("Xiaomi builds planes.", subject=company)
    dispute_fact(disputed, editor, "No.")
    make_article(
        "Xiaomi capacity", companies=[company], key_facts=[capacity, unverified],
        status=ArticleStatus.PUBLISHED,
    )  # fmt: skip
    return capacity, price


def test_the_sheet_shows_only_verified_facts_grouped_by_kind(client, company, sheet_facts):
    page = client.get(company.get_absolute_url()).text
    assert "Fact sheet" in page
    assert "Production capacity" in page and "Prices" in page
    assert "150,000 cars a year" in page and "CNY 215,900" in page
    assert "1 million cars" not in page.split("fact-sheet")[1].split("</section>")[0]
    assert "builds planes" not in page
    assert "Cited in:" in page and "https://www.mi.com/su7" in page


def test_a_price_older_than_thirty_days_may_be_out_of_date(client, company, sheet_facts):
    data = client.get(reverse("articles:company-facts", args=[company.slug])).json()
    by_kind = {group["kind"]: group["facts"] for group in data["groups"]}
    assert by_kind["price"][0]["may_be_out_of_date"] is True
    assert by_kind["capacity"][0]["may_be_out_of_date"] is False
    assert by_kind["capacity"][0]["value"] == "150000"
    assert by_kind["capacity"][0]["cited_by"][0]["title"] == "Xiaomi capacity"
    assert set(by_kind) == {"price", "capacity"}


def test_the_dashboard_lists_facts_past_their_window(client, company, sheet_facts, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:index")).text
    assert "May be out of date" in page and "The SU7 costs CNY 215,900." in page


def test_a_superseded_version_is_an_earlier_figure(client, company, sheet_facts, editor):
    capacity, _ = sheet_facts
    version = versions.propose(
        capacity, editor, versions.snapshot(capacity, statement="Xiaomi can build 300,000.")
    )
    versions.verify_version(version, editor, change_kind="update", public_note="Phase two.")
    data = client.get(reverse("articles:company-facts", args=[company.slug])).json()
    capacity_json = next(g for g in data["groups"] if g["kind"] == "capacity")["facts"][0]
    assert capacity_json["statement"] == "Xiaomi can build 300,000."
    assert capacity_json["earlier_figures"][0]["statement"].startswith("Xiaomi can build 150,000")
    assert "Earlier figures" in client.get(company.get_absolute_url()).text


def test_the_company_page_keeps_to_its_query_budget(
    client, company, sheet_facts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get(company.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("articles:company-facts", args=[company.slug])).status_code == 200


def test_an_unknown_company_is_a_404(client, db):
    assert client.get(reverse("articles:company-facts", args=["nobody"])).status_code == 404
