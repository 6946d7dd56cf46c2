"""RSS and Atom feeds, parsed back with feedparser as a feed reader would."""

import io
from datetime import date, timedelta

import feedparser
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.images.renditions import make_hero_renditions
from articles.models import ArticleStatus, Fact, FactStatus, Source
from tests.factories import make_article, make_company, make_fact, make_source, make_user

RSS = reverse("articles:feed-rss")
ATOM = reverse("articles:feed-atom")
FEEDS = pytest.mark.parametrize("path", [RSS, ATOM], ids=["rss", "atom"])


def parse(client, path):
    response = client.get(path)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return response, parsed


def png_upload():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "#0b5c43").save(buffer, format="PNG")
    return SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def feed_article(writer, category, company):
    source = make_source("Jiemian", url="https://www.jiemian.com/x", published_on=date(2023, 9, 6))
    fact = make_fact("Xiaomi's EV was in trial production.", subject=company, sources=[source])
    published_at = timezone.now() - timedelta(days=3)
    # Checked before the article went out: the entry's `updated` is the article's own change.
    Fact.objects.filter(pk=fact.pk).update(updated_at=published_at - timedelta(days=1))
    return make_article(
        "Xiaomi EV",
        authors=[writer, make_user("second", first_name="Ada", last_name="Lovelace")],
        category=category,
        companies=[company, make_company("NDRC")],
        key_facts=[fact],
        intro="Xiaomi is entering the car business.",
        closing="The end.",
        hero_image=png_upload(),
        hero_alt="The car",
        status=ArticleStatus.PUBLISHED,
        published_at=published_at,
        content_updated_at=published_at + timedelta(days=1),
    )


@pytest.fixture
def illustrated_feed_article(feed_article):
    make_hero_renditions.call(feed_article.pk)
    return feed_article


def hero_rendition(article):
    """The rendition feeds name: the largest PNG (the upload is a PNG)."""
    return article.hero_renditions.filter(format="png").last()


@FEEDS
def test_feed_is_well_formed_and_describes_the_site(client, feed_article, path):
    response, parsed = parse(client, path)
    assert parsed.feed.title == "evnews"
    assert parsed.feed.link == "http://testserver/"
    assert {"rel": "self", "href": f"http://testserver{path}"}.items() <= next(
        link for link in parsed.feed.links if link.rel == "self"
    ).items()


def test_rss_feed_declares_version_and_content_namespace(client, feed_article):
    response, parsed = parse(client, RSS)
    assert parsed.version == "rss20"
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert b'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in response.content
    # RFC 822 dates, as RSS 2.0 requires
    assert b"<pubDate>" in response.content and b"+0000</pubDate>" in response.content


def test_atom_feed_declares_its_version(client, feed_article):
    response, parsed = parse(client, ATOM)
    assert parsed.version == "atom10"
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"


@FEEDS
def test_feed_item_carries_every_field(client, feed_article, path):
    _, parsed = parse(client, path)
    (entry,) = parsed.entries
    url = f"http://testserver{feed_article.get_absolute_url()}"
    assert entry.title == "Xiaomi EV"
    assert entry.link == url
    assert entry.id == url
    assert entry.summary == feed_article.dek
    assert sorted(entry.author.split(" and ")) == ["Ada Lovelace", "Writer"]
    assert [tag.term for tag in entry.tags] == ["Industry", "NDRC", "Xiaomi"]
    assert entry.published_parsed[:6] == feed_article.published_at.utctimetuple()[:6]
    assert entry.updated_parsed[:6] == feed_article.content_updated_at.utctimetuple()[:6]


@FEEDS
def test_feed_item_holds_the_full_rendered_article(client, illustrated_feed_article, path):
    feed_article = illustrated_feed_article
    _, parsed = parse(client, path)
    content = parsed.entries[0].content[0]
    assert content.type == "text/html"
    html = content.value
    assert "<p>Xiaomi is entering the car business.</p>" in html
    assert "Key Points" in html and '<a href="https://www.jiemian.com/x"' in html
    assert "1.</span> Spy shots reveal design details</h2>" in html
    assert "<strong>Sleek design:</strong> Frameless doors." in html
    assert "<p>The end.</p>" in html
    # feedparser sanitises the HTML and reorders attributes
    image = hero_rendition(feed_article)
    assert f'<img alt="The car" src="http://testserver{image.file.url}"' in html


@FEEDS
def test_feed_item_encloses_a_rendition_of_the_hero_image(client, illustrated_feed_article, path):
    _, parsed = parse(client, path)
    (enclosure,) = parsed.entries[0].enclosures
    image = hero_rendition(illustrated_feed_article)
    assert enclosure.href == f"http://testserver{image.file.url}"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == image.size == image.file.size > 0


@FEEDS
def test_feed_item_without_hero_image_has_no_enclosure(client, article, path):
    _, parsed = parse(client, path)
    assert parsed.entries[0].enclosures == []


@FEEDS
def test_feed_guids_are_unique_and_stable(client, writer, path):
    for n in range(3):
        make_article(f"Story {n}", authors=[writer], status=ArticleStatus.PUBLISHED)
    _, first = parse(client, path)
    _, second = parse(client, path)
    ids = [entry.id for entry in first.entries]
    assert len(set(ids)) == 3
    assert ids == [entry.id for entry in second.entries]


@FEEDS
@override_settings(FEED_ITEMS=2)
def test_feed_holds_the_latest_articles_only(client, writer, path):
    now = timezone.now()
    for days in range(3):
        make_article(
            f"Story {days}",
            authors=[writer],
            status=ArticleStatus.PUBLISHED,
            published_at=now - timedelta(days=days),
        )
    _, parsed = parse(client, path)
    assert [entry.title for entry in parsed.entries] == ["Story 0", "Story 1"]


@FEEDS
def test_feed_queries_do_not_grow_with_the_number_of_articles(client, feed_article, writer, path):
    def queries():
        cache.clear()  # the render's queries, not the shared copy's
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return len(captured)

    before = queries()
    for n in range(5):
        make_article(f"Story {n}", authors=[writer, make_user()], status=ArticleStatus.PUBLISHED)
    assert queries() == before <= 10  # 8, the corrections and the hero renditions of each entry


def _content(client, path):
    # These check the feed's own per-item cache beneath the shared-page cache, against changes
    # made behind the services' back: the shared copy is dropped first.
    cache.clear()
    return parse(client, path)[1].entries[0].content[0].value


def _renders_content(client, path):
    response = client.get(path)
    return "articles/_feed_content.html" in [t.name for t in response.templates]


@FEEDS
def test_feed_item_text_is_rendered_once_and_reused_while_nothing_changes(
    client, feed_article, path
):
    assert _renders_content(client, path)
    assert not _renders_content(client, path)


@FEEDS
def test_feed_item_text_follows_a_fact_verified_after_it_was_cached(client, feed_article, path):
    assert "Verified" not in _content(client, path)
    fact = feed_article.key_points.get().fact
    fact.status = FactStatus.VERIFIED
    fact.save()
    assert "Verified" in _content(client, path)


@FEEDS
def test_feed_item_text_follows_a_source_corrected_after_it_was_cached(client, feed_article, path):
    assert "Jiemian" in _content(client, path)
    Source.objects.update(publisher="Jiemian News")
    assert "Jiemian News" in _content(client, path)


@FEEDS
def test_feed_item_text_follows_a_section_edited_after_it_was_cached(client, feed_article, path):
    _content(client, path)
    section = feed_article.sections.get()
    section.heading = "Road test"
    section.save()
    assert "1.</span> Road test</h2>" in _content(client, path)
