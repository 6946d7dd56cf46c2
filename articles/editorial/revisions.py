"""Revisions of an article's content: take a snapshot, record it, compare two, restore one.

A snapshot holds what an editor writes: the article's own text fields, its taxonomy and its ordered
parts (sections, key points, pros and cons). Status, dates and derived data are not content.
Parts carry their `uid`, so writing a snapshot back keeps every reader anchor attached.

History is append-only: `restore()` writes an old revision back as the working copy and records
that as a new revision. `Article.lock_version` always equals the number of the latest revision,
which is what the admin's edit-conflict check compares against.
"""

from django.db import transaction
from django.dispatch import Signal

from articles.comments import feedback
from articles.models import (
    Article,
    Category,
    Company,
    Fact,
    KeyPoint,
    ProCon,
    ProConKind,
    Revision,
    Section,
)
from articles.people import display_name
from articles.textdiff import Change, Segment, compare_text  # noqa: F401 - re-exported

SCHEMA = 1

# Sent after a new revision is recorded, inside its transaction: the workflow sends an approved
# article back to review when its content changes. Arguments: article, revision, by.
revision_recorded = Signal()
TEXT_FIELDS = [
    "title",
    "dek",
    "intro",
    "subheading",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "pros_heading",
    "cons_heading",
    "closing",
]


def _text(value):
    # Browsers send textareas with CRLF line ends; a save that changes only those is no edit.
    return value.replace("\r\n", "\n")


def _pro_con(item):
    return {"label": item.label, "text": _text(item.text)}


def _person(user):
    return {"id": user.pk, "name": display_name(user)}


def snapshot(article) -> dict:
    """The article's content as JSON-ready data, in a fixed number of queries."""
    fields = {name: _text(getattr(article, name)) for name in TEXT_FIELDS}
    fields["hero_image"] = article.hero_image.name or ""
    category = article.category
    pros, cons = article.pros_and_cons()
    return {
        "schema": SCHEMA,
        "fields": fields,
        "category": {"id": category.pk, "name": category.name} if category else None,
        "authors": [_person(user) for user in article.authors.order_by("pk")],
        "companies": [{"id": c.pk, "name": c.name} for c in article.companies.order_by("pk")],
        "primary_company": article.primary_company_id,
        "sections": [
            {"uid": str(s.uid), "heading": s.heading, "body": _text(s.body)}
            for s in article.sections.order_by("position", "id")
        ],
        "key_points": [
            {"uid": str(kp.uid), "fact": kp.fact_id, "statement": kp.fact.statement}
            for kp in article.key_points.select_related("fact").order_by("position", "id")
        ],
        "pros": [_pro_con(item) for item in pros],
        "cons": [_pro_con(item) for item in cons],
    }


def empty_snapshot() -> dict:
    """What an article looked like before its first revision: compare against it for a diff."""
    return {
        "schema": SCHEMA,
        "fields": dict.fromkeys([*TEXT_FIELDS, "hero_image"], ""),
        "category": None,
        **{name: [] for name in ["authors", "companies", "sections", "key_points", "pros", "cons"]},
    }


def latest(article):
    return article.revisions.order_by("-number").first()


def record(article, by, note="", *, force=False):
    """Record the article's current content as its next revision and return it.

    Returns None, recording nothing, when the content equals the latest revision's (unless
    `force`, for a revision that marks an event such as publishing a new version).
    """
    with transaction.atomic():
        # Locking the article row serialises two saves that would both take the next number.
        Article.objects.select_for_update().filter(pk=article.pk).exists()
        data = snapshot(article)
        previous = latest(article)
        if previous and previous.data == data and not force:
            return None
        revision = Revision.objects.create(
            article=article,
            number=previous.number + 1 if previous else 1,
            created_by=by,
            note=note,
            data=data,
        )
        Article.objects.filter(pk=article.pk).update(lock_version=revision.number)
        article.lock_version = revision.number
        revision_recorded.send(sender=Article, article=article, revision=revision, by=by)
    return revision


# Writing a snapshot back ----------------------------------------------------------------------


def write_content(article, data):
    """Make the article's content equal to `data`, updating parts in place by uid.

    Shared by restore and by publishing a new version. Authors, companies, a category or a fact
    deleted since the snapshot was taken are left out rather than failing the whole write.
    """
    fields = dict(data["fields"])
    image = fields.get("hero_image")
    if image and not Article._meta.get_field("hero_image").storage.exists(image):
        # A replaced original is deleted once no article uses it (articles/images/): the
        # article keeps the image it has rather than pointing at a file that is gone.
        del fields["hero_image"]
    for name, value in fields.items():
        setattr(article, name, value)
    category = data["category"]
    article.category = Category.objects.filter(pk=category["id"]).first() if category else None
    # Snapshots from before the field existed have no primary company: keep the article's.
    primary = data.get("primary_company", article.primary_company_id)
    article.primary_company = Company.objects.filter(pk=primary).first() if primary else None
    article.save()
    author_ids = [person["id"] for person in data["authors"]]
    authors = article.authors.model.objects.filter(pk__in=author_ids)
    if authors:
        article.authors.set(authors)
    article.companies.set(Company.objects.filter(pk__in=[c["id"] for c in data["companies"]]))
    _write_sections(article, data["sections"])
    _write_key_points(article, data["key_points"])
    for kind, key in ((ProConKind.PRO, "pros"), (ProConKind.CON, "cons")):
        _write_pros_cons(article, kind, data[key])
    feedback.reattach(article)
    article.update_reading_time()


def _write_sections(article, items):
    current = {str(section.uid): section for section in article.sections.all()}
    article.sections.exclude(uid__in=[item["uid"] for item in items]).delete()
    for position, item in enumerate(items):
        section = current.get(item["uid"]) or Section(article=article, uid=item["uid"])
        wanted = (item["heading"], item["body"], position)
        if section.pk is None or (section.heading, section.body, section.position) != wanted:
            section.heading, section.body, section.position = wanted
            section.save()


def _write_key_points(article, items):
    facts = set(Fact.objects.filter(pk__in=[item["fact"] for item in items]).values_list("pk"))
    items = [item for item in items if (item["fact"],) in facts]
    wanted = {(item["uid"], item["fact"]) for item in items}
    current = {}
    for point in article.key_points.all():
        # A point whose uid now names another fact is replaced, so the one-fact-once
        # constraint cannot trip over two points swapping facts.
        if (str(point.uid), point.fact_id) in wanted:
            current[str(point.uid)] = point
        else:
            point.delete()
    for position, item in enumerate(items):
        point = current.get(item["uid"])
        if point is None:
            KeyPoint.objects.create(
                article=article, uid=item["uid"], fact_id=item["fact"], position=position
            )
        elif point.position != position:
            KeyPoint.objects.filter(pk=point.pk).update(position=position)


def _write_pros_cons(article, kind, items):
    current = list(article.pros_cons.filter(kind=kind).order_by("position", "id"))
    for position, item in enumerate(items):
        entry = current[position] if position < len(current) else ProCon(article=article, kind=kind)
        if entry.pk is None or (entry.label, entry.text, entry.position) != (
            item["label"],
            item["text"],
            position,
        ):
            entry.label, entry.text, entry.position = item["label"], item["text"], position
            entry.save()
    ProCon.objects.filter(pk__in=[entry.pk for entry in current[len(items) :]]).delete()


# Comparing two snapshots ----------------------------------------------------------------------


def _names(items):
    return ", ".join(item["name"] for item in items)


def _part_lines(items, render):
    return "\n".join(render(item) for item in items)


def _pro_con_line(item):
    return f"{item['label']}: {item['text']}" if item["label"] else item["text"]


def _compare_parts(label, old_items, new_items, text_of):
    """Parts matched by uid: each changed, added or removed part, then their order."""
    old_by_uid = {item["uid"]: item for item in old_items}
    new_by_uid = {item["uid"]: item for item in new_items}
    changes = [
        compare_text(label, text_of(old_by_uid[uid]) if uid in old_by_uid else "", text_of(item))
        for uid, item in new_by_uid.items()
    ]
    changes += [
        compare_text(label, text_of(item), "")
        for uid, item in old_by_uid.items()
        if uid not in new_by_uid
    ]
    kept_old = [old_by_uid[uid] for uid in old_by_uid if uid in new_by_uid]
    kept_new = [new_by_uid[uid] for uid in new_by_uid if uid in old_by_uid]
    if [item["uid"] for item in kept_old] != [item["uid"] for item in kept_new]:
        first_lines = lambda items: "\n".join(text_of(i).split("\n", 1)[0] for i in items)  # noqa: E731
        changes.append(compare_text(f"{label} order", first_lines(kept_old), first_lines(kept_new)))
    return changes


def _section_text(item):
    return f"{item['heading']}\n\n{item['body']}"


def diff(old, new) -> list[Change]:
    """What changed from snapshot `old` to snapshot `new`, as labelled word-level changes."""
    old = old or empty_snapshot()
    changes = []
    for name in [*TEXT_FIELDS, "hero_image"]:
        label = str(Article._meta.get_field(name).verbose_name).capitalize()
        changes.append(compare_text(label, old["fields"].get(name, ""), new["fields"][name]))
    category = lambda data: data["category"]["name"] if data["category"] else ""  # noqa: E731
    changes.append(compare_text("Category", category(old), category(new)))
    changes.append(compare_text("Authors", _names(old["authors"]), _names(new["authors"])))
    changes.append(compare_text("Companies", _names(old["companies"]), _names(new["companies"])))
    changes += _compare_parts("Section", old["sections"], new["sections"], _section_text)
    changes += _compare_parts(
        "Key point", old["key_points"], new["key_points"], lambda item: item["statement"]
    )
    for key, label in (("pros", "Pros"), ("cons", "Cons")):
        changes.append(
            compare_text(
                label, _part_lines(old[key], _pro_con_line), _part_lines(new[key], _pro_con_line)
            )
        )
    return [change for change in changes if change]
