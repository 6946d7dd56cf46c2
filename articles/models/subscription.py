"""Readers' "Notify of" subscriptions to an article's comments, and each notification owed.

A subscription is one address, one article, one kind; it sends nothing until its owner confirms it
(double opt-in). Unsubscribing deletes it, with its pending deliveries: what was never confirmed or
is no longer wanted is not kept. A Delivery is one (comment, subscription) pair, unique in the
database, so however often a comment is approved its subscriber hears of it at most once.
"""

from django.db import models
from django.db.models import Q


def mask_email(email: str) -> str:
    """`jane.doe@example.com` → `j…e@example.com`: enough to tell rows apart on a screen."""
    local, _, domain = email.rpartition("@")
    shown = f"{local[0]}…{local[-1]}" if len(local) > 2 else f"{local[:1]}…"
    return f"{shown}@{domain}"


class SubscriptionKind(models.TextChoices):
    ALL = "all", "New follow-up comments"
    REPLIES = "replies", "New replies to my comments"


_ABOUT = {
    SubscriptionKind.ALL: "new comments",
    SubscriptionKind.REPLIES: "replies to your comments",
}


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="subscriptions"
    )
    # Stored as given with only the domain lower-cased (see subscriptions.links.normalize_email) and
    # always matched with `=`: two local parts differing in case are two mailboxes.
    email = models.EmailField(max_length=254)
    kind = models.CharField(max_length=10, choices=SubscriptionKind)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the next digest is due; set while one is queued so a busy thread queues only one.
    digest_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "email", "kind"], name="subscription_once_per_kind"
            ),
        ]
        indexes = [models.Index(fields=["email"], name="subscription_email_idx")]

    def __str__(self):
        # Masked: this string shows in admin lists, logs and confirmations.
        return f"{self.masked_email} → {self.article} ({self.get_kind_display().lower()})"

    @property
    def masked_email(self):
        return mask_email(self.email)

    @property
    def about(self) -> str:
        """What we email about, in words addressed to the subscriber: the choice's label speaks
        as the reader ("my comments"), our emails and pages speak to them ("your comments")."""
        return _ABOUT[self.kind]

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"


class Delivery(models.Model):
    """One comment owed to one subscriber; it stays pending until an email carrying it is sent."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    comment = models.ForeignKey(
        "articles.Comment", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    # A digest claims its rows (status SENDING, this batch id) so two workers never send one row.
    batch = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "subscription"], name="delivery_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="delivery_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"comment {self.comment_id} → {self.subscription_id} ({self.status})"
