"""After submitting, the writer keeps Preview and Share a preview and sees the article under
"Submitted by you"; the article has one History: revisions, workflow steps and the admin log."""

from django.urls import reverse

from articles.editorial import revisions, workflow
from articles.roles import WRITER
from tests.admin_forms import change_url
from tests.factories import PASSWORD, make_user


def submitted(draft, writer):
    revisions.record(draft, by=writer)
    workflow.submit(draft, writer)
    return draft


def test_the_writer_keeps_preview_and_share_in_review(client, writer, draft):
    submitted(draft, writer)
    client.login(username=writer.username, password=PASSWORD)
    page = client.get(change_url(draft)).content.decode()
    assert ">Preview</a>" in page and ">Share a preview</a>" in page
    assert client.get(reverse("admin:articles_article_preview", args=[draft.pk])).status_code == 200
    links = reverse("admin:articles_article_preview_links", args=[draft.pk])
    assert client.post(links, {"label": "For Li", "hours": "24"}).status_code == 302
    restore = reverse("admin:articles_article_revision_restore", args=[draft.pk, 1])
    assert client.post(restore).status_code == 403  # editing stays closed in review


def test_another_writer_may_not_preview_it(client, draft, writer):
    other = make_user("other", role=WRITER)
    submitted(draft, writer)
    client.login(username=other.username, password=PASSWORD)
    url = reverse("admin:articles_article_preview", args=[draft.pk])
    assert client.get(url).status_code in (403, 404)


def test_the_dashboard_lists_what_the_writer_submitted(client, writer, draft):
    submitted(draft, writer)
    client.login(username=writer.username, password=PASSWORD)
    board = client.get("/admin/").content.decode()
    section = board[board.index('id="dashboard-submitted"') :]
    assert draft.title in section[: section.index("</div>")]
    assert "in review" in section[: section.index("</div>")]


def test_one_history_holds_revisions_steps_and_the_log(editor_client, writer, draft):
    submitted(draft, writer)
    url = reverse("admin:articles_article_history", args=[draft.pk])
    page = editor_client.get(url).content.decode()
    assert "Revision 1" in page and "Submit for review" in page
    only_steps = editor_client.get(url, {"kind": "workflow"}).content.decode()
    assert "Submit for review" in only_steps and "Revision 1" not in only_steps
    form = editor_client.get(change_url(draft)).content.decode()
    assert "Workflow history</a>" not in form and ">Revisions</a>" not in form
