"""Two editors, one article: the second save is refused, shown what changed, and loses nothing."""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

from articles.editorial import revisions
from articles.models import Article
from articles.roles import EDITOR
from tests.admin_forms import add_inline_row, change_form_data, change_url
from tests.factories import make_user


@pytest.fixture
def alice(db):
    return make_user("alice", role=EDITOR, first_name="Alice", last_name="Ng")


@pytest.fixture
def bob(db):
    return make_user("bob", role=EDITOR, first_name="Bob")


@pytest.fixture
def both_open(client, alice, bob, draft):
    """Alice and Bob have each loaded the change form of a draft with one revision (as every
    article made or imported in the newsroom has); returns their form data, in that order."""
    revisions.record(draft, alice)
    forms = []
    for user in (alice, bob):
        client.force_login(user)
        forms.append(change_form_data(client.get(change_url(draft))))
    return forms


def save_as(client, user, article, data):
    client.force_login(user)
    return client.post(change_url(article), data)


def test_the_change_form_carries_the_version_it_was_opened_at(client, editor, draft):
    client.force_login(editor)
    data = change_form_data(client.get(change_url(draft)))
    assert data["opened_version"] == "0"


def test_the_second_save_is_refused_and_the_first_kept(client, alice, bob, draft, both_open):
    alice_data, bob_data = both_open
    alice_data["title"] = "Alice's title"
    bob_data["title"] = "Bob's title"

    assert save_as(client, alice, draft, alice_data).status_code == 302
    response = save_as(client, bob, draft, bob_data)

    assert response.status_code == 200
    assert Article.objects.get(pk=draft.pk).title == "Alice's title"
    assert draft.revisions.count() == 2


def test_the_refusal_says_who_saved_and_shows_what_changed(client, alice, bob, draft, both_open):
    alice_data, bob_data = both_open
    alice_data["dek"] = "Alice rewrote the standfirst."
    save_as(client, alice, draft, alice_data)

    response = save_as(client, bob, draft, bob_data)

    errors = response.context["adminform"].form.non_field_errors()
    assert "Not saved: Alice Ng saved this article" in errors[0]
    assert "(revision 2)" in errors[0]
    assert "Changed since you opened this article" in response.text
    added = '<ins><span class="visually-hidden">added: </span>Alice rewrote the standfirst</ins>'
    assert added in response.text


def test_the_refused_form_keeps_everything_typed(client, alice, bob, draft, both_open):
    alice_data, bob_data = both_open
    alice_data["title"] = "Alice's title"
    save_as(client, alice, draft, alice_data)
    bob_data["closing"] = "Bob's careful closing paragraph."
    add_inline_row(bob_data, "sections", heading="Bob's new section", body="Typed by Bob.")

    response = save_as(client, bob, draft, bob_data)

    form = response.context["adminform"].form
    assert form["closing"].value() == "Bob's careful closing paragraph."
    (sections,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "sections"
    ]
    assert sections.forms[-1]["heading"].value() == "Bob's new section"
    assert "Bob&#x27;s careful closing paragraph." in response.text


def test_saving_again_after_the_refusal_replaces_theirs_and_keeps_it_in_history(
    client, alice, bob, draft, both_open
):
    alice_data, bob_data = both_open
    alice_data["title"] = "Alice's title"
    save_as(client, alice, draft, alice_data)
    bob_data["title"] = "Bob's title"
    refused = save_as(client, bob, draft, bob_data)
    opened = refused.context["adminform"].form["opened_version"].value()

    assert opened == "2"
    assert save_as(client, bob, draft, {**bob_data, "opened_version": opened}).status_code == 302
    titles = [r.data["fields"]["title"] for r in draft.revisions.order_by("number")]
    assert titles == ["A draft nobody may see", "Alice's title", "Bob's title"]


def test_an_edit_to_an_inline_alone_counts_as_a_change(client, alice, bob, draft, both_open):
    alice_data, bob_data = both_open
    alice_data["sections-0-body"] = "Alice changed only the section."
    save_as(client, alice, draft, alice_data)

    response = save_as(client, bob, draft, bob_data)

    assert response.status_code == 200
    assert response.context["adminform"].form.conflict is not None
    assert draft.sections.get().body == "Alice changed only the section."


def test_a_save_without_changes_by_the_first_editor_does_not_block_the_second(
    client, alice, bob, draft, both_open
):
    alice_data, bob_data = both_open
    save_as(client, alice, draft, alice_data)
    bob_data["title"] = "Bob's title"

    response = save_as(client, bob, draft, bob_data)

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Bob's title"


def test_each_content_save_moves_the_version_on(client, editor, draft):
    client.force_login(editor)
    for title in ("One", "Two"):
        data = change_form_data(client.get(change_url(draft)))
        data["title"] = title
        client.post(change_url(draft), data)
    assert Article.objects.get(pk=draft.pk).lock_version == 2


def test_a_form_without_its_version_is_refused_with_a_clear_message(client, editor, draft):
    client.force_login(editor)
    data = change_form_data(client.get(change_url(draft)))
    del data["opened_version"]

    response = client.post(change_url(draft), data)

    assert response.status_code == 200
    assert "reload the article" in response.text
    assert not list(get_messages(response.wsgi_request))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_cannot_both_pass(monkeypatch, alice, bob, draft):
    """The version check locks the row: while Alice's save is still being written, Bob's waits,
    then sees her revision and is refused (without the lock both would pass the check)."""
    revisions.record(draft, alice)
    clients, forms = {}, {}
    for user in (alice, bob):
        clients[user] = Client()
        clients[user].force_login(user)
        forms[user] = change_form_data(clients[user].get(change_url(draft)))
        forms[user]["title"] = f"{user.first_name}'s title"
    record = revisions.record

    def slow_record(*args, **kwargs):
        time.sleep(0.5)  # widen the window between the check and the commit
        return record(*args, **kwargs)

    monkeypatch.setattr(revisions, "record", slow_record)
    statuses = {}

    def save(user):
        statuses[user.username] = clients[user].post(change_url(draft), forms[user]).status_code
        connection.close()

    threads = [threading.Thread(target=save, args=(user,)) for user in (alice, bob)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()

    assert statuses == {"alice": 302, "bob": 200}
    assert Article.objects.get(pk=draft.pk).title == "Alice's title"
    assert draft.revisions.count() == 2
