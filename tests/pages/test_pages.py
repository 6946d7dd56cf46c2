"""Readers' pages through HTTP: what each shows, what it hides, and what it costs in queries."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.images.renditions import make_hero_renditions
from articles.models import FactStatus, KeyPoint, ProCon, Section
from tests.factories import (
    make_article,
    make_category,
    make_company,
    make_fact,
    make_source,
    make_user,
)
from tests.page_checks import ARTICLE_PAGE_BUDGET, LISTING_BUDGET, count_queries, json_ld

HOME = reverse("articles:home")


def make_png(name="hero.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "#0b5c43").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def make_published(title, **fields):
    return make_article(title, status="published", **fields)


@pytest.fixture
def rich_article(writer, category, company):
    """A published article with several sections, facts with dated sources, and an update."""
    reuters = make_source(
        "Reuters", url="https://www.reuters.com/xiaomi", published_on=date(2023, 8, 23)
    )
    verified = make_fact(
        "Xiaomi has been approved to produce EVs by the NDRC.",
        subject=company,
        sources=[reuters],
        status=FactStatus.VERIFIED,
    )
    plain = make_fact("Trial production runs at about 50 cars a week.", subject=company)
    published_at = timezone.now() - timedelta(days=2)
    return make_published(
        "Xiaomi EV",
        authors=[writer],
        category=category,
        companies=[company, make_company("NDRC")],
        key_facts=[verified, plain],
        intro="Xiaomi is *entering* the car business.",
        subheading="NDRC approval and 2024 production launch",
        closing="Xiaomi is poised to be a formidable player.",
        sections=(
            ("Spy Shots Reveal Design Details", "- Frameless doors\n- Hidden handles"),
            ("Investment and Expansion", "Xiaomi invested RMB 10 billion."),
        ),
        pros=(("Sleek design", "Frameless doors."), ("", "A big home market.")),
        cons=(("High costs", "EVs are expensive."),),
        pros_heading="Pros of Xiaomi’s EV",
        published_at=published_at,
        content_updated_at=published_at + timedelta(days=1),
    )


def test_home_page_lists_published_articles_with_a_lead_story(client, article):
    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert "story-lead" in html
    assert article.title in html and article.dek in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert html.count("<h1") == 1


def test_home_lead_story_previews_its_first_key_points(client, rich_article):
    html = client.get(HOME).content.decode()
    first, second = rich_article.key_points.all()
    url = rich_article.get_absolute_url()
    assert f'<a href="{url}#{first.anchor}">{first.fact.statement}</a>' in html
    assert f'<a href="{url}#{second.anchor}">' in html


def test_home_page_says_so_when_nothing_is_published(client, db):
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Nothing has been published yet" in response.content.decode()


@override_settings(ARTICLES_PER_PAGE=2)
def test_home_page_paginates_newest_first(client, writer):
    now = timezone.now()
    for days in range(3):
        make_published(f"Story {days}", authors=[writer], published_at=now - timedelta(days=days))
    first = client.get(HOME).content.decode()
    second = client.get(HOME, {"page": 2}).content.decode()
    assert "Story 0" in first and "Story 1" in first and "Story 2" not in first
    assert "Story 2" in second and "Page 2 of 2" in second
    assert 'rel="canonical" href="http://testserver/?page=2"' in second
    assert client.get(HOME, {"page": 3}).status_code == 404


def test_every_page_links_its_feeds_and_category_navigation(client, article, category):
    html = client.get(HOME).content.decode()
    assert (
        f'type="application/rss+xml" title="evnews (RSS)" href="{reverse("articles:feed-rss")}"'
        in html
    )
    assert 'type="application/atom+xml"' in html
    assert f'<a href="{category.get_absolute_url()}">{category.name}</a>' in html
    assert 'href="#main"' in html


def test_article_page_shows_title_standfirst_byline_and_dates(client, rich_article, writer):
    response = client.get(rich_article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<article" in html
    assert rich_article.dek in html
    author_url = reverse("articles:author-detail", args=[writer.username])
    assert f'<a href="{author_url}" rel="author">{writer.get_full_name()}</a>' in html
    published = timezone.localtime(rich_article.published_at).isoformat()
    updated = timezone.localtime(rich_article.content_updated_at).isoformat()
    assert f'Published <time datetime="{published}">' in html
    assert f'Updated <time datetime="{updated}">' in html
    assert f"{rich_article.reading_time} min read" in html


def test_article_page_says_updated_only_after_a_later_version(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Published <time" in html
    assert "Updated <time" not in html


def test_article_page_links_category_and_companies(client, rich_article, category, company):
    html = client.get(rich_article.get_absolute_url()).content.decode()
    assert f'href="{category.get_absolute_url()}">{category.name}</a>' in html
    assert f'<a href="{company.get_absolute_url()}">Xiaomi</a>' in html
    assert '<a href="/companies/ndrc/">NDRC</a>' in html


def test_article_page_renders_intro_subheading_and_closing(client, rich_article):
    html = client.get(rich_article.get_absolute_url()).content.decode()
    assert "<p>Xiaomi is <em>entering</em> the car business.</p>" in html
    assert '<h2 class="article-subheading">NDRC approval and 2024 production launch</h2>' in html
    assert "<p>Xiaomi is poised to be a formidable player.</p>" in html


def test_key_points_cite_their_sources_with_links_and_dates(client, rich_article):
    html = client.get(rich_article.get_absolute_url()).content.decode()
    key_points = list(rich_article.key_points.all())
    assert 'aria-labelledby="key-points-heading"' in html
    assert ">Key Points</h3>" in html  # under the subheading
    for point in key_points:
        assert f'<li id="{point.anchor}">' in html
        assert point.fact.statement in html
    assert '<a href="https://www.reuters.com/xiaomi"' in html and ">Reuters</a>" in html
    assert '<time datetime="2023-08-23">23 Aug 2023</time>' in html
    assert html.count("✓ Verified") == 1


def test_sections_are_numbered_with_their_anchors(client, rich_article):
    html = client.get(rich_article.get_absolute_url()).content.decode()
    first, second = rich_article.sections.all()
    assert f'<section id="{first.anchor}"' in html
    assert '<span class="section-number">1.</span> Spy Shots Reveal Design Details</h2>' in html
    assert '<span class="section-number">2.</span> Investment and Expansion</h2>' in html
    assert "<li>Frameless doors</li>" in html
    assert f'<a href="#{second.anchor}"><span class="toc-number">2.</span> Investment' in html


def test_pros_and_cons_have_their_own_headings_and_labels(client, rich_article):
    html = client.get(rich_article.get_absolute_url()).content.decode()
    assert '<h2 id="pros-heading">Pros of Xiaomi’s EV</h2>' in html
    assert '<h2 id="cons-heading">Cons</h2>' in html
    assert "<li><strong>Sleek design:</strong> Frameless doors.</li>" in html
    assert "<li>A big home market.</li>" in html
    assert "<li><strong>High costs:</strong> EVs are expensive.</li>" in html


def test_article_page_leaves_out_parts_the_article_does_not_have(client, writer):
    article = make_published("Bare", authors=[writer], sections=(), pros=(), cons=())
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for absent in ("key-points", "pros-cons", "article-toc", "article-hero", 'class="kicker"'):
        assert absent not in html
    assert "articleSection" not in json_ld(response)


def test_article_page_escapes_editor_text(client, writer):
    article = make_published(
        "Safe <b>title</b>", slug="safe", authors=[writer], dek="<script>x</script>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Safe &lt;b&gt;title&lt;/b&gt;" in html
    assert "<script>x</script>" not in html


def test_article_page_shows_the_hero_figure(client, writer):
    article = make_published(
        "With a picture",
        authors=[writer],
        hero_image=make_png(),
        hero_alt="A silver saloon",
        hero_caption="The car in Beijing.",
        hero_credit="Xiaomi",
    )
    make_hero_renditions.call(article.pk)
    image = article.hero_renditions.get(format="png")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<img src="{image.file.url}" srcset="{image.file.url} {image.width}w"' in html
    assert 'alt="A silver saloon"' in html
    assert "The car in Beijing." in html and "Photo: Xiaomi" in html
    assert f'<meta property="og:image" content="http://testserver{image.file.url}">' in html


def test_article_page_declares_canonical_url_description_and_opengraph(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta name="description" content="{article.dek}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{url}">' in html


def test_article_page_embeds_news_article_structured_data(client, rich_article, writer):
    data = json_ld(client.get(rich_article.get_absolute_url()))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == rich_article.title
    assert data["description"] == rich_article.dek
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{rich_article.get_absolute_url()}"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": writer.get_full_name(),
            "url": f"http://testserver{writer.author_profile.get_absolute_url()}",
        }
    ]
    assert data["publisher"]["name"] == "evnews"
    assert data["articleSection"] == "Industry"
    assert data["datePublished"] < data["dateModified"]
    # No primary company set: nothing is claimed as the subject, every company is a mention.
    assert "about" not in data
    assert [thing["name"] for thing in data["mentions"]] == ["NDRC", "Xiaomi"]
    assert "image" not in data


def test_structured_data_cannot_close_its_script_element(client, writer):
    article = make_published(
        "Break </script><script>alert(1)</script>", slug="break", authors=[writer]
    )
    response = client.get(article.get_absolute_url())
    assert b"</script><script>alert(1)" not in response.content
    assert json_ld(response)["headline"] == article.title


def test_category_page_lists_its_published_articles(client, article, writer):
    other = make_published("Elsewhere", authors=[writer], category=make_category("Policy"))
    html = client.get(article.category.get_absolute_url()).content.decode()
    assert "<h1>Industry</h1>" in html
    assert article.title in html and other.title not in html


def test_company_page_lists_articles_about_the_company(client, article, writer):
    other = make_published("About Tesla", authors=[writer], companies=[make_company("Tesla")])
    response = client.get(reverse("articles:company-detail", args=["xiaomi"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Xiaomi</h1>" in html
    assert article.title in html and other.title not in html


def test_author_page_lists_the_authors_published_articles(client, article, writer):
    other = make_published("By someone else", authors=[make_user("someone")])
    response = client.get(writer.author_profile.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{writer.get_full_name()}</h1>" in html
    assert article.title in html and other.title not in html


def test_author_without_published_work_has_no_public_page(client, editor, draft):
    profile_url = editor.author_profile.get_absolute_url()
    assert client.get(profile_url).status_code == 404


def test_unknown_pages_are_a_friendly_404(client, db):
    for path in ("/articles/nope/", "/category/nope/", "/companies/nope/", "/authors/nope/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "We can’t find that page" in response.content.decode()


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_sitemap_lists_articles_and_listing_pages(client, article, writer, category, company):
    index = client.get("/sitemap.xml").content.decode()
    xml = ""
    for section in ("articles", "categories", "companies", "authors"):
        assert f"<loc>http://testserver/sitemap-{section}.xml</loc>" in index
        xml += client.get(f"/sitemap-{section}.xml").content.decode()
    for path in (
        article.get_absolute_url(),
        category.get_absolute_url(),
        company.get_absolute_url(),
        writer.author_profile.get_absolute_url(),
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml


# Query budgets: each page costs the same however much it shows.


def grow(article, count, writer, company):
    """Give an article `count` more sections, key points (each with `count` sources) and pros."""

    for n in range(count):
        Section.objects.create(article=article, position=10 + n, heading=f"More {n}", body="Text.")
        sources = [make_source("Reuters") for _ in range(count)]
        fact = make_fact(f"Grown fact {article.pk}-{n}", subject=company, sources=sources)
        KeyPoint.objects.create(article=article, fact=fact, position=10 + n)
        ProCon.objects.create(article=article, kind="pro", text=f"Pro {n}", position=10 + n)
    article.authors.add(make_user())
    article.companies.add(make_company(f"Maker {article.pk}"))


def test_article_page_keeps_to_its_query_budget(
    client, rich_article, django_assert_max_num_queries
):
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(rich_article.get_absolute_url())


def test_article_page_queries_do_not_grow_with_its_content(client, rich_article, writer, company):
    path = rich_article.get_absolute_url()
    client.get(path)  # the first view makes the client a returning reader (its voter cookie)
    before = count_queries(client, path)
    grow(rich_article, 10, writer, company)
    assert count_queries(client, path) == before


@pytest.mark.parametrize(
    "path",
    [HOME, "/category/industry/", "/companies/xiaomi/", "/authors/writer/"],
)
def test_listing_pages_keep_to_their_budget_whatever_the_number_of_articles(
    client, article, writer, category, company, path, django_assert_max_num_queries
):
    before = count_queries(client, path)
    for n in range(10):
        make_published(
            f"More {n}", authors=[writer, make_user()], category=category, companies=[company]
        )
    with django_assert_max_num_queries(LISTING_BUDGET):
        client.get(path)
    assert count_queries(client, path) == before


def test_server_error_page_renders_without_a_request_or_database():

    html = get_template("500.html").render()
    assert "Something went wrong on our side" in html
    assert '<html lang="en">' in html
