"""The workflow's rules, called the way the admin, tasks and commands call them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.editorial import workflow
from articles.editorial.workflow import WorkflowError
from articles.facts import verification
from articles.models import ArticleStatus, ArticleTransition, FactStatus
from articles.roles import EDITOR, MODERATOR, PUBLISHER, WRITER
from tests.factories import make_article, make_fact, make_user

S = ArticleStatus
ROLES = ["author", "other_writer", "editor", "publisher", "moderator", "reader"]
# Who may take each transition. Everything not listed is refused: the matrix tests both.
ALLOWED = {
    "submit": {"author", "editor", "publisher"},
    "request_changes": {"editor", "publisher"},
    "approve": {"editor", "publisher"},
    "schedule": {"publisher"},
    "unschedule": {"publisher"},
    "publish": {"publisher"},
    "unpublish": {"publisher"},
    "back_to_draft": {"editor", "publisher"},
}
# A state each transition may start from.
STARTS = {
    "submit": S.DRAFT,
    "request_changes": S.IN_REVIEW,
    "approve": S.IN_REVIEW,
    "schedule": S.APPROVED,
    "unschedule": S.SCHEDULED,
    "publish": S.APPROVED,
    "unpublish": S.PUBLISHED,
    "back_to_draft": S.APPROVED,
}


def take(action, article, user, **kwargs):
    """Call a transition with the arguments it needs and sensible defaults."""
    if action == "schedule":
        kwargs.setdefault("at", timezone.now() + timedelta(hours=2))
    if action == "request_changes":
        kwargs.setdefault("note", "Add a source for the delivery figure.")
    return getattr(workflow, action)(article, user, **kwargs)


@pytest.fixture
def make_ready(writer, verified_fact):
    """An article by `writer` that passes every gate, in the state asked for."""

    def make(status=S.DRAFT, **fields):
        if status == S.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(days=1))
        return make_article(
            "Xiaomi SU7 first drive",
            authors=[writer],
            key_facts=[verified_fact],
            status=status,
            **fields,
        )

    return make


@pytest.fixture
def person(request, writer):
    role = request.param
    if role == "author":
        return writer
    if role == "other_writer":
        return make_user("other_writer", role=WRITER)
    return request.getfixturevalue(role)


MATRIX = [
    pytest.param(action, role, role in ALLOWED[action], id=f"{role}-{action}")
    for action in ALLOWED
    for role in ROLES
]


@pytest.mark.parametrize(("action", "person", "allowed"), MATRIX, indirect=["person"])
def test_permission_matrix(make_ready, action, person, allowed):
    article = make_ready(STARTS[action])
    if allowed:
        record = take(action, article, person)
        article.refresh_from_db()
        assert article.status == workflow.RULES[action].target
        assert (record.by, record.from_status, record.to_status) == (
            person,
            STARTS[action],
            article.status,
        )
    else:
        with pytest.raises(WorkflowError, match="You may not"):
            take(action, article, person)
        article.refresh_from_db()
        assert article.status == STARTS[action]
        assert not ArticleTransition.objects.exists()


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", S.DRAFT),
        ("publish", S.DRAFT),
        ("publish", S.IN_REVIEW),
        ("schedule", S.CHANGES_REQUESTED),
        ("unpublish", S.APPROVED),
        ("submit", S.PUBLISHED),
        ("back_to_draft", S.PUBLISHED),
        ("unschedule", S.APPROVED),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(
    make_ready, publisher, action, status
):
    article = make_ready(status)
    with pytest.raises(WorkflowError, match="Cannot"):
        take(action, article, publisher)
    article.refresh_from_db()
    assert article.status == status
    assert article.transitions.count() == 0


def test_the_status_is_read_from_the_locked_row_not_a_stale_instance(make_ready, editor):
    stale = make_ready(S.IN_REVIEW)
    workflow.approve(stale, editor)
    stale.status = S.IN_REVIEW  # another request still holds the old state
    with pytest.raises(WorkflowError, match="it is Approved"):
        workflow.approve(stale, editor)


# Gates ------------------------------------------------------------------


def test_submit_needs_a_standfirst_and_a_section(make_ready, writer):
    article = make_ready(dek="", sections=())
    with pytest.raises(WorkflowError) as refused:
        workflow.submit(article, writer)
    assert refused.value.problems == ["it needs a standfirst", "it needs at least one section"]
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_submit_needs_alt_text_on_the_hero_image(make_ready, writer):
    image = SimpleUploadedFile("hero.png", b"not checked here", content_type="image/png")
    article = make_ready(hero_image=image, hero_alt="")
    with pytest.raises(WorkflowError, match="the hero image needs alt text"):
        workflow.submit(article, writer)


def test_submit_needs_alt_text_on_images_in_the_text(make_ready, writer):
    article = make_ready(sections=(("Design", "Look: ![ ](https://example.com/su7.jpg)"),))
    with pytest.raises(WorkflowError, match="an image in section “Design” needs alt text"):
        workflow.submit(article, writer)


def test_submit_accepts_images_that_have_alt_text(make_ready, writer):
    article = make_ready(intro="![The SU7 in blue](/media/su7.jpg)")
    workflow.submit(article, writer)
    assert article.status == S.IN_REVIEW


def test_a_writer_resubmits_after_changes_were_requested(make_ready, writer, editor):
    article = make_ready(S.IN_REVIEW)
    workflow.request_changes(article, editor, "Name the source of the price.")
    workflow.submit(article, writer, "Source added.")
    assert article.status == S.IN_REVIEW


def test_requesting_changes_needs_a_note_for_the_author(make_ready, editor):
    article = make_ready(S.IN_REVIEW)
    with pytest.raises(WorkflowError, match="Say what needs changing"):
        workflow.request_changes(article, editor, "  ")
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


@pytest.mark.parametrize("status", [FactStatus.UNVERIFIED, FactStatus.DISPUTED])
def test_approval_is_refused_while_a_key_point_fact_is_not_verified(make_ready, editor, status):
    article = make_ready(S.IN_REVIEW)
    doubtful = make_fact("Xiaomi will sell 100,000 cars in 2024.", status=status)
    article.key_points.create(fact=doubtful, position=1)
    with pytest.raises(WorkflowError) as refused:
        workflow.approve(article, editor)
    assert refused.value.problems == [
        f"key point fact “Xiaomi will sell 100,000 cars in 2024.” is {status.label.lower()}"
    ]
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


def test_approval_goes_through_once_the_fact_is_verified(make_ready, editor):
    article = make_ready(S.IN_REVIEW)
    doubtful = make_fact("Xiaomi will sell 100,000 cars in 2024.")
    article.key_points.create(fact=doubtful, position=1)
    verification.verify_fact(doubtful, editor, "The company's own filing says so.")
    workflow.approve(article, editor)
    assert article.status == S.APPROVED


def test_an_editor_cannot_approve_their_own_article(make_ready, editor):
    article = make_ready(S.IN_REVIEW)
    article.authors.add(editor)
    with pytest.raises(WorkflowError, match="another editor must approve it"):
        workflow.approve(article, editor)


def test_a_small_newsroom_may_allow_self_approval(make_ready, editor, settings):
    settings.WORKFLOW_ALLOW_SELF_APPROVAL = True
    article = make_ready(S.IN_REVIEW)
    article.authors.add(editor)
    workflow.approve(article, editor)
    assert article.status == S.APPROVED


def test_scheduling_in_the_past_is_refused(make_ready, publisher):
    article = make_ready(S.APPROVED)
    with pytest.raises(WorkflowError, match="must be in the future"):
        workflow.schedule(article, publisher, timezone.now() - timedelta(minutes=5))
    article.refresh_from_db()
    assert (article.status, article.scheduled_at) == (S.APPROVED, None)


def test_unpublication_must_come_after_publication(make_ready, publisher):
    article = make_ready(S.APPROVED)
    at = timezone.now() + timedelta(days=1)
    with pytest.raises(WorkflowError, match="must come after the publication time"):
        workflow.schedule(article, publisher, at, unpublish_at=at - timedelta(hours=1))


def test_scheduling_records_both_times(make_ready, publisher):
    article = make_ready(S.APPROVED)
    at = timezone.now() + timedelta(days=1)
    workflow.schedule(article, publisher, at, unpublish_at=at + timedelta(days=7))
    article.refresh_from_db()
    assert (article.status, article.scheduled_at, article.unpublish_at) == (
        S.SCHEDULED,
        at,
        at + timedelta(days=7),
    )


def test_cancelling_a_schedule_returns_the_article_to_approved(make_ready, publisher):
    article = make_ready(S.APPROVED)
    workflow.schedule(article, publisher, timezone.now() + timedelta(days=1))
    workflow.unschedule(article, publisher)
    article.refresh_from_db()
    assert (article.status, article.scheduled_at) == (S.APPROVED, None)


# What publishing does ------------------------------------------------------------------


def test_publishing_stamps_the_first_publication_date(make_ready, publisher):
    article = make_ready(S.APPROVED)
    workflow.publish(article, publisher)
    article.refresh_from_db()
    assert article.status == S.PUBLISHED
    assert article.published_at == article.content_updated_at
    assert not article.was_updated


def test_republishing_keeps_the_first_date_and_shows_updated(make_ready, publisher, editor):
    article = make_ready(S.APPROVED)
    workflow.publish(article, publisher)
    first = article.published_at
    workflow.unpublish(article, publisher, "Price was wrong.")
    workflow.back_to_draft(article, editor)
    workflow.submit(article, editor)
    workflow.approve(article, publisher)
    workflow.publish(article, publisher)
    article.refresh_from_db()
    assert article.published_at == first
    assert article.was_updated


def test_a_state_change_is_not_a_content_edit(make_ready, editor):
    article = make_ready(S.IN_REVIEW)
    edited = article.updated_at
    workflow.approve(article, editor)
    article.refresh_from_db()
    assert article.updated_at == edited


# History ------------------------------------------------------------------


def test_every_step_of_a_story_is_recorded_in_order(make_ready, writer, editor, publisher):
    article = make_ready()
    workflow.submit(article, writer)
    workflow.request_changes(article, editor, "Cite the NDRC filing.")
    workflow.submit(article, writer, "Cited.")
    workflow.approve(article, editor)
    workflow.publish(article, publisher)
    steps = list(article.transitions.order_by("at", "id").values_list("action", "by__username"))
    assert steps == [
        ("submit", "writer"),
        ("request_changes", "editor"),
        ("submit", "writer"),
        ("approve", "editor"),
        ("publish", "publisher"),
    ]
    request = article.transitions.get(action="request_changes")
    assert (request.from_status, request.to_status, request.note) == (
        S.IN_REVIEW,
        S.CHANGES_REQUESTED,
        "Cite the NDRC filing.",
    )


# Who may edit ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "editable"),
    [
        (S.DRAFT, True),
        (S.CHANGES_REQUESTED, True),
        (S.IN_REVIEW, False),
        (S.APPROVED, False),
        (S.SCHEDULED, False),
        (S.UNPUBLISHED, False),
        (S.PUBLISHED, True),  # through a new version only: the live article stays read-only
    ],
)
def test_a_writer_edits_their_own_article_only_while_it_is_theirs(
    make_ready, writer, status, editable
):
    assert workflow.can_edit(writer, make_ready(status)) is editable


def test_a_writer_never_edits_someone_elses_draft(make_ready):
    other = make_user("other_writer", role=WRITER)
    assert not workflow.can_edit(other, make_ready())


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.PUBLISHED])
def test_editors_edit_any_article(make_ready, editor, status):
    assert workflow.can_edit(editor, make_ready(status))


def test_available_actions_follow_role_and_state(make_ready, writer, editor, publisher):
    article = make_ready(S.APPROVED)
    assert workflow.available_actions(article, writer) == []
    assert workflow.available_actions(article, editor) == ["request_changes", "back_to_draft"]
    assert workflow.available_actions(article, publisher) == [
        "request_changes",
        "schedule",
        "publish",
        "back_to_draft",
    ]


# Roles come from the migration ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "granted", "withheld"),
    [
        (WRITER, [], ["review_article", "publish_article", "verify_fact", "change_any_article"]),
        (EDITOR, ["review_article", "verify_fact", "change_any_article"], ["publish_article"]),
        (PUBLISHER, ["review_article", "verify_fact", "publish_article"], []),
        (MODERATOR, [], ["review_article", "verify_fact", "publish_article"]),
    ],
)
def test_the_migration_grants_each_role_its_workflow_permissions(db, role, granted, withheld):
    codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
    assert set(granted) <= codenames
    assert not set(withheld) & codenames
