"""Fact versions: a cited fact's edit waits for verification; verifying it publishes a dated
correction everywhere readers look; conflicts and bad input are refused with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from articles.facts import corrections, versions
from articles.facts.verification import VerificationError, verify_fact
from articles.models import (
    ArticleStatus,
    ArticleTransition,
    Correction,
    CorrectionEmail,
    FactKind,
    FactStatus,
    FactVersionStatus,
    Source,
    Subscription,
)
from articles.subscriptions import notifications
from tests.admin_forms import change_form_data, change_url
from tests.factories import make_article, make_company, make_fact, make_user
from tests.page_checks import json_ld

STATEMENT = "The BYD plant in Szeged can build 150,000 cars a year."
EDITED = "The BYD plant in Szeged can build 500,000 cars a year."


@pytest.fixture
def byd(db):
    return make_company("BYD")


@pytest.fixture
def plant(byd, editor):
    fact = make_fact(
        STATEMENT, subject=byd, kind=FactKind.CAPACITY, value=Decimal(150000), unit="cars/year"
    )
    versions.record(fact, editor, note="First text")
    return verify_fact(fact, editor, "Checked against the source.")


@pytest.fixture
def live(plant, writer, byd):
    return make_article(
        "BYD in Hungary",
        authors=[writer],
        companies=[byd],
        key_facts=[plant],
        status=ArticleStatus.PUBLISHED,
    )


@pytest.fixture
def subscriber(live):
    return Subscription.objects.create(
        article=live, email="sam@example.com", kind="all", confirmed_at=timezone.now()
    )


def login(client, user):
    client.force_login(user)
    return client


def edit_fact(client, fact, **changes):
    data = change_form_data(client.get(change_url(fact)))
    data.update(changes)
    return client.post(change_url(fact), data)


def check_url(fact, number):
    return reverse("admin:articles_fact_check_version", args=[fact.pk, number])


def test_a_writers_edit_of_a_cited_fact_waits_and_readers_see_no_change(
    client, live, plant, writer
):
    login(client, writer)
    response = edit_fact(client, plant, statement=EDITED, value="500000")
    assert response.status_code == 302
    plant.refresh_from_db()
    assert plant.statement == STATEMENT and plant.status == FactStatus.VERIFIED
    pending = plant.versions.get(status=FactVersionStatus.PENDING)
    assert pending.data["statement"] == EDITED and pending.created_by == writer
    client.logout()
    page = client.get(live.get_absolute_url()).text
    assert "150,000" in page and "500,000" not in page
    assert "500,000" not in client.get(reverse("articles:feed-rss")).text
    assert "500,000" not in str(json_ld(client.get(live.get_absolute_url())))


def test_writers_may_propose_but_never_verify(client, live, plant, writer):
    login(client, writer)
    edit_fact(client, plant, statement=EDITED, value="500000")
    version = plant.versions.get(status=FactVersionStatus.PENDING)
    assert client.get(check_url(plant, version.number)).status_code == 403
    response = client.post(check_url(plant, version.number), {"change_kind": "update"})
    assert response.status_code == 403
    with pytest.raises(VerificationError):
        versions.verify_version(version, writer, change_kind="update", public_note="x")


def test_verifying_publishes_a_dated_correction_everywhere(
    client, live, plant, writer, editor, subscriber, django_capture_on_commit_callbacks
):
    login(client, writer)
    edit_fact(client, plant, statement=EDITED, value="500000")
    version = plant.versions.get(status=FactVersionStatus.PENDING)
    login(client, editor)
    note = "We said 150,000; the permit for the plant is for 500,000 cars a year."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            check_url(plant, version.number),
            {"change_kind": "correction", "public_note": note, "check_note": "Permit read."},
        )
    assert response.status_code == 302
    plant.refresh_from_db()
    assert plant.statement == EDITED and plant.value == Decimal(500000)
    assert plant.status == FactStatus.VERIFIED and plant.verified_by == editor
    correction = Correction.objects.get()
    assert (correction.article, correction.fact, correction.kind) == (live, plant, "correction")

    client.logout()
    response = client.get(live.get_absolute_url())
    page = response.text
    assert EDITED in page and STATEMENT not in page
    assert page.count(f"</time>: {note}") == 2  # at the top and at the key point
    assert f'datetime="{correction.created_at.isoformat()}"' in page
    data = json_ld(response)
    modified = datetime.datetime.fromisoformat(data["dateModified"])
    assert abs(modified - correction.created_at) < datetime.timedelta(milliseconds=1)
    assert data["correction"][0]["@type"] == "CorrectionComment"
    assert note in data["correction"][0]["text"]
    assert note in client.get(reverse("articles:corrections")).text
    for feed in ("articles:corrections-rss", "articles:corrections-atom"):
        assert note in client.get(reverse(feed)).text
    atom = client.get(reverse("articles:feed-atom")).text
    assert f"<updated>{correction.created_at.isoformat()}" in atom.replace("Z<", "+00:00<")
    assert EDITED in client.get(reverse("articles:feed-rss")).text
    sitemap = client.get("/sitemap.xml").text
    assert correction.created_at.date().isoformat() in sitemap

    emails = [m for m in mail.outbox if m.to == ["sam@example.com"]]
    assert len(emails) == 1 and note in emails[0].body
    assert live.transitions.filter(action="correction").exists()


def test_a_subscriber_with_two_subscriptions_gets_one_email_once(
    live, plant, editor, subscriber, django_capture_on_commit_callbacks
):
    Subscription.objects.create(
        article=live, email="sam@example.com", kind="replies", confirmed_at=timezone.now()
    )
    Subscription.objects.create(article=live, email="unconfirmed@example.com", kind="all")
    version = versions.propose(plant, editor, versions.snapshot(plant, statement=EDITED))
    with django_capture_on_commit_callbacks(execute=True):
        versions.verify_version(version, editor, change_kind="update", public_note="Now 500,000.")
    correction = Correction.objects.get()
    notifications.plan_correction_emails.call(correction.pk)  # a second run owes nothing new
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]
    assert CorrectionEmail.objects.get().status == "sent"


def test_the_fact_history_shows_who_when_and_a_word_diff(client, live, plant, writer, editor):
    login(client, writer)
    edit_fact(client, plant, statement=EDITED, value="500000")
    login(client, editor)
    page = client.get(reverse("admin:articles_fact_versions", args=[plant.pk])).text
    assert "Version 2: Waiting for verification" in page
    assert '<ins><span class="visually-hidden">added: </span>500</ins>' in page
    assert "Writer" in page


def test_an_uncited_fact_is_edited_in_place_and_unverified(client, editor):
    fact = make_fact("Draft figure.", kind=FactKind.OTHER)
    verify_fact(fact, editor)
    login(client, editor)
    assert edit_fact(client, fact, statement="Draft figure, revised.").status_code == 302
    fact.refresh_from_db()
    assert fact.statement == "Draft figure, revised." and fact.status == FactStatus.UNVERIFIED
    assert fact.versions.get().status == FactVersionStatus.RECORDED


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client, plant, editor, writer):
    login(client, editor)
    data = change_form_data(client.get(change_url(plant)))
    other = make_user("other", role="Editor")
    login(client, other)
    edit_fact(client, plant, unit="vehicles/year")
    login(client, editor)
    data.update(statement="My own edit.")
    response = client.post(change_url(plant), data)
    assert response.status_code == 200
    assert "after you opened it" in response.text and "My own edit." in response.text
    plant.refresh_from_db()
    assert plant.statement == STATEMENT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": ""}, "value", "needs a number"),
        ({"value": "many"}, "value", "Enter a number."),
        ({"as_of": "2999-01-01"}, "as_of", "cannot be in the future"),
    ],
)
def test_bad_fact_values_are_form_errors_and_nothing_is_saved(
    client, plant, editor, changes, field, message
):
    login(client, editor)
    response = edit_fact(client, plant, **changes)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
    assert plant.versions.count() == 1


def test_a_source_url_must_be_http_or_https(client, editor):
    login(client, editor)
    response = client.post(
        reverse("admin:articles_source_add"),
        {"publisher": "Reuters", "url": "ftp://example.com/report"},
    )
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert not Source.objects.exists()


def test_a_correction_note_over_its_limit_is_refused(client, live, plant, editor):
    version = versions.propose(plant, editor, versions.snapshot(plant, statement=EDITED))
    login(client, editor)
    response = client.post(
        check_url(plant, version.number), {"change_kind": "correction", "public_note": "x" * 281}
    )
    assert response.status_code == 400
    assert "at most 280 characters" in response.text
    version.refresh_from_db()
    assert version.status == FactVersionStatus.PENDING and not Correction.objects.exists()


def test_verifying_without_a_public_note_is_refused_when_published_articles_cite_it(
    client, live, plant, editor
):
    version = versions.propose(plant, editor, versions.snapshot(plant, statement=EDITED))
    login(client, editor)
    response = client.post(check_url(plant, version.number), {"check_note": "ok"})
    assert response.status_code == 400
    assert "choose correction or update" in response.text


def test_a_version_without_sources_cannot_be_verified(live, plant, editor):
    version = versions.propose(plant, editor, versions.snapshot(plant, sources=[]))
    with pytest.raises(VerificationError, match="at least one source"):
        versions.verify_version(version, editor, change_kind="update", public_note="x")


def test_the_second_of_two_versions_written_on_one_text_is_refused(live, plant, editor):
    first = versions.propose(plant, editor, versions.snapshot(plant, statement=EDITED))
    second = versions.propose(plant, editor, versions.snapshot(plant, statement="Other."))
    versions.verify_version(first, editor, change_kind="update", public_note="Now 500,000.")
    with pytest.raises(versions.ConflictError, match="stays pending"):
        versions.verify_version(second, editor, change_kind="update", public_note="Other.")
    second.refresh_from_db()
    assert second.status == FactVersionStatus.PENDING  # nothing lost


def test_rejecting_a_version_needs_a_reason_and_changes_nothing_readers_see(plant, editor):
    version = versions.propose(plant, editor, versions.snapshot(plant, statement=EDITED))
    with pytest.raises(VerificationError):
        versions.reject_version(version, editor, "")
    versions.reject_version(version, editor, "The permit says 150,000.")
    plant.refresh_from_db()
    assert plant.statement == STATEMENT
    assert version.__class__.objects.get(pk=version.pk).status == FactVersionStatus.REJECTED


def test_an_editor_attaches_a_correction_without_a_fact_change(client, live, editor):
    login(client, editor)
    response = client.post(
        reverse("admin:articles_correction_add"),
        {"article": live.pk, "kind": "correction", "note": "The plant is in Szeged, not Pécs."},
    )
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.fact is None and correction.created_by == editor
    client.logout()
    assert "not Pécs" in client.get(live.get_absolute_url()).text
    assert ArticleTransition.objects.filter(article=live, action="correction").exists()


def test_the_corrections_page_keeps_to_its_query_budget(
    client, live, editor, django_assert_max_num_queries
):
    for n in range(5):
        other = make_article(f"Story {n}", key_facts=[], status=ArticleStatus.PUBLISHED)
        corrections.attach_correction(other, editor, "update", f"Update {n}.")
    with django_assert_max_num_queries(4):
        assert client.get(reverse("articles:corrections")).status_code == 200


def test_an_as_of_date_today_is_fine(plant):
    plant.as_of = datetime.date.today()
    plant.full_clean()


def test_shared_pages_show_the_verified_version_at_once(
    client, live, plant, editor, byd, django_capture_on_commit_callbacks
):
    """Reader pages are shared through the cache: verifying renews the ones that show the fact."""
    assert STATEMENT in client.get(live.get_absolute_url()).text  # now cached
    assert STATEMENT in client.get(byd.get_absolute_url()).text
    version = versions.propose(plant, editor, versions.snapshot(plant, statement=EDITED))
    with django_capture_on_commit_callbacks(execute=True):
        versions.verify_version(version, editor, change_kind="update", public_note="Phase two.")
    assert EDITED in client.get(live.get_absolute_url()).text
    assert EDITED in client.get(byd.get_absolute_url()).text
    assert "Phase two." in client.get(reverse("articles:feed-rss")).text
