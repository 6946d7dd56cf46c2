"""The links in "Notify of" emails: signed confirm and unsubscribe tokens, and absolute URLs.

Links carry signed tokens (django.core.signing, their own salts): a confirmation link expires
after SUBSCRIPTION_CONFIRM_MAX_AGE, an unsubscribe link never does. A token is bound to its
address without putting the address in the URL (and so in access logs).
"""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from articles.models import Subscription

_CONFIRM_SALT = "evnews.subscriptions.confirm"
_UNSUBSCRIBE_SALT = "evnews.subscriptions.unsubscribe"


class InvalidLink(Exception):
    """A confirm or unsubscribe token that is forged, mangled or expired."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_email(email: str) -> str:
    return BaseUserManager.normalize_email((email or "").strip())


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


def one_click_url(subscription: Subscription) -> str:
    """RFC 8058's List-Unsubscribe target: the mail provider POSTs here, without the reader."""
    token = unsubscribe_token(subscription)
    return absolute(reverse("articles:subscription-one-click", kwargs={"token": token}))


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
