"""Readers see published articles only, on every surface.

Each surface is a path that lists articles. A new reader-facing surface (search, a tag page, a
per-category feed) joins the checks by adding one line to SURFACES."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleStatus
from tests.factories import make_article, make_company, make_user

SURFACES = {
    "home": lambda article: reverse("articles:home"),
    "category page": lambda article: article.category.get_absolute_url(),
    "company page": lambda article: article.companies.get().get_absolute_url(),
    "author page": lambda article: article.authors.get().author_profile.get_absolute_url(),
    "rss feed": lambda article: reverse("articles:feed-rss"),
    "atom feed": lambda article: reverse("articles:feed-atom"),
    "category feed": lambda article: reverse(
        "articles:category-feed-rss", args=[article.category.slug]
    ),
    "company feed": lambda article: reverse(
        "articles:company-feed-atom", args=[article.companies.get().slug]
    ),
    "author feed": lambda article: reverse(
        "articles:author-feed-rss", args=[article.authors.get().author_profile.slug]
    ),
    "sitemap": lambda article: reverse("sitemap-section", args=["articles"]),
    "news sitemap": lambda article: reverse("news-sitemap"),
    "search": lambda article: reverse("articles:search") + "?q=story",
}

# Every status but published, plus a published article whose time has not come yet.
HIDDEN = [status for status in ArticleStatus if status != ArticleStatus.PUBLISHED] + ["future"]


@pytest.fixture(params=HIDDEN)
def hidden(request, writer, category, company):
    future = request.param == "future"
    return make_article(
        "Hidden story nobody may read",
        slug="hidden-story",
        authors=[writer],
        category=category,
        companies=[company],
        status=ArticleStatus.PUBLISHED if future else request.param,
        published_at=timezone.now() + timedelta(days=1 if future else -1),
    )


@pytest.fixture
def visible(writer, category, company):
    """A published neighbour, so every surface has something to show."""
    return make_article(
        "Visible story",
        authors=[writer],
        category=category,
        companies=[company],
        status=ArticleStatus.PUBLISHED,
    )


def test_unpublished_article_is_a_404(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("surface", SURFACES)
def test_unpublished_article_is_absent_from_every_surface(client, hidden, visible, surface):
    response = client.get(SURFACES[surface](hidden))
    content = response.content.decode()
    assert response.status_code == 200
    assert visible.title in content or visible.get_absolute_url() in content
    assert "Hidden story" not in content
    assert hidden.get_absolute_url() not in content


def test_sitemap_leaves_out_pages_with_only_unpublished_articles(client, hidden, visible):
    make_article(
        "Only draft",
        authors=[make_user("ghost")],
        companies=[make_company("Secretco")],
        status=ArticleStatus.DRAFT,
    )
    for section in ("companies", "authors"):
        xml = client.get(reverse("sitemap-section", args=[section])).content.decode()
        assert "/companies/secretco/" not in xml
        assert "/authors/ghost/" not in xml


def test_author_with_only_unpublished_articles_has_no_page(client, hidden):
    url = hidden.authors.get().author_profile.get_absolute_url()
    assert client.get(url).status_code == 404
