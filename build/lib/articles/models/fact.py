from django.conf import settings
from django.db import models
from django.utils.text import Truncator


class Source(models.Model):
    """Where a fact comes from: a report by a publisher such as Reuters or Jiemian."""

    publisher = models.CharField(max_length=120)
    title = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
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
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=40, blank=True, help_text="For example: vehicles/year, USD")
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        permissions = [("verify_fact", "Can verify or dispute facts")]

    def __str__(self):
        return Truncator(self.statement).chars(90)
