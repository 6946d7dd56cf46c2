"""Admin forms. Validation lives here (and in `Article.clean()`), never in the ModelAdmin."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.models import Article
from articles.people import display_name
from articles.roles import EDITOR, PUBLISHER, WRITER

BYLINE_ROLES = [WRITER, EDITOR, PUBLISHER]


class AuthorsField(forms.ModelMultipleChoiceField):
    """Authors by the name readers see on the byline, not by login."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user):
        return display_name(user)


class ArticleAdminForm(forms.ModelForm):
    """Authors are the newsroom's writers and editors (and whoever already signs the article).
    The hero image's field and its checks by content come from articles/images/ (the admin's
    HeroRenditionsAdminMixin)."""

    authors = AuthorsField(
        queryset=get_user_model().objects.none(),
        required=False,
        help_text="Leave empty to sign the article yourself.",
    )

    class Meta:
        model = Article
        # ArticleAdmin passes the full list from its fieldsets; these are the ones checked here.
        fields = ["hero_image", "hero_alt", "authors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "authors" in self.fields:
            newsroom = Q(is_active=True, groups__name__in=BYLINE_ROLES)
            if self.instance.pk:
                # Past authors stay listed, or saving would silently drop their byline.
                newsroom |= Q(articles=self.instance)
            users = get_user_model().objects.filter(newsroom).distinct()
            self.fields["authors"].queryset = users.order_by("first_name", "last_name", "username")

    def clean(self):
        cleaned = super().clean()
        primary, companies = cleaned.get("primary_company"), cleaned.get("companies")
        if primary and companies is not None and primary not in companies:
            self.add_error(
                "primary_company",
                forms.ValidationError(
                    "Also list %(company)s under companies/topics, or choose one listed there.",
                    code="primary_not_listed",
                    params={"company": primary},
                ),
            )
        return cleaned
