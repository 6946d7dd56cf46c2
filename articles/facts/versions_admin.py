"""Fact versions in the admin, mixed into FactAdmin: the edit-conflict check, edits of cited
facts kept as pending versions, the history page and the page that verifies or rejects a
pending version (with the public note of the correction or update it publishes)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from articles.facts import corrections, verification, versions
from articles.facts.admin_pages import fact_page
from articles.facts.verification import VerificationError
from articles.models import ChangeKind, Fact, FactVersion, FactVersionStatus
from articles.models.correction import NOTE_MAX

# What a fact's check covered: changing any of these needs a fresh check.
CHECKED_FIELDS = {"statement", "subject", "kind", "value", "unit", "as_of", "sources"}


class FactForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Fact
        fields = ["statement", "subject", "kind", "value", "unit", "as_of", "sources"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.lock_version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and CHECKED_FIELDS & set(self.changed_data):
            try:
                versions.check_lock(self.instance, cleaned.get("loaded_version"))
            except versions.ConflictError as error:
                raise forms.ValidationError(str(error), code="edit_conflict") from error
        return cleaned


class VersionCheckForm(forms.Form):
    change_kind = forms.ChoiceField(
        label="What kind of change",
        choices=ChangeKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    public_note = forms.CharField(
        label="Note for readers",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=f"Shown, dated, on every published article that cites the fact; at most "
        f"{NOTE_MAX} characters.",
    )
    check_note = forms.CharField(
        label="What you checked",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Kept with the fact; required to reject.",
    )


class FactVersionsAdminMixin:
    form = FactForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [*fieldsets, (None, {"fields": ["loaded_version"], "classes": ["hidden"]})]

    def save_model(self, request, fact, form, change):
        if change and CHECKED_FIELDS & set(form.changed_data):
            stored = Fact.objects.get(pk=fact.pk)
            if versions.is_cited_by_reviewed(stored):
                # Readers keep the verified text: the edit waits as a pending version.
                data = versions.snapshot(
                    fact,
                    subject=form.cleaned_data.get("subject"),
                    sources=form.cleaned_data.get("sources", []),
                )
                request._pending_fact_version = versions.propose(stored, request.user, data)
                return
        super().save_model(request, fact, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_pending_fact_version", None):
            return
        super().save_related(request, form, formsets, change)
        if not change or CHECKED_FIELDS & set(form.changed_data):
            versions.record(form.instance, request.user, note="Saved in the admin")

    def response_change(self, request, fact):
        version = getattr(request, "_pending_fact_version", None)
        if version is None:
            return super().response_change(request, fact)
        self.message_user(
            request,
            f"Your edit is kept as version {version.number}, waiting for an editor to verify it. "
            "Articles that cite this fact keep showing the verified text until then.",
            messages.WARNING,
        )
        return HttpResponseRedirect(reverse("admin:articles_fact_change", args=[fact.pk]))

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            current = versions.snapshot(obj)
            context["pending_versions"] = [
                (version, versions.diff(current, version.data)) for version in versions.pending(obj)
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/versions/",
                view(self.history_view_versions),
                name="articles_fact_versions",
            ),
            path(
                "<path:object_id>/versions/<int:number>/check/",
                view(self.check_version_view),
                name="articles_fact_check_version",
            ),
            *super().get_urls(),
        ]  # fmt: skip

    def _fact(self, request, object_id):
        fact = self.get_object(request, object_id)
        if fact is None:
            raise Http404("No such fact.")
        return fact

    def history_view_versions(self, request, object_id):
        fact = self._fact(request, object_id)
        if not self.has_view_or_change_permission(request, fact):
            raise PermissionDenied
        return fact_page(
            self,
            request,
            fact,
            "versions.html",
            f"Versions of: {fact}",
            history=versions.history(fact),
        )

    def check_version_view(self, request, object_id, number):
        fact = self._fact(request, object_id)
        if not request.user.has_perm(verification.VERIFY):
            raise PermissionDenied
        version = get_object_or_404(FactVersion, fact=fact, number=number)
        form = VersionCheckForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            done = self._check_version(request, form, version)
            if done:
                return HttpResponseRedirect(reverse("admin:articles_fact_change", args=[fact.pk]))
        return fact_page(
            self,
            request,
            fact,
            "check_version.html",
            f"Check version {version.number} of: {fact}",
            status=400 if request.method == "POST" else 200,
            version=version,
            is_pending=version.status == FactVersionStatus.PENDING,
            form=form,
            changes=versions.diff(versions.snapshot(fact), version.data),
            citing=corrections.published_citing(fact),
        )

    def _check_version(self, request, form, version):
        data = form.cleaned_data
        try:
            if "reject" in request.POST:
                versions.reject_version(version, request.user, data["check_note"])
                self.message_user(request, f"Version {version.number} rejected.", messages.SUCCESS)
                return True
            published = versions.verify_version(
                version,
                request.user,
                change_kind=data["change_kind"],
                public_note=data["public_note"],
                check_note=data["check_note"],
            )
        except (VerificationError, corrections.CorrectionError) as error:
            form.add_error(None, str(error))
            return False
        told = f" A dated notice is on {len(published)} published article(s)." if published else ""
        self.message_user(
            request,
            f"Version {version.number} verified: readers now see it.{told}",
            messages.SUCCESS,
        )
        return True
