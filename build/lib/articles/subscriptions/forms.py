"""The "Notify of" choice: in the email-only form, and (optional) under the comment form."""

import re

from crispy_forms.helper import FormHelper
from django import forms

from articles.models import SubscriptionKind

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class HeaderSafeEmailField(forms.EmailField):
    """An address on one line. CR, LF and other control characters are refused before the usual
    stripping, so a header injection attempt is an error, never quietly trimmed into an address."""

    def to_python(self, value):
        if value and _CONTROL.search(str(value)):
            raise forms.ValidationError("Enter one email address on one line.", code="control")
        return super().to_python(value)


def notify_field(*, required: bool) -> forms.ChoiceField:
    """One definition of the choice, so both forms offer and accept exactly the same values."""
    choices = list(SubscriptionKind.choices)
    if not required:
        choices = [("", "Nothing"), *choices]
    return forms.ChoiceField(
        label="Notify me of",
        choices=choices,
        required=required,
        initial=choices[0][0],
        widget=forms.RadioSelect,
        help_text="By email, once you confirm with the link we send you. Unsubscribe any time.",
    )


class SubscribeForm(forms.Form):
    email = HeaderSafeEmailField(label="Email", max_length=254)
    kind = notify_field(required=True)

    def __init__(self, *args, **kwargs):
        # Its own ids: the article page also carries the comment form.
        kwargs.setdefault("auto_id", "subscribe-%s")
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
