"""A snapshot (as articles.editorial.revisions takes one) of the article form as typed, unsaved.

The live preview renders it with the public template. Values are read as the browser sent them,
without validation, so a half-written form still previews; key points carry their typed statement
and sources instead of a saved fact.
"""

from dataclasses import asdict

from django.core.exceptions import ValidationError

from articles.editorial.revisions import SCHEMA, TEXT_FIELDS
from articles.facts import authoring
from articles.models import ProConKind


def _value(form, name):
    if name not in form.fields:
        return ""
    value = form[name].value()
    return "" if value is None else str(value).replace("\r\n", "\n")


def _ids(form, name):
    if name not in form.fields:
        return []
    values = form[name].value() or []
    return [int(value) for value in values if str(value).isdigit()]


def _rows(formset):
    """The formset's forms that are filled in and not marked for deletion."""
    for form in formset.forms:
        if "DELETE" in form.fields and form["DELETE"].value():
            continue
        if not form.has_changed() and form.instance.pk is None:
            continue
        yield form


def _sources(text):
    try:
        return [asdict(line) for line in authoring.parse_sources(text)]
    except ValidationError:  # a half-typed source line previews without its sources
        return []


def snapshot(form, formsets, article):
    fields = {name: _value(form, name) for name in TEXT_FIELDS}
    fields["hero_image"] = article.hero_image.name or ""
    category = _value(form, "category")
    data = {
        "schema": SCHEMA,
        "fields": fields,
        "category": {"id": int(category)} if category.isdigit() else None,
        "authors": [{"id": pk} for pk in _ids(form, "authors")],
        "companies": [{"id": pk} for pk in _ids(form, "companies")],
        "sections": [],
        "key_points": [],
        "pros": [],
        "cons": [],
    }
    for formset in formsets:
        model = formset.model._meta.model_name
        for row in _rows(formset):
            if model == "section":
                data["sections"].append(
                    {
                        "uid": str(row.instance.uid),
                        "heading": _value(row, "heading"),
                        "body": _value(row, "body"),
                    }
                )
            elif model == "keypoint":
                data["key_points"].append(
                    {
                        "uid": str(row.instance.uid),
                        "fact": None,
                        "statement": _value(row, "statement"),
                        "sources": _sources(_value(row, "sources")),
                    }
                )
            elif model == "procon":
                key = "pros" if formset.kind == ProConKind.PRO else "cons"
                data[key].append({"label": _value(row, "label"), "text": _value(row, "text")})
    return data
