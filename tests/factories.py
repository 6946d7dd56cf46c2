"""Small `make_*` helpers with sensible defaults; each builds one thing and what it needs."""

import itertools

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from articles.comments import moderation, posting
from articles.models import (
    Article,
    ArticleStatus,
    Category,
    Comment,
    CommentStatus,
    Company,
    Fact,
    KeyPoint,
    ProCon,
    ProConKind,
    Section,
    Source,
)
from articles.roles import grant_roles
from articles.search import index as search_index

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery"


def make_user(username=None, *, role=None, **fields):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@example.com"),
        password=PASSWORD,
        is_staff=role is not None,
        first_name=fields.pop("first_name", username.title()),
        **fields,
    )
    if role:
        user.groups.add(role_group(role))
    return user


def role_group(name):
    """The role's group; transactional (browser) tests flush the rows the migration made."""
    if not Group.objects.filter(name=name).exists():
        grant_roles(django_apps)
    return Group.objects.get(name=name)


def make_category(name="Industry", **fields):
    return Category.objects.create(name=name, slug=slugify(name), **fields)


def make_company(name="Xiaomi", **fields):
    return Company.objects.create(name=name, slug=slugify(name), **fields)


def make_source(publisher="Reuters", **fields):
    fields.setdefault("title", f"{publisher} report {next(_seq)}")
    fields.setdefault("url", f"https://example.com/{slugify(publisher)}/{next(_seq)}")
    return Source.objects.create(publisher=publisher, **fields)


def make_fact(statement="Xiaomi has been approved to produce EVs.", *, sources=(), **fields):
    fact = Fact.objects.create(statement=statement, **fields)
    fact.sources.set(sources or [make_source()])
    return fact


def make_article(
    title="Xiaomi EV",
    *,
    authors=(),
    companies=(),
    key_facts=(),
    sections=(("Spy shots reveal design details", "- Frameless doors\n- Hidden handles"),),
    pros=(("Sleek design", "Frameless doors."),),
    cons=(("New to the industry", "No prior experience."),),
    status=ArticleStatus.DRAFT,
    **fields,
):
    fields.setdefault("slug", slugify(title) or f"article-{next(_seq)}")
    fields.setdefault("dek", f"What we know about {title}.")
    if status == ArticleStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    article = Article.objects.create(title=title, status=status, **fields)
    article.authors.set(authors or [make_user()])
    article.companies.set(companies)
    for position, (heading, body) in enumerate(sections):
        Section.objects.create(article=article, position=position, heading=heading, body=body)
    for position, fact in enumerate(key_facts):
        KeyPoint.objects.create(article=article, fact=fact, position=position)
    for kind, items in ((ProConKind.PRO, pros), (ProConKind.CON, cons)):
        for position, (label, text) in enumerate(items):
            ProCon.objects.create(
                article=article, kind=kind, label=label, text=text, position=position
            )
    article.update_reading_time()
    search_index.reindex(article)  # as publishing does; drafts are left out
    return article


def make_comment(article, body="A thoughtful remark.", *, parent=None, **fields):
    """An approved comment (or reply, with `parent`) by a guest; counts kept as moderation does."""

    fields.setdefault("status", CommentStatus.APPROVED)
    fields.setdefault("author_name", f"Reader {next(_seq)}")
    fields.setdefault("author_email", f"{slugify(fields['author_name'])}@example.com")
    fields.setdefault("author_key", f"anon:test-{next(_seq)}")
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        body=body,
        **fields,
    )
    moderation.recount(article.pk)
    return comment


def make_feedback(part, body="I have a note on this.", **fields):
    """Approved feedback on a key point or section, stored as posting.post stores it."""
    anchored = posting.anchor_fields(
        part.article, part, is_error_report=fields.pop("is_error_report", False)
    )
    return make_comment(part.article, body, **anchored, **fields)
