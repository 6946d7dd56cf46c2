"""The editorial workflow: one function per state change, called by the admin, tasks and commands.

Each function checks the actor's permission (server-side, whatever the caller showed), the
article's state and the transition's gates; changes the article in one transaction with its row
locked; records an ArticleTransition; and, once the transaction commits, enqueues what follows
(notification emails, a publish_due run at the scheduled time). A refused transition raises
WorkflowError and changes nothing.

    draft ─submit→ in_review ─approve→ approved ─schedule→ scheduled ─(publish_due)→ published
              ↖ changes_requested ↙                 └──────── publish ────────────↗     │
    draft ←back_to_draft─ unpublished ←──────────────── unpublish ──────────────────────┘
"""

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles import caching
from articles.editorial import emails, versions
from articles.facts import published_elsewhere
from articles.models import Article, ArticleStatus, ArticleTransition, Fact, FactStatus
from evnews.tasks import task

logger = logging.getLogger(__name__)

S = ArticleStatus
REVIEW = "articles.review_article"
PUBLISH = "articles.publish_article"
# A writer (no change_any_article) edits only their own articles, and only in these states.
WRITER_EDITABLE = {S.DRAFT, S.CHANGES_REQUESTED}
# A scheduled article still waiting this long after its time is flagged as missed.
SCHEDULE_GRACE = timedelta(minutes=1)
# Markdown images with no alt text: ![](...)
_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")


class WorkflowError(Exception):
    """A refused transition. `problems` lists every unmet condition, for the editor to fix."""

    def __init__(self, message, problems=()):
        self.problems = list(problems)
        super().__init__(f"{message}: {'; '.join(self.problems)}" if self.problems else message)


@dataclass(frozen=True)
class Rule:
    label: str
    sources: tuple[str, ...]
    target: str
    # None: whoever may edit the article (its author while a writer may, or any editor).
    permission: str | None


RULES = {
    "submit": Rule("Submit for review", (S.DRAFT, S.CHANGES_REQUESTED), S.IN_REVIEW, None),
    "request_changes": Rule(
        "Request changes", (S.IN_REVIEW, S.APPROVED), S.CHANGES_REQUESTED, REVIEW
    ),
    "approve": Rule("Approve", (S.IN_REVIEW,), S.APPROVED, REVIEW),
    "schedule": Rule("Schedule", (S.APPROVED, S.SCHEDULED), S.SCHEDULED, PUBLISH),
    "unschedule": Rule("Cancel schedule", (S.SCHEDULED,), S.APPROVED, PUBLISH),
    "publish": Rule("Publish now", (S.APPROVED, S.SCHEDULED), S.PUBLISHED, PUBLISH),
    "unpublish": Rule("Unpublish", (S.PUBLISHED,), S.UNPUBLISHED, PUBLISH),
    "back_to_draft": Rule(
        "Back to draft",
        (S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.UNPUBLISHED),
        S.DRAFT,
        REVIEW,
    ),
}


# Who may do what ------------------------------------------------------------------


def is_author(user, article):
    """Uses the prefetched authors when a list view has them."""
    return any(author.pk == user.pk for author in article.authors.all())


def can_edit(user, article):
    """Editors edit any article; a writer only their own, while it is theirs to work on, or
    (through a new version, never in place: articles.versions) once it is live."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.change_any_article"):
        return True
    workable = article.status in WRITER_EDITABLE or versions.is_live(article)
    return workable and is_author(user, article)


def has_right(action, article, user):
    permission = RULES[action].permission
    return can_edit(user, article) if permission is None else user.has_perm(permission)


def is_allowed(action, article, user):
    """Whether `user` may take `action` from the article's current state (gates not checked)."""
    return article.status in RULES[action].sources and has_right(action, article, user)


def available_actions(article, user):
    return [action for action in RULES if is_allowed(action, article, user)]


# Gates ------------------------------------------------------------------


def submission_problems(article):
    """What stops the article going to review: the reader-facing essentials and alt text."""
    problems = []
    if not article.title.strip():
        problems.append("it needs a title")
    if not article.dek.strip():
        problems.append("it needs a standfirst")
    sections = list(article.sections.all())
    if not sections:
        problems.append("it needs at least one section")
    if article.hero_image and not article.hero_alt.strip():
        problems.append("the hero image needs alt text")
    texts = [("the intro", article.intro), ("the closing", article.closing)]
    texts += [(f"section “{s.heading}”", s.body) for s in sections]
    problems += [f"an image in {where} needs alt text" for where, text in texts if _no_alt(text)]
    return problems


def _no_alt(markdown):
    return bool(_IMAGE_WITHOUT_ALT.search(markdown or ""))


def approval_problems(article, by):
    problems = []
    if is_author(by, article) and not settings.WORKFLOW_ALLOW_SELF_APPROVAL:
        problems.append("another editor must approve it: you are one of its authors")
    for fact in Fact.objects.filter(key_points__article=article).exclude(
        status=FactStatus.VERIFIED
    ):
        problems.append(f"key point fact “{fact}” is {fact.get_status_display().lower()}")
    return problems


def schedule_problems(at, unpublish_at, now):
    problems = []
    if at is None or at <= now:
        problems.append("the publication time must be in the future")
    if unpublish_at is not None and at is not None and unpublish_at <= at:
        problems.append("the unpublication time must come after the publication time")
    return problems


# The transitions ------------------------------------------------------------------


def submit(article, by, note=""):
    return _transition("submit", article, by, note, gate=_submission_gate)


def request_changes(article, by, note, part=None):
    """`part` (a KeyPoint or Section of the article) anchors the note beside that part."""
    if not note.strip():
        raise WorkflowError("Say what needs changing: the note goes to the author")
    record = _transition("request_changes", article, by, note)
    if part is not None:
        record.part_uid, record.part_label = part.uid, str(part)[:200]
        record.save(update_fields=["part_uid", "part_label"])
    return record


def approve(article, by, note=""):
    return _transition("approve", article, by, note, gate=_approval_gate)


def schedule(article, by, at, unpublish_at=None, note=""):
    problems = schedule_problems(at, unpublish_at, timezone.now())
    if problems:
        raise WorkflowError("Cannot schedule this article", problems)
    changes = {"scheduled_at": at, "unpublish_at": unpublish_at}
    record = _transition("schedule", article, by, note or _when(at), changes=changes)
    for when in filter(None, (at, unpublish_at)):
        transaction.on_commit(partial(_enqueue_publish_due, when), robust=True)
    return record


def unschedule(article, by, note=""):
    changes = {"scheduled_at": None, "unpublish_at": None}
    return _transition("unschedule", article, by, note, changes=changes)


def publish(article, by, note=""):
    """Publish now. A new version of a live article (`draft_of`) is merged into the live one
    (articles.versions.apply_version) and the returned step belongs to the live article."""
    return _transition("publish", article, by, note)


def unpublish(article, by, note=""):
    changes = {"scheduled_at": None, "unpublish_at": None}
    return _transition("unpublish", article, by, note, changes=changes)


def back_to_draft(article, by, note=""):
    changes = {"scheduled_at": None, "unpublish_at": None}
    return _transition("back_to_draft", article, by, note, changes=changes)


def _submission_gate(article, by):
    problems = submission_problems(article)
    if problems:
        raise WorkflowError("Not ready for review", problems)


def _approval_gate(article, by):
    problems = approval_problems(article, by)
    if problems:
        raise WorkflowError("Cannot approve yet", problems)


def _publish_changes(locked):
    """Computed on the locked row: the first publication date never moves."""
    now = timezone.now()
    return {"published_at": locked.published_at or now, "content_updated_at": now}


def _local(at):
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M %Z}"


def _when(at):
    return f"Publication set for {_local(at)}"


def _transition(action, article, by, note="", *, gate=None, changes=None):
    rule = RULES[action]
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not has_right(action, locked, by):
            raise WorkflowError(f"You may not {rule.label.lower()} “{locked}”")
        if locked.status not in rule.sources:
            raise WorkflowError(
                f"Cannot {rule.label.lower()} “{locked}”: it is {locked.get_status_display()}"
            )
        if gate:
            gate(locked, by)
        live = locked.draft_of or locked
        was_public = live.status == S.PUBLISHED
        # Paths from before the change too: a new version may move the article to another
        # category, company or author, whose pages must drop it.
        before = caching.listing_paths(live) if was_public else set()
        if action == "publish":
            record = _publish(locked, by, note)
        else:
            record = _move(locked, action, by, note, changes or {})
        if was_public or record.article.status == S.PUBLISHED:
            caching.invalidate(before)
            caching.article_changed(record.article)
    _copy_state(locked, article)
    return record


def _publish(article, by, note, *, merged_by=None):
    """Publish the locked article. A new version of a live article is not published itself:
    its content goes into the live article, which keeps its row, URL and first date, and the
    version's history (this step included) moves there with it (see _adopt_version_history)."""
    if article.draft_of_id is None:
        return _move(article, "publish", by, note, _publish_changes(article))
    signer = merged_by or by
    if signer is None:
        raise WorkflowError(f"Nobody to sign the new version of “{article}”: schedule it again")
    record = _record(article, "publish", S.PUBLISHED, by, note)
    record.article = live = versions.apply_version(article, signer)
    if article.unpublish_at:  # an end set on the version is the live article's end now
        Article.objects.filter(pk=live.pk).update(unpublish_at=article.unpublish_at)
    article.status = S.PUBLISHED
    return record


def _move(article, action, by, note, changes):
    """Change the (locked) article's state and record the step."""
    source = article.status
    article.status = RULES[action].target
    for field, value in changes.items():
        setattr(article, field, value)
    # A state change is not a content edit: update() leaves updated_at and derived data alone.
    Article.objects.filter(pk=article.pk).update(status=article.status, **changes)
    return _record(article, action, article.status, by, note, source=source)


def _record(article, action, target, by, note, *, source=None):
    """Keep the step in the article's history and notify whoever needs to know, on commit."""
    record = ArticleTransition.objects.create(
        article=article,
        action=action,
        from_status=source or article.status,
        to_status=target,
        by=by,
        note=note.strip(),
    )
    transaction.on_commit(partial(_enqueue_notification, record.pk), robust=True)
    return record


def record_import(article, by):
    """An article imported already published (`import_article --publish`, the demo loader) skipped
    review on its operator's word; its history says so rather than starting blank."""
    return ArticleTransition.objects.create(
        article=article,
        action="publish",
        from_status=ArticleStatus.DRAFT,
        to_status=article.status,
        by=by,
        note="Published on import, without review.",
    )


def record_published_elsewhere(article, by, url=""):
    """An article imported published because it already was, elsewhere (`import_wordpress`): the
    step that lets it stand with unverified key points (see `facts.published_elsewhere`)."""
    where = f" at {url}" if url else ""
    return ArticleTransition.objects.create(
        article=article,
        action=published_elsewhere.IMPORT_ACTION,
        from_status=ArticleStatus.DRAFT,
        to_status=article.status,
        by=by,
        note=f"Imported already published{where}; its key points are not yet verified.",
    )


def _adopt_version_history(sender, copy, live, by, **kwargs):
    """A published new version's steps join the live article's history before the copy goes."""
    ArticleTransition.objects.filter(article=copy).update(article=live, on_version=True)


versions.version_applied.connect(_adopt_version_history, dispatch_uid="workflow-version-history")


def _copy_state(source, target):
    for field in ("status", "published_at", "content_updated_at", "scheduled_at", "unpublish_at"):
        setattr(target, field, getattr(source, field))


def _enqueue_notification(transition_id):
    emails.notify_transition.enqueue(transition_id)


def _enqueue_publish_due(when):
    """A run at the scheduled time; publish_due also runs from cron, so a backend that cannot
    defer (the immediate one in tests) simply skips this."""
    if publish_due_articles.get_backend().supports_defer:
        publish_due_articles.using(run_after=when).enqueue()


# Scheduled publication ------------------------------------------------------------------


@task()
def publish_due_articles():
    """Enqueued for each scheduled time; `manage.py publish_due` does the same from cron."""
    result = publish_due()
    return {"published": len(result.published), "unpublished": len(result.unpublished)}


@dataclass
class DueResult:
    published: list
    unpublished: list


def due_for_publication(now=None):
    now = now or timezone.now()
    return Article.objects.filter(status=S.SCHEDULED, scheduled_at__lte=now)


def due_for_unpublication(now=None):
    now = now or timezone.now()
    return Article.objects.filter(status=S.PUBLISHED, unpublish_at__lte=now)


def missed_schedules(now=None):
    """Scheduled articles whose time passed without a worker publishing them."""
    now = now or timezone.now()
    return Article.objects.filter(status=S.SCHEDULED, scheduled_at__lt=now - SCHEDULE_GRACE)


def publish_due(now=None, dry_run=False):
    """Publish every scheduled article whose time has come, unpublish every one whose end has.

    Idempotent and safe to run from several workers at once: each article is taken in its own
    transaction with SKIP LOCKED, so a row another worker holds is left to that worker, and a
    row it has finished no longer matches. Anything due while nothing ran is published now.
    """
    now = now or timezone.now()
    if dry_run:
        return DueResult(
            list(due_for_publication(now).order_by("scheduled_at")),
            list(due_for_unpublication(now).order_by("unpublish_at")),
        )
    return DueResult(
        _run_due(due_for_publication(now), "scheduled_at", "publish"),
        _run_due(due_for_unpublication(now), "unpublish_at", "unpublish"),
    )


def _run_due(due, order_field, action):
    done, failed = [], set()
    while (taken := _take_one(due.exclude(pk__in=failed), order_field, action)) is not None:
        article, ok = taken
        if ok:
            done.append(article)
        else:
            failed.add(article.pk)
    return done


def _take_one(due, order_field, action):
    """Take the next due article and act on it: (article, True); (article, False) if that
    failed (it stays due, flagged as missed, and is logged); None when nothing is left."""
    try:
        with transaction.atomic():
            article = due.select_for_update(skip_locked=True).order_by(order_field, "pk").first()
            if article is None:
                return None
            _act_on_schedule(article, action)
    except (WorkflowError, versions.VersionError, PermissionDenied) as error:
        logger.error("publish_due: could not %s “%s”: %s", action, article, error)
        return article, False
    logger.info("publish_due: %s “%s”", action, article)
    return article, True


def _act_on_schedule(article, action):
    if action == "unpublish":
        _move(article, "unpublish", None, "Unpublished on schedule", {"unpublish_at": None})
        return
    note = f"Published on schedule (set for {_local(article.scheduled_at)})"
    # Merging a new version is signed by whoever scheduled it: the scheduler has no account.
    _publish(article, None, note, merged_by=_scheduled_by(article))


def _scheduled_by(article):
    step = article.transitions.filter(action="schedule").select_related("by").first()
    return step.by if step else None
