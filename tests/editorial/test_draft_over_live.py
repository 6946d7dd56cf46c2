"""Draft-over-live: a published article changes for readers only when its new version is
published, on the same row and URL, with every part's uid intact."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.editorial import revisions, versions
from articles.models import Article, ArticleStatus, Section
from articles.roles import MODERATOR
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_user


@pytest.fixture
def copy(article, editor):
    """The published article's new version, with a changed title and section and one more."""
    revisions.record(article, editor)
    copy = versions.working_copy(article, editor)
    copy.title = "Xiaomi SU7: the details"
    copy.save()
    section = copy.sections.get()
    section.body = "- Frameless doors\n- Pop-out handles"
    section.save()
    Section.objects.create(article=copy, position=1, heading="Price", body="Under 300,000 yuan.")
    revisions.record(copy, editor)
    return copy


def test_a_new_version_is_a_hidden_draft_with_the_same_parts(article, editor):
    copy = versions.working_copy(article, editor)

    assert copy.status == ArticleStatus.DRAFT
    assert copy.draft_of == article
    assert copy.slug != article.slug
    assert list(copy.sections.values_list("uid", flat=True)) == list(
        article.sections.values_list("uid", flat=True)
    )
    assert list(copy.authors.all()) == list(article.authors.all())
    assert list(Article.objects.published()) == [article]


def test_a_new_version_is_never_public_even_if_its_status_says_published(copy):
    Article.objects.filter(pk=copy.pk).update(status=ArticleStatus.PUBLISHED)
    assert copy not in Article.objects.published()


def test_asking_twice_returns_the_one_open_version(article, editor, copy):
    assert versions.working_copy(article, editor) == copy


def test_the_database_refuses_a_second_open_version(article, copy):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Second", slug="second", dek="x", draft_of=article)


def test_only_a_published_article_gets_a_new_version(draft, editor):
    with pytest.raises(versions.VersionError):
        versions.working_copy(draft, editor)


def test_editing_the_new_version_leaves_the_live_article_untouched(article, copy):
    article.refresh_from_db()
    assert article.title == "Xiaomi EV"
    assert article.sections.get().body == "- Frameless doors\n- Hidden handles"


def test_applying_a_version_updates_the_live_row_and_keeps_its_url(article, editor, copy):
    slug, pk = article.slug, article.pk
    uid = article.sections.get().uid
    new_uid = copy.sections.get(heading="Price").uid

    live = versions.apply_version(copy, editor)

    assert (live.pk, live.slug) == (pk, slug)
    assert live.title == "Xiaomi SU7: the details"
    assert list(live.sections.values_list("heading", "uid")) == [
        ("Spy shots reveal design details", uid),
        ("Price", new_uid),
    ]
    assert live.sections.get(uid=uid).body_html.count("<li>") == 2
    assert not Article.objects.filter(pk=copy.pk).exists()


def test_applying_a_version_marks_the_article_updated(article, editor, copy):
    live = versions.apply_version(copy, editor)
    assert live.was_updated
    assert live.status == ArticleStatus.PUBLISHED
    assert live.published_at == article.published_at


def test_applying_a_version_moves_its_history_into_the_live_article(article, editor, copy):
    live = versions.apply_version(copy, editor)

    notes = list(live.revisions.order_by("number").values_list("number", "note"))
    assert notes == [
        (1, ""),
        (2, "New version of the published article (from revision 1)"),
        (3, ""),
        (4, "Published the new version"),
    ]
    assert live.lock_version == 4


def test_applying_a_version_tells_receivers_before_the_copy_goes(article, editor, copy):
    seen = []

    def receiver(sender, copy, live, by, **kwargs):
        seen.append((Article.objects.filter(pk=copy.pk).exists(), live.pk, by))

    versions.version_applied.connect(receiver)
    try:
        versions.apply_version(copy, editor)
    finally:
        versions.version_applied.disconnect(receiver)
    assert seen == [(True, article.pk, editor)]


def test_applying_needs_permission_and_changes_nothing_without_it(article, copy):
    with pytest.raises(PermissionDenied):
        versions.apply_version(copy, make_user("nobody"))
    article.refresh_from_db()
    assert article.title == "Xiaomi EV"


def test_applying_an_ordinary_draft_is_refused(draft, editor):
    with pytest.raises(versions.VersionError):
        versions.apply_version(draft, editor)


# Through the admin and the public site


def admin_url(name, article, *args):
    return reverse(f"admin:articles_article_{name}", args=[article.pk, *args])


def test_a_published_article_opens_read_only_with_a_new_version_button(editor_client, article):
    response = editor_client.get(change_url(article))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "Edit a new version" in response.text
    assert admin_url("new_version", article) in response.text


def test_posting_to_a_published_article_is_refused(editor_client, article):
    response = editor_client.post(change_url(article), {"title": "Sneaky edit"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Xiaomi EV"


def test_edit_a_new_version_opens_the_copy(editor_client, article):
    response = editor_client.post(admin_url("new_version", article))

    copy = Article.objects.get(draft_of=article)
    assert response.status_code == 302
    assert response.url == change_url(copy)
    page = editor_client.get(change_url(copy))
    assert "This is a <strong>new version</strong>" in page.text
    assert "Continue the new version" in editor_client.get(change_url(article)).text


def test_a_new_version_needs_a_post(editor_client, article):
    assert editor_client.get(admin_url("new_version", article)).status_code == 405
    assert not Article.objects.filter(draft_of=article).exists()


def test_a_new_version_needs_a_role_that_may_edit(client, article):
    client.force_login(make_user("mod", role=MODERATOR))
    assert client.post(admin_url("new_version", article)).status_code == 403
    assert not Article.objects.filter(draft_of=article).exists()


def test_a_draft_cannot_get_a_new_version(editor_client, draft):
    response = editor_client.post(admin_url("new_version", draft), follow=True)
    assert "Only a published article is edited through a new version." in response.text


def test_editing_the_new_version_in_the_admin_leaves_the_public_page_unchanged(
    editor_client, client, article
):
    editor_client.post(admin_url("new_version", article))
    copy = Article.objects.get(draft_of=article)
    data = change_form_data(editor_client.get(change_url(copy)))
    data["title"] = "Xiaomi SU7: the details"
    data["sections-0-body"] = "Rewritten."
    assert editor_client.post(change_url(copy), data).status_code == 302

    client.logout()
    page = client.get(article.get_absolute_url())

    assert "Xiaomi EV</h1>" in page.text
    assert "Hidden handles" in page.text
    assert "Rewritten." not in page.text
    assert client.get(reverse("articles:article-detail", args=[copy.slug])).status_code == 404


def test_a_new_version_appears_on_no_public_surface(client, article, copy):
    subjects = [article.category, article.companies.get(), article.authors.get()]
    pages = [reverse("articles:author-detail", args=[subjects[2].get_username()])]
    pages += [subject.get_absolute_url() for subject in subjects[:2]]
    for url in ["/", "/sitemap.xml", "/feeds/rss/", "/feeds/atom/", *pages]:
        body = client.get(url).content.decode()
        assert copy.slug not in body and "Xiaomi SU7: the details" not in body, url


def test_publishing_the_new_version_updates_the_page_at_the_same_url(
    client, editor, article, copy, django_assert_max_num_queries
):
    url = article.get_absolute_url()
    versions.apply_version(copy, editor)

    with django_assert_max_num_queries(12):
        page = client.get(url)

    assert page.status_code == 200
    assert "Xiaomi SU7: the details</h1>" in page.text
    assert "Pop-out handles" in page.text
    assert "Updated <time" in page.text
    assert f'id="{article.sections.get(position=0).anchor}"' in page.text


def test_the_article_list_marks_a_new_version(editor_client, article, copy):
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert f"article #{article.pk}" in response.text


def test_restoring_a_published_revision_in_the_admin_fills_the_new_version(
    editor_client, editor, article, copy
):
    response = editor_client.post(admin_url("revision_restore", article, 1), follow=True)

    copy.refresh_from_db()
    article.refresh_from_db()
    assert response.redirect_chain[-1][0] == change_url(copy)
    assert "Restored revision 1 into the new version." in response.text
    assert copy.title == article.title == "Xiaomi EV"
    assert copy.sections.get(position=0).body == "- Frameless doors\n- Hidden handles"
    assert copy.revisions.first().note == "Restored from revision 1 of the published article"
