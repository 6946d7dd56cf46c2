"""The text importer on pages as they arrive from real sites: key points without a heading, the
common pros/cons labels, the page's own furniture, pathological lines and oversized parts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.importer import ArticleImportError, parse_article
from articles.importer.saver import POSITION_MAX, save_article
from articles.models import Article
from tests.factories import make_user

DATA = Path(__file__).resolve().parent / "data"


def parse_file(name):
    return parse_article((DATA / name).read_text())


def test_page_furniture_is_dropped_and_reported():
    parsed = parse_file("guides-home-charging.txt")
    assert parsed.title == "How to choose a home charger for your first electric car"
    assert parsed.dropped == [
        "Guides",
        "Home > Guides > Charging",
        "Sign in",
        "Share",
        "Share on Facebook",
        "See all 12 photos",
        "Photo: Voltline archive",
        "---",
        "Category: Guides",
        "Related: The best public charging apps",
        "Comments",
        "We use cookies to improve your experience.",
        "Accept all cookies",
    ]
    assert [section.heading for section in parsed.sections] == [
        "How much power you need",
        "Tethered or untethered",
    ]
    assert not parsed.closing


def test_bullets_right_under_the_headline_are_key_points():
    parsed = parse_file("guides-home-charging.txt")
    assert parsed.key_points[0] == "A 7 kW wall box fills most cars overnight."
    assert len(parsed.key_points) == 3
    assert parsed.dek.startswith("Most drivers charge at home")


@pytest.mark.parametrize("heading", ["Key Takeaways", "Highlights", "At a glance", "Key points:"])
def test_key_point_headings(heading):
    parsed = parse_article(f"Title\n\nStandfirst here.\n\n{heading}\n\n- One\n- Two\n")
    assert parsed.key_points == ["One", "Two"]


@pytest.mark.parametrize(
    ("pro", "con"),
    [
        ("Pros", "Cons"),
        ("Pros:", "Cons:"),
        ("What we like", "What we don't like"),
        ("The good", "The bad"),
        ("Advantages", "Disadvantages"),
        ("**Pros**", "**Challenges**"),
        ("*What we like*", "*What we don’t like*"),
    ],
)
def test_pros_and_cons_labels(pro, con):
    text = f"Title\n\nStandfirst here.\n\n{pro}\n\n- Quick: fast.\n\n{con}\n\n- Dear: costly.\n"
    parsed = parse_article(text)
    assert [(item.label, item.text) for item in parsed.pros] == [("Quick", "fast.")]
    assert [(item.label, item.text) for item in parsed.cons] == [("Dear", "costly.")]
    assert not parsed.sections


def test_two_con_headings_make_one_list():
    parsed = parse_file("review-city-scooter.txt")
    assert parsed.cons_heading == "The bad"
    assert [item.label for item in parsed.cons] == ["Motorway noise", "Rear seat"]
    assert parsed.key_points[1] == "It charges from 20 to 80 per cent in 25 minutes."


def test_a_file_of_nothing_but_page_furniture_is_refused():
    with pytest.raises(ArticleImportError, match="Nothing but the page around an article"):
        parse_article("Share\nComments\nSign in\nAccept all cookies\n---\n")


@pytest.mark.parametrize(
    "line",
    [
        "# " + "#" * 1_000_000 + "x",  # 218 s at 200 000 with the old heading pattern
        "#" * 1_000_000,
        "**" + "*" * 1_000_000,
        "- " + "a:" * 500_000,
        "1. " + " " * 1_000_000 + "x",
        "Home > " + "> " * 500_000,
        "Photo: " + ":" * 1_000_000,
        "x" * 1_000_000,
    ],
)
def test_megabyte_lines_parse_in_linear_time(line):
    """A pattern that backtracks quadratically would take hours on these; see `manage.py bench
    --only importer` for the measured time."""
    try:
        parse_article(f"Title\n\nStandfirst.\n\n{line}\n")
    except ArticleImportError:
        pass  # refusing is fine; hanging is not


def test_heading_markers_close_without_eating_text():
    parsed = parse_article(
        "Title\n\nStandfirst.\n\n## C# on cars ##\n\nBody.\n\n## 2. Range\n\nMore."
    )
    assert [section.heading for section in parsed.sections] == ["C# on cars", "Range"]


# Too long for the database: the same clear error on SQLite and PostgreSQL ----------------------


@pytest.mark.django_db
def test_a_heading_too_long_for_its_column(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Title\n\nStandfirst.\n\n## " + "H" * 201 + "\n\nBody.\n")
    make_user("writer1")
    with pytest.raises(CommandError, match="section heading's heading is 201 characters long"):
        call_command("import_article", str(path), "--author", "writer1", stdout=StringIO())
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_list_too_long_to_store():
    points = "\n".join(f"- Point {n}" for n in range(POSITION_MAX + 1))
    parsed = parse_article(f"Title\n\nStandfirst.\n\nKey Points\n\n{points}\n")
    with pytest.raises(ArticleImportError, match="32,768 key points: at most 32,767"):
        save_article(parsed, authors=[])
    assert not Article.objects.exists()
