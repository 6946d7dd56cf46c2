"""bench: a benchmark, not a test of speed; these check that it measures and reports."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.devtools import benchmark

PAGES = ["home", "article", "rated", "category", "feed-rss", "feed-atom"]
COMMENT_PAGES = ["article-0c", "article-200c", "article-500c", "comments-p2"]
SEARCH_PAGES = ["search", "search-rare", "search-prefix", "search-filtered", "search-p5"]


def bench(tmp_path, **options):
    output = tmp_path / "bench.json"
    out = io.StringIO()
    call_command("bench", output=str(output), stdout=out, **options)
    return json.loads(output.read_text()), out.getvalue()


@pytest.fixture
def generated(db):
    call_command("generate_content", articles=3, votes=20, seed=1, stdout=io.StringIO())


def test_bench_measures_every_public_page_and_writes_json(generated, tmp_path):
    results, _ = bench(tmp_path, repeat=3)
    assert results["repeat"] == 3
    assert results["data"]["published_articles"] == 3
    assert results["data"]["sections"] >= 9 and results["data"]["sources"] >= 6
    assert [page["name"] for page in results["pages"]] == PAGES + COMMENT_PAGES + SEARCH_PAGES
    searches = [page for page in results["pages"] if page["name"] in SEARCH_PAGES]
    assert all(page["queries"] > 0 for page in searches)  # measured, not refused by the limit
    for page in results["pages"][: len(PAGES)]:
        assert isinstance(page["queries"], int) and page["queries"] > 0, page["name"]
        assert 0 < page["median_ms"] <= page["p95_ms"] <= page["max_ms"]
        assert page["bytes"] > 0 and page["cpu_median_ms"] > 0


def test_bench_prints_a_table_of_the_same_numbers(generated, tmp_path):
    results, printed = bench(tmp_path, repeat=1)
    assert "3 published of 3 articles" in printed
    home = results["pages"][0]
    row = next(line.split() for line in printed.splitlines() if line.startswith("home "))
    numbers = [f"{home[key]:.1f}" for key in ("median_ms", "p95_ms", "cpu_median_ms")]
    assert row == ["home", str(home["queries"]), *numbers, home["path"]]


def test_pages_without_published_articles_are_skipped_not_failed(db, tmp_path):
    results, printed = bench(tmp_path, repeat=1)
    by_name = {page["name"]: page for page in results["pages"]}
    assert "skipped" in by_name["article"] and "skipped" in by_name["category"]
    assert by_name["home"]["queries"] > 0
    assert "article      skipped" in printed


def test_a_page_that_does_not_answer_200_stops_the_benchmark(db):
    missing = benchmark.Scenario("missing", "A page that is not there", lambda: "/no-such-page/")
    with pytest.raises(benchmark.BenchmarkError, match="/no-such-page/ answered 404"):
        benchmark.run(repeat=1, scenarios=[missing])


def test_repeat_must_be_at_least_one(db, tmp_path):
    with pytest.raises(CommandError, match="--repeat must be at least 1"):
        bench(tmp_path, repeat=0)


@pytest.mark.parametrize(
    ("values", "expected"), [([5.0], 5.0), (list(range(1, 21)), 19), ([3, 1, 2], 3)]
)
def test_p95_is_a_measured_value_by_nearest_rank(values, expected):
    assert benchmark.percentile(values, 0.95) == expected
