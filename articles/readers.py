"""Who a reader is, for votes, comments and rate limits — decided on the server only.

- The client IP comes from REMOTE_ADDR, or from X-Forwarded-For only through the configured number
  of trusted proxies (`TRUSTED_PROXY_COUNT`): a header the client sends cannot change who it is.
- IPs are stored and counted only as keyed hashes.
- An anonymous reader is a random id in a long-lived signed cookie; a logged-in reader is the
  account. A cookie that fails its signature is forged and refused, never silently replaced.
"""

import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

VOTER_COOKIE = "evnews_voter"
_VOTER_SALT = "evnews.voter"
_VOTER_MAX_AGE = 60 * 60 * 24 * 365 * 2


class ForgedVoterCookie(Exception):
    """The voter cookie is present but its signature does not hold."""


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h]
    # Each trusted proxy appends the address it saw; the client is the one the outermost
    # trusted proxy recorded. Anything further left was written by the client and is ignored.
    if len(hops) < trusted:
        return remote
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def ip_hash(ip: str) -> str:
    return salted_hmac("evnews.ip", ip).hexdigest()[:32]


def client_ip_hash(request) -> str:
    return ip_hash(client_ip(request))


def rate_limited(scope: str, key: str, limit: int, period: int) -> bool:
    """Count one hit for (scope, key) in a fixed window; True when over `limit` per `period` s.

    `cache.add` then `cache.incr` is atomic on the locmem and Redis backends, so two requests
    racing cannot both be the last one allowed."""
    if limit <= 0:
        return False
    bucket = f"rl:{scope}:{key}"
    cache.add(bucket, 0, timeout=period)
    try:
        return cache.incr(bucket) > limit
    except ValueError:  # expired between add and incr: this hit opens a new window
        cache.add(bucket, 1, timeout=period)
        return False


@dataclass(frozen=True)
class Voter:
    user_id: int | None
    anon_id: str | None
    is_new: bool = False

    @property
    def key(self) -> str:
        return f"user:{self.user_id}" if self.user_id else f"anon:{self.anon_id}"


def get_voter(request) -> Voter:
    """The reader behind this request. Raises ForgedVoterCookie for a tampered cookie."""
    if request.user.is_authenticated:
        return Voter(user_id=request.user.pk, anon_id=None)
    if VOTER_COOKIE not in request.COOKIES:
        return Voter(user_id=None, anon_id=secrets.token_urlsafe(16), is_new=True)
    try:
        # The same salt rule as set_signed_cookie in remember_voter (cookie name + salt).
        anon_id = request.get_signed_cookie(VOTER_COOKIE, salt=_VOTER_SALT, max_age=_VOTER_MAX_AGE)
    except signing.BadSignature as error:
        raise ForgedVoterCookie from error
    return Voter(user_id=None, anon_id=anon_id)


def anonymous_voter(request) -> Voter | None:
    """The anonymous reader this browser's cookie names, even once they have logged in (so their
    anonymous votes can become their account's); None without a valid cookie."""
    try:
        anon_id = request.get_signed_cookie(VOTER_COOKIE, salt=_VOTER_SALT, max_age=_VOTER_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None
    return Voter(user_id=None, anon_id=anon_id)


def adopted_on_login(adopt):
    """Decorator: run `adopt(anonymous, account)` when a reader who has a voter cookie logs in,
    so what they did anonymously (votes) becomes their account's: one reader, one voter."""

    def on_login(sender, request, user, **kwargs):
        anonymous = anonymous_voter(request) if request is not None else None
        if anonymous is not None:
            adopt(anonymous, Voter(user_id=user.pk, anon_id=None))

    user_logged_in.connect(
        on_login, weak=False, dispatch_uid=f"{adopt.__module__}.{adopt.__name__}"
    )
    return adopt


def viewing_voter(request) -> Voter | None:
    """The reader behind a page view, or None when their cookie was tampered with: the page still
    shows, and acting on it (articles.web.reader_action) will say what is wrong. Decided once per
    request (`request.voter`), so a first-time reader is one id for the whole page."""
    if not hasattr(request, "voter"):
        try:
            request.voter = get_voter(request)
        except ForgedVoterCookie:
            request.voter = None
    return request.voter


def remember_voter(response, voter: Voter):
    """Set the cookie for a voter seen for the first time; call on the response of a vote."""
    if voter.is_new and voter.anon_id:
        response.set_signed_cookie(
            VOTER_COOKIE,
            voter.anon_id,
            salt=_VOTER_SALT,
            max_age=_VOTER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG and getattr(settings, "SESSION_COOKIE_SECURE", False),
        )
    return response
