from django import template

from articles.editorial import dashboard

register = template.Library()


@register.inclusion_tag("admin/articles/_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    """The admin index's top half: the logged-in person's work (see articles.dashboard)."""
    return {"board": dashboard.for_user(context["request"].user), "request": context["request"]}
