"""Render any version of an article with the public article template, as a marked preview.

A revision's snapshot becomes unsaved, in-memory model instances with their related lists
pre-filled, so `articles/article_detail.html` and its partials render it exactly as they render
a live article, without a line of template code of their own. Nothing here is ever saved.
"""

import uuid

from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from articles.models import (
    Article,
    Category,
    Company,
    Fact,
    HeroRendition,
    KeyPoint,
    ProCon,
    ProConKind,
    Section,
    Source,
)
from articles.rendering import count_words, reading_minutes, render_markdown

TEMPLATE = "articles/article_preview.html"
GONE_TEMPLATE = "articles/preview_gone.html"


def _with_lists(instance, **lists):
    # What prefetch_related() would have stored: the related managers read these, not the DB.
    instance._prefetched_objects_cache = lists
    return instance


def _sections(data):
    return [
        Section(
            uid=uuid.UUID(item["uid"]),
            position=position,
            heading=item["heading"],
            body=item["body"],
            body_html=render_markdown(item["body"]),
        )
        for position, item in enumerate(data["sections"])
    ]


def _key_points(data):
    """Facts as they are now (status, sources), with the statement the revision recorded."""
    fact_ids = [item["fact"] for item in data["key_points"] if item["fact"]]
    facts = Fact.objects.prefetch_related("sources").in_bulk(fact_ids)
    points = []
    for position, item in enumerate(data["key_points"]):
        # A key point typed into the form but not saved yet carries its own sources.
        typed = [Source(**line) for line in item.get("sources", [])]
        # An unsaved fact stands in with id 0: its source list needs an id to be read.
        fact = facts.get(item["fact"]) or _with_lists(Fact(pk=item["fact"] or 0), sources=typed)
        fact.statement = item["statement"]
        points.append(KeyPoint(uid=uuid.UUID(item["uid"]), fact=fact, position=position))
    return points


def _pros_cons(data):
    return [
        ProCon(kind=kind, label=item["label"], text=item["text"], position=position)
        for kind, key in ((ProConKind.PRO, "pros"), (ProConKind.CON, "cons"))
        for position, item in enumerate(data[key])
    ]


def _taxonomy(data):
    category = data["category"]
    return {
        "category": Category.objects.filter(pk=category["id"]).first() if category else None,
        "authors": list(get_user_model().objects.filter(pk__in=[a["id"] for a in data["authors"]])),
        "companies": list(Company.objects.filter(pk__in=[c["id"] for c in data["companies"]])),
    }


def preview_article(data, source, as_of):
    """An unsaved Article showing snapshot `data` of `source`, as it would read at `as_of`.

    Dates follow the live article: a published one shows its first publication and "Updated"
    `as_of`; one never published has no publication date (the page says "Not published yet",
    or when it is scheduled), never a made-up "Published <now>".
    """
    live = source.draft_of or source
    fields = dict(data["fields"])
    hero_image = fields.pop("hero_image")
    # The live pk keeps anything keyed on it (anchors, links) as readers will see it.
    article = Article(pk=live.pk, slug=live.slug, status=live.status, **fields)
    article.hero_image = hero_image
    article.intro_html = render_markdown(article.intro)
    article.closing_html = render_markdown(article.closing)
    article.published_at = live.published_at
    article.scheduled_at = live.scheduled_at
    article.content_updated_at = as_of if live.published_at else None
    sections, points, items = _sections(data), _key_points(data), _pros_cons(data)
    taxonomy = _taxonomy(data)
    article.category = taxonomy["category"]
    _with_lists(article, sections=sections, key_points=points, pros_cons=items)
    article._prefetched_objects_cache.update(
        authors=taxonomy["authors"],
        companies=taxonomy["companies"],
        # The live article's corrections stay on it; an article never saved has none.
        corrections=list(live.corrections.order_by("-created_at")) if live.pk else [],
        # The renditions made for the version shown (a new version's image has its own).
        # An article not yet saved (the form's live preview) has none.
        hero_renditions=list(
            HeroRendition.objects.filter(article_id=source.pk, source_name=hero_image)
        )
        if source.pk and hero_image
        else [],
    )
    words = count_words(
        article.title, article.dek, article.intro, article.closing,
        *(f"{s.heading} {s.body}" for s in sections),
        *(p.fact.statement for p in points),
        *(f"{i.label} {i.text}" for i in items),
    )  # fmt: skip
    article.word_count, article.reading_time = words, reading_minutes(words)
    return article


def _no_store(response):
    """A preview is for one person: never cached, never indexed, never sent to another site in
    a Referer."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def render_preview(request, data, source, as_of, **banner):
    """The public article page for snapshot `data`, under a "Preview — not published" banner.

    `banner` goes to the template as is: `label` (what version this is), and optionally
    `admin_url` (a way back for staff) or `expires_at` (for a shared link).
    """
    article = preview_article(data, source, as_of)
    pros, cons = article.pros_and_cons()
    context = {
        "article": article,
        "is_preview": True,
        "preview": banner,
        "hero_url": "",  # no social card for a page nobody may share
        "pros": pros,
        "cons": cons,
    }
    response = TemplateResponse(request, TEMPLATE, context)
    return _no_store(response)


def render_gone(request, reason):
    """What a dead preview link answers: 410, saying why, so the reviewer knows whom to ask."""
    response = TemplateResponse(request, GONE_TEMPLATE, {"reason": reason}, status=410)
    return _no_store(response)
