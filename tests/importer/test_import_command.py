"""`manage.py import_article`: what it saves, what --dry-run shows, and the files it refuses."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from articles.facts import verification
from articles.importer import parse_article, read_article_file
from articles.models import (
    Article,
    ArticleStatus,
    Category,
    CompanyKind,
    Fact,
    FactStatus,
    KeyPoint,
    ProCon,
    Section,
)
from articles.rendering import reading_minutes
from tests.factories import make_article, make_company, make_fact, make_user

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "articles" / "demo" / "xiaomi-ev.txt"
DATA = Path(__file__).resolve().parent / "data"


def run(*args, **options):
    out = StringIO()
    call_command("import_article", *map(str, args), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def nothing_saved():
    return not (Article.objects.exists() or Fact.objects.exists() or Section.objects.exists())


# --dry-run ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_json_prints_the_structure_and_saves_nothing():
    data = json.loads(run(SEED, "--dry-run", "--format", "json"))
    assert data["title"] == "Xiaomi EV"
    assert data["subheading"] == "NDRC approval and 2024 production launch"
    assert len(data["key_points"]) == 5
    assert [len(section["items"]) for section in data["sections"]] == [3, 5, 1, 2, 3]
    assert data["pros"][0] == {
        "label": "Sleek design",
        "text": "The car appears to be a sedan with frameless doors, hidden door handles, and a "
        "charging port located at the rear of the body.",
    }
    assert len(data["cons"]) == 4 and len(data["closing"]) == 2
    assert "Article Rating" in data["dropped"]
    assert "saved" not in data
    assert nothing_saved()


@pytest.mark.django_db
def test_dry_run_json_gives_prose_sections_a_markdown_body():
    data = json.loads(run(DATA / "ampere-grid-prose.txt", "--dry-run", "--format", "json"))
    assert data["sections"][0] == {
        "heading": "Why the old chargers fall short",
        "body": "Most cars sold this year can charge at more than 150 kW, so a 50 kW post keeps "
        "drivers waiting three times longer than needed.\n\n"
        "Drivers also report broken screens and card readers.",
    }
    assert data["key_points"] == [] and data["pros"] == [] and data["cons"] == []


@pytest.mark.django_db
def test_dry_run_text_summarises_each_part():
    out = run(SEED, "--dry-run")
    assert "Title:       Xiaomi EV" in out
    assert "Key points:  5" in out
    assert "1. Spy Shots Reveal Design Details (3 items)" in out
    assert "'0 0 votes'" in out
    assert "Dry run: nothing was saved." in out
    assert nothing_saved()


@pytest.mark.django_db
def test_dry_run_needs_no_author():
    assert "Sections:    5" in run(SEED, "--dry-run")


# Saving ---------------------------------------------------------------------------------------


@pytest.fixture
def imported(writer):
    run(SEED, "--author", writer.username)
    return Article.objects.get()


def test_import_saves_a_draft_by_the_author(imported, writer):
    assert imported.status == ArticleStatus.DRAFT
    assert imported.published_at is None
    assert list(imported.authors.all()) == [writer]
    assert imported.slug == "xiaomi-ev"
    assert imported.subheading == "NDRC approval and 2024 production launch"
    assert imported.dek.startswith("In recent years")
    assert imported.intro.startswith("Known for its prowess")
    assert not Article.objects.published().exists()


def test_import_saves_key_points_as_unverified_facts_in_order(imported):
    points = list(imported.key_points.select_related("fact"))
    assert [p.position for p in points] == [0, 1, 2, 3, 4]
    assert points[0].fact.statement == "Xiaomi has been approved to produce EVs by the NDRC."
    assert {p.fact.status for p in points} == {FactStatus.UNVERIFIED}


def test_import_saves_sections_with_rendered_bullet_lists(imported):
    sections = list(imported.sections.all())
    assert [s.heading for s in sections][:2] == [
        "Spy Shots Reveal Design Details",
        "Investment and Expansion",
    ]
    assert [s.body_html.count("<li>") for s in sections] == [3, 5, 1, 2, 3]
    assert "R&amp;D headquarters" in sections[1].body_html


def test_import_saves_pros_and_cons_with_labels_and_headings(imported):
    assert imported.pros_heading == "Pros of Xiaomi’s EV"
    assert imported.cons_heading == "Cons of Xiaomi’s EV"
    pros = imported.pros_cons.filter(kind="pro")
    assert [(p.position, p.label) for p in pros] == [
        (0, "Sleek design"),
        (1, "High production capacity"),
        (2, "Experienced manufacturer"),
        (3, "Large potential market"),
    ]
    assert imported.pros_cons.filter(kind="con").count() == 4


def test_import_saves_closing_paragraphs_without_the_widget(imported):
    assert imported.closing_html.count("<p>") == 2
    assert "votes" not in imported.closing and "Notify" not in imported.closing


def test_import_sets_the_reading_time(imported):
    assert imported.word_count > 700
    assert imported.reading_time == reading_minutes(imported.word_count) > 1


@pytest.mark.django_db
def test_import_attaches_companies_already_on_file_as_topics(writer):
    xiaomi, byd = make_company("Xiaomi"), make_company("BYD")
    make_company("Nio")
    run(SEED, "--author", writer.username)
    article = Article.objects.get()
    assert set(article.companies.all()) == {xiaomi, byd}
    assert article.key_points.first().fact.subject == xiaomi
    # The title names Xiaomi: proposed as what the article is about, BYD only mentioned.
    assert article.primary_company == xiaomi


@pytest.mark.django_db
def test_import_reuses_a_verified_fact_with_the_same_statement(writer, editor):
    verified = make_fact(
        "Xiaomi has been approved to produce EVs by the NDRC.", status=FactStatus.VERIFIED
    )
    out = run(SEED, "--author", writer.username)
    article = Article.objects.get()
    assert article.key_points.first().fact == verified
    assert Fact.objects.count() == 5
    assert "4 new fact(s), 1 reused" in out


@pytest.mark.django_db
def test_import_makes_the_slug_unique(writer):
    make_article("Xiaomi EV", authors=[writer])
    run(SEED, "--author", writer.username)
    assert Article.objects.filter(title="Xiaomi EV").count() == 2
    assert Article.objects.filter(slug="xiaomi-ev-2").exists()


@pytest.mark.django_db
def test_publish_with_unverified_key_points_keeps_a_draft_and_says_why(writer):
    """The publish gate holds for the importer: new statements start unverified."""
    with pytest.raises(CommandError, match="as a draft, not published: key point fact"):
        run(SEED, "--author", writer.username, "--publish")
    article = Article.objects.get()
    assert article.status == ArticleStatus.DRAFT and article.published_at is None
    assert not Article.objects.published().exists()


@pytest.mark.django_db
def test_publish_publishes_on_import_when_every_key_point_is_verified(writer, editor):
    parsed = parse_article(read_article_file(SEED))
    for statement in parsed.key_points:
        verification.verify_fact(make_fact(statement), editor)
    run(SEED, "--author", writer.username, "--publish")
    article = Article.objects.published().get()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at is not None
    assert article.transitions.get().note == "Published on import, without review."


@pytest.mark.django_db
def test_category_is_created_when_missing_and_reused_when_present(writer):
    run(SEED, "--author", writer.username, "--category", "Newcomers")
    run(SEED, "--author", writer.username, "--category", "newcomers")
    category = Category.objects.get()
    assert category.name == "Newcomers" and category.slug == "newcomers"
    assert category.articles.count() == 2


@pytest.mark.django_db
def test_json_output_after_saving_says_what_was_saved(writer):
    data = json.loads(run(SEED, "--author", writer.username, "--format", "json"))
    article = Article.objects.get()
    assert data["saved"] == {"id": article.pk, "slug": "xiaomi-ev", "status": "draft"}


@pytest.mark.django_db
def test_a_windows_file_with_a_byte_order_mark_imports(writer):
    make_company("Voltara", kind=CompanyKind.COMPANY)
    run(DATA / "voltara-v3-windows.txt", "--author", writer.username)
    article = Article.objects.get()
    assert article.title == "Voltara V3"
    assert article.sections.count() == 3
    assert ProCon.objects.filter(label="Easy to park").exists()
    assert article.closing == "The V3 is Voltara’s most important launch yet."


@pytest.mark.django_db
def test_prose_article_imports_without_key_points_or_pros_and_cons(writer):
    run(DATA / "ampere-grid-prose.txt", "--author", writer.username)
    article = Article.objects.get()
    assert KeyPoint.objects.count() == 0 and ProCon.objects.count() == 0
    assert article.sections.first().body_html.count("<p>") == 2
    assert article.closing_html.count("<p>") == 2


@pytest.mark.django_db
def test_verbosity_zero_prints_nothing(writer):
    assert run(SEED, "--author", writer.username, verbosity=0) == ""
    assert Article.objects.count() == 1


# Refusals -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_without_an_author_names_the_users_to_choose_from(writer, editor):
    with pytest.raises(CommandError, match=r"--author USERNAME\. Users: editor, writer\."):
        run(SEED)
    assert nothing_saved()


@pytest.mark.django_db
def test_an_unknown_author_is_refused(writer):
    with pytest.raises(CommandError, match=r"No user 'nobody'\. Users: writer\."):
        run(SEED, "--author", "nobody")
    assert nothing_saved()


@pytest.mark.django_db
def test_an_empty_database_says_how_to_get_a_user():
    with pytest.raises(CommandError, match="load_demo"):
        run(SEED)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["", "???", "x" * 81])
def test_an_unusable_category_name_is_refused(writer, name):
    with pytest.raises(CommandError, match="cannot be a category name"):
        run(SEED, "--author", writer.username, "--category", name)
    assert nothing_saved() and not Category.objects.exists()


@pytest.mark.django_db
def test_publishing_an_article_without_a_standfirst_is_refused(writer, tmp_path):
    path = tmp_path / "bare.txt"
    path.write_text("Title only\n\nKey Points\n\n- A point.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="without a standfirst"):
        run(path, "--author", writer.username, "--publish")
    assert nothing_saved()


BAD_FILES = {
    "empty.txt": (b"", "is empty"),
    "blank.txt": (b"  \r\n\t\r\n   \n", "no text"),
    "binary.bin": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    "latin1.txt": ("Überschrift\n\nDer Text.".encode("latin-1"), "not UTF-8"),
    "untitled.txt": (b"- a list item where the title should be\n\nText.", "No title"),
    "title-only.txt": (b"Just a title\n", "Nothing to import"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_gets_a_clear_error_and_saves_nothing(writer, tmp_path, name):
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        run(path, "--author", writer.username)
    assert nothing_saved()


@pytest.mark.django_db
def test_a_missing_file_is_named_in_the_error(writer, tmp_path):
    with pytest.raises(CommandError, match=r"File not found: .*nowhere\.txt"):
        run(tmp_path / "nowhere.txt", "--author", writer.username)


@pytest.mark.django_db
def test_a_directory_is_not_a_file(writer, tmp_path):
    with pytest.raises(CommandError, match="is a directory"):
        run(tmp_path, "--author", writer.username)


@pytest.mark.django_db
def test_a_failure_halfway_through_saving_leaves_nothing_behind(writer, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProCon.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run(SEED, "--author", writer.username)
    assert nothing_saved()
    assert not KeyPoint.objects.exists()


@pytest.mark.django_db
def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_article", str(path), "--dry-run"])
    assert exit_info.value.code == 1
    assert "is empty" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_author_may_be_any_user_not_only_staff():
    make_user("guest-writer")
    run(SEED, "--author", "guest-writer")
    assert Article.objects.get().authors.get().username == "guest-writer"


def test_publishing_on_import_leaves_a_step_in_the_workflow_history(writer, editor):
    for statement in parse_article(read_article_file(SEED)).key_points:
        verification.verify_fact(make_fact(statement), editor)
    run(SEED, "--author", writer.username, "--publish")
    step = Article.objects.published().get().transitions.get()
    assert (step.from_status, step.to_status, step.by) == ("draft", "published", writer)
    assert "without review" in step.note
