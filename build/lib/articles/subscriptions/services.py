"""Subscribing to an article's comments: request, confirm, unsubscribe — one function each.

- Addresses are matched exactly. Only the domain is lower-cased (RFC 5321 §2.4: domains are
  case-insensitive, local parts may not be), so `Foo@x.org` and `foo@x.org` are two subscribers,
  `FOO@X.ORG` and `FOO@x.org` one. Lookups are always `email=...`, never LIKE/icontains, so `%` or
  `_` in an address is just a character.
- `subscribe()` answers the same whatever the address's state, so nobody learns who is subscribed,
  and sends at most one confirmation per subscription per SUBSCRIPTION_CONFIRM_RESEND_SECONDS.
- Links carry signed tokens (django.core.signing, their own salts): a confirmation link expires
  after SUBSCRIPTION_CONFIRM_MAX_AGE, an unsubscribe link never does.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from articles import web
from articles.models import Subscription
from articles.readers import rate_limited
from articles.subscriptions import links, notifications

log = logging.getLogger("evnews.subscriptions")


def email_key(email: str) -> str:
    """A keyed hash of the address, for rate-limit buckets: the address itself stays out of the
    cache, and a hash has no characters a cache key could trip on."""
    return salted_hmac("evnews.subscriptions.email", links.normalize_email(email)).hexdigest()[:32]


# Per client IP, counted by the subscribe endpoint and by the comment form's "Notify me" box.
IP_LIMIT = web.Limit(
    "subscribe-ip",
    lambda: settings.SUBSCRIBE_RATE_PER_IP,
    "Too many subscription requests from your network.",
)
EMAIL_LIMIT = web.Limit(
    "subscribe-email",
    lambda: settings.SUBSCRIBE_RATE_PER_EMAIL,
    "Too many subscription requests for this address.",
)


def ip_over_limit(request) -> str | None:
    """Count one subscribe attempt from this client; the message to show when it is over."""
    return IP_LIMIT.message() if IP_LIMIT.exceeded(request, None) else None


def email_over_limit(email: str) -> str | None:
    """Count one request for this address, whoever asks: caps the emails one inbox can get."""
    count, period = EMAIL_LIMIT.window()
    if rate_limited(EMAIL_LIMIT.scope, email_key(email), count, period):
        return EMAIL_LIMIT.message()
    return None


# State changes -----------------------------------------------------------------------------


def subscribe(article, email: str, kind: str) -> None:
    """Ask `email` to confirm a subscription. Says nothing about what already existed."""
    email = links.normalize_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscription, _ = Subscription.objects.get_or_create(
            article=article, email=email, kind=kind
        )
        if subscription.is_confirmed:
            return
        resend_after = now - timedelta(seconds=settings.SUBSCRIPTION_CONFIRM_RESEND_SECONDS)
        # One conditional UPDATE: of two requests racing, only one sends the email.
        claimed = (
            Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True)
            .filter(Q(confirmation_sent_at__isnull=True) | Q(confirmation_sent_at__lt=resend_after))
            .update(confirmation_sent_at=now)
        )
        if claimed:
            notifications.queue_confirmation(subscription.pk)


def confirm(subscription: Subscription) -> Subscription:
    if not subscription.is_confirmed:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        log.info("subscription %s confirmed", subscription.pk)
    return subscription


def unsubscribe(subscription: Subscription) -> None:
    """Stop every notification about this article to this address (both kinds), and forget it."""
    Subscription.objects.filter(
        article_id=subscription.article_id, email=subscription.email
    ).delete()
    log.info("subscription %s unsubscribed", subscription.pk)
