"""`{% rating_widget article %}`: the "Article Rating" section under an article.

Two queries at most, whatever the number of votes: the article's summary row and the reader's own
vote (skipped for a reader without a voter cookie or account)."""

from django import template
from django.contrib.messages import get_messages

from articles.models.rating import STARS
from articles.ratings.services import MESSAGE_TAG, figures_for, vote_of
from articles.readers import viewing_voter

register = template.Library()


@register.inclusion_tag("articles/_rating.html", takes_context=True)
def rating_widget(context, article, preview=False):
    """`preview=True` draws the figures with the voting controls switched off and labelled: a
    star pressed in a preview must never reach the live article."""
    request = context["request"]
    figures = figures_for(article)
    average = figures.average
    return {
        "article": article,
        "preview": preview,
        "figures": figures,
        "fill": f"{average / 5 * 100:.0f}" if average else "0",
        "breakdown": [(n, figures.breakdown[n], _share(figures, n)) for n in reversed(STARS)],
        "stars": STARS,
        "your_vote": vote_of(article, viewing_voter(request)),
        "rating_messages": [m for m in get_messages(request) if MESSAGE_TAG in m.tags.split()],
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


def _share(figures, stars) -> int:
    return round(100 * figures.breakdown[stars] / figures.count) if figures.count else 0
