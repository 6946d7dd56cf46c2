"""Previews: editors see any version through the public template, marked and never indexed;
a shared link works without an account, stays pinned to its revision, expires and can be revoked."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.editorial import revisions, versions
from articles.models import PreviewLink
from articles.roles import MODERATOR
from tests.factories import make_user


def admin_url(name, article, *args):
    return reverse(f"admin:articles_article_{name}", args=[article.pk, *args])


@pytest.fixture
def revised(draft, editor):
    """A draft whose second revision retitled it."""
    revisions.record(draft, editor)
    draft.title = "Xiaomi SU7 leaks"
    draft.save()
    revisions.record(draft, editor)
    return draft


@pytest.fixture
def link(revised, editor):
    return PreviewLink.objects.create(revision=revised.revisions.first(), created_by=editor)


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "same-origin"


# Editors' previews


def test_anonymous_visitor_is_sent_to_login_for_a_preview(client, revised):
    response = client.get(admin_url("preview", revised))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_moderator_may_not_preview_articles(client, revised):
    client.force_login(make_user("mod", role=MODERATOR))
    assert client.get(admin_url("preview", revised)).status_code == 403
    assert client.get(admin_url("revision_preview", revised, 1)).status_code == 403


def test_editor_previews_the_current_text_marked_and_noindex(client, editor, revised):
    client.force_login(editor)

    response = client.get(admin_url("preview", revised))

    assert response.status_code == 200
    assert "Preview — not published." in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert '<h1 id="article-title" class="article-title">Xiaomi SU7 leaks</h1>' in response.text
    assert 'rel="canonical"' not in response.text
    assert_private(response)


def test_editor_previews_an_older_revision(client, editor, revised):
    client.force_login(editor)

    response = client.get(admin_url("revision_preview", revised, 1))

    assert "A draft nobody may see</h1>" in response.text
    assert "Revision 1, saved by Editor." in response.text
    assert_private(response)


def test_the_preview_renders_every_part_through_the_public_template(client, editor, article):
    client.force_login(editor)

    response = client.get(admin_url("preview", article))

    section, point = article.sections.get(), article.key_points.get()
    assert f'id="{section.anchor}"' in response.text
    assert f'id="{point.anchor}"' in response.text
    assert point.fact.statement in response.text
    assert "Sleek design" in response.text and "New to the industry" in response.text
    assert response.context["article"].reading_time == article.reading_time


def test_previewing_a_new_version_shows_its_text_and_the_updated_date(client, editor, article):
    copy = versions.working_copy(article, editor)
    copy.title = "Xiaomi SU7: the details"
    copy.save()
    client.force_login(editor)

    response = client.get(admin_url("preview", copy))

    assert "Xiaomi SU7: the details</h1>" in response.text
    assert "Updated <time" in response.text


def test_an_unknown_revision_is_a_404(client, editor, revised):
    client.force_login(editor)
    assert client.get(admin_url("revision_preview", revised, 99)).status_code == 404


# Shared preview links


def test_a_preview_link_works_without_an_account(client, link):
    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Xiaomi SU7 leaks</h1>" in response.text
    assert "Preview — not published." in response.text
    assert "stops working on" in response.text
    assert_private(response)


def test_a_preview_link_stays_pinned_to_its_revision_after_later_edits(client, editor, link):
    article = link.revision.article
    article.title = "A later title"
    article.save()
    revisions.record(article, editor)

    response = client.get(link.get_absolute_url())

    assert "Xiaomi SU7 leaks</h1>" in response.text
    assert "A later title" not in response.text


def test_a_preview_link_expires(client, link, settings):
    later = timezone.now() + timedelta(hours=settings.PREVIEW_LINK_HOURS, minutes=1)
    with time_machine.travel(later):
        response = client.get(link.get_absolute_url())

    assert response.status_code == 410
    assert "It has expired." in response.text
    assert "Xiaomi SU7 leaks" not in response.text
    assert_private(response)


def test_a_preview_link_works_until_just_before_it_expires(client, link, settings):
    with time_machine.travel(timezone.now() + timedelta(hours=settings.PREVIEW_LINK_HOURS - 1)):
        assert client.get(link.get_absolute_url()).status_code == 200


def test_a_revoked_preview_link_answers_gone(client, link):
    link.revoked_at = timezone.now()
    link.save()

    response = client.get(link.get_absolute_url())

    assert response.status_code == 410
    assert "withdrawn" in response.text


@pytest.mark.parametrize("mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), str.upper])
def test_a_forged_preview_token_is_a_404(client, link, mangle):
    url = reverse("articles:preview-link", kwargs={"token": mangle(link.token)})
    assert client.get(url).status_code == 404


def test_a_deleted_link_stops_working(client, link):
    url = link.get_absolute_url()
    link.delete()
    assert client.get(url).status_code == 404


def test_a_preview_link_cannot_be_posted_to(client, link):
    assert client.post(link.get_absolute_url()).status_code == 405


def test_a_preview_link_page_has_a_query_budget(client, link, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(link.get_absolute_url())


def test_preview_links_are_listed_nowhere_public(client, link):
    token = link.token
    for url in ["/", "/sitemap.xml", "/feeds/rss/", "/feeds/atom/", "/robots.txt"]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert token not in body and "/preview/" not in body, url


# Managing links in the admin


def test_anonymous_and_moderator_cannot_manage_preview_links(client, revised):
    url = admin_url("preview_links", revised)
    assert client.get(url).status_code == 302
    client.force_login(make_user("mod", role=MODERATOR))
    assert client.get(url).status_code == 403
    assert client.post(url, {"label": "x", "hours": 1}).status_code == 403
    assert not PreviewLink.objects.exists()


def test_editor_creates_a_link_pinned_to_the_current_revision(client, editor, revised):
    client.force_login(editor)

    response = client.post(
        admin_url("preview_links", revised), {"label": "Xiaomi press office", "hours": 24}
    )

    link = PreviewLink.objects.get()
    assert response.status_code == 302
    assert link.revision == revised.revisions.first()
    assert (link.label, link.created_by) == ("Xiaomi press office", editor)
    assert timedelta(hours=23) < link.expires_at - timezone.now() <= timedelta(hours=24)
    listing = client.get(admin_url("preview_links", revised))
    assert link.get_absolute_url() in listing.text


def test_creating_a_link_records_unsaved_changes_first(client, editor, revised):
    revised.title = "Changed outside the admin"
    revised.save()
    client.force_login(editor)

    client.post(admin_url("preview_links", revised), {"hours": 72})

    assert PreviewLink.objects.get().revision.title == "Changed outside the admin"


def test_a_link_lasting_longer_than_a_month_is_refused(client, editor, revised):
    client.force_login(editor)
    response = client.post(admin_url("preview_links", revised), {"hours": 24 * 31})
    assert response.status_code == 200
    assert "less than or equal to 720" in response.text
    assert not PreviewLink.objects.exists()


def test_editor_revokes_a_link(client, editor, link):
    client.force_login(editor)

    response = client.post(admin_url("preview_link_revoke", link.revision.article, link.pk))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(link.get_absolute_url()).status_code == 410


def test_revoking_needs_a_post(client, editor, link):
    client.force_login(editor)
    url = admin_url("preview_link_revoke", link.revision.article, link.pk)
    assert client.get(url).status_code == 405


def test_a_link_cannot_be_revoked_through_another_article(client, editor, link, article):
    client.force_login(editor)
    url = admin_url("preview_link_revoke", article, link.pk)
    assert client.post(url).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_link_shows_the_same_url_every_time(link):
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        later = PreviewLink.objects.get(pk=link.pk).get_absolute_url()
    assert later == link.get_absolute_url()
