"""Revisions: every content save is kept, history is append-only, diffs read as prose."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.editorial import revisions, versions
from articles.models import Article, Revision, Section
from articles.roles import MODERATOR
from tests.admin_forms import add_inline_row, change_form_data, change_url
from tests.factories import make_fact, make_user


@pytest.fixture
def revised(draft, editor):
    """A draft with two revisions: as made, then with a new title and a second section."""
    revisions.record(draft, editor)
    draft.title = "A draft nobody may ever see"
    draft.save()
    Section.objects.create(article=draft, position=1, heading="Price", body="About 300,000 yuan.")
    revisions.record(draft, editor)
    return draft


def test_a_snapshot_holds_fields_and_ordered_parts_with_their_uids(article):
    data = revisions.snapshot(article)

    section = article.sections.get()
    assert data["fields"]["title"] == "Xiaomi EV"
    assert data["sections"] == [
        {"uid": str(section.uid), "heading": section.heading, "body": section.body}
    ]
    assert data["key_points"][0]["statement"] == article.key_points.get().fact.statement
    assert data["pros"] == [{"label": "Sleek design", "text": "Frameless doors."}]
    assert data["authors"][0]["name"] == "Writer"


def test_recording_numbers_revisions_and_sets_the_lock_version(revised):
    assert list(revised.revisions.values_list("number", flat=True)) == [2, 1]
    assert Article.objects.get(pk=revised.pk).lock_version == 2


def test_recording_unchanged_content_keeps_no_duplicate(revised, editor):
    assert revisions.record(revised, editor) is None
    assert revised.revisions.count() == 2


def test_restore_records_a_new_revision_and_keeps_the_old_ones(revised, editor):
    first = revised.revisions.get(number=1)
    untouched = list(revised.revisions.values_list("number", "data"))

    target = versions.restore(revised, first, editor)

    assert target == revised
    revised.refresh_from_db()
    assert revised.title == "A draft nobody may see"
    assert list(revised.sections.values_list("heading", flat=True)) == [
        "Spy shots reveal design details"
    ]
    latest = revised.revisions.first()
    assert (latest.number, latest.note) == (3, "Restored from revision 1")
    assert latest.data == first.data
    assert list(revised.revisions.filter(number__lte=2).values_list("number", "data")) == untouched


def test_restore_keeps_the_uid_of_every_part_it_brings_back(revised, editor):
    original_uid = revised.sections.get(position=0).uid
    revised.sections.get(position=0).delete()

    versions.restore(revised, revised.revisions.get(number=1), editor)

    assert revised.sections.get().uid == original_uid


def test_restore_of_key_points_that_swapped_facts_keeps_one_point_per_fact(draft, editor):
    first, second = make_fact("First."), make_fact("Second.")
    a = draft.key_points.create(fact=first, position=0)
    b = draft.key_points.create(fact=second, position=1)
    old = revisions.record(draft, editor)
    draft.key_points.all().delete()
    draft.key_points.create(uid=a.uid, fact=second, position=0)
    draft.key_points.create(uid=b.uid, fact=first, position=1)

    versions.restore(draft, old, editor)

    assert list(draft.key_points.values_list("uid", "fact")) == [
        (a.uid, first.pk),
        (b.uid, second.pk),
    ]


def test_restore_needs_permission_to_edit(revised):
    with pytest.raises(PermissionDenied):
        versions.restore(revised, revised.revisions.last(), make_user("reader2"))
    assert revised.revisions.count() == 2


def test_restoring_a_published_article_goes_into_its_new_version(article, editor):
    old = revisions.record(article, editor)
    Article.objects.filter(pk=article.pk).update(title="Changed elsewhere")
    article.refresh_from_db()
    revisions.record(article, editor)

    target = versions.restore(article, old, editor)

    article.refresh_from_db()
    assert target.draft_of == article
    assert target.title == "Xiaomi EV"
    assert article.title == "Changed elsewhere"


def test_diff_names_each_changed_part_and_marks_removed_and_added_words(revised):
    first, second = revised.revisions.order_by("number")

    changes = revisions.diff(first.data, second.data)

    labels = [change.label for change in changes]
    assert labels == ["Title", "Section"]
    assert [s.text.strip() for s in changes[0].new if s.kind == "ins"] == ["ever"]
    assert not [s for s in changes[0].old if s.kind == "del"]
    assert [s.text for s in changes[1].new if s.kind == "ins"] == ["Price\n\nAbout 300,000 yuan."]


def test_diff_reports_a_reordered_section(revised, editor):
    revised.sections.filter(heading="Price").update(position=0)
    revised.sections.exclude(heading="Price").update(position=1)
    revisions.record(revised, editor)
    before, after = revised.revisions.order_by("number")[1:]

    changes = revisions.diff(before.data, after.data)

    assert [change.label for change in changes] == ["Section order"]


def test_diff_of_identical_snapshots_is_empty(revised):
    data = revised.revisions.first().data
    assert revisions.diff(data, data) == []


def test_a_revision_row_is_never_rewritten_by_later_edits(revised, editor):
    before = Revision.objects.get(article=revised, number=1).data
    revised.title = "Another title"
    revised.save()
    revisions.record(revised, editor)
    assert Revision.objects.get(article=revised, number=1).data == before
    assert versions.is_live(revised) is False


# Through the admin


def admin_url(name, article, *args):
    return reverse(f"admin:articles_article_{name}", args=[article.pk, *args])


def test_every_admin_save_of_a_changed_article_records_one_revision(editor_client, draft):
    for title in ("First title", "Second title"):
        data = change_form_data(editor_client.get(change_url(draft)))
        data["title"] = title
        assert editor_client.post(change_url(draft), data).status_code == 302

    assert [r.title for r in draft.revisions.order_by("number")] == [
        "First title",
        "Second title",
    ]


def test_a_revision_records_the_inlines_and_the_author_as_saved(editor_client, editor, db):
    response = editor_client.get(reverse("admin:articles_article_add"))
    data = change_form_data(response)
    data.update(title="Fresh", slug="fresh", dek="New.")
    add_inline_row(data, "sections", heading="Only section", body="Body.", position="0")

    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302

    revision = Article.objects.get(slug="fresh").revisions.get()
    assert [s["heading"] for s in revision.data["sections"]] == ["Only section"]
    assert [a["id"] for a in revision.data["authors"]] == [editor.pk]
    assert revision.created_by == editor


def test_saving_only_an_inline_records_a_revision(editor_client, draft):
    revisions.record(draft, None)
    data = change_form_data(editor_client.get(change_url(draft)))
    data["sections-0-body"] = "A changed body."

    editor_client.post(change_url(draft), data)

    assert draft.revisions.first().data["sections"][0]["body"] == "A changed body."
    assert draft.revisions.count() == 2


def test_saving_an_unchanged_form_records_nothing_new(editor_client, draft):
    revisions.record(draft, None)
    editor_client.post(change_url(draft), change_form_data(editor_client.get(change_url(draft))))
    assert draft.revisions.count() == 1


def test_anonymous_visitor_is_sent_to_login_for_revisions(client, revised):
    response = client.get(admin_url("revisions", revised))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_moderator_may_not_see_revisions_or_restore(client, revised):
    client.force_login(make_user("mod", role=MODERATOR))
    assert client.get(admin_url("revisions", revised)).status_code == 403
    assert client.post(admin_url("revision_restore", revised, 1)).status_code == 403
    assert revised.revisions.count() == 2


def test_editor_sees_the_history_newest_first(editor_client, revised):
    response = editor_client.get(admin_url("revisions", revised))
    assert response.status_code == 200
    assert [r.number for r in response.context["revisions"]] == [2, 1]
    assert admin_url("revision_restore", revised, 1) in response.text


def test_editor_compares_any_two_revisions(editor_client, revised):
    response = editor_client.get(admin_url("revision_compare", revised), {"a": 2, "b": 1})

    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (1, 2)
    assert '<th scope="row">Title</th>' in response.text
    assert '<ins><span class="visually-hidden">added: </span>ever </ins>' in response.text


def test_the_diff_escapes_what_editors_typed(editor_client, revised, editor):
    revised.title = "<script>alert(1)</script>"
    revised.save()
    revisions.record(revised, editor)

    response = editor_client.get(admin_url("revision_compare", revised), {"a": 1, "b": 3})

    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_comparing_without_two_revisions_says_so(editor_client, revised):
    response = editor_client.get(admin_url("revision_compare", revised), {"a": "x"}, follow=True)
    assert "Pick two revisions to compare." in response.text


def test_restore_asks_first_then_records_a_new_revision(editor_client, revised):
    confirm = editor_client.get(admin_url("revision_restore", revised, 1))
    assert confirm.status_code == 200
    assert revised.revisions.count() == 2

    response = editor_client.post(admin_url("revision_restore", revised, 1))

    assert response.status_code == 302
    revised.refresh_from_db()
    assert revised.title == "A draft nobody may see"
    assert revised.revisions.first().note == "Restored from revision 1"
    assert revised.revisions.count() == 3


def test_a_save_that_only_changes_line_endings_is_no_new_revision(draft, editor):
    revisions.record(draft, editor)
    section = draft.sections.get()
    section.body = section.body.replace("\n", "\r\n")
    section.save()
    assert revisions.record(draft, editor) is None


def test_a_run_of_changed_words_reads_as_one_change():
    change = revisions.compare_text("Title", "What we know now", "Everything we learnt now")
    assert [(s.kind, s.text) for s in change.new] == [
        ("ins", "Everything"),
        ("same", " we "),
        ("ins", "learnt"),
        ("same", " now"),
    ]
    change = revisions.compare_text("Dek", "a b c d", "a x y d")
    old = [(s.kind, s.text) for s in change.old]
    assert old == [("same", "a "), ("del", "b c"), ("same", " d")]
