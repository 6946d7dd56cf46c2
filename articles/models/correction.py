"""Public corrections and updates, the emails that announce them, reader error reports' outcomes,
and the before/after history of sources and companies."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .fact import ChangeKind

NOTE_MAX = 280


class Correction(models.Model):
    """A dated public notice on a published article: a fact it cites was corrected or updated
    (`fact`, `fact_version` set), or an editor corrected the article itself."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(max_length=12, choices=ChangeKind, default=ChangeKind.CORRECTION)
    note = models.CharField(
        max_length=NOTE_MAX, help_text=f"Shown to readers; at most {NOTE_MAX} characters."
    )
    fact = models.ForeignKey(
        "articles.Fact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )
    fact_version = models.ForeignKey(
        "articles.FactVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.label} on “{self.article}”, {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    @property
    def label(self):
        return "Correction" if self.kind == ChangeKind.CORRECTION else "Update"

    @property
    def anchor(self):
        return f"correction-{self.pk}"


class CorrectionEmail(models.Model):
    """One correction owed to one subscriber's address: unique, so it is sent at most once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="emails")
    subscription = models.ForeignKey(
        "articles.Subscription", on_delete=models.CASCADE, related_name="correction_emails"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["correction", "subscription"], name="correction_email_once"
            )
        ]

    def __str__(self):
        return f"correction {self.correction_id} → {self.subscription_id} ({self.status})"


class ReportOutcome(models.TextChoices):
    CORRECTED = "corrected", "Corrected"
    NOT_AN_ERROR = "not_an_error", "Not an error"


class ErrorReportResolution(models.Model):
    """An editor's answer to a reader's error report (a Comment with is_error_report)."""

    comment = models.OneToOneField(
        "articles.Comment", on_delete=models.CASCADE, related_name="resolution"
    )
    outcome = models.CharField(max_length=14, choices=ReportOutcome)
    reply = models.TextField(max_length=2000, help_text="Sent to the reader who reported it.")
    correction = models.ForeignKey(
        Correction, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reporter_emailed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.get_outcome_display()}: report {self.comment_id}"


class ErrorReportNotice(models.Model):
    """An error report included in an editors' digest; its row makes that happen once."""

    comment = models.OneToOneField(
        "articles.Comment", on_delete=models.CASCADE, related_name="desk_notice"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"report {self.comment_id} ({'sent' if self.sent_at else 'waiting'})"


class ReferenceEdit(models.Model):
    """A source's or company's text before and after one admin save (the admin's own history
    keeps only which fields changed)."""

    model = models.CharField(max_length=20)  # "source" or "company"
    object_id = models.PositiveIntegerField()
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="reference_edit_idx")]

    def __str__(self):
        return f"{self.model} {self.object_id}, {self.at:%Y-%m-%d %H:%M}"
