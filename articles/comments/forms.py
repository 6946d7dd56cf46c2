"""The comment forms. They own every check on what a reader typed; the same form serves the
no-JavaScript POST and the JavaScript submit."""

import re
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import URLValidator

from articles.models import Comment
from articles.people import display_name
from articles.subscriptions.forms import notify_field

_MARKUP = re.compile(r"</?[a-z!?]|&#|&[a-z]+;", re.IGNORECASE)
# A link target with a scheme other than http(s)/mailto: inline `[a](x:...)` or a reference
# definition `[a]: x:...`. nh3 would drop it anyway; refusing it tells the reader why.
_BAD_LINK = re.compile(
    r"(\]\(|^\s*\[[^\]]+\]:)\s*<?\s*(?!https?:|mailto:)[a-z][a-z0-9+.-]*:",
    re.IGNORECASE | re.MULTILINE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_STARTED_SALT = "evnews.comment-form"
_STARTED_MAX_AGE = 60 * 60 * 24
PLAIN_ONLY = "HTML is not allowed here: plain text only."
MARKDOWN_ONLY = "HTML is not allowed: use Markdown, like *emphasis* or [a link](https://…)."


def _no_markup(value: str, message=PLAIN_ONLY):
    if _MARKUP.search(value):
        raise forms.ValidationError(message, code="markup")


class OneLineField(forms.CharField):
    """One line of plain text: newlines would be header injection in any email it reaches."""

    def to_python(self, value):
        if value and _CONTROL.search(str(value)):
            raise forms.ValidationError("Use one line of plain text.", code="control")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        _no_markup(value)


class OneLineEmailField(OneLineField, forms.EmailField):
    """An email address on one line: a CR or LF could inject mail headers."""


class WebURLField(OneLineField, forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]


def started_token() -> str:
    """When the form was served, signed: a bot that posts at once is refused."""
    return signing.dumps(time.time(), salt=_STARTED_SALT)


def _body_field():
    return forms.CharField(
        label="Comment",
        max_length=settings.COMMENTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Plain text with Markdown: *emphasis*, [links](https://…), > quotes, `code`.",
    )


def _check_body(body: str) -> str:
    _no_markup(body, MARKDOWN_ONLY)
    if _BAD_LINK.search(body):
        raise forms.ValidationError("Links must start with http:// or https://.", code="scheme")
    return body


class CommentForm(forms.Form):
    body = _body_field()
    author_name = OneLineField(label="Name", max_length=60)
    author_email = OneLineEmailField(
        label="Email", max_length=254, help_text="Never shown. We use it only about this comment."
    )
    author_website = WebURLField(
        label="Website", required=False, max_length=200, assume_scheme="https"
    )
    notify = notify_field(required=False)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    # A field people never see: bots fill in every field they find.
    homepage_url = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Different on every request; rendered by the template, outside the (cached) crispy layout.
    per_request_fields = ("parent", "started")

    def __init__(self, *args, article, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            for name in ("author_name", "author_email", "author_website"):
                del self.fields[name]
        self.initial.setdefault("started", started_token())
        self.helper = self._helper()

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        names = [n for n in ("body", "author_name", "author_email", "author_website") if n in self]
        trap = Div(Field("homepage_url"), css_class="d-none", aria_hidden="true")
        helper.layout = Layout(*names, "notify", trap)
        return helper

    def __contains__(self, name):
        return name in self.fields

    def clean_body(self):
        return _check_body(self.cleaned_data["body"])

    def clean(self):
        # Shown above the form: the two fields they concern are not visible to fill in again.
        cleaned = super().clean()
        if cleaned.get("homepage_url"):
            raise forms.ValidationError("Your comment could not be accepted.", code="honeypot")
        started = self._started(cleaned.get("started"))
        if time.time() - started < settings.COMMENTS_MIN_SECONDS:
            raise forms.ValidationError(
                "That was very quick; please wait a few seconds and send again.", code="too_fast"
            )
        return cleaned

    def refresh_started(self):
        """Sent back with errors, the form starts its clock again (an expired one would stick)."""
        self.data = self.data.copy()
        self.data["started"] = started_token()

    def _started(self, token) -> float:
        try:
            return float(signing.loads(token, salt=_STARTED_SALT, max_age=_STARTED_MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                "This form has expired; please send it again.", code="expired"
            ) from None

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.select_related("parent")
            .filter(article=self.article, pk=parent_id)
            .first()
        )
        if parent is None:
            raise forms.ValidationError("That comment is not on this article.", code="parent")
        return parent

    def author_fields(self) -> dict:
        if self.user is not None:
            name = display_name(self.user)
            return {"name": name[:60], "email": self.user.email, "website": ""}
        data = self.cleaned_data
        return {
            "name": data["author_name"],
            "email": data["author_email"],
            "website": data.get("author_website", ""),
        }


class CommentEditForm(forms.Form):
    body = _body_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_body(self):
        return _check_body(self.cleaned_data["body"])
