"""The short form beside a key point or section. It is the comment form (same checks on the text,
the author, the honeypot and the clock) without a website or reply, plus the error flag."""

from crispy_forms.layout import Div, Field, Layout
from django import forms

from articles.comments.forms import CommentForm, started_token
from articles.models import KeyPoint

ERROR_FLAG_LABEL = "This reports an error in this fact"


class FeedbackForm(CommentForm):
    is_error_report = forms.BooleanField(label=ERROR_FLAG_LABEL, required=False)

    # Prefixed, so its ids never clash with the main comment form on the same page.
    prefix = "feedback"

    def __init__(self, *args, part=None, **kwargs):
        self.part = part
        super().__init__(*args, **kwargs)
        for name in ("parent", "author_website"):
            self.fields.pop(name, None)
        body = self.fields["body"]
        body.label = "Your feedback"
        body.widget.attrs["rows"] = 3
        body.help_text = "Plain text with Markdown. It is published with the comments."
        if "author_email" in self.fields:
            self.fields["author_email"].help_text = "Never shown. We use it only about this note."

    @property
    def is_on_key_point(self):
        return self.part is None or isinstance(self.part, KeyPoint)

    def _helper(self):
        helper = super()._helper()
        names = [n for n in ("body", "author_name", "author_email") if n in self]
        if self.is_on_key_point:
            names.append(Div(Field("is_error_report"), data_feedback_error_flag=""))
        trap = Div(Field("homepage_url"), css_class="d-none", aria_hidden="true")
        helper.layout = Layout(*names, trap, "started")
        return helper

    def refresh_started(self):
        self.data = self.data.copy()
        self.data[self.add_prefix("started")] = started_token()

    def clean_parent(self):
        return None

    def clean(self):
        # Above the form: a section's form has no such box, only a crafted request sends it.
        cleaned = super().clean()
        if cleaned.get("is_error_report") and not self.is_on_key_point:
            raise forms.ValidationError(
                "Only feedback on a key point can report an error in a fact.", code="not_a_fact"
            )
        return cleaned
