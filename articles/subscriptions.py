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
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from articles.models import Subscription
from articles.readers import rate_limited

log = logging.getLogger("evnews.subscriptions")

_CONFIRM_SALT = "evnews.subscriptions.confirm"
_UNSUBSCRIBE_SALT = "evnews.subscriptions.unsubscribe"


class InvalidLink(Exception):
    """A confirm or unsubscribe token that is forged, mangled or expired."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_email(email: str) -> str:
    return BaseUserManager.normalize_email((email or "").strip())


def email_key(email: str) -> str:
    """A keyed hash of the address, for rate-limit buckets: the address itself stays out of the
    cache, and a hash has no characters a cache key could trip on."""
    return salted_hmac("evnews.subscriptions.email", normalize_email(email)).hexdigest()[:32]


def _wait(period: int) -> str:
    return f"Please try again in {max(1, period // 60)} minutes."


def ip_over_limit(ip_hash: str) -> str | None:
    """Count one subscribe attempt from this client; the message to show when it is over."""
    limit, period = settings.SUBSCRIBE_RATE_PER_IP
    if rate_limited("subscribe-ip", ip_hash, limit, period):
        return f"Too many subscription requests from your network. {_wait(period)}"
    return None


def email_over_limit(email: str) -> str | None:
    """Count one request for this address, whoever asks: caps the emails one inbox can get."""
    limit, period = settings.SUBSCRIBE_RATE_PER_EMAIL
    if rate_limited("subscribe-email", email_key(email), limit, period):
        return f"Too many subscription requests for this address. {_wait(period)}"
    return None


# Tokens ------------------------------------------------------------------------------------


def _address_tag(email: str) -> str:
    # Binds a token to its address without putting the address in URLs (and so in access logs).
    return salted_hmac("evnews.subscriptions.token", email).hexdigest()[:16]


def _payload(subscription: Subscription) -> dict:
    return {"s": subscription.pk, "a": _address_tag(subscription.email)}


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps(_payload(subscription), salt=_CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    # No timestamp: it never expires, and each subscription keeps one stable link.
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object(_payload(subscription))


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def confirm_url(subscription: Subscription) -> str:
    token = confirm_token(subscription)
    return absolute(reverse("articles:subscription-confirm", kwargs={"token": token}))


def unsubscribe_url(subscription: Subscription) -> str:
    token = unsubscribe_token(subscription)
    return absolute(reverse("articles:subscription-unsubscribe", kwargs={"token": token}))


def _read(token: str, salt: str, max_age=None) -> dict:
    """The signed payload; with `max_age` the token is timestamped (confirmation), without it
    plain-signed (unsubscribe)."""
    try:
        if max_age is None:
            payload = signing.Signer(salt=salt).unsign_object(token)
        else:
            payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidLink("This link has expired. Please subscribe again.") from error
    except signing.BadSignature as error:
        raise InvalidLink("This link is not valid. Please check you copied all of it.") from error
    if not isinstance(payload, dict) or not {"s", "a"} <= payload.keys():
        raise InvalidLink("This link is not valid. Please check you copied all of it.")
    return payload


def _lookup(payload: dict) -> Subscription | None:
    # The token's address must still be the row's: a token never reaches another address.
    subscription = Subscription.objects.select_related("article").filter(pk=payload["s"]).first()
    if subscription is None:
        return None
    if not constant_time_compare(_address_tag(subscription.email), str(payload["a"])):
        return None
    return subscription


def from_confirm_token(token: str) -> Subscription:
    max_age = settings.SUBSCRIPTION_CONFIRM_MAX_AGE
    subscription = _lookup(_read(token, _CONFIRM_SALT, max_age=max_age))
    if subscription is None:
        raise InvalidLink("This subscription no longer exists. Please subscribe again.")
    return subscription


def from_unsubscribe_token(token: str) -> Subscription | None:
    """The token's subscription; None when it is already gone (unsubscribing twice is fine)."""
    return _lookup(_read(token, _UNSUBSCRIBE_SALT))


# State changes -----------------------------------------------------------------------------


def subscribe(article, email: str, kind: str) -> None:
    """Ask `email` to confirm a subscription. Says nothing about what already existed."""
    email = normalize_email(email)
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
            from articles import notifications  # imported here: it imports this module

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
