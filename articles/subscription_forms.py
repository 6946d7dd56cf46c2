"""The "Notify of" form on its own: an address and what to be told about, nothing else."""

from django import forms

from articles.comment_forms import OneLineEmailField
from articles.models import SubscriptionKind


def notify_field(*, required: bool, initial=None) -> forms.ChoiceField:
    """The same choice under the comment form (optional there) and in the email-only form."""
    choices = list(SubscriptionKind.choices)
    if not required:
        choices = [("", "Nothing"), *choices]
    return forms.ChoiceField(
        label="Notify me of",
        choices=choices,
        required=required,
        initial=initial if initial is not None else choices[0][0],
        widget=forms.RadioSelect,
        help_text="By email, after you confirm with the link we send you. Unsubscribe any time.",
    )


class SubscribeForm(forms.Form):
    # OneLineEmailField refuses CR, LF and other control characters before any stripping, so a
    # header injection attempt is an error, never quietly trimmed into a valid address.
    email = OneLineEmailField(label="Email", max_length=254)
    kind = notify_field(required=True)

    def __init__(self, *args, **kwargs):
        # Its own ids: the article page also carries the comment form.
        kwargs.setdefault("auto_id", "subscribe-%s")
        super().__init__(*args, **kwargs)
