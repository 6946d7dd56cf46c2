"""`{% hero_picture article sizes="…" %}`: an article's hero image as a responsive `<picture>`."""

from django import template

from articles.images import renditions

register = template.Library()


@register.filter
def has_hero_picture(article):
    """Whether the article has renditions to show: without them readers see no image at all
    (never the original upload)."""
    return renditions.hero_picture(article) is not None


@register.inclusion_tag("articles/_hero_picture.html")
def hero_picture(article, sizes, *, lazy=False, priority=False):
    """`sizes` states the image's layout width; `lazy` for images below the fold, `priority`
    for the one most likely to be the page's largest paint."""
    return {
        "article": article,
        "picture": renditions.hero_picture(article),
        "sizes": sizes,
        "lazy": lazy,
        "priority": priority,
    }
