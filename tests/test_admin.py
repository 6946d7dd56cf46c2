"""The editors' admin, driven through HTTP the way an editor's browser would drive it."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles.models import Article, ArticleStatus, Fact, FactStatus, ProConKind, Source
from articles.roles import MODERATOR
from tests.admin_forms import add_inline_row, change_form_data, change_url, post_change
from tests.factories import make_article, make_company, make_fact, make_source, make_user

CHANGELIST = reverse("admin:articles_article_changelist")


def png_upload(name="hero.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def form_errors(response):
    assert response.status_code == 200, "the form should have been shown again with errors"
    errors = dict(response.context["adminform"].form.errors)
    for inline in response.context["inline_admin_formsets"]:
        for form_errors_ in inline.formset.errors:
            errors.update(form_errors_)
    return errors


# Who may open the admin


def test_anonymous_visitor_is_sent_to_the_admin_login(client, draft):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_reader_without_staff_status_is_sent_to_the_admin_login(client, reader):
    client.force_login(reader)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_writer_sees_the_article_admin(client, writer, draft):
    client.force_login(writer)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(change_url(draft)).status_code == 200


def test_moderator_may_not_add_articles(client, db):
    client.force_login(make_user("mod", role=MODERATOR))
    assert client.get(reverse("admin:articles_article_add")).status_code == 403


def test_editor_opens_the_article_changelist_and_change_form(editor_client, draft):
    changelist = editor_client.get(CHANGELIST)
    assert changelist.status_code == 200
    assert draft.title in changelist.text
    change_form = editor_client.get(change_url(draft))
    assert change_form.status_code == 200
    assert "evnews newsroom" in change_form.text


def test_changelist_filters_by_status_category_and_company(editor_client, draft, company):
    other = make_article("Other story", status=ArticleStatus.PUBLISHED)
    other.companies.set([company])
    response = editor_client.get(CHANGELIST, {"status__exact": "draft"})
    assert list(response.context["cl"].result_list) == [draft]
    response = editor_client.get(CHANGELIST, {"companies__id__exact": company.pk})
    assert list(response.context["cl"].result_list) == [other]
    response = editor_client.get(CHANGELIST, {"category__id__exact": draft.category_id})
    assert list(response.context["cl"].result_list) == [draft]


def test_changelist_searches_title_and_standfirst(editor_client, draft):
    make_article("Unrelated", dek="Nothing to see.")
    response = editor_client.get(CHANGELIST, {"q": "nobody may see"})
    assert list(response.context["cl"].result_list) == [draft]


# Editing every part of an article


def test_editor_changes_title_standfirst_intro_and_closing(editor_client, draft):
    response = post_change(
        editor_client,
        draft,
        title="Xiaomi SU7 deliveries begin",
        dek="The first cars reach buyers.",
        intro="Xiaomi **finally** delivers.",
        closing="More to come <script>alert(1)</script>.",
    )
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.title == "Xiaomi SU7 deliveries begin"
    assert draft.dek == "The first cars reach buyers."
    assert "<strong>finally</strong>" in draft.intro_html
    assert "<script>" not in draft.closing_html


def test_editor_changes_a_section_heading_and_body(editor_client, draft):
    section = draft.sections.get()
    response = post_change(
        editor_client,
        draft,
        **{"sections-0-heading": "Battery details", "sections-0-body": "- 101 kWh pack"},
    )
    assert response.status_code == 302, form_errors(response)
    section.refresh_from_db()
    assert section.heading == "Battery details"
    assert section.body_html == "<ul>\n<li>101 kWh pack</li>\n</ul>"


def test_saving_recounts_reading_time(editor_client, draft):
    long_body = "word " * 1000
    response = post_change(editor_client, draft, **{"sections-0-body": long_body})
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.word_count > 1000
    assert draft.reading_time == 5


def test_editor_adds_a_key_point_that_matches_a_known_fact(editor_client, draft, fact):
    data = change_form_data(editor_client.get(change_url(draft)))
    add_inline_row(
        data,
        "key_points",
        statement=fact.statement,
        subject=str(fact.subject_id),
        sources="Reuters | China approves Xiaomi | https://example.com/reuters/1",
    )
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 302, form_errors(response)
    assert [point.fact for point in draft.key_points.all()] == [fact]
    assert fact.sources.filter(url="https://example.com/reuters/1").exists()


def test_editor_adds_a_pro_and_a_con(editor_client, draft):
    data = change_form_data(editor_client.get(change_url(draft)))
    add_inline_row(data, "pros", label="Range", text="800 km CLTC.", position="5")
    add_inline_row(data, "cons", label="", text="Long waiting list.")
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 302, form_errors(response)
    assert draft.pros_cons.filter(kind=ProConKind.PRO, label="Range").exists()
    assert draft.pros_cons.filter(kind=ProConKind.CON, text="Long waiting list.").exists()


def test_an_image_without_alt_text_is_refused(editor_client, draft):
    response = post_change(editor_client, draft, hero_image=png_upload(), hero_alt=" ")
    assert "Describe the image" in str(form_errors(response)["hero_alt"])
    draft.refresh_from_db()
    assert not draft.hero_image


def test_model_validation_requires_alt_text_with_an_image(draft):

    draft.hero_image = "heroes/x.png"
    with pytest.raises(ValidationError, match="Describe the image"):
        draft.full_clean()


def test_a_new_article_without_authors_is_signed_by_its_editor(editor_client, editor, category):
    add_url = reverse("admin:articles_article_add")
    data = change_form_data(editor_client.get(add_url))
    data.update(title="Fresh", slug="fresh", dek="New.", category=str(category.pk))
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="fresh")
    assert list(article.authors.all()) == [editor]
    assert article.status == ArticleStatus.DRAFT


def test_chosen_authors_are_kept(editor_client, writer, draft):
    response = post_change(editor_client, draft, authors=[str(writer.pk)])
    assert response.status_code == 302, form_errors(response)
    assert list(draft.authors.all()) == [writer]


def test_saving_keeps_an_author_who_has_left_the_staff(editor_client, writer, draft):
    writer.is_staff = False
    writer.save()
    response = post_change(editor_client, draft, title="Retitled")
    assert response.status_code == 302, form_errors(response)
    assert list(draft.authors.all()) == [writer]


def test_view_on_site_is_offered_only_for_published_articles(editor_client, draft, article):
    assert "View on site" not in editor_client.get(change_url(draft)).text
    response = editor_client.get(change_url(article))
    assert "View on site" in response.text
    assert response.context["has_absolute_url"]


# Facts and sources


def test_editor_adds_a_fact_with_sources(editor_client, company):
    reuters = make_source("Reuters")
    response = editor_client.post(
        reverse("admin:articles_fact_add"),
        {
            "statement": "Xiaomi plans 100,000 deliveries in 2024.",
            "subject": str(company.pk),
            "sources": [str(reuters.pk)],
            "kind": "other",
            "value": "100000",
            "unit": "vehicles",
            "status": FactStatus.UNVERIFIED,
        },
    )
    assert response.status_code == 302
    fact = Fact.objects.get(statement__startswith="Xiaomi plans")
    assert list(fact.sources.all()) == [reuters]


def test_verifying_a_fact_records_who_verified_it(editor_client, editor, fact):
    verify_url = reverse("admin:articles_fact_verify", args=[fact.pk])
    response = editor_client.post(verify_url, {"note": "Matches Reuters.", "verify": "Verified"})
    assert response.status_code == 302
    fact.refresh_from_db()
    assert fact.verified_by == editor
    assert fact.verified_at is not None
    assert "Verified by" in editor_client.get(change_url(fact)).text


def test_fact_search_finds_statement_subject_and_publisher(editor_client, fact):
    make_fact("Tesla cut prices.", subject=make_company("Tesla"))
    fact.sources.set([make_source("Jiemian")])
    for term in ["NDRC", "Xiaomi", "Jiemian"]:
        response = editor_client.get(reverse("admin:articles_fact_changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [fact], term


def test_fact_changelist_counts_sources_and_articles(editor_client, article, fact):
    response = editor_client.get(reverse("admin:articles_fact_changelist"))
    row = response.context["cl"].result_list[0]
    assert (row._source_count, row._article_count) == (1, 1)


def test_editor_adds_and_searches_sources(editor_client):
    response = editor_client.post(
        reverse("admin:articles_source_add"),
        {"publisher": "Reuters", "title": "China approves Xiaomi", "url": "https://r.example/x"},
    )
    assert response.status_code == 302
    source = Source.objects.get(publisher="Reuters")
    data = {"publisher": "Reuters", "title": "China approves Xiaomi EVs", "url": source.url}
    assert editor_client.post(change_url(source), data).status_code == 302
    response = editor_client.get(reverse("admin:articles_source_changelist"), {"q": "r.example"})
    assert [s.title for s in response.context["cl"].result_list] == ["China approves Xiaomi EVs"]


def test_writer_may_use_the_fact_autocomplete(client, writer, fact):
    client.force_login(writer)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "fact", "field_name": "sources", "term": ""},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


# Query budgets: a changelist costs the same whatever the number of rows


def _changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", ["article", "fact", "source", "company", "category"])
def test_changelist_query_count_does_not_grow_with_rows(editor_client, article, model):
    url = reverse(f"admin:articles_{model}_changelist")
    before = _changelist_queries(editor_client, url)
    for index in range(4):
        company = make_company(f"Company {index}")
        facts = [
            make_fact(f"Fact {index}", subject=company, sources=[make_source(), make_source()])
        ]
        story = make_article(f"Story {index}", companies=[company], key_facts=facts)
        story.authors.add(make_user())
        story.category = article.category
        story.save()
    assert _changelist_queries(editor_client, url) == before
