"""The fact's Verify/Dispute page and bulk action in the admin, mixed into FactAdmin."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.facts import verification
from articles.facts.verification import VerificationError

# What a fact's check covered: changing any of these needs a fresh check.
CHECKED_FIELDS = {"statement", "subject", "value", "unit", "as_of", "sources"}


class CheckForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        required=False,
        help_text="Kept with the fact; readers see a disputed fact's note.",
    )


class FactVerificationAdminMixin:
    """Mixed into FactAdmin: a fact's status moves only through verify/dispute, by an editor."""

    actions = ["verify_selected"]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "status", "verification_note"]
        return list(dict.fromkeys(fields))

    def save_model(self, request, fact, form, change):
        if change and CHECKED_FIELDS & set(form.changed_data):
            verification.reopen_fact(fact)
        super().save_model(request, fact, form, change)

    def has_verify_permission(self, request):
        return request.user.has_perm(verification.VERIFY)

    @admin.action(description="Mark selected facts verified", permissions=["verify"])
    def verify_selected(self, request, queryset):
        done = 0
        for fact in queryset:
            try:
                verification.verify_fact(fact, request.user)
                done += 1
            except VerificationError as error:
                self.message_user(request, f"“{fact}”: {error}", messages.ERROR)
        if done:
            self.message_user(request, f"Verified {done} fact(s).", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/verify/",
                self.admin_site.admin_view(self.verify_view),
                name="articles_fact_verify",
            ),
            *super().get_urls(),
        ]

    def verify_view(self, request, object_id):
        fact = self.get_object(request, object_id)
        if fact is None:
            raise Http404("No such fact.")
        if not request.user.has_perm(verification.VERIFY):
            raise PermissionDenied
        form = CheckForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            check = (
                verification.dispute_fact if "dispute" in request.POST else verification.verify_fact
            )
            try:
                check(fact, request.user, form.cleaned_data["note"])
            except VerificationError as error:
                form.add_error(None, str(error))
            else:
                verdict = fact.get_status_display().lower()
                self.message_user(request, f"“{fact}” is now {verdict}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:articles_fact_change", args=[fact.pk]))
        return TemplateResponse(
            request,
            "admin/articles/fact/verify.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": fact,
                "title": f"Check fact: {fact}",
                "form": form,
                "sources": fact.sources.all(),
            },
            status=400 if request.method == "POST" else 200,
        )
