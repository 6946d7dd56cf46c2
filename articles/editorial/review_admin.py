"""The review screen: the Approve and Request changes pages show every gate before anything is
pressed, each key point's fact with its sources and a Verify / Dispute form in place, and let a
change request point at one part of the article.

Checking a fact goes through articles.facts.verification, as the fact's own admin page does.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.editorial import workflow
from articles.facts import verification
from articles.facts.verification import VerificationError
from articles.models import FactStatus

WHOLE_ARTICLE = ""


def gates(article, user):
    """[(label, problems)]: what submitting and approving check, in the order they check it."""
    return [
        ("Ready for review", workflow.submission_problems(article)),
        ("Ready to approve", workflow.approval_problems(article, user)),
    ]


def parts(article):
    """The parts a change request may point at, by uid."""
    points = article.key_points.select_related("fact").prefetch_related("fact__sources")
    return [
        *((point, f"Key point: {point.fact}") for point in points),
        *((section, f"Section: {section.heading}") for section in article.sections.all()),
    ]


class PartChoiceMixin(forms.Form):
    part = forms.ChoiceField(
        label="About",
        required=False,
        help_text="The writer sees the note beside this part of the form.",
    )

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._parts = {str(part.uid): part for part, _ in parts(article)} if article else {}
        choices = [(str(part.uid), label) for part, label in parts(article)] if article else []
        self.fields["part"].choices = [(WHOLE_ARTICLE, "The whole article"), *choices]

    def clean_part(self):
        return self._parts.get(self.cleaned_data["part"])


class ReviewAdminMixin:
    """For ArticleAdmin (before ArticleWorkflowAdminMixin): review context and fact checks."""

    def review_context(self, request, article):
        points = [part for part, _ in parts(article) if hasattr(part, "fact")]
        return {
            "gates": gates(article, request.user),
            "key_points": points,
            "may_verify": request.user.has_perm(verification.VERIFY),
        }

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.check_fact_view))
        return [
            path(
                "<path:object_id>/review/fact/<int:fact_id>/",
                view,
                name="articles_article_check_fact",
            ),
            *super().get_urls(),
        ]

    def check_fact_view(self, request, object_id, fact_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        point = article.key_points.select_related("fact").filter(fact_id=fact_id).first()
        if point is None:
            raise Http404("That fact is not a key point of this article.")
        if not request.user.has_perm(verification.VERIFY):
            raise PermissionDenied
        fact, note = point.fact, request.POST.get("note", "")
        check = verification.dispute_fact if "dispute" in request.POST else verification.verify_fact
        try:
            check(fact, request.user, note)
        except VerificationError as error:
            messages.error(request, f"“{fact}”: {error}.")
        else:
            verdict = FactStatus(fact.status).label.lower()
            messages.success(request, f"“{fact}” is now {verdict}.")
        back = request.POST.get("back", "approve")
        action = back if back in ("approve", "request_changes") else "approve"
        url = reverse("admin:articles_article_transition", args=[article.pk, action])
        return HttpResponseRedirect(f"{url}#point-{point.pk}")
