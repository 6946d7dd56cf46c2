"""Every feed element a reader sees, as a feed reader that does not sanitise would show it: the
element's text put into a page as HTML (innerHTML). Plain-text fields must show as the same text;
nothing may run."""

import html
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import ArticleStatus
from tests.factories import make_article, make_comment, make_user
from tests.page_checks import json_ld

RUNS = '<img src=x onerror="window.pwned=(window.pwned||0)+1">'
TITLE = f"Fast {RUNS} & “charging”"
DEK = f"{RUNS}<script>window.pwned=99</script> Range & price"
NAME = f"‮evil{RUNS}"  # an unpaired right-to-left override before markup
# What readers render as HTML: RSS says nothing, so all it shows; Atom only what says type="html"
# (its titles and names are type="text", shown as text).
AS_HTML = {"title", "description", "{http://purl.org/dc/elements/1.1/}creator",
           "{http://www.w3.org/2005/Atom}summary"}  # fmt: skip


@pytest.fixture
def hostile(db, category):
    author = make_user("mallory", first_name=RUNS, last_name="")
    article = make_article(
        TITLE, authors=[author], category=category, dek=DEK, status=ArticleStatus.PUBLISHED
    )
    make_comment(article, f"Nice {RUNS}", author_name=NAME)
    return article


def feed_paths(article):
    slug = {"slug": article.slug}
    return [
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:comment-feed-rss", kwargs=slug),
        reverse("articles:comment-feed-atom", kwargs=slug),
    ]


def shown_texts(client, path):
    """(element, text) of every element a feed reader shows, as parsed from the XML."""
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    html = [el for el in root.iter() if el.tag in AS_HTML and el.get("type", "html") == "html"]
    return [(el.tag, el.text) for el in html if el.text]


def rss_item(client):
    root = ET.fromstring(client.get(reverse("articles:feed-rss")).content)
    return {el.tag: el.text for el in root.find("channel/item")}


def test_plain_text_fields_go_out_as_text_in_every_feed(client, hostile):
    for path in feed_paths(hostile):
        for tag, text in shown_texts(client, path):
            assert "<img" not in text and "<script" not in text, (path, tag, text)


def test_article_summary_and_rss_title_are_the_escaped_plain_text(client, hostile):
    item = rss_item(client)
    assert "<" not in item["title"] + item["description"]
    assert (html.unescape(item["title"]), html.unescape(item["description"])) == (TITLE, DEK)


@pytest.mark.browser
def test_no_feed_element_runs_script_in_a_reader_that_renders_it_as_html(browser, client, hostile):
    page = browser.new_page()
    page.set_content("<!doctype html><title>reader</title><div id=item></div>")
    checked = 0
    for path in feed_paths(hostile):
        for tag, text in shown_texts(client, path):
            # A sentinel image after the item's text: once its error fires, the item's have too.
            page.evaluate(
                """text => { window.done = false;
                   document.getElementById('item').innerHTML = text
                     + '<img src=x onerror="window.done=true">'; }""",
                text,
            )
            page.wait_for_function("window.done === true")
            assert page.evaluate("window.pwned") is None, (path, tag, text)
            checked += 1
    rendered = page.evaluate(
        "t => { const d = document.createElement('div'); d.innerHTML = t; return d.textContent }",
        rss_item(client)["title"],
    )
    assert rendered == TITLE
    page.close()
    assert checked >= 12


def test_the_article_page_and_its_json_ld_show_the_same_fields_as_text(client, hostile):
    response = client.get(hostile.get_absolute_url())
    assert RUNS.encode() not in response.content and b"<script>window" not in response.content
    data = json_ld(response)
    assert (data["headline"], data["description"]) == (TITLE, DEK)
