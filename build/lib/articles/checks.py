"""Deployment checks for what readers receive by email (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    # Links in emails are built from SITE_URL, and RFC 8058 one-click unsubscribe only works
    # with an https List-Unsubscribe URL.
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            "SITE_URL does not start with https://.",
            hint="Links in notification emails use SITE_URL; mail providers only offer "
            "one-click unsubscribe (RFC 8058) for https URLs.",
            id="evnews.W001",
        )
    ]
