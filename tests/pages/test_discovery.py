"""Finding articles without search: feeds per category, company and author (parsed back, with
conditional GET), the subject indexes, author pages under their public slug, redirects for
changed slugs, the sitemaps (validated against their schemas) and robots.txt."""

from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from articles.models import ArticleStatus, AuthorProfile, Fact, FormerAuthorSlug
from tests.factories import make_article, make_category, make_company, make_user

SCHEMAS = Path(__file__).parent / "schemas"
S = ArticleStatus


def make_published(title, **fields):
    return make_article(title, status=S.PUBLISHED, **fields)


def parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def subject_feeds(article):
    author = article.authors.get().author_profile
    company = article.companies.get()
    return {
        "category": ("category", article.category.slug),
        "company": ("company", company.slug),
        "author": ("author", author.slug),
    }


@pytest.fixture
def others(writer):
    """Articles of another category, company and author, which the subject feeds leave out."""
    return make_published(
        "Elsewhere entirely",
        authors=[make_user("other", first_name="Ada", last_name="Byron")],
        category=make_category("Policy"),
        companies=[make_company("Tesla")],
    )


@pytest.mark.parametrize("kind", ["category", "company", "author"])
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_each_subject_has_a_feed_of_its_own_articles(client, article, others, kind, fmt):
    _, slug = subject_feeds(article)[kind]
    _, parsed = parse_feed(client, reverse(f"articles:{kind}-feed-{fmt}", args=[slug]))
    assert [entry.title for entry in parsed.entries] == [article.title]
    entry = parsed.entries[0]
    assert entry.id == f"http://testserver{article.get_absolute_url()}"
    assert entry.author == "Writer"
    assert parsed.feed.title.startswith("evnews: ")
    if fmt == "atom":
        assert parsed.version == "atom10" and entry.updated_parsed
    else:
        assert parsed.version == "rss20"


@pytest.mark.parametrize(
    "url", ["/category/nope/rss/", "/companies/nope/atom/", "/authors/nope/rss/"]
)
def test_a_feed_for_an_unknown_subject_is_404(client, db, url):
    assert client.get(url).status_code == 404


def test_a_feed_answers_304_until_an_article_or_fact_changes(client, article, editor):
    url = reverse("articles:category-feed-atom", args=[article.category.slug])
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304

    Fact.objects.filter(pk=article.key_points.get().fact_id).update(
        updated_at=timezone.now() + timedelta(minutes=5)
    )
    cache.clear()  # changed behind the services' backs: drop the shared copy they would renew
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_site_feed_answers_304_and_changes_when_an_article_is_withdrawn(client, article):
    url = reverse("articles:feed-rss")
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    article.status = S.UNPUBLISHED
    article.save()
    cache.clear()  # changed behind the services' backs: drop the shared copy they would renew
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_an_entrys_updated_date_moves_when_one_of_its_facts_changes(client, article):
    url = reverse("articles:feed-atom")
    _, before = parse_feed(client, url)
    later = timezone.now() + timedelta(hours=2)
    Fact.objects.filter(pk=article.key_points.get().fact_id).update(updated_at=later)
    cache.clear()  # changed behind the services' backs: drop the shared copy they would renew
    _, after = parse_feed(client, url)
    assert after.entries[0].id == before.entries[0].id  # the guid never changes
    assert after.entries[0].updated_parsed[:5] == later.utctimetuple()[:5]


@pytest.mark.parametrize(
    "page, kinds",
    [
        ("category", ["category"]),
        ("company", ["company"]),
        ("author", ["author"]),
        ("article", ["category", "author"]),  # no primary company set: no company feed
    ],
)
def test_pages_link_their_feeds_in_the_head_and_visibly(client, article, page, kinds):
    urls = {
        "category": article.category.get_absolute_url(),
        "company": article.companies.get().get_absolute_url(),
        "author": article.authors.get().author_profile.get_absolute_url(),
        "article": article.get_absolute_url(),
    }
    head, body = client.get(urls[page]).text.split("</head>", 1)
    for kind in kinds:
        _, slug = subject_feeds(article)[kind]
        for fmt, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
            feed = reverse(f"articles:{kind}-feed-{fmt}", args=[slug])
            assert f'<link rel="alternate" type="{mime}"' in head
            assert f'href="{feed}"' in head, (kind, fmt)
            assert f'<a href="{feed}" type="{mime}">' in body, (kind, fmt)


def test_an_article_links_the_feed_of_its_primary_company_only(client, article, company):
    other = make_company("NDRC")
    article.companies.add(other)
    html = client.get(article.get_absolute_url()).text
    assert reverse("articles:company-feed-rss", args=[other.slug]) not in html
    article.primary_company = company
    article.save()
    cache.clear()  # changed behind the services' backs: drop the shared copy they would renew
    html = client.get(article.get_absolute_url()).text
    assert reverse("articles:company-feed-rss", args=[company.slug]) in html


# The subject indexes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, shown",
    [
        ("articles:category-index", "Industry"),
        ("articles:company-index", "Xiaomi"),
        ("articles:author-index", "Writer"),
    ],
)
def test_index_pages_list_subjects_with_published_work_and_their_counts(
    client, article, draft, name, shown, django_assert_max_num_queries
):
    make_article(
        "Hidden",
        authors=[make_user("ghost", first_name="Ghost")],
        category=make_category("Secret"),
        companies=[make_company("Secretco")],
    )
    with django_assert_max_num_queries(3):
        response = client.get(reverse(name))
    assert response.status_code == 200
    main = response.text.split('<main id="main"', 1)[1]  # the masthead lists every category
    assert f">{shown}</a>" in main
    assert "(1 article)" in main
    for hidden in ("Ghost", "Secret", "Secretco"):
        assert f">{hidden}</a>" not in main


def test_the_footer_links_the_indexes(client, db):
    html = client.get("/").text
    for name in ("category-index", "company-index", "author-index"):
        assert f'href="{reverse(f"articles:{name}")}"' in html


# Author pages under a public slug ----------------------------------------------------------


def test_a_new_account_gets_a_slug_from_its_name_never_its_login(db):
    user = make_user("cjiang_login", first_name="Claire", last_name="Jiang")
    assert user.author_profile.slug == "claire-jiang"
    assert user.author_profile.display_name == "Claire Jiang"
    nameless = make_user("secret_login", first_name="")
    assert "secret" not in nameless.author_profile.slug
    assert nameless.author_profile.display_name == "Newsroom staff"
    namesake = make_user("other_login", first_name="Claire", last_name="Jiang")
    assert namesake.author_profile.slug == "claire-jiang-2"


def test_the_author_page_shows_name_bio_and_photo_and_never_the_login(client, article, writer):
    profile = writer.author_profile
    profile.display_name, profile.bio, profile.slug = "Claire Jiang", "Covers batteries.", "claire"
    profile.save()
    response = client.get("/authors/claire/")
    assert "<h1>Claire Jiang</h1>" in response.text
    assert "Covers batteries." in response.text
    assert client.get(f"/authors/{writer.username}/").status_code == 301  # the old slug
    article_html = client.get(article.get_absolute_url()).text
    assert 'href="/authors/claire/" rel="author">Claire Jiang</a>' in article_html


def test_an_old_author_slug_redirects_permanently_and_keeps_the_page(client, article, writer):
    profile = writer.author_profile
    old = profile.slug
    profile.slug = "claire-jiang"
    profile.save()
    profile.slug = "c-jiang"
    profile.save()
    for slug in (old, "claire-jiang"):
        response = client.get(f"/authors/{slug}/?page=1")
        assert response.status_code == 301
        assert response["Location"] == "/authors/c-jiang/?page=1"
    assert client.get("/authors/c-jiang/").status_code == 200


def test_taking_back_an_old_slug_stops_its_redirect(client, article, writer):
    profile = writer.author_profile
    old = profile.slug
    profile.slug = "new-slug"
    profile.save()
    profile.slug = old
    profile.save()
    assert not FormerAuthorSlug.objects.filter(slug=old).exists()
    assert client.get(f"/authors/{old}/").status_code == 200
    assert client.get("/authors/new-slug/").status_code == 301


def test_an_unknown_author_slug_is_404(client, db):
    assert client.get("/authors/nobody/").status_code == 404


def test_an_author_edits_only_their_own_profile_in_the_admin(client, writer, editor):
    client.force_login(writer)
    own = reverse("admin:articles_authorprofile_change", args=[writer.author_profile.pk])
    theirs = reverse("admin:articles_authorprofile_change", args=[editor.author_profile.pk])
    assert client.get(own).status_code == 200
    assert client.get(theirs).status_code in (302, 403, 404)
    response = client.post(
        own,
        {"display_name": "Claire Jiang", "slug": "claire-jiang", "bio": "Hi.", "photo_alt": ""},
    )
    assert response.status_code == 302
    assert AuthorProfile.objects.get(user=writer).slug == "claire-jiang"


# Article slugs -----------------------------------------------------------------------------


def test_a_changed_article_slug_redirects_permanently(client, article):
    old = article.get_absolute_url()
    article.slug = "xiaomi-ev-launch"
    article.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/articles/xiaomi-ev-launch/"


def test_an_old_slug_of_an_unpublished_article_stays_404(client, article):
    old = article.get_absolute_url()
    article.slug = "renamed"
    article.status = S.UNPUBLISHED
    article.save()
    assert client.get(old).status_code == 404


# Sitemaps and robots.txt -------------------------------------------------------------------


def validate(xml: bytes, schema: str):
    parsed = etree.fromstring(xml)
    checker = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    assert checker.validate(parsed), checker.error_log
    return parsed


def test_the_sitemap_index_and_each_sitemap_validate(client, article):
    index = validate(client.get("/sitemap.xml").content, "siteindex.xsd")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = index.xpath("//s:sitemap/s:loc/text()", namespaces=ns)
    assert len(locations) == 4
    assert all(index.xpath("//s:sitemap/s:lastmod/text()", namespaces=ns))
    for location in locations:
        validate(client.get(location).content, "sitemap.xsd")


def test_the_news_sitemap_lists_the_last_48_hours_and_validates(client, writer):
    fresh = make_published("Fresh <news> & more", authors=[writer])
    make_published("Old news", authors=[writer], published_at=timezone.now() - timedelta(days=3))
    make_article("Draft news", authors=[writer])
    response = client.get("/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    tree = validate(response.content, "news-urlset.xsd")
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    assert tree.xpath("//s:loc/text()", namespaces=ns) == [
        f"http://testserver{fresh.get_absolute_url()}"
    ]
    assert tree.xpath("//n:title/text()", namespaces=ns) == ["Fresh <news> & more"]
    assert tree.xpath("//n:language/text()", namespaces=ns) == ["en"]


def test_an_empty_news_sitemap_still_validates(client, db):
    validate(client.get("/news-sitemap.xml").content, "news-urlset.xsd")


def test_robots_txt_points_at_both_sitemaps_and_keeps_admin_and_search_out(client, db):
    text = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /search/" in text
