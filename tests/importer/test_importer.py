"""The article parser: plain text in, structure out. No database; each test reads as a rule of the
format."""

from pathlib import Path

import pytest

from articles.importer import ArticleImportError, decode_article_bytes, parse_article
from articles.importer.parser import md_escape
from articles.importer.text import MAX_BYTES

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "articles" / "demo" / "xiaomi-ev.txt").read_text(encoding="utf-8")
DATA = Path(__file__).resolve().parent / "data"
WIDGET = ["0 0 votes", "Article Rating", "Notify of", "Inline Feedbacks", "View all comments"]


def parse_file(name):
    return parse_article(decode_article_bytes((DATA / name).read_bytes()))


@pytest.fixture(scope="module")
def seed():
    return parse_article(SEED)


# The seed ---------------------------------------------------------------------------------------


def test_seed_title_drops_the_page_title_chrome(seed):
    assert seed.title == "Xiaomi EV"
    assert seed.dropped[0] == "Xiaomi EV-1"


def test_seed_first_paragraph_is_the_standfirst_and_the_second_the_intro(seed):
    assert seed.dek.startswith("In recent years, the electric vehicle (EV) sector")
    assert seed.dek.endswith("the Chinese technology behemoth, Xiaomi.")
    assert len(seed.intro) == 1
    assert seed.intro[0].startswith("Known for its prowess in the smartphone domain, Xiaomi’s")


def test_seed_subheading_is_the_line_over_the_key_points(seed):
    assert seed.subheading == "NDRC approval and 2024 production launch"


def test_seed_has_its_five_key_points_in_order(seed):
    assert len(seed.key_points) == 5
    assert seed.key_points[0] == "Xiaomi has been approved to produce EVs by the NDRC."
    assert seed.key_points[3] == (
        "Xiaomi is building a factory in Yizhuang, Beijing, with an annual production capacity "
        "of 300,000 vehicles."
    )
    assert seed.key_points[4].endswith("a charging port located at the rear of the body.")


def test_seed_has_five_sections_with_their_bullets(seed):
    assert [s.heading for s in seed.sections] == [
        "Spy Shots Reveal Design Details",
        "Investment and Expansion",
        "Production Timeline",
        "Regulatory Approval",
        "Trial Production",
    ]
    assert [len(s.items) for s in seed.sections] == [3, 5, 1, 2, 3]
    assert (
        seed.sections[4].items[1]
        == "Production was estimated at around 50 prototype vehicles weekly."
    )


def test_seed_section_body_is_a_markdown_bullet_list(seed):
    body = seed.sections[2].body
    assert body == "- Xiaomi’s first car is anticipated to go into mass production in 2024."


def test_seed_pros_and_cons_keep_their_labels_and_headings(seed):
    assert seed.pros_heading == "Pros of Xiaomi’s EV"
    assert seed.cons_heading == "Cons of Xiaomi’s EV"
    assert [p.label for p in seed.pros] == [
        "Sleek design",
        "High production capacity",
        "Experienced manufacturer",
        "Large potential market",
    ]
    assert [c.label for c in seed.cons] == [
        "New to the automotive industry",
        "Competition from established automakers",
        "Long development cycle",
        "High costs",
    ]
    assert seed.cons[1].text == (
        "Xiaomi will face stiff competition from established automakers such as Tesla, BYD, "
        "and Geely."
    )


def test_seed_non_breaking_spaces_become_plain_spaces(seed):
    assert "\u00a0" not in repr(seed.as_dict())
    assert seed.pros[0].text.startswith(
        "The car appears to be a sedan with frameless doors, hidden"
    )


def test_seed_has_two_closing_paragraphs(seed):
    assert len(seed.closing) == 2
    assert seed.closing[0].startswith("Xiaomi’s foray into the EV market")
    assert seed.closing[1].endswith("a significant development in the industry.")


def test_seed_comment_widget_text_is_dropped_and_reported(seed):
    assert seed.dropped == ["Xiaomi EV-1", *WIDGET]
    assert not any("votes" in paragraph for paragraph in seed.closing)


def test_seed_parses_without_warnings(seed):
    assert seed.warnings == []


# The same article in other clothes --------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(SEED.replace("\n", "\r\n"), id="windows-line-endings"),
        pytest.param("\ufeff" + SEED, id="byte-order-mark"),
        pytest.param(SEED.replace("\n", "\r"), id="old-mac-line-endings"),
        pytest.param(SEED.replace("  •", "\t•").replace("    •", "\t\t•"), id="tabs"),
        pytest.param(SEED.replace("•", "*"), id="asterisk-bullets"),
        pytest.param(SEED.replace("•", "-"), id="hyphen-bullets"),
        pytest.param(SEED.replace("•", "–"), id="en-dash-bullets"),
        pytest.param(SEED.replace("• ", "•\u00a0"), id="nbsp-after-bullet"),
        pytest.param(SEED.replace("Key Points", "KEY POINTS:"), id="shouted-key-points"),
    ],
)
def test_the_seed_parses_the_same_whatever_its_bullets_and_line_endings(seed, variant):
    assert parse_article(variant).as_dict() == seed.as_dict()


def test_numbered_key_points_are_key_points_not_sections():
    text = SEED
    for n, point in enumerate(parse_article(SEED).key_points, start=1):
        text = text.replace(f"• {point}", f"{n}) {point}", 1)
    parsed = parse_article(text)
    assert len(parsed.key_points) == 5
    assert len(parsed.sections) == 5


def test_bullets_lost_in_copying_still_give_key_points_pros_and_cons(seed):
    parsed = parse_article(SEED.replace("• ", ""))
    assert parsed.key_points == seed.key_points
    assert parsed.pros == seed.pros and parsed.cons == seed.cons
    assert parsed.closing == seed.closing
    assert [s.heading for s in parsed.sections] == [s.heading for s in seed.sections]
    assert parsed.sections[0].blocks == seed.sections[0].items  # one paragraph per lost bullet


def test_a_plain_paragraph_after_a_bulleted_list_is_not_a_key_point():
    text = "Title\n\nStandfirst.\n\nKey Points\n\n- One.\n- Two.\n\nA paragraph after.\n"
    parsed = parse_article(text)
    assert parsed.key_points == ["One.", "Two."]
    assert parsed.intro == ["A paragraph after."]


# Articles of other shapes ---------------------------------------------------------------------


def test_windows_file_with_bom_chrome_and_bracket_numbered_sections():
    parsed = parse_file("voltara-v3-windows.txt")
    assert parsed.title == "Voltara V3"
    assert parsed.dropped[0] == "Voltara V3 | Electric Daily"
    assert parsed.subheading == "City car, city price"
    assert parsed.key_points[0] == "Voltara will sell the V3 from June."
    assert [(s.heading, len(s.items)) for s in parsed.sections] == [
        ("Design", 2),
        ("Battery and Charging", 4),
        ("Price", 1),
    ]
    assert [(p.label, p.text) for p in parsed.pros] == [
        ("Easy to park", "At 3.9 metres, the V3 fits where larger cars do not."),
        ("Fast charging", "10 to 80 percent takes about 25 minutes."),
    ]
    assert [c.label for c in parsed.cons] == ["Small boot", "Range"]
    assert parsed.closing == ["The V3 is Voltara’s most important launch yet."]


def test_every_comment_widget_line_is_dropped_not_only_the_seeds():
    parsed = parse_file("voltara-v3-windows.txt")
    assert parsed.dropped[1:] == [
        "3 3 votes",
        "Article Rating",
        "Subscribe",
        "Notify of",
        "0 Comments",
        "Inline Feedbacks",
        "View all comments",
    ]


def test_sharing_and_comment_buttons_are_dropped_wherever_they_fall():
    text = "Title\n\nStandfirst.\n\nShare this:\nLike this:\nLoading...\n\nLeave a Reply\n"
    parsed = parse_article(text)
    assert parsed.dropped == ["Share this:", "Like this:", "Loading...", "Leave a Reply"]
    assert parsed.closing == [] and parsed.intro == []


def test_numbered_key_points_flat_sections_and_a_mixed_section():
    parsed = parse_file("helio-solid-state.txt")
    assert parsed.subheading == ""
    assert len(parsed.key_points) == 3
    assert [s.heading for s in parsed.sections] == [
        "The Pilot Line",
        "Funding",
        "Cold-Weather Testing",
    ]
    assert parsed.sections[0].items == [
        "The line opened in March in a former textile mill.",
        "It runs two shifts.",
    ]
    funding = parsed.sections[1]
    assert funding.items is None
    assert funding.body == (
        "The company did not say how much it raised in its second round.\n\n"
        "- Investors include a regional pension fund.\n"
        "- A carmaker took a minority stake.\n"
        "- Staff numbers doubled to 140."
    )
    assert parsed.sections[2].items == [
        "Cells lost 18% of their range at -20 °C in the company's own tests."
    ]


def test_pros_without_cons_and_without_labels():
    parsed = parse_file("helio-solid-state.txt")
    assert parsed.pros_heading == "Advantages of solid-state cells"
    assert [(p.label, p.text) for p in parsed.pros] == [
        ("", "More energy in the same space"),
        ("", "No flammable liquid electrolyte"),
    ]
    assert parsed.cons == [] and parsed.cons_heading == ""
    assert len(parsed.closing) == 2


def test_prose_sections_without_key_points_or_pros_and_cons():
    parsed = parse_file("ampere-grid-prose.txt")
    assert parsed.key_points == [] and parsed.pros == [] and parsed.cons == []
    assert parsed.intro == ["The work starts in spring and should finish within 18 months."]
    assert [s.heading for s in parsed.sections] == [
        "Why the old chargers fall short",
        "The new sites",
        "What it costs drivers",
    ]
    assert parsed.sections[1].as_dict() == {
        "heading": "The new sites",
        "body": "Each new site gets at least six 350 kW chargers and a canopy.\n\n"
        "The operator says it chose locations by counting queues, not by land prices.",
    }


def test_paragraphs_after_a_wider_gap_than_usual_close_the_article():
    parsed = parse_file("ampere-grid-prose.txt")
    assert parsed.sections[2].body == "Prices stay at 0.59 per kWh until the end of the year."
    assert parsed.closing == [
        "Ampere Grid is not the only operator upgrading; rivals have announced similar plans.",
        "Whether drivers notice will depend on how many sites open on time.",
    ]


def test_a_short_line_not_over_key_points_starts_a_section_rather_than_a_subheading():
    parsed = parse_article("Title\n\nThe standfirst.\n\nA heading\n\n- one\n- two\n\nThe end.")
    assert parsed.subheading == ""
    assert [(s.heading, s.items) for s in parsed.sections] == [("A heading", ["one", "two"])]
    assert parsed.closing == ["The end."]


def test_numbered_items_inside_a_section_stay_an_ordered_list():
    text = (
        "Title\n\nStandfirst.\n\n1. Steps:\n    1) Plug in.\n    2) Pay.\n\n2. Cost:\n    • Cheap."
    )
    parsed = parse_article(text)
    assert [s.heading for s in parsed.sections] == ["Steps", "Cost"]
    assert parsed.sections[0].body == "1. Plug in.\n2. Pay."


def test_numbered_headings_over_paragraphs_make_prose_sections():
    text = "Title\n\nStandfirst.\n\n1. First things\n\nA paragraph.\n\n2. Then\n\nAnother one."
    parsed = parse_article(text)
    assert [s.as_dict() for s in parsed.sections] == [
        {"heading": "First things", "body": "A paragraph."},
        {"heading": "Then", "body": "Another one."},
    ]


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "Title\n\nThis standfirst was wrapped by an email client at\nseventy-two columns or so.\n"
    )
    assert parse_article(text).dek == (
        "This standfirst was wrapped by an email client at seventy-two columns or so."
    )


def test_a_wrapped_bullet_continues_on_its_indented_line():
    text = (
        "Title\n\nStandfirst.\n\nKey Points\n\n- The first point is long\n  and wraps.\n- Second."
    )
    assert parse_article(text).key_points == ["The first point is long and wraps.", "Second."]


def test_markdown_headings_and_bold_lines_are_headings():
    text = "# Title\n\nStandfirst.\n\n## Part one\n\nText one.\n\n**Part two**\n\nText two."
    parsed = parse_article(text)
    assert parsed.title == "Title"
    assert [s.heading for s in parsed.sections] == ["Part one", "Part two"]


def test_plain_text_stays_plain_in_the_markdown_it_becomes():
    text = (
        "Title\n\nStandfirst.\n\nPart\n\n- Uses *stars*, [brackets] and <b>tags</b>\n- 2024. A year"
    )
    body = parse_article(text).sections[0].body
    assert body == "- Uses \\*stars\\*, \\[brackets\\] and &lt;b>tags&lt;/b>\n- 2024\\. A year"


def test_markdown_escaping_protects_a_paragraph_that_starts_like_a_list():
    assert md_escape("2024. The year Xiaomi shipped.") == "2024\\. The year Xiaomi shipped."
    assert md_escape("# not a heading") == "\\# not a heading"


def test_a_label_needs_a_short_phrase_before_the_colon():
    text = (
        "Title\n\nStandfirst.\n\nPros\n\n- Range: 500 km\n"
        "- The reason this is a long sentence and no label: it goes on\n- Charging at 10:30 works"
    )
    pros = parse_article(text).pros
    assert [(p.label, p.text) for p in pros] == [
        ("Range", "500 km"),
        ("", "The reason this is a long sentence and no label: it goes on"),
        ("", "Charging at 10:30 works"),
    ]


def test_a_label_longer_than_the_field_holds_stays_in_the_text():
    word = "x" * 30
    text = f"Title\n\nStandfirst.\n\nCons\n\n- {word} {word} {word} {word} {word}: text"
    assert parse_article(text).cons[0].label == ""


def test_pros_and_cons_heading_over_both_lists_is_not_a_section():
    text = "Title\n\nStandfirst.\n\nPros and Cons\n\nPros\n\n- Fast\n\nCons\n\n- Dear"
    parsed = parse_article(text)
    assert parsed.sections == []
    assert [p.text for p in parsed.pros] == ["Fast"] and [c.text for c in parsed.cons] == ["Dear"]


def test_json_shape_of_a_parsed_article(seed):
    data = seed.as_dict()
    assert set(data) >= {
        "title", "dek", "intro", "subheading", "key_points", "sections",
        "pros", "cons", "closing", "dropped",
    }  # fmt: skip
    assert data["sections"][0] == {
        "heading": "Spy Shots Reveal Design Details",
        "items": seed.sections[0].items,
    }
    assert data["pros"][0] == {"label": "Sleek design", "text": seed.pros[0].text}


# What is not an article -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no text"),
        ("   \n\t\n\u00a0\n", "no text"),
        ("- A list item first\n\nThen text.", "No title"),
        (
            "This first line is a whole paragraph, so the file has no title at all.\n\nMore.",
            "No title",
        ),
        ("x" * 201 + "\n\nMore.", "No title"),
        ("A title and nothing else\n", "Nothing to import"),
        ("Title\n\nArticle Rating\nNotify of\n", "Nothing to import"),
    ],
)
def test_text_that_is_not_an_article_is_refused(text, message):
    with pytest.raises(ArticleImportError, match=message):
        parse_article(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"Title\x00\x01binary", "looks binary"),
        ("Titel: Überblick\n\nText.".encode("latin-1"), "not UTF-8"),
        ("Title\n\nText".encode("utf-16"), "looks binary"),
        (b"Title\x1b[31m\n\nText.", "control characters"),
        (b"x" * (MAX_BYTES + 1), "at most 1 MB"),
    ],
)
def test_bytes_that_are_not_utf8_text_are_refused(data, message):
    with pytest.raises(ArticleImportError, match=message):
        decode_article_bytes(data)


def test_a_byte_order_mark_is_not_part_of_the_title():
    assert parse_article(decode_article_bytes(b"\xef\xbb\xbfTitle\n\nText.")).title == "Title"
