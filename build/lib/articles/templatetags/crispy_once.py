"""crispy-forms markup rendered once for forms that look the same to every reader.

crispy renders each field through several templates; on the article page, the busiest page, that
cost more than the whole comment thread. An unbound form with no initial values renders to the
same markup for every reader of its kind (guest or signed in), so that markup is kept in the
cache; a form carrying what someone typed is always rendered afresh. Values that differ per
request (a signed start time, the comment a reply answers) are fields the form leaves out of its
crispy layout; the template renders them.
"""

import hashlib

from crispy_forms.utils import render_crispy_form
from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

register = template.Library()
_TIMEOUT = 60 * 60


@register.simple_tag
def crispy_once(form):
    per_request = set(getattr(form, "per_request_fields", ()))
    if form.is_bound or set(form.initial) - per_request:
        return render_crispy_form(form, helper=form.helper)
    key = _cache_key(form)
    html = cache.get(key)
    if html is None:
        html = render_crispy_form(form, helper=form.helper)
        cache.set(key, str(html), _TIMEOUT)
    return mark_safe(html)  # noqa: S308 - crispy's own output, escaped when it was rendered


def _cache_key(form) -> str:
    shape = (type(form).__module__, type(form).__qualname__, form.prefix, list(form.fields))
    digest = hashlib.sha256(repr(shape).encode()).hexdigest()[:32]
    return f"crispy-once:{digest}"
