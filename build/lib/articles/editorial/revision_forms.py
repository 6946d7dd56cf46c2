"""Forms for revisions: the edit-conflict check on the article form, and preview links."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from articles.editorial import revisions
from articles.models import Article, PreviewLink

CONFLICT_MESSAGE = (
    "Not saved: %(who)s saved this article at %(when)s (revision %(number)s) after you "
    "opened it. Their changes are listed above the form. Everything you typed is still here: "
    "check it against theirs and save again to replace their version with yours (theirs stays "
    "in the revision history)."
)


class EditConflictFormMixin(forms.Form):
    """Optimistic locking for the article admin form.

    The form carries the article's `lock_version` as it was when the editor opened it, as
    `opened_version` (a model form may not name the non-editable model field itself). Saving
    is refused when someone has recorded a revision since; the row is locked while checking, so
    two saves at once cannot both pass. The refused form keeps everything typed and now carries
    the current version, so saving again is a deliberate choice made after seeing `conflict`.
    """

    opened_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": "This form lost its version number; reload the article."},
    )
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.lock_version

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get("opened_version")
        if self.instance.pk and seen is not None:
            self._refuse_if_stale(seen)
        return cleaned_data

    def _refuse_if_stale(self, seen):
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        if seen == current.lock_version:
            return
        latest = revisions.latest(current)
        base = current.revisions.filter(number=seen).first()
        self.conflict = {
            "revision": latest,
            "changes": revisions.diff(base.data if base else None, revisions.snapshot(current)),
        }
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(current.lock_version)
        who = latest.created_by if latest and latest.created_by else None
        raise forms.ValidationError(
            CONFLICT_MESSAGE,
            code="edit_conflict",
            params={
                "who": (who.get_full_name() or who.get_username()) if who else "Someone",
                "when": date_format(timezone.localtime(latest.created_at), "DATETIME_FORMAT")
                if latest
                else "an unknown time",
                "number": current.lock_version,
            },
        )


class PreviewLinkForm(forms.ModelForm):
    hours = forms.IntegerField(
        label="Valid for (hours)",
        min_value=1,
        max_value=24 * 30,
        help_text="The link stops working after this; you can revoke it sooner.",
    )

    class Meta:
        model = PreviewLink
        fields = ["label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hours"].initial = settings.PREVIEW_LINK_HOURS

    def save(self, commit=True):
        self.instance.expires_at = timezone.now() + timedelta(hours=self.cleaned_data["hours"])
        return super().save(commit)
