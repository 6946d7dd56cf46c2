"""`manage.py load_demo`: the seed article published with its sources and facts, one account per
role, a refusal to plant a known password in production, and nothing changed on a second run."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles import roles
from articles.editorial import revisions, versions, workflow
from articles.facts import gate
from articles.importer import parse_article, read_article_file
from articles.management.commands.load_demo import DEFAULT_PASSWORD, DEMO_FILE
from articles.models import (
    Article,
    ArticleStatus,
    Category,
    Company,
    CompanyKind,
    Fact,
    FactStatus,
    Source,
)

STRONG = "plum-orbit-kettle-93"


def load(*args, **options):
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def demo(db, debug):
    load()
    return Article.objects.get(slug="xiaomi-ev")


def key_point_facts(article):
    return [kp.fact for kp in article.key_points.select_related("fact")]


# The article ----------------------------------------------------------------------------------


def test_demo_article_is_published_by_the_writer_in_newcomers(demo):
    assert Article.objects.published().get() == demo
    assert demo.status == ArticleStatus.PUBLISHED
    writer = demo.authors.get()
    assert writer.username == "writer"
    assert writer.get_full_name() == "Claire Jiang"
    assert demo.category.name == "Newcomers"


def test_demo_article_has_the_seeds_structure(demo):
    assert demo.title == "Xiaomi EV"
    assert demo.subheading == "NDRC approval and 2024 production launch"
    assert [s.body_html.count("<li>") for s in demo.sections.all()] == [3, 5, 1, 2, 3]
    assert demo.pros_cons.filter(kind="pro").count() == 4
    assert demo.pros_cons.filter(kind="con").count() == 4
    assert demo.closing_html.count("<p>") == 2


def test_demo_has_exactly_the_five_key_points_of_the_page(demo):
    parsed = parse_article(read_article_file(DEMO_FILE))
    assert [f.statement for f in key_point_facts(demo)] == parsed.key_points
    assert len(parsed.key_points) == 5


def test_every_key_point_is_verified_by_the_editor_with_a_source_the_text_names(demo):
    text = DEMO_FILE.read_text(encoding="utf-8")
    for fact in key_point_facts(demo):
        assert fact.status == FactStatus.VERIFIED and fact.verified_by.username == "editor"
        sources = list(fact.sources.all())
        assert sources, fact
        for source in sources:
            assert source.publisher in text, source  # named by the article itself
            assert source.url == ""  # the article gives no address: none is invented


def test_sources_are_the_ones_the_article_names_on_their_dates(demo):
    facts = key_point_facts(demo)
    dated = {(s.publisher, s.published_on) for f in facts for s in f.sources.all()}
    assert dated == {
        ("Reuters", datetime.date(2023, 8, 23)),
        ("Jiemian", datetime.date(2023, 9, 6)),
        ("Xiaomi", datetime.date(2021, 3, 30)),
        ("Xiaomi", datetime.date(2021, 11, 30)),
        ("Xiaohongshu", None),
    }
    assert [s.publisher for s in facts[0].sources.all()] == ["Reuters"]


def test_the_article_is_dated_from_its_own_text_not_from_loading(demo):
    assert timezone.localtime(demo.published_at).date() == datetime.date(2023, 9, 6)
    step = demo.transitions.get(action="publish")
    assert "Dated 6 September 2023" in step.note and "Jiemian" in step.note


def test_the_demo_passes_its_own_publish_gate(demo):
    assert gate.publish_problems(demo) == []


def test_one_demo_correction_readers_can_see(demo, client):
    correction = demo.corrections.get()
    assert correction.kind == "correction" and "6 September 2023" in correction.note
    page = client.get(demo.get_absolute_url()).text
    assert "Corrections and updates" in page and correction.note in page
    assert correction.note in client.get(reverse("articles:corrections")).text


def test_facts_carry_the_values_the_seed_states_about_xiaomi(demo):
    facts = key_point_facts(demo)
    assert {f.subject.name for f in facts} == {"Xiaomi"}
    assert (facts[2].value, facts[2].unit) == (Decimal("10000000000"), "CNY")
    assert "1.37 billion" in facts[2].verification_note
    assert (facts[3].value, facts[3].unit) == (Decimal(300000), "vehicles/year")
    assert [f.kind for f in facts] == ["approval", "launch", "investment", "capacity", "other"]


def test_a_new_version_can_be_approved_and_published_by_the_demo_accounts(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    copy = versions.working_copy(demo, users["writer"])
    copy.title = "Xiaomi EV: the first car"
    copy.save()
    revisions.record(copy, users["writer"])
    workflow.submit(copy, users["writer"])
    workflow.approve(copy, users["editor"])
    workflow.publish(copy, users["publisher"])
    demo.refresh_from_db()
    assert demo.title == "Xiaomi EV: the first car" and demo.status == "published"


def test_companies_and_regulators_are_the_articles_topics(demo):
    kinds = dict(demo.companies.values_list("name", "kind"))
    assert kinds == {
        "Xiaomi": CompanyKind.COMPANY,
        "Tesla": CompanyKind.COMPANY,
        "BYD": CompanyKind.COMPANY,
        "Geely": CompanyKind.COMPANY,
        "NDRC": CompanyKind.REGULATOR,
        "MIIT": CompanyKind.REGULATOR,
    }


def test_reading_time_counts_every_key_point(demo):
    words = demo.word_count
    demo.update_reading_time()
    assert demo.word_count == words


def test_the_demo_ships_with_the_app():
    assert DEMO_FILE.is_file()
    assert DEMO_FILE.read_text(encoding="utf-8").startswith("Xiaomi EV-1\n")


def test_the_demo_article_page_shows_sources_to_readers(demo, client):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    for publisher in ["Reuters", "Jiemian", "Xiaomi", "Xiaohongshu"]:
        assert f"<cite>{publisher}</cite>" in response.text
    assert response.text.count("✓ Verified") == 5


# Accounts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "group"),
    [
        ("writer", roles.WRITER),
        ("editor", roles.EDITOR),
        ("publisher", roles.PUBLISHER),
        ("moderator", roles.MODERATOR),
    ],
)
def test_each_role_has_a_staff_account_in_its_group(demo, username, group):
    user = get_user_model().objects.get(username=username)
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert user.check_password(DEFAULT_PASSWORD)


def test_admin_is_a_superuser(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEFAULT_PASSWORD)


@pytest.mark.django_db
def test_logins_and_the_admin_url_are_printed(debug):
    out = load()
    assert "Admin: http://127.0.0.1:8000/admin/" in out
    assert f"  editor     Editor     {DEFAULT_PASSWORD}" in out
    assert f"  admin      superuser  {DEFAULT_PASSWORD}" in out


@pytest.mark.django_db
def test_a_given_password_is_used_for_the_new_accounts(debug):
    load("--password", STRONG)
    assert get_user_model().objects.get(username="writer").check_password(STRONG)


# Idempotency ----------------------------------------------------------------------------------


def counts():
    models = [Article, Fact, Source, Company, Category, get_user_model()]
    return {model.__name__: model.objects.count() for model in models}


def test_running_it_twice_changes_nothing(demo):
    before = counts()
    updated_at = demo.updated_at
    writer = get_user_model().objects.get(username="writer")
    writer.set_password("changed-by-the-writer")
    writer.save()
    out = load()
    assert "Demo already loaded; nothing changed." in out
    assert "(password unchanged)" in out and DEFAULT_PASSWORD not in out
    assert counts() == before
    assert Article.objects.get().updated_at == updated_at
    writer.refresh_from_db()
    assert writer.check_password("changed-by-the-writer")


def test_a_deleted_account_is_recreated_and_nothing_else(demo):
    get_user_model().objects.filter(username="moderator").delete()
    out = load()
    assert "Loaded the demo: 1 new object." in out
    assert get_user_model().objects.filter(username="moderator", is_staff=True).exists()
    assert Article.objects.count() == 1


# --dry-run and verbosity -----------------------------------------------------------------------


@pytest.mark.django_db
def test_dry_run_lists_what_it_would_create_and_saves_nothing(debug):
    out = load("--dry-run")
    assert "Dry run: would create 19 objects; nothing was saved." in out
    assert "+ article “Xiaomi EV”" in out
    assert "(would be created)" in out
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.django_db
def test_verbosity_zero_prints_nothing(debug):
    assert load(verbosity=0) == ""
    assert Article.objects.count() == 1


# Production -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_debug_off_it_refuses_to_create_accounts_without_a_password(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusing to create the demo accounts"):
        load()
    assert counts() == dict.fromkeys(counts(), 0)


@pytest.mark.django_db
def test_with_debug_off_the_documented_password_is_refused_even_when_given(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="documented development password"):
        load("--password", DEFAULT_PASSWORD)


@pytest.mark.django_db
def test_with_debug_off_a_weak_password_is_refused(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="too weak"):
        load("--password", "12345678")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_with_debug_off_a_strong_password_loads_the_demo(settings):
    settings.DEBUG = False
    load("--password", STRONG)
    assert get_user_model().objects.get(username="admin").check_password(STRONG)
    assert Article.objects.published().count() == 1


def test_with_debug_off_a_loaded_demo_needs_no_password(demo, settings):
    settings.DEBUG = False
    assert "Demo already loaded" in load()
