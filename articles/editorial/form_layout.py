"""The article form in reading order, with a live preview of what is typed.

Django's admin prints every fieldset, then every inline. An article reads headline, standfirst,
intro, key points, numbered sections, pros and cons, closing; `reading_order` interleaves the
fieldsets and the inlines that way for templates/admin/articles/article/change_form.html.

The live preview posts the whole form, unsaved, to `preview-draft/`, which renders it with the
public article template (articles.editorial.previews) into a frame beside the form.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from articles.editorial import draft_preview
from articles.editorial.previews import render_preview
from articles.models import Article

PART_TEMPLATE = "admin/articles/article/part_stacked.html"
PROS_CONS = "Pros and cons"
# Which inlines follow which fieldset, by the inline model's name (pros and cons side by side).
AFTER_FIELDSET = {None: [["keypoint"], ["section"]], PROS_CONS: [["procon", "procon"]]}


def reading_order(adminform, inline_admin_formsets):
    """[(kind, items)]: ("fieldset", [fieldset]) or ("inlines", [inline formsets side by side])."""
    inlines = list(inline_admin_formsets)
    order = []
    for fieldset in adminform:
        order.append(("fieldset", [fieldset]))
        for group in AFTER_FIELDSET.get(fieldset.name, []):
            taken = [_take(inlines, name) for name in group]
            taken = [inline for inline in taken if inline is not None]
            if taken:
                order.append(("inlines", taken))
    order += [("inlines", [inline]) for inline in inlines]
    return order


def _take(inlines, model_name):
    for inline in inlines:
        if inline.opts.opts.model_name == model_name:
            inlines.remove(inline)
            return inline
    return None


class ArticleFormLayoutMixin:
    """For ArticleAdmin: the reading-order layout and the live preview endpoint."""

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["reading_order"] = reading_order(
            context["adminform"], context["inline_admin_formsets"]
        )
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_preview_draft"
        context["draft_preview_url"] = reverse(name, args=[obj.pk] if obj else [])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.draft_preview_view))
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("preview-draft/", view, name=f"{prefix}_preview_draft"),
            path("<path:object_id>/preview-draft/", view, name=f"{prefix}_preview_draft"),
            *super().get_urls(),
        ]

    @xframe_options_sameorigin
    def draft_preview_view(self, request, object_id=None):
        """The form as typed, rendered as readers would see it; nothing is saved."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article = Article()
        else:
            article = self.get_object(request, object_id)
            if article is None:
                raise Http404("No such article.")
            if not self.has_view_or_change_permission(request, article):
                raise PermissionDenied
        form_class = self.get_form(request, None, change=False)
        form = form_class(request.POST, request.FILES, instance=article)
        formsets, _ = self._create_formsets(request, article, change=False)
        data = draft_preview.snapshot(form, formsets, article)
        # An unsaved article previews under a stand-in id: its author and company lists need one.
        source = article if article.pk else Article(pk=0, slug="preview")
        return render_preview(
            request,
            data,
            source,
            timezone.now(),
            label="Live preview of the form as typed; not saved.",
        )
