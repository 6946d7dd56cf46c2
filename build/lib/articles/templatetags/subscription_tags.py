"""`{% subscribe_form article %}`: the email-only "Notify of" form, for any page that wants it."""

from django import template

from articles.subscriptions.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("articles/_subscribe.html", takes_context=True)
def subscribe_form(context, article, form=None, message=""):
    return {
        "article": article,
        "subscribe_form": form or SubscribeForm(),
        "message": message,
        "csrf_token": context.get("csrf_token"),
    }
