"""schema.org data for search engines, embedded as JSON-LD.

`news_article()` is the single builder of an article's NewsArticle; features that add to the page
(ratings, comments) add their keys here so the page, the tests and any API agree on one shape.
It follows Google's article documentation: headline, image, dates, author with a URL, publisher
with a logo; `about` is the article's primary company (an explicit field), the other companies
are `mentions`, and `citation` lists the sources of its key-point facts."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe

from articles.images import renditions
from articles.ratings.services import aggregate_rating

# JSON may hold "</script>" or "<!--" inside strings; escaping <, > and & keeps the script block
# closed only where we close it (the same escapes as Django's json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
LOGO = ("img/publisher-logo.png", 600, 60)
CONTEXT = "https://schema.org"


def news_article(article, request) -> dict:
    """A NewsArticle for a published article (prefetched authors, companies, key points)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.dek,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at,
        "dateModified": article.last_modified,
        "isAccessibleForFree": True,
        "wordCount": article.word_count,
        "commentCount": article.comment_count,
        "author": [_person(author, request) for author in article.authors.all()],
        "publisher": publisher(request),
    }
    if article.category:
        data["articleSection"] = article.category.name
    if image_url := renditions.share_url(article, request):
        data["image"] = [image_url]
    primary = article.primary_company_id
    companies = article.companies.all()
    if primary:
        data["about"] = [_organization(c, request) for c in companies if c.pk == primary]
    if mentions := [_organization(c, request) for c in companies if c.pk != primary]:
        data["mentions"] = mentions
    if citations := _citations(article):
        data["citation"] = citations
    if rating := aggregate_rating(article):
        data["aggregateRating"] = rating
    if corrections := [_correction(c, request) for c in article.corrections.all()]:
        data["correction"] = corrections
    return data


def breadcrumbs(article, request) -> dict:
    """Home › category › article, as Google's BreadcrumbList."""
    trail = [(settings.SITE_NAME, "/")]
    if article.category:
        trail.append((article.category.name, article.category.get_absolute_url()))
    trail.append((article.title, article.get_absolute_url()))
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def organization(company, request) -> dict:
    """A company or topic page's subject (every kind is a schema.org Organization)."""
    data = {"@context": CONTEXT, **_organization(company, request)}
    if company.description:
        data["description"] = company.description
    if company.website:
        data["sameAs"] = [company.website]
    return data


def publisher(request) -> dict:
    path, width, height = LOGO
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(path)),
            "width": width,
            "height": height,
        },
    }


def _correction(correction, request) -> dict:
    """schema.org `correction`: a CorrectionComment per published correction or update."""
    return {
        "@type": "CorrectionComment",
        "text": f"{correction.label}: {correction.note}",
        "datePublished": correction.created_at,
        "url": request.build_absolute_uri(correction.get_absolute_url()),
    }


def _person(user, request) -> dict:
    profile = user.author_profile
    url = request.build_absolute_uri(profile.get_absolute_url())
    return {"@type": "Person", "name": profile.display_name, "url": url}


def _organization(company, request) -> dict:
    return {
        "@type": "Organization",
        "name": company.name,
        "url": request.build_absolute_uri(company.get_absolute_url()),
    }


def _citations(article) -> list[dict]:
    """Each source of a key-point fact once, in the order readers meet them."""
    seen, citations = set(), []
    for point in article.key_points.all():
        for source in point.fact.sources.all():
            if source.pk in seen:
                continue
            seen.add(source.pk)
            citation = {"@type": "CreativeWork", "name": source.title or source.publisher}
            if source.url:
                citation["url"] = source.url
            if source.publisher:
                citation["publisher"] = {"@type": "Organization", "name": source.publisher}
            if source.published_on:
                citation["datePublished"] = source.published_on
            citations.append(citation)
    return citations


def as_json_ld(data: dict | list) -> SafeString:
    """The data as text safe to place between <script type="application/ld+json"> tags."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - markup characters escaped
