from django import forms

from articles.models import Category, Company

SELECT = forms.Select(attrs={"class": "form-select"})


class SearchForm(forms.Form):
    """What the results page reads from the query string. An unknown filter value is reported
    beside its field and left out; the search runs with the rest."""

    q = forms.CharField(label="Words to find", required=False)
    category = forms.ModelChoiceField(
        Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any category",
        widget=SELECT,
    )
    company = forms.ModelChoiceField(
        Company.objects.all(),
        to_field_name="slug",
        required=False,
        label="Company or topic",
        empty_label="Any company or topic",
        widget=SELECT,
    )

    def filtered(self, articles):
        self.is_valid()  # fills cleaned_data with every field that is valid
        data = self.cleaned_data
        if data.get("category"):
            articles = articles.filter(category=data["category"])
        if data.get("company"):
            articles = articles.filter(companies=data["company"])
        return articles

    @property
    def query(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("q", "")
