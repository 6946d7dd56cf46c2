"""The comment forms. They own every check on what a reader typed; the same form serves the
no-JavaScript POST and the JavaScript submit."""

import hashlib
import re
import secrets
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.validators import URLValidator

from articles.models import Comment
from articles.people import display_name
from articles.plaintext import CONTROL
from articles.subscriptions.forms import notify_field, refuse_nameless_mailbox

_MARKUP = re.compile(r"</?[a-z!?]|&#|&[a-z]+;", re.IGNORECASE)
# A link target with a scheme other than http(s)/mailto: inline `[a](x:...)` or a reference
# definition `[a]: x:...`. nh3 would drop it anyway; refusing it tells the reader why.
_BAD_LINK = re.compile(
    r"(\]\(|^\s*\[[^\]]+\]:)\s*<?\s*(?!https?:|mailto:)[a-z][a-z0-9+.-]*:",
    re.IGNORECASE | re.MULTILINE,
)
_STARTED_SALT = "evnews.comment-form"
EXPIRED = "This form has expired; please send it again."
USED = "This form has already sent a comment. Reload the page to write another."
PLAIN_ONLY = "HTML is not allowed here: plain text only."
MARKDOWN_ONLY = "HTML is not allowed: use Markdown, like *emphasis* or [a link](https://…)."


def _no_markup(value: str, message=PLAIN_ONLY):
    if _MARKUP.search(value):
        raise forms.ValidationError(message, code="markup")


class OneLineField(forms.CharField):
    """One line of plain text: newlines would be header injection in any email it reaches."""

    def to_python(self, value):
        if value and CONTROL.search(str(value)):
            raise forms.ValidationError("Use one line of plain text.", code="control")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        _no_markup(value)


class OneLineEmailField(OneLineField, forms.EmailField):
    """An email address on one line: a CR or LF could inject mail headers."""

    default_validators = [*forms.EmailField.default_validators, refuse_nameless_mailbox]


class WebURLField(OneLineField, forms.URLField):
    """An http(s) address as typed. Nothing is guessed: `//evil.example` or `evil.example` would
    become `https://evil.example`, which is not what the reader wrote."""

    default_validators = [URLValidator(schemes=["http", "https"])]

    def to_python(self, value):
        text = (value or "").strip()
        if text and not text.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(
                "Start the address with https:// (or http://).", code="scheme"
            )
        return super().to_python(value)


def reader_of(voter) -> str:
    """Whom a form's token is for: a known reader (account, or voter cookie), or "" for a
    stranger, who has no cookie yet (a page shared through the cache is always for strangers)."""
    return voter.key if voter is not None and not voter.is_new else ""


def started_token(reader: str = "", at: float | None = None) -> str:
    """When the form was served, to which reader (`reader_of`), and a one-time id, signed.

    A bot that posts at once is refused. The token is good for COMMENTS_FORM_MAX_AGE seconds and
    for one comment (a repeat of that same comment is let through, so posting.post can answer
    it with the first): a known reader's token only for that reader; a stranger's only for a
    reader without a cookie, and once per network address (every stranger shown one cached page
    holds its token)."""
    served = time.time() if at is None else at
    return signing.dumps([served, reader, secrets.token_urlsafe(9)], salt=_STARTED_SALT)


def served_at(token: str) -> float | None:
    """When a page carrying this (signed, unexpired) form token was served; None if it is not
    one. Only the time is taken from it: the reader and the one-time id are the new token's own."""
    try:
        served, _reader, _nonce = signing.loads(
            token or "", salt=_STARTED_SALT, max_age=settings.COMMENTS_FORM_MAX_AGE
        )
        return min(float(served), time.time())
    except (signing.BadSignature, TypeError, ValueError):
        return None


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
        # Never applied (a scheme is required), but silences Django 5's default-scheme warning.
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
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

    def __init__(self, *args, article, user=None, voter=None, network="", in_answer=False,
                 clock_from="", **kwargs):  # fmt: skip
        """`voter` is who sends (or is shown) the form; `network` their client_ip_hash. A reader
        action's answer (`in_answer`) sets a new reader's cookie (web.reader_action), so the
        tokens it hands out are that reader's; a page's (perhaps shared through the cache) are
        a stranger's. `clock_from`, a token the page was served with, starts the new token's
        clock when that page was served (inline feedback opened later on the same page)."""
        super().__init__(*args, **kwargs)
        self.article = article
        self.user = user if user is not None and user.is_authenticated else None
        self.reader = reader_of(voter)
        self.next_reader = voter.key if voter is not None else ""
        self.network = network
        if self.user is not None:
            for name in ("author_name", "author_email", "author_website"):
                del self.fields[name]
        at = served_at(clock_from)
        self.initial.setdefault(
            "started", self.next_started(at) if in_answer else started_token(self.reader, at)
        )
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
        served, nonce = self._started(cleaned.get("started"))
        if time.time() - served < settings.COMMENTS_MIN_SECONDS:
            raise forms.ValidationError(
                "That was very quick; please wait a few seconds and send again.", code="too_fast"
            )
        if not self.errors:
            self._claim(nonce, cleaned)
        return cleaned

    def next_started(self, at: float | None = None) -> str:
        """A fresh token for the reader this answer goes to (their cookie set with it, if new):
        what a script puts in the form after an answer, or a page re-rendered with errors."""
        return started_token(self.next_reader, at)

    def refresh_started(self):
        """Sent back with errors, the form starts its clock again (an expired one would stick)."""
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = self.next_started()

    def _started(self, token) -> tuple[float, str]:
        max_age = settings.COMMENTS_FORM_MAX_AGE
        try:
            served, reader, nonce = signing.loads(token, salt=_STARTED_SALT, max_age=max_age)
            served = float(served)
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(EXPIRED, code="expired") from None
        if reader != self.reader:  # served to someone else
            raise forms.ValidationError(EXPIRED, code="expired")
        return served, str(nonce) if reader else f"{nonce}:{self.network}"

    def _claim(self, nonce, cleaned):
        """Use the token up; refused if it already sent a different comment."""
        what = (" ".join(cleaned.get("body", "").split()), self.reader, str(cleaned.get("parent")))
        digest = hashlib.sha256(repr(what).encode()).hexdigest()
        key = f"comment-form:{nonce}"
        if not cache.add(key, digest, timeout=settings.COMMENTS_FORM_MAX_AGE):
            if cache.get(key) != digest:
                raise forms.ValidationError(USED, code="used")

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
