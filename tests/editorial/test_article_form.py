"""The article form: key points written in place become facts through articles.facts.authoring,
and the form renders in a fixed number of queries however many parts the article has."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Fact, FactStatus
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_article, make_fact, make_source


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _article_with(parts, company):
    return make_article(
        f"Article with {parts} parts",
        key_facts=[
            make_fact(f"Fact {n}", subject=company, sources=[make_source(), make_source()])
            for n in range(parts)
        ],
        sections=[(f"Section {n}", "Body") for n in range(parts)],
        pros=[(f"Pro {n}", "Good") for n in range(parts)],
        cons=[(f"Con {n}", "Bad") for n in range(parts)],
    )


def test_the_change_form_costs_the_same_for_one_part_or_twelve(editor_client, company):
    small_url = change_url(_article_with(1, company))
    _queries(editor_client, small_url)  # warms the content type cache
    small = _queries(editor_client, small_url)
    large = _queries(editor_client, change_url(_article_with(12, company)))
    assert small == large


def test_editing_a_key_point_edits_its_own_fact_and_reopens_its_check(editor_client, company):
    article = _article_with(1, company)
    fact = article.key_points.get().fact
    Fact.objects.filter(pk=fact.pk).update(status=FactStatus.VERIFIED)
    data = change_form_data(editor_client.get(change_url(article)))
    data["key_points-0-statement"] = "Fact 0, corrected"
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.statement == "Fact 0, corrected"
    assert fact.status == FactStatus.UNVERIFIED


def test_a_shared_fact_is_never_changed_from_another_article(editor_client, company):
    first = _article_with(1, company)
    shared = first.key_points.get().fact
    second = make_article("Second", key_facts=[shared])
    data = change_form_data(editor_client.get(change_url(second)))
    data["key_points-0-statement"] = "Something else entirely"
    assert editor_client.post(change_url(second), data).status_code == 302
    shared.refresh_from_db()
    assert shared.statement == "Fact 0"
    assert second.key_points.get().fact.statement == "Something else entirely"


def test_a_key_point_without_a_source_is_refused_with_a_message(editor_client, company):
    article = _article_with(1, company)
    data = change_form_data(editor_client.get(change_url(article)))
    data["key_points-0-sources"] = ""
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 200
    assert "Name at least one source" in response.text


def test_a_bad_source_line_says_which_line(editor_client, company):
    article = _article_with(1, company)
    data = change_form_data(editor_client.get(change_url(article)))
    data["key_points-0-sources"] = "Reuters | Title | not-a-url"
    response = editor_client.post(change_url(article), data)
    assert "Line 1: “not-a-url” is not a web address" in response.text


def test_the_live_preview_renders_the_unsaved_form(editor_client, company):
    article = _article_with(1, company)
    data = change_form_data(editor_client.get(change_url(article)))
    data["title"] = "A headline typed but not saved"
    data["key_points-0-statement"] = "A statement typed but not saved"
    url = change_url(article) + "../preview-draft/"
    response = editor_client.post(url.replace("/change/../", "/"), data)
    assert response.status_code == 200
    assert "A headline typed but not saved" in response.text
    assert "A statement typed but not saved" in response.text
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    article.refresh_from_db()
    assert article.title == "Article with 1 parts"


def test_authors_are_listed_by_name_and_only_newsroom_writers(editor_client, writer, moderator):
    writer.first_name, writer.last_name = "Claire", "Dubois"
    writer.save()
    response = editor_client.get("/admin/articles/article/add/")
    labels = [label for _, label in response.context["adminform"].form.fields["authors"].choices]
    assert "Claire Dubois" in labels
    assert "moderator" not in labels
