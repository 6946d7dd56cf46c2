from django import template

from articles import people

register = template.Library()


@register.filter
def display_name(user) -> str:
    """{{ user|display_name }}: see articles.people.display_name. Empty for no user."""
    return people.display_name(user) if user else ""
