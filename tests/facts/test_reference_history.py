"""Sources and companies keep the text before and after each admin save."""

from django.urls import reverse

from articles.facts import corrections
from articles.models import ReferenceEdit
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_source


def test_a_source_edit_keeps_before_and_after_and_shows_a_diff(client, editor):
    source = make_source("Reuters", title="Xiaomi wins approval")
    client.force_login(editor)
    data = change_form_data(client.get(change_url(source)))
    data["title"] = "Xiaomi wins approval from the NDRC"
    assert client.post(change_url(source), data).status_code == 302
    edit = ReferenceEdit.objects.get(model="source", object_id=source.pk)
    assert edit.before["title"] == "Xiaomi wins approval"
    assert edit.after["title"] == "Xiaomi wins approval from the NDRC"
    page = client.get(change_url(source)).text
    assert "Text history" in page and "from the NDRC</ins>" in page


def test_a_company_save_without_changes_records_nothing(client, editor, company):
    client.force_login(editor)
    data = change_form_data(client.get(change_url(company)))
    client.post(change_url(company), data)
    assert not ReferenceEdit.objects.exists()


def test_corrections_are_public_record_nobody_edits_or_deletes(client, editor, article):
    correction = corrections.attach_correction(article, editor, "update", "A new figure.")
    client.force_login(editor)
    url = reverse("admin:articles_correction_change", args=[correction.pk])
    assert client.post(url, {"note": "Rewritten."}).status_code == 403
    delete = reverse("admin:articles_correction_delete", args=[correction.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    correction.refresh_from_db()
    assert correction.note == "A new figure."
