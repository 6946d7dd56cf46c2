"""schema.org data for search engines: one NewsArticle dict per article, embedded as JSON-LD.

`news_article()` is the single builder; features that add to the page (ratings, comments) add
their keys here so the page, the tests and any API agree on one shape."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from articles.images import renditions
from articles.people import display_name
from articles.ratings.services import aggregate_rating

# JSON may hold "</script>" or "<!--" inside strings; escaping <, > and & keeps the script block
# closed only where we close it (the same escapes as Django's json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def news_article(article, request) -> dict:
    """A schema.org NewsArticle for a published article (prefetched authors and companies)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.dek,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at,
        "dateModified": article.last_modified,
        "wordCount": article.word_count,
        "commentCount": article.comment_count,
        "author": [_person(author, request) for author in article.authors.all()],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
    }
    if article.category:
        data["articleSection"] = article.category.name
    if image_url := renditions.share_url(article, request):
        data["image"] = [image_url]
    companies = [_thing(company, request) for company in article.companies.all()]
    if companies:
        data["about"] = companies[:1]
        data["mentions"] = companies[1:] or companies
    if rating := aggregate_rating(article):
        data["aggregateRating"] = rating
    return data


def _person(user, request) -> dict:
    path = reverse("articles:author-detail", kwargs={"username": user.get_username()})
    return {"@type": "Person", "name": display_name(user), "url": request.build_absolute_uri(path)}


def _thing(company, request) -> dict:
    # Every company kind (maker, regulator, organisation) is a schema.org Organization.
    return {
        "@type": "Organization",
        "name": company.name,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }


def as_json_ld(data: dict) -> SafeString:
    """The dict as text safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - markup characters escaped
