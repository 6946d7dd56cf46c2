"""The article form's parts, written in place: a key point is its fact's statement, subject,
value and sources typed into the article form (no Fact popup), pros and cons in two columns.

The key point form hands what was typed to articles.facts.authoring.write_fact, which creates,
matches or edits the Fact behind the point.
"""

from django import forms
from django.forms.models import BaseInlineFormSet

from articles.facts import authoring
from articles.models import Company, KeyPoint, ProCon


class KeyPointForm(forms.ModelForm):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="One checkable sentence, as readers will read it.",
    )
    subject = forms.ModelChoiceField(
        queryset=Company.objects.all(),
        required=False,
        label="Company",
        help_text="Who the statement is about.",
    )
    value = forms.DecimalField(max_digits=20, decimal_places=4, required=False)
    unit = forms.CharField(max_length=40, required=False)
    as_of = forms.DateField(
        required=False, label="As of", widget=forms.DateInput(attrs={"type": "date"})
    )
    sources = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,  # clean_sources says why a source is needed
        help_text=authoring.SOURCES_HELP,
    )

    class Meta:
        model = KeyPoint
        fields = ["position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fact = self.instance.fact if self.instance.fact_id else None
        if fact is not None:
            self.initial.update(
                statement=fact.statement,
                subject=fact.subject_id,
                value=fact.value,
                unit=fact.unit,
                as_of=fact.as_of,
                sources=authoring.sources_text(fact.sources.all()),
            )
        self.fields["position"].required = False

    def clean_sources(self):
        lines = authoring.parse_sources(self.cleaned_data["sources"])
        if not lines:
            raise forms.ValidationError("Name at least one source: every key point has one.")
        return lines

    def draft(self):
        data = self.cleaned_data
        return authoring.FactDraft(
            statement=data["statement"],
            subject=data.get("subject"),
            value=data.get("value"),
            unit=data.get("unit", ""),
            as_of=data.get("as_of"),
            sources=data["sources"],
        )

    def save(self, commit=True):
        current = self.instance.fact if self.instance.fact_id else None
        self.instance.fact = authoring.write_fact(current, self.draft(), by=self.user)
        return super().save(commit)


class PartFormSet(BaseInlineFormSet):
    """Positions follow the order on the page when left empty, so rows never re-sort on save."""

    def save(self, commit=True):
        for number, form in enumerate(self.forms):
            if form.has_changed() or form.instance.pk:
                if form.cleaned_data.get("position") in (None, ""):
                    form.instance.position = number
        return super().save(commit)


class KeyPointFormSet(PartFormSet):
    """Shares one list of companies between its forms, so the form renders in a fixed number of
    queries however many key points the article has; refuses the same statement twice."""

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._companies = None

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        self._share_companies(form)
        form.user = self.user
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        self._share_companies(form)
        return form

    def _share_companies(self, form):
        if self._companies is None:
            self._companies = [("", "---------")] + [
                (company.pk, company.name) for company in Company.objects.order_by("name")
            ]
        form.fields["subject"].choices = self._companies

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = (form.cleaned_data.get("statement", "").strip(), form.cleaned_data.get("subject"))
            if key in seen:
                form.add_error("statement", "This key point is already in the article.")
            seen.add(key)


class ProConFormSet(PartFormSet):
    """One column of the Pros and Cons box: the inline's `kind` is set on every row it saves."""

    kind = None

    @classmethod
    def get_default_prefix(cls):
        return f"{cls.kind}s"  # "pros", "cons": two inlines of one model need their own

    def save_new(self, form, commit=True):
        form.instance.kind = self.kind
        return super().save_new(form, commit)


class ProConForm(forms.ModelForm):
    class Meta:
        model = ProCon
        fields = ["label", "text", "position"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
