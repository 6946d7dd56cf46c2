"""Answering a reader's error report from the fact's admin page, mixed into FactAdmin."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from articles.facts import reports
from articles.facts.admin_pages import fact_page
from articles.facts.verification import VERIFY, VerificationError
from articles.models import Comment, Correction, ReportOutcome


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(choices=ReportOutcome.choices, widget=forms.RadioSelect)
    reply = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text="Emailed to the reader once, if they gave and confirmed an address.",
    )
    correction = forms.ModelChoiceField(
        queryset=Correction.objects.none(),
        required=False,
        help_text="Required for “corrected”: the correction that fixed it.",
    )

    def __init__(self, *args, fact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["correction"].queryset = Correction.objects.filter(fact=fact).select_related(
            "article"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == ReportOutcome.CORRECTED and not cleaned.get("correction"):
            self.add_error("correction", "Choose the correction that fixed it.")
        return cleaned


class ErrorReportAdminMixin:
    def get_urls(self):
        return [
            path(
                "<path:object_id>/reports/<int:comment_id>/resolve/",
                self.admin_site.admin_view(self.resolve_report_view),
                name="articles_fact_resolve_report",
            ),
            *super().get_urls(),
        ]

    def resolve_report_view(self, request, object_id, comment_id):
        fact = self.get_object(request, object_id)
        if fact is None:
            raise Http404("No such fact.")
        if not request.user.has_perm(VERIFY):
            raise PermissionDenied
        report = get_object_or_404(Comment, pk=comment_id, fact=fact, is_error_report=True)
        form = ResolveForm(request.POST if request.method == "POST" else None, fact=fact)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                reports.resolve(
                    report, request.user, data["outcome"], data["reply"], data["correction"]
                )
            except VerificationError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, "Report answered.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:articles_fact_change", args=[fact.pk]))
        return fact_page(
            self,
            request,
            fact,
            "resolve_report.html",
            f"Answer an error report on: {fact}",
            status=400 if request.method == "POST" else 200,
            report=report,
            form=form,
            will_email=bool(reports.reporter_address(report)),
        )
