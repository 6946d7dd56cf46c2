"""The workflow in the admin: transition pages, bulk actions, the history page, writers' limits
and fact verification. Every state change goes through articles.workflow; nothing here decides
a rule, it only asks and reports.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from articles.editorial import workflow
from articles.editorial.review_admin import PartChoiceMixin
from articles.editorial.workflow import WorkflowError
from articles.models import ArticleStatus

# Shown to the editor, never edited in the form: only articles.workflow moves them.
WORKFLOW_FIELDS = ["status", "published_at", "content_updated_at", "scheduled_at", "unpublish_at"]
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class TransitionForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        required=False,
        help_text="Kept in the article's history; the author is emailed where relevant.",
    )


class RequestChangesForm(PartChoiceMixin, TransitionForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        help_text="What needs changing. The author is emailed this note.",
    )


class ScheduleForm(TransitionForm):
    at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    unpublish_at = forms.DateTimeField(
        label="Unpublish at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text="Optional: take the article down again at this time.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        self.fields["at"].help_text = f"Site time ({zone})."

    def clean(self):
        cleaned = super().clean()
        problems = workflow.schedule_problems(
            cleaned.get("at"), cleaned.get("unpublish_at"), timezone.now()
        )
        if "at" in cleaned and problems:
            raise forms.ValidationError(problems)
        return cleaned


# The pages that show the review screen: every gate, and the key points to check in place.
REVIEW_PAGES = {"approve", "request_changes"}
FORMS = {"request_changes": RequestChangesForm, "schedule": ScheduleForm}


def _bulk_action(name, description, permission):
    def run(modeladmin, request, queryset):
        modeladmin.run_bulk(request, queryset, name)

    run.__name__ = f"bulk_{name}"
    return admin.action(description=description, permissions=[permission])(run)


BULK_ACTIONS = [
    _bulk_action("submit", "Submit selected articles for review", "submit"),
    _bulk_action("approve", "Approve selected articles", "review"),
    _bulk_action("publish", "Publish selected articles now", "publish"),
    _bulk_action("unpublish", "Unpublish selected articles", "publish"),
    _bulk_action("back_to_draft", "Send selected articles back to draft", "review"),
]


class ArticleWorkflowAdminMixin:
    """Mixed into ArticleAdmin: who sees and edits what, and the workflow's pages and actions."""

    def get_actions(self, request):
        """Added here rather than in `actions`, which another mixin's own list would hide; each
        is offered (and, since Django looks actions up here to run them, run) only with its
        permission."""
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET:
            return actions
        for action in BULK_ACTIONS:
            if all(
                getattr(self, f"has_{name}_permission")(request)
                for name in action.allowed_permissions
            ):
                func, name, description = self.get_action(action)
                actions[name] = (func, name, description)
        return actions

    # Writers see their own articles only; editors see all. -----------------------------------

    def get_queryset(self, request):
        """Writers work on their own articles only; editors on all; view-only roles (moderators)
        may look at any, read-only."""
        queryset = super().get_queryset(request)
        user = request.user
        if user.has_perm("articles.change_any_article") or not user.has_perm(
            "articles.change_article"
        ):
            return queryset
        return queryset.filter(authors=user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *WORKFLOW_FIELDS]

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            for inline in inlines:
                _make_read_only(inline)
        return inlines

    # Permissions named by the bulk actions (Django calls has_<name>_permission). -------------

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.change_article")

    def has_review_permission(self, request):
        return request.user.has_perm(workflow.REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    def run_bulk(self, request, queryset, action):
        done, refused = 0, []
        for article in queryset.prefetch_related("authors"):
            try:
                getattr(workflow, action)(article, by=request.user)
                done += 1
            except WorkflowError as error:
                refused.append(str(error))
        if done:
            label = workflow.RULES[action].label
            self.message_user(request, f"{label}: {done} article(s).", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    # Pages ---------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/workflow/history/",
                wrap(self.workflow_history_view),
                name="articles_article_workflow_history",
            ),
            path(
                "<path:object_id>/workflow/<slug:action>/",
                wrap(self.transition_view),
                name="articles_article_transition",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = [
                (action, workflow.RULES[action].label)
                for action in workflow.available_actions(obj, request.user)
            ]
            step = self._requested_changes(obj)
            if step is not None and step.part_uid:
                # Shown beside the part it is about (part_stacked.html).
                context["requested_part"], context["requested_note"] = str(step.part_uid), step.note
            if step is not None and request.method == "GET":
                where = f" on “{step.part_label}” (shown beside it)" if step.part_uid else ""
                message = f"Changes requested by {step.actor_name}{where}: {step.note}"
                self.message_user(request, message, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _requested_changes(self, article):
        """Whoever opens an article sent back for changes sees what was asked."""
        if article.status != ArticleStatus.CHANGES_REQUESTED:
            return None
        return article.transitions.filter(action="request_changes").select_related("by").first()

    def transition_view(self, request, object_id, action):
        article = self._visible_article(request, object_id)
        if action not in workflow.RULES:
            raise Http404("No such workflow step.")
        if not workflow.has_right(action, article, request.user):
            raise PermissionDenied
        form_class = FORMS.get(action, TransitionForm)
        extra = {"article": article} if issubclass(form_class, PartChoiceMixin) else {}
        form = form_class(request.POST if request.method == "POST" else None, **extra)
        if request.method == "POST" and form.is_valid():
            try:
                step = self._take(action, article, request.user, form.cleaned_data)
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                state = step.get_to_status_display().lower()
                self.message_user(request, f"“{step.article}” is now {state}.", messages.SUCCESS)
                # A published new version is gone: its step now belongs to the live article.
                return HttpResponseRedirect(self._change_url(step.article))
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request,
            "admin/articles/article/transition.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": f"{workflow.RULES[action].label}: {article}",
                "rule": workflow.RULES[action],
                "rule_action": action,
                "form": form,
                "is_allowed_now": article.status in workflow.RULES[action].sources,
                "change_url": self._change_url(article),
                **(self.review_context(request, article) if action in REVIEW_PAGES else {}),
            },
            status=status,
        )

    def workflow_history_view(self, request, object_id):
        article = self._visible_article(request, object_id)
        transitions = list(article.transitions.select_related("by"))
        for step in transitions:
            step.label = workflow.RULES[step.action].label if step.action in workflow.RULES else ""
        return TemplateResponse(
            request,
            "admin/articles/article/workflow_history.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": f"Workflow history: {article}",
                "transitions": transitions,
                "change_url": self._change_url(article),
            },
        )

    def _visible_article(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article, or not yours to see.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _take(self, action, article, user, data):
        if action == "schedule":
            return workflow.schedule(
                article, user, data["at"], data.get("unpublish_at"), note=data["note"]
            )
        if action == "request_changes":
            return workflow.request_changes(article, user, data["note"], part=data.get("part"))
        return getattr(workflow, action)(article, user, data["note"])

    def _change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])


def _make_read_only(inline):
    """An article its writer may no longer edit shows its parts read-only too."""
    for name in ("has_add_permission", "has_change_permission", "has_delete_permission"):
        setattr(inline, name, lambda *args, **kwargs: False)
