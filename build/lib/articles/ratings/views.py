"""POST /articles/<slug>/rate/ — a reader's vote, from the plain form or from rating.js.

Without JavaScript the form POSTs here and is redirected back to the article's #rating section,
where a confirmation is shown. rating.js sends the same form asking for JSON and gets the
envelope of articles.web:

    200 {"ok": true, "message": "Thank you: your vote of 4 stars is counted.",
         "data": {"average": 4.3,            # one decimal, null before the first vote
                  "count": 13,
                  "count_label": "13 votes", # "No votes yet" / "1 vote" / "13 votes"
                  "your_vote": 4,
                  "breakdown": {"1": 0, "2": 1, "3": 2, "4": 3, "5": 7}}}

    4xx {"ok": false, "message": "<what went wrong, in words a reader understands>", "errors": {}}
        400 bad or missing stars (0, 6, -1, 3.5, text, missing, repeated) or a forged voter cookie
        403 ratings closed on this article (or CSRF refused: Django's own HTML 403)
        404 no published article at this address
        405 not a POST
        429 too many votes from this address (Retry-After header, seconds)

Nothing is saved on any 4xx. A first anonymous vote sets the signed voter cookie.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect

from articles import web
from articles.models import Article
from articles.models.rating import STARS
from articles.ratings.services import MESSAGE_TAG, RatingsClosed, cast_vote
from articles.readers import client_ip_hash


class RatingForm(forms.Form):
    """Serves the no-JavaScript POST and rating.js alike."""

    stars = forms.TypedChoiceField(
        choices=[(n, f"{n} star" if n == 1 else f"{n} stars") for n in STARS],
        coerce=int,
        error_messages={
            "required": "Choose from 1 to 5 stars before sending your vote.",
            "invalid_choice": "A vote is a whole number of stars from 1 to 5.",
        },
    )

    def clean_stars(self):
        # A QueryDict hands a field its last value; two values mean a forged or broken form.
        if hasattr(self.data, "getlist") and len(self.data.getlist("stars")) > 1:
            raise forms.ValidationError("Send one vote at a time: one star count, not several.")
        return self.cleaned_data["stars"]


LIMIT = web.Limit(
    "rating",
    lambda: (settings.RATINGS_RATE_LIMIT, settings.RATINGS_RATE_PERIOD),
    "Too many votes on this article from your network.",
    per_article=True,
)


@web.reader_action(limit=LIMIT)
def rate_article(request, slug):
    article = Article.objects.published().filter(slug=slug).first()
    if article is None:
        message = "There is no published article at this address."
        return web.refuse(request, message, 404, slug=None)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _refuse(request, article, 400, " ".join(form.errors["stars"]))
    try:
        outcome = cast_vote(
            article, request.voter, form.cleaned_data["stars"], ip_hash=client_ip_hash(request)
        )
    except RatingsClosed:
        return _refuse(request, article, 403, "Ratings are closed for this article.")
    return _answer(request, article, outcome)


def _answer(request, article, outcome):
    if web.wants_json(request):
        figures = outcome.figures
        data = {
            "average": float(figures.average),
            "count": figures.count,
            "count_label": figures.count_label,
            "your_vote": outcome.stars,
            "breakdown": {str(stars): n for stars, n in figures.breakdown.items()},
        }
        return web.answer(outcome.message, data)
    messages.success(request, outcome.message, extra_tags=MESSAGE_TAG)
    return redirect(f"{article.get_absolute_url()}#rating")


def _refuse(request, article, status, message):
    return web.refuse(request, message, status, article=article, section="rating")
