"""generate_content: realistic bulk data for benchmarks, reproducible and cleanly removable."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Fact, ProConKind, Source
from articles.rendering import render_markdown


def generate(**options):
    out = io.StringIO()
    call_command("generate_content", stdout=out, **options)
    return out.getvalue()


def snapshot():
    return [
        (a.title, a.dek, a.intro, [s.body for s in a.sections.all()])
        for a in Article.objects.order_by("slug").prefetch_related("sections")
    ]


def test_generates_published_articles_with_every_part(db):
    output = generate(articles=4, seed=1)
    assert "Created: 4 articles" in output
    articles = Article.objects.published().prefetch_related(
        "sections", "key_points__fact__sources", "pros_cons", "authors", "companies"
    )
    assert len(articles) == 4
    for article in articles:
        assert article.slug.startswith("gen-")
        assert 3 <= len(article.sections.all()) <= 7
        assert 3 <= len(article.key_points.all()) <= 6
        assert all(1 <= len(kp.fact.sources.all()) <= 3 for kp in article.key_points.all())
        assert {item.kind for item in article.pros_cons.all()} == {ProConKind.PRO, ProConKind.CON}
        assert article.authors.all() and article.companies.all() and article.category_id
        assert article.created_at == article.published_at


def test_derived_fields_match_what_saving_would_compute(db):
    generate(articles=3, seed=2)
    for article in Article.objects.all():
        assert article.intro_html == render_markdown(article.intro)
        assert article.closing_html == render_markdown(article.closing)
        for section in article.sections.all():
            assert section.body_html == render_markdown(section.body)
            assert "<li>" in section.body_html
        generated = (article.word_count, article.reading_time)
        article.update_reading_time()
        assert generated == (article.word_count, article.reading_time)
        assert article.word_count > 100


def test_the_same_seed_generates_the_same_articles(db):
    generate(articles=3, seed=7)
    first = snapshot()
    generate(clear=True, articles=3, seed=7)
    assert snapshot() == first
    generate(clear=True, articles=3, seed=8)
    assert snapshot() != first


def test_running_again_adds_articles_with_unique_slugs(db):
    generate(articles=3, seed=1)
    generate(articles=3, seed=1)
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 6
    assert get_user_model().objects.filter(username__startswith="gen-author-").count() == 8


def test_clear_removes_only_generated_content(article, fact):
    source = fact.sources.get()
    generate(articles=3, seed=1)
    output = generate(clear=True)
    assert "Removed: 3 articles" in output
    assert list(Article.objects.all()) == [article]
    assert list(Fact.objects.all()) == [fact]
    assert list(Source.objects.all()) == [source]
    assert not get_user_model().objects.filter(username__startswith="gen-").exists()


def test_dry_run_saves_nothing(db):
    output = generate(articles=2, seed=1, dry_run=True)
    assert "Created: 2 articles" in output and "rolled back" in output
    assert not Article.objects.exists()
    assert not Fact.objects.exists()


def test_query_count_does_not_grow_with_the_number_of_articles(db):
    def queries_for(count):
        with CaptureQueriesContext(connection) as queries:
            generate(articles=count, seed=3)
        return len(queries)

    queries_for(1)  # the first run also creates the categories, companies and authors
    # 12, not more: SQLite's 999-parameter limit splits a bulk insert of ~80 facts (13 columns
    # each) in two, which is the database's batching, not a query per article.
    assert queries_for(2) == queries_for(12)


@pytest.mark.parametrize(
    ("options", "message"),
    [({}, "Nothing to do"), ({"articles": 2, "authors": 0}, "--authors at least 1")],
)
def test_bad_options_are_refused_with_a_message(db, options, message):
    with pytest.raises(CommandError, match=message):
        generate(**options)
