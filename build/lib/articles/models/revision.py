"""Revisions of an article's content and the preview links made for them.

A revision is written once and never changed: restoring an old one records a new one
(articles/revisions.py). Its `data` is a snapshot in the shape `revisions.snapshot()` returns.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

PREVIEW_SALT = "articles.preview-link"


class Revision(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    note = models.CharField(max_length=200, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_once")
        ]

    def __str__(self):
        return f"Revision {self.number} of “{self.data.get('fields', {}).get('title', '')}”"

    @property
    def title(self):
        return self.data["fields"]["title"]


def _default_expiry():
    return timezone.now() + timedelta(hours=settings.PREVIEW_LINK_HOURS)


def _new_key():
    return secrets.token_urlsafe(16)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A link for a reviewer without an account, pinned to one revision.

    The token in the URL is signed (a forged or mangled one is refused before any lookup) and
    carries a random key compared with the stored one, so a link dies with its row; expiry and
    revocation are checked on every request.
    """

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="preview_links")
    key = models.CharField(max_length=40, default=_new_key, editable=False)
    label = models.CharField(
        max_length=120, blank=True, help_text="Who it is for, e.g. “Xiaomi press office”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.label or f"Preview link {self.pk}"

    def get_absolute_url(self):
        return reverse("articles:preview-link", kwargs={"token": self.token})

    @property
    def token(self):
        # Signer, not dumps(): no timestamp, so a link's URL is the same every time it is shown.
        return signing.Signer(salt=PREVIEW_SALT).sign_object([self.pk, self.key])

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def from_token(cls, token):
        """The link a token names, or None when the token is forged, mangled or unknown."""
        try:
            pk, key = signing.Signer(salt=PREVIEW_SALT).unsign_object(token)
        except (signing.BadSignature, TypeError, ValueError):
            return None
        link = cls.objects.select_related("revision__article").filter(pk=pk).first()
        if link is None or not constant_time_compare(link.key, str(key)):
            return None
        return link
