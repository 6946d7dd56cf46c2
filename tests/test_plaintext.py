"""Bidirectional controls in what readers type: unpaired ones dropped, names isolated, on the
page (<bdi>, dir="auto"), in emails (FSI…PDI) and in feeds."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Subscription, SubscriptionKind
from articles.plaintext import balance_bidi, isolate
from articles.subscriptions import notifications
from tests.factories import make_comment

RLO, PDF, LRI, PDI, FSI = "\u202e", "\u202c", "\u2066", "\u2069", "\u2068"
SPOOF = f"{RLO}exe.live"  # an override left open: everything after it would read reversed


@pytest.mark.parametrize(
    "text, balanced",
    [
        (SPOOF, "exe.live"),
        (f"{RLO}gpj{PDF}.exe", f"{RLO}gpj{PDF}.exe"),  # paired: kept, and isolated where shown
        (f"a{PDF}b{PDI}c", "abc"),  # closers with no opener
        (f"{LRI}a{RLO}b{PDI}c{PDF}", f"a{RLO}bc{PDF}"),  # crossed: what nests is kept
        (f"{RLO}one\n{PDF}two", "one\ntwo"),  # a pair never spans lines
        ("plain", "plain"),
    ],
)
def test_unpaired_bidi_controls_are_dropped(text, balanced):
    assert balance_bidi(text) == balanced


def test_plain_text_with_bidi_controls_is_isolated_and_other_text_left_alone():
    assert isolate(f"{RLO}gpj{PDF}") == f"{FSI}{RLO}gpj{PDF}{PDI}"
    assert isolate("Ada") == "Ada"


def test_the_page_isolates_a_commenters_name_and_drops_an_open_override(client, article):
    make_comment(article, f"Look {RLO}here", author_name=f"{RLO}gpj{PDF}.exe {SPOOF}")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"<bdi>{RLO}gpj{PDF}.exe exe.live</bdi>" in page
    assert "<p>Look here</p>" in page and 'class="comment-text" dir="auto"' in page


def test_the_digest_email_isolates_names_in_text_and_html(article):
    subscription = Subscription.objects.create(
        article=article,
        email="fan@example.com",
        kind=SubscriptionKind.ALL,
        confirmed_at=timezone.now(),
    )
    comment = make_comment(article, f"Body {SPOOF}", author_name=f"{RLO}gpj{PDF} {SPOOF}")
    message = notifications.digest_message(subscription, [comment])
    isolated = f"{FSI}{RLO}gpj{PDF} exe.live{PDI}"
    assert isolated in message.body and isolated in message.alternatives[0][0]
    assert SPOOF not in message.body


def test_the_comment_feed_isolates_the_name_in_its_titles(client, article):
    make_comment(article, "Hi", author_name=f"{RLO}gpj{PDF} {SPOOF}")
    url = reverse("articles:comment-feed-atom", kwargs={"slug": article.slug})
    root = ET.fromstring(client.get(url).content)
    titles = [el.text for el in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert f"{FSI}{RLO}gpj{PDF} exe.live{PDI} on “Xiaomi EV”" in titles
