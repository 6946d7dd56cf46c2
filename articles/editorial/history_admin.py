"""One "History" for an article: its content revisions, its workflow steps and the admin's own
log on one timeline, newest first, filterable by kind. It replaces Django's History page (the
"History" button); the revision pages (compare, restore) stay reachable from it."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.editorial import workflow
from articles.people import display_name

KINDS = {"revision": "Revisions", "workflow": "Workflow steps", "log": "Admin log"}


def _who(user):
    return display_name(user) if user else "—"


def timeline(article, kind=None):
    """[{kind, at, who, what, note, url}] newest first, in three queries."""
    entries = []
    if kind in (None, "revision"):
        for revision in article.revisions.select_related("created_by"):
            entries.append(
                {
                    "kind": "revision",
                    "at": revision.created_at,
                    "who": _who(revision.created_by),
                    "what": f"Revision {revision.number}",
                    "note": revision.note,
                    "url": reverse(
                        "admin:articles_article_revision_preview",
                        args=[article.pk, revision.number],
                    ),
                }
            )
    if kind in (None, "workflow"):
        for step in article.transitions.select_related("by"):
            label = (
                workflow.RULES[step.action].label if step.action in workflow.RULES else step.action
            )
            entries.append(
                {
                    "kind": "workflow",
                    "at": step.at,
                    "who": step.actor_name,
                    "what": f"{label}: {step.get_from_status_display()} → "
                    f"{step.get_to_status_display()}",
                    "note": step.note
                    + (f" (about “{step.part_label}”)" if step.part_label else ""),
                    "url": "",
                }
            )
    if kind in (None, "log"):
        log = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(article), object_id=str(article.pk)
        ).select_related("user")
        for entry in log:
            entries.append(
                {
                    "kind": "log",
                    "at": entry.action_time,
                    "who": _who(entry.user),
                    "what": {1: "Added", 2: "Changed", 3: "Deleted"}.get(entry.action_flag, ""),
                    "note": entry.get_change_message(),
                    "url": "",
                }
            )
    for entry in entries:
        entry["label"] = KINDS[entry["kind"]]
    return sorted(entries, key=lambda entry: entry["at"], reverse=True)


class HistoryAdminMixin:
    """For ArticleAdmin: Django's History page becomes the article's whole timeline."""

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        kind = request.GET.get("kind")
        kind = kind if kind in KINDS else None
        return TemplateResponse(
            request,
            "admin/articles/article/history.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "article": article,
                "title": f"History of “{article}”",
                "entries": timeline(article, kind),
                "kinds": KINDS,
                "kind": kind,
                "change_url": reverse("admin:articles_article_change", args=[article.pk]),
                "revisions_url": reverse("admin:articles_article_revisions", args=[article.pk]),
            },
        )
