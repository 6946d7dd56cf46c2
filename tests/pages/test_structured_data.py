"""JSON-LD parsed back and checked against the properties Google's article documentation names
(required and recommended), on article pages (NewsArticle, BreadcrumbList) and company pages
(Organization)."""

import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from articles.editorial.forms import ArticleAdminForm
from articles.models import ArticleStatus, FactStatus
from tests.factories import make_article, make_company, make_fact, make_source, make_user


def all_json_ld(response) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    return [json.loads(block) for block in blocks]


def of_type(response, kind):
    return next(data for data in all_json_ld(response) if data["@type"] == kind)


@pytest.fixture
def claire(db):
    return make_user("cj_login", first_name="Claire", last_name="Jiang")


@pytest.fixture
def sourced(claire, category, company):
    """The Xiaomi article: about Xiaomi, mentioning BYD and NDRC, with two sourced key points."""
    reuters = make_source("Reuters", title="Xiaomi wins approval", url="https://reuters.example/x",
                          published_on=date(2023, 8, 23))  # fmt: skip
    jiemian = make_source("Jiemian", title="", url="https://jiemian.example/y")
    facts = [
        make_fact(
            "Xiaomi was approved by the NDRC.", sources=[reuters], status=FactStatus.VERIFIED
        ),
        make_fact("Trial runs make 50 cars a week.", sources=[jiemian, reuters]),
    ]
    return make_article(
        "Xiaomi EV",
        authors=[claire],
        category=category,
        companies=[make_company("BYD"), company, make_company("NDRC")],
        primary_company=company,
        key_facts=facts,
        status=ArticleStatus.PUBLISHED,
    )


def test_about_is_the_primary_company_and_the_others_are_mentions(client, sourced):
    data = of_type(client.get(sourced.get_absolute_url()), "NewsArticle")
    assert data["about"] == [
        {"@type": "Organization", "name": "Xiaomi", "url": "http://testserver/companies/xiaomi/"}
    ]
    assert [thing["name"] for thing in data["mentions"]] == ["BYD", "NDRC"]


def test_citation_lists_each_key_point_source_once(client, sourced):
    data = of_type(client.get(sourced.get_absolute_url()), "NewsArticle")
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Xiaomi wins approval",
            "url": "https://reuters.example/x",
            "publisher": {"@type": "Organization", "name": "Reuters"},
            "datePublished": "2023-08-23",
        },
        {
            "@type": "CreativeWork",
            "name": "Jiemian",
            "url": "https://jiemian.example/y",
            "publisher": {"@type": "Organization", "name": "Jiemian"},
        },
    ]


def test_google_required_and_recommended_article_properties(client, sourced, claire):
    response = client.get(sourced.get_absolute_url())
    data = of_type(response, "NewsArticle")
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Xiaomi EV" and len(data["headline"]) <= 110
    published = datetime.fromisoformat(data["datePublished"])
    assert abs(published - sourced.published_at) < timedelta(milliseconds=1)
    assert data["dateModified"] == data["datePublished"]  # never updated: no false freshness
    assert data["isAccessibleForFree"] is True
    assert data["mainEntityOfPage"]["@id"] == data["url"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Claire Jiang",
            "url": "http://testserver/authors/claire-jiang/",
        }
    ]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "evnews"
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"].startswith("http://testserver/static/img/publisher-logo")
    assert (logo["width"], logo["height"]) == (600, 60)
    assert finders.find("img/publisher-logo.png")
    assert "cj_login" not in response.text


def test_article_pages_carry_a_breadcrumb_list(client, sourced):
    data = of_type(client.get(sourced.get_absolute_url()), "BreadcrumbList")
    assert [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]] == [
        (1, "evnews", "http://testserver/"),
        (2, "Industry", "http://testserver/category/industry/"),
        (3, "Xiaomi EV", f"http://testserver{sourced.get_absolute_url()}"),
    ]


def test_company_pages_carry_an_organization(client, sourced, company):
    company.website = "https://www.mi.com/"
    company.description = "A Chinese electronics maker."
    company.save()
    data = of_type(client.get(company.get_absolute_url()), "Organization")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Xiaomi",
        "url": "http://testserver/companies/xiaomi/",
        "description": "A Chinese electronics maker.",
        "sameAs": ["https://www.mi.com/"],
    }


class CompaniesForm(ArticleAdminForm):
    class Meta(ArticleAdminForm.Meta):
        fields = ["companies", "primary_company"]


def test_the_admin_refuses_a_primary_company_that_is_not_listed(db, company):
    byd = make_company("BYD")
    form = CompaniesForm(data={"primary_company": byd.pk, "companies": [company.pk]})
    assert not form.is_valid()
    assert form.errors["primary_company"] == [
        "Also list BYD under companies/topics, or choose one listed there."
    ]
    assert CompaniesForm(data={"primary_company": byd.pk, "companies": [byd.pk]}).is_valid()


def test_the_article_admin_offers_the_primary_company(editor_client, draft):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    assert 'name="primary_company"' in editor_client.get(url).text
