"""The article admin's revisions, new versions, previews and preview links.

`RevisionAdminMixin` goes first in ArticleAdmin's bases (before any mixin with permission rules
of its own, and before `admin.ModelAdmin`), so its content lock applies on top of them. It adds:
- a "new version of" column in the change list;
- a content lock: a published article opens read-only (has_change_permission is False for it),
  with a button to edit a new version instead (articles/versions.py);
- optimistic locking on the article form (revision_forms.EditConflictFormMixin);
- pages under /admin/articles/article/<id>/: revisions/ (history), revisions/compare/?a=&b=,
  revisions/<n>/restore/, revisions/<n>/preview/, preview/ (the current content),
  new-version/ (POST), preview-links/ (list and create) and preview-links/<id>/revoke/ (POST).
ArticleAdmin.save_related records the revision itself, after its inlines and authors are saved.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from articles.editorial import revisions, versions
from articles.editorial.previews import render_preview
from articles.editorial.revision_forms import EditConflictFormMixin, PreviewLinkForm
from articles.models import PreviewLink
from articles.people import display_name


class RevisionAdminMixin:
    change_form_template = "admin/articles/article/change_form.html"

    # Permissions -----------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        """A published article is read-only here: it changes through a new version."""
        if obj is not None and versions.is_live(obj):
            return False
        return super().has_change_permission(request, obj)

    def may_edit(self, request, article):
        """Whether the user may work on this article's content (revisions, previews, restore,
        a new version, preview links): every change rule of the admin classes after this mixin
        in the MRO (a workflow's object-level rules, say), without the content lock."""
        return super().has_change_permission(request, article)

    def may_preview(self, request, article):
        """Editors, and the article's own writers even while it is in review (when they may
        no longer edit it), may preview it and share a preview link."""
        return self.may_edit(request, article) or (
            self.has_view_permission(request, article)
            and request.user.has_perm("articles.change_article")
            and article.authors.filter(pk=request.user.pk).exists()
        )

    def _article_for(self, request, object_id, *, check=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not (check or self.may_edit)(request, article):
            raise PermissionDenied
        return article

    def _previewable(self, request, object_id):
        return self._article_for(request, object_id, check=self.may_preview)

    # The change list -------------------------------------------------------------------------

    def get_list_display(self, request):
        return [*super().get_list_display(request), "version_of"]

    @admin.display(description="new version of")
    def version_of(self, article):
        # Only the id, so the list needs no extra query; the title is the live article's anyway.
        return f"article #{article.draft_of_id}" if article.draft_of_id else ""

    # The change form -------------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (EditConflictFormMixin, base), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets  # nothing to save, nothing to lock
        if any("opened_version" in opts["fields"] for _, opts in fieldsets):
            return fieldsets
        (name, opts), *rest = fieldsets
        return [(name, {**opts, "fields": [*opts["fields"], "opened_version"]}), *rest]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # A new version keeps the live article's address; its own slug is never public.
        return [*fields, "slug"] if obj is not None and obj.draft_of_id else fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.draft_of_id:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                is_live=versions.is_live(obj),
                open_version=versions.open_version(obj),
                may_edit=self.may_edit(request, obj),
                may_preview=self.may_preview(request, obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # URLs ------------------------------------------------------------------------------------

    def get_urls(self):
        routes = [
            ("revisions/", require_safe(self.revisions_view), "revisions"),
            ("revisions/compare/", require_safe(self.compare_view), "revision_compare"),
            ("revisions/<int:number>/restore/", self.restore_view, "revision_restore"),
            (
                "revisions/<int:number>/preview/",
                require_safe(self.revision_preview_view),
                "revision_preview",
            ),
            ("preview/", require_safe(self.preview_view), "preview"),
            ("new-version/", require_POST(self.new_version_view), "new_version"),
            ("preview-links/", self.preview_links_view, "preview_links"),
            (
                "preview-links/<int:link_id>/revoke/",
                require_POST(self.revoke_link_view),
                "preview_link_revoke",
            ),
        ]
        extra = [
            path(
                f"<path:object_id>/{route}",
                self.admin_site.admin_view(func),
                name=f"{self._url_prefix}_{name}",
            )
            for route, func, name in routes
        ]
        return extra + super().get_urls()

    @property
    def _url_prefix(self):
        return f"{self.opts.app_label}_{self.opts.model_name}"

    def _url(self, name, article, *args):
        return reverse(f"admin:{self._url_prefix}_{name}", args=[article.pk, *args])

    def _render(self, request, template, article, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "title": title,
            "change_url": reverse(f"admin:{self._url_prefix}_change", args=[article.pk]),
            **context,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    # History, comparison, restore ------------------------------------------------------------

    def revisions_view(self, request, object_id):
        article = self._article_for(request, object_id)
        history = article.revisions.select_related("created_by")
        return self._render(
            request,
            "revision_history.html",
            article,
            f"Revisions of “{article}”",
            revisions=history,
            compare_url=self._url("revision_compare", article),
        )

    def compare_view(self, request, object_id):
        article = self._article_for(request, object_id)
        try:
            numbers = sorted({int(request.GET["a"]), int(request.GET["b"])})
        except (KeyError, ValueError):
            messages.error(request, "Pick two revisions to compare.")
            return HttpResponseRedirect(self._url("revisions", article))
        found = {r.number: r for r in article.revisions.filter(number__in=numbers)}
        if len(found) != len(numbers):
            raise Http404("No such revision.")
        old, new = found[numbers[0]], found[numbers[-1]]
        return self._render(
            request,
            "revision_compare.html",
            article,
            f"Revision {old.number} → {new.number} of “{article}”",
            old=old,
            new=new,
            old_label=f"Revision {old.number}",
            new_label=f"Revision {new.number}",
            changes=revisions.diff(old.data, new.data),
        )

    def restore_view(self, request, object_id, number):
        article = self._article_for(request, object_id)
        revision = get_object_or_404(article.revisions, number=number)
        if request.method == "POST":
            target = versions.restore(article, revision, request.user)
            messages.success(request, self._restored_message(article, target, revision))
            return HttpResponseRedirect(self._url("change", target))
        return self._render(
            request,
            "revision_restore.html",
            article,
            f"Restore revision {revision.number} of “{article}”?",
            revision=revision,
            is_live=versions.is_live(article),
            changes=revisions.diff(revisions.snapshot(article), revision.data),
        )

    @staticmethod
    def _restored_message(article, target, revision):
        if target == article:
            return f"Restored revision {revision.number} as a new revision."
        return (
            f"Restored revision {revision.number} into the new version. Readers see the "
            "published article until the new version is published."
        )

    # Previews --------------------------------------------------------------------------------

    def preview_view(self, request, object_id):
        article = self._previewable(request, object_id)
        return render_preview(
            request,
            revisions.snapshot(article),
            article,
            timezone.now(),
            label="The current text, as it stands in the newsroom.",
            admin_url=self._url("change", article),
        )

    def revision_preview_view(self, request, object_id, number):
        article = self._article_for(request, object_id)
        revision = get_object_or_404(article.revisions.select_related("created_by"), number=number)
        return render_preview(
            request,
            revision.data,
            article,
            revision.created_at,
            label=f"Revision {revision.number}, saved by {_who(revision)}.",
            admin_url=self._url("revisions", article),
        )

    # New versions ----------------------------------------------------------------------------

    def new_version_view(self, request, object_id):
        article = self._article_for(request, object_id)
        try:
            copy = versions.working_copy(article, request.user)
        except versions.VersionError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self._url("change", article))
        messages.success(
            request,
            "You are editing a new version. Readers keep seeing the published article until "
            "this version is approved and published.",
        )
        return HttpResponseRedirect(self._url("change", copy))

    # Preview links ---------------------------------------------------------------------------

    def preview_links_view(self, request, object_id):
        article = self._previewable(request, object_id)
        form = PreviewLinkForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            revision = revisions.record(article, request.user) or revisions.latest(article)
            form.instance.revision, form.instance.created_by = revision, request.user
            link = form.save()
            messages.success(request, "Preview link created. Copy it from the list below.")
            return HttpResponseRedirect(f"{self._url('preview_links', article)}#link-{link.pk}")
        links = (
            PreviewLink.objects.filter(revision__article=article)
            .select_related("revision", "created_by")
            .order_by("-created_at")
        )
        return self._render(
            request,
            "preview_links.html",
            article,
            f"Preview links for “{article}”",
            form=form,
            links=links,
            now=timezone.now(),
        )

    def revoke_link_view(self, request, object_id, link_id):
        article = self._previewable(request, object_id)
        link = get_object_or_404(PreviewLink, pk=link_id, revision__article=article)
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
        messages.success(request, f"Revoked “{link}”: it no longer opens the preview.")
        return HttpResponseRedirect(self._url("preview_links", article))


def _who(revision):
    user = revision.created_by
    return display_name(user) if user else "someone"
