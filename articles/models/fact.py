from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator

from articles.plaintext import ONE_LINE_FIELD as ONE_LINE

# A source is read by people: only web addresses they can open (no ftp:, javascript: or data:).
web_url = URLValidator(schemes=["http", "https"])


class Source(models.Model):
    """Where a fact comes from: a report by a publisher such as Reuters or Jiemian."""

    publisher = models.CharField(max_length=120, validators=ONE_LINE)
    title = models.CharField(max_length=300, blank=True, validators=ONE_LINE)
    url = models.URLField(max_length=500, blank=True, validators=[web_url])
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["publisher", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="source_url_unique"
            )
        ]

    def __str__(self):
        return f"{self.publisher}: {self.title}" if self.title else self.publisher


class FactStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    VERIFIED = "verified", "Verified"
    DISPUTED = "disputed", "Disputed"


class FactKind(models.TextChoices):
    """What a fact is about: company fact sheets group by it; FACT_FRESHNESS_DAYS is keyed by it."""

    CAPACITY = "capacity", "Production capacity"
    INVESTMENT = "investment", "Investment"
    APPROVAL = "approval", "Approvals"
    LAUNCH = "launch", "Launches"
    PRICE = "price", "Prices"
    OTHER = "other", "Other facts"


# Kinds whose statement is a figure: a fact of these kinds needs a value and a unit.
NUMERIC_KINDS = {FactKind.CAPACITY, FactKind.INVESTMENT, FactKind.PRICE}


def check_fact_values(kind, value, unit, as_of):
    """{field: message} for values a fact of `kind` cannot have; shared by the model and the
    proposal of a new version (which is never saved on the Fact row)."""
    errors = {}
    if kind in NUMERIC_KINDS and value is None:
        errors["value"] = f"A {FactKind(kind).label.lower()} fact needs a number."
    if kind in NUMERIC_KINDS and not unit.strip():
        errors["unit"] = "Say what the number counts, for example vehicles/year or CNY."
    if as_of and as_of > timezone.localdate():
        errors["as_of"] = "The as-of date cannot be in the future."
    return errors


class Fact(models.Model):
    """A checkable statement. Key points are facts, so one verified fact can serve many articles."""

    statement = models.TextField()
    subject = models.ForeignKey(
        "articles.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facts",
        help_text="The company or entity the statement is about.",
    )
    kind = models.CharField(max_length=12, choices=FactKind, default=FactKind.OTHER)
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(
        max_length=40, blank=True, validators=ONE_LINE, help_text="For example: vehicles/year, USD"
    )
    as_of = models.DateField(null=True, blank=True, help_text="The date the value holds for.")
    sources = models.ManyToManyField(Source, blank=True, related_name="facts")
    status = models.CharField(
        max_length=12, choices=FactStatus, default=FactStatus.UNVERIFIED, db_index=True
    )
    verification_note = models.TextField(blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic locking, as for articles: the number of the fact's latest version. An admin
    # form carries the value it was loaded with; a stale one is refused (articles.facts.versions).
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        permissions = [("verify_fact", "Can verify or dispute facts")]

    def __str__(self):
        return Truncator(self.statement).chars(90)

    def clean(self):
        if errors := check_fact_values(self.kind, self.value, self.unit, self.as_of):
            raise ValidationError(errors)


class FactVersionStatus(models.TextChoices):
    RECORDED = "recorded", "Saved (not yet cited by a reviewed article)"
    PENDING = "pending", "Waiting for verification"
    VERIFIED = "verified", "Verified (what readers see)"
    SUPERSEDED = "superseded", "Superseded by a later verified version"
    REJECTED = "rejected", "Rejected"


class ChangeKind(models.TextChoices):
    CORRECTION = "correction", "Correction: the earlier text was wrong"
    UPDATE = "update", "Update: the world changed"


class FactVersion(models.Model):
    """One state of a fact's content, kept forever: its history, and the proposals waiting for
    an editor. `data` is a snapshot (articles.facts.versions.snapshot): statement, subject,
    kind, value, unit, as-of date and sources. The Fact row always holds what readers see."""

    fact = models.ForeignKey(Fact, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The fact's lock_version this one was written on: verifying it over a newer one is refused.
    base_number = models.PositiveIntegerField(default=0)
    data = models.JSONField()
    status = models.CharField(max_length=12, choices=FactVersionStatus)
    note = models.TextField(blank=True, help_text="Why it changed (for the editors).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(blank=True)
    change_kind = models.CharField(max_length=12, choices=ChangeKind, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["fact", "number"], name="fact_version_number_unique")
        ]

    def __str__(self):
        return f"{self.fact} — version {self.number}"

    @property
    def statement(self):
        return self.data.get("statement", "")
