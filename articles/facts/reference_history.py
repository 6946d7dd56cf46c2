"""The text of sources and companies before and after each admin save, shown on their change page
as a word diff. Facts cite sources and are about companies: a quietly changed source title or
date changes what a verified fact rests on, so the change must stay readable afterwards (the
admin's own history only names the fields that changed)."""

from articles.models import ReferenceEdit
from articles.textdiff import compare_text

SHOWN = 20


def _state(obj, fields):
    return {name: "" if getattr(obj, name) is None else str(getattr(obj, name)) for name in fields}


class ReferenceHistoryAdminMixin:
    """For ModelAdmins of Source and Company: `history_fields` are the texts to keep."""

    history_fields: list[str] = []

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            before = _state(stored, self.history_fields)
        super().save_model(request, obj, form, change)
        after = _state(obj, self.history_fields)
        if before != after:
            ReferenceEdit.objects.create(
                model=obj._meta.model_name,
                object_id=obj.pk,
                before=before,
                after=after,
                by=request.user,
            )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["text_history"] = text_history(obj, self.history_fields)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


def text_history(obj, fields):
    """[(edit, changes)] newest first: who changed which text, when, as word diffs."""
    edits = ReferenceEdit.objects.filter(
        model=obj._meta.model_name, object_id=obj.pk
    ).select_related("by")[:SHOWN]
    rows = []
    for edit in edits:
        changes = [
            compare_text(
                str(obj._meta.get_field(name).verbose_name).capitalize(),
                edit.before.get(name, ""),
                edit.after.get(name, ""),
            )
            for name in fields
        ]
        rows.append((edit, [change for change in changes if change]))
    return rows
