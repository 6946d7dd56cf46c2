"""A WordPress export (WXR) → articles, authors, categories, topics, comments, images, old URLs.

Two streamed passes over the file: the first checks it is a WXR file end to end (so a broken or
hostile file is refused before anything is written) and notes the authors, terms and
attachments; the second imports each post in its own transaction (or all of them in one with
`atomic`). Every post and comment is matched on its WordPress ID (`ImportedPost`,
`ImportedComment`), so a second run doubles nothing, and an article editors have changed since
its import is left as it is and reported.

Published posts stay published: they were public already and their old URLs must keep working,
so they carry the import step that `facts.published_elsewhere` accepts in place of verified key
points (the key points show "Not yet verified" and the articles are listed on the desk).
"""

from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.db import connection, transaction
from django.utils.text import slugify

from articles import roles
from articles.comments.moderation import recount
from articles.images import uploads
from articles.importer.html_text import comment_text, post_text
from articles.importer.parser import parse_article
from articles.importer.saver import Origin, save_article
from articles.importer.text import ArticleImportError
from articles.importer.wxr import Author, ExportError, Item, Term, WxrComment, read_export
from articles.models import (
    Article,
    Category,
    Comment,
    CommentStatus,
    Company,
    CompanyKind,
    ImportedComment,
    ImportedPost,
    RatingSummary,
)
from articles.readers import ip_hash
from articles.rendering import render_reader_markdown

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
# wpDiscuz's article rating, as post meta: the average stars and the number of votes.
RATING_AVERAGE_KEY = "wpdiscuz_post_rating"
RATING_COUNT_KEY = "wpdiscuz_post_rating_count"
COMMENT_STATES = {
    "1": CommentStatus.APPROVED,
    "0": CommentStatus.PENDING,
    "spam": CommentStatus.SPAM,
}
SKIPPED_POST_STATES = {
    "private": "private in WordPress",
    "trash": "in WordPress's trash",
    "auto-draft": "an unsaved auto-draft",
    "inherit": "a revision",
}
DRAFT_STATES = ("draft", "pending", "future")


class ImportAborted(Exception):
    """With `atomic`, the first post that cannot be imported stops the run; nothing is kept."""


@dataclass
class Attachment:
    file: str  # relative to wp-content/uploads, e.g. 2025/03/hub.jpg
    alt: str = ""
    caption: str = ""
    title: str = ""


@dataclass
class Report:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    skipped: list[dict] = field(default_factory=list)  # what was not imported, and why
    notes: list[dict] = field(default_factory=list)  # imported, with something to know
    shortcodes: Counter = field(default_factory=Counter)

    def skip(self, kind: str, wp_id, reason: str, title: str = "") -> None:
        self.counts[f"{kind}s skipped"] += 1
        self.skipped.append({"kind": kind, "id": wp_id, "title": title, "reason": reason})

    def note(self, kind: str, wp_id, text: str) -> None:
        self.notes.append({"kind": kind, "id": wp_id, "note": text})

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "counts": dict(sorted(self.counts.items())),
            "skipped": self.skipped,
            "notes": self.notes,
            "shortcodes_removed": dict(self.shortcodes),
        }


@dataclass
class Survey:
    """What the first pass learnt: enough to import any post whatever the file's order."""

    site: str = ""
    authors: list[Author] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    posts: int = 0


def survey(path, *, max_bytes: int) -> Survey:
    found = Survey()
    for kind, value in read_export(path, max_bytes=max_bytes):
        if kind == "channel":
            found.site = value.link
        elif kind == "author":
            found.authors.append(value)
        elif kind == "term":
            found.terms.append(value)
        elif value.post_type == "attachment":
            found.attachments[value.id] = _attachment(value)
        elif value.post_type == "post":
            found.posts += 1
    return found


def _attachment(item: Item) -> Attachment:
    file = item.meta.get("_wp_attached_file", "")
    if not file and "/uploads/" in item.attachment_url:
        file = unquote(urlsplit(item.attachment_url).path.split("/uploads/", 1)[1])
    return Attachment(
        file=file,
        alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
        caption=item.excerpt,
        title=item.title,
    )


class WordPressImport:
    def __init__(
        self,
        path,
        *,
        uploads=None,
        author_map: dict | None = None,
        dry_run=False,
        atomic=False,
        max_bytes=DEFAULT_MAX_BYTES,
        progress=None,
    ):
        self.path = Path(path)
        self.uploads = Path(uploads) if uploads else None
        self.author_map = author_map or {}  # WordPress login → evnews user
        self.dry_run, self.atomic, self.max_bytes = dry_run, atomic, max_bytes
        self.progress = progress or (lambda done, total: None)
        self.report = Report(dry_run=dry_run)
        self.users: dict[str, object] = {}  # WordPress login → user
        self.user_ids: dict[int, object] = {}  # WordPress user ID → user (commenters)
        self.categories: dict[str, Category] = {}
        self.topics: dict[str, Company] = {}
        self.seen_posts: set[int] = set()
        self.seen_comments: set[int] = set()

    def run(self) -> Report:
        """Import the export; ExportError (nothing written) if it is not a readable WXR file."""
        found = survey(self.path, max_bytes=self.max_bytes)
        self.attachments = found.attachments
        with transaction.atomic() if self.atomic or self.dry_run else nullcontext():
            self.add_authors(found.authors)
            for term in found.terms:
                self.category_for(term) if term.kind == "category" else self.topic_for(term)
            done = 0
            for kind, item in read_export(self.path, max_bytes=self.max_bytes):
                if kind != "item":
                    continue
                self.import_item(item)
                if item.post_type == "post":
                    done += 1
                    self.progress(done, found.posts)
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    # Authors and terms --------------------------------------------------------------------------

    def add_authors(self, authors: list[Author]) -> None:
        writers = Group.objects.get(name=roles.WRITER)
        for author in authors:
            if author.login in self.author_map:
                user = self.author_map[author.login]
                self.report.counts["authors mapped to existing accounts"] += 1
            else:
                user = self._account(author, writers)
            self.users[author.login] = user
            if author.id:
                self.user_ids[author.id] = user

    def _account(self, author: Author, writers: Group):
        users = get_user_model().objects
        login = slugify(author.login)[:140] or "author"
        existing = users.filter(username=login).first()
        if existing and author.email and existing.email.lower() == author.email.lower():
            self.report.counts["authors already present"] += 1
            return existing
        username, n = login, 2
        while users.filter(username=username).exists():
            username, n = f"{login}-{n}", n + 1
        first, last = author.first_name, author.last_name
        if not (first or last) and author.display_name != author.login:
            first = author.display_name
        user = users.model(
            username=username, email=author.email, first_name=first[:150], last_name=last[:150]
        )
        user.set_unusable_password()  # they sign in after a password reset, never with WordPress's
        user.save()
        user.groups.add(writers)
        self.report.counts["authors created"] += 1
        if username != login:
            self.report.note("author", author.login, f"account {username!r}: {login!r} was taken")
        return user

    def category_for(self, term: Term) -> Category | None:
        if term.slug in self.categories:
            return self.categories[term.slug]
        name = (term.name or term.slug)[:80].strip()
        slug = slugify(term.slug or name)[:80] or None
        if not name or not slug:
            return None
        category = Category.objects.filter(name__iexact=name).first()
        if category is None:
            category, created = Category.objects.get_or_create(slug=slug, defaults={"name": name})
            self.report.counts["categories created" if created else "categories matched"] += 1
        else:
            self.report.counts["categories matched"] += 1
        self.categories[term.slug] = category
        return category

    def topic_for(self, term: Term) -> Company | None:
        """A tag is a topic: the company of that name where there is one, else a new topic."""
        if term.slug in self.topics:
            return self.topics[term.slug]
        name = (term.name or term.slug)[:120].strip()
        base = slugify(term.slug or name)[:110] or slugify(name)[:110]
        if not name or not base:
            return None
        topic = Company.objects.filter(name__iexact=name).first()
        if topic is None:
            slug, n = base, 2
            while Company.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            topic = Company.objects.create(name=name, slug=slug, kind=CompanyKind.TOPIC)
            self.report.counts["topics created"] += 1
        else:
            self.report.counts["tags matched to companies or topics"] += 1
        self.topics[term.slug] = topic
        return topic

    # Posts --------------------------------------------------------------------------------------

    def import_item(self, item: Item) -> None:
        if item.post_type == "attachment":
            return  # read in the first pass; imported with the post that features it
        if item.post_type != "post":
            return self.report.skip(
                item.post_type or "item", item.id, "only posts become articles", item.title
            )
        if item.id in self.seen_posts:
            return self.report.skip("post", item.id, "duplicate post ID in the export", item.title)
        self.seen_posts.add(item.id)
        if item.status in SKIPPED_POST_STATES:
            return self.report.skip("post", item.id, SKIPPED_POST_STATES[item.status], item.title)
        if not item.title:
            return self.report.skip("post", item.id, "no title")
        record = ImportedPost.objects.select_related("article").filter(wp_id=item.id).first()
        try:
            with transaction.atomic():
                if record is None:
                    article = self.create_article(item)
                else:
                    article = self.revisit(record, item)
                self.import_comments(article, item)
        except ArticleImportError as error:
            if self.atomic:
                raise ImportAborted(f"Post {item.id} ({item.title!r}): {error}") from error
            self.report.skip("post", item.id, str(error), item.title)

    def create_article(self, item: Item) -> Article:
        content = post_text(item.content)
        self.report.shortcodes.update(content.shortcodes)
        text = "\n\n".join(part for part in (item.excerpt, content.text) if part)
        parsed = parse_article(text, title=item.title)
        publish = item.status == "publish" and bool(parsed.dek)
        if item.status == "publish" and not publish:
            self.report.note("post", item.id, "published in WordPress but has no text: a draft")
        elif item.status == "future":
            self.report.note("post", item.id, f"scheduled in WordPress for {item.date}: a draft")
        category = next(
            (self.category_for(term) for term in item.terms if term.kind == "category"), None
        )
        topics = [self.topic_for(term) for term in item.terms if term.kind == "post_tag"]
        author = self.users.get(item.creator)
        if author is None and item.creator:
            self.report.note("post", item.id, f"author {item.creator!r} is not in the export")
        origin = Origin(
            slug=unquote(item.slug),
            published_at=item.date,
            url=item.link if publish else "",
            topics=[topic for topic in topics if topic],
            note="Imported from WordPress",
        )
        result = save_article(
            parsed,
            authors=[author] if author else [],
            category=category,
            publish=publish,
            origin=origin,
        )
        article = result.article
        self.add_featured_image(article, item)
        self.add_rating(article, item)
        ImportedPost.objects.create(
            wp_id=item.id,
            article=article,
            old_path=_old_path(item.link),
            old_url=item.link[:2000],
            lock_version=article.lock_version,
            original_html=item.content,
        )
        counts = self.report.counts
        counts["posts imported"] += 1
        counts["posts published" if publish else "posts imported as drafts"] += 1
        counts["key points (unverified facts)"] += len(article.key_points.all())
        counts["lines dropped as page furniture"] += len(parsed.dropped)
        if publish:
            counts["old URLs redirected"] += 2 if _old_path(item.link) else 1
        return article

    def revisit(self, record: ImportedPost, item: Item) -> Article:
        """A post imported before: its content is never written again."""
        article = record.article
        if article.lock_version != record.lock_version:
            self.report.counts["posts changed in evnews since import (left as they are)"] += 1
            self.report.note("post", item.id, f"edited in evnews since import: {article.slug}")
        else:
            self.report.counts["posts already imported"] += 1
        return article

    def add_featured_image(self, article: Article, item: Item) -> None:
        thumbnail = item.meta.get("_thumbnail_id", "").strip()
        if not thumbnail.isdigit():
            return
        attachment = self.attachments.get(int(thumbnail))
        problem = self._image_problem(attachment, thumbnail)
        if problem:
            self.report.counts["featured images missing"] += 1
            self.report.note("post", item.id, f"featured image not imported: {problem}")
            return
        self.report.counts["featured images imported"] += 1
        if self.dry_run:
            return
        path = self.uploads / attachment.file
        article.hero_alt = (attachment.alt or attachment.title or article.title)[:250]
        article.hero_caption = attachment.caption[:300]
        with path.open("rb") as file:
            article.hero_image.save(path.name, File(file), save=False)
        # Saving the changed image queues its renditions (articles.images.renditions).
        article.save(update_fields=["hero_image", "hero_alt", "hero_caption"])

    def _image_problem(self, attachment: Attachment | None, thumbnail: str) -> str:
        if attachment is None or not attachment.file:
            return f"attachment {thumbnail} is not in the export"
        if self.uploads is None:
            return f"{attachment.file} (give --uploads DIR, a copy of wp-content/uploads)"
        root = self.uploads.resolve()
        path = (root / PurePosixPath(attachment.file)).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return f"{attachment.file} is not in {self.uploads}"
        with path.open("rb") as file:
            try:  # the admin's own check, by content (articles/images/uploads.py)
                uploads.check(File(file, name=path.name))
            except forms.ValidationError as error:
                return f"{attachment.file}: {error.messages[0]}"
        return ""

    def add_rating(self, article: Article, item: Item) -> None:
        try:
            average = Decimal(item.meta.get(RATING_AVERAGE_KEY, "") or "0")
            count = int(item.meta.get(RATING_COUNT_KEY, "") or 0)
        except (InvalidOperation, ValueError):
            self.report.note("post", item.id, "wpDiscuz rating meta is not a number: not imported")
            return
        if count <= 0 or not 1 <= average <= 5:
            return
        total = int((average * count).to_integral_value())
        RatingSummary.objects.create(
            article=article,
            count=count,
            total=total,
            average=(Decimal(total) / count).quantize(Decimal("0.01")),
        )
        self.report.counts["ratings imported (wpDiscuz)"] += 1

    # Comments -----------------------------------------------------------------------------------

    def import_comments(self, article: Article, item: Item) -> None:
        placed = {  # WordPress ID → (pk, thread pk, depth, parent's WordPress ID)
            wp_id: (pk, thread or pk, depth, None)
            for wp_id, pk, thread, depth in ImportedComment.objects.filter(
                comment__article=article
            ).values_list("wp_id", "comment_id", "comment__thread_id", "comment__depth")
        }
        waiting = []
        for comment in item.comments:
            if reason := self._comment_skip_reason(comment, placed):
                if reason != "already imported":
                    self.report.skip("comment", comment.id, reason)
                continue
            waiting.append(comment)
        wanted = {comment.id for comment in waiting}
        while waiting:
            level = [c for c in waiting if c.parent not in wanted or c.parent in placed]
            if not level:  # parents that point at each other: WordPress never writes that
                for comment in waiting:
                    self.report.note("comment", comment.id, "circular parents: made top-level")
                    comment.parent = 0
                level = waiting
            self._create_comments(article, level, placed)
            waiting = [c for c in waiting if c.id not in placed]
        recount(article.pk)

    def _comment_skip_reason(self, comment: WxrComment, placed) -> str:
        if comment.id in self.seen_comments:
            return "duplicate comment ID in the export"
        self.seen_comments.add(comment.id)
        if comment.id in placed:
            self.report.counts["comments already imported"] += 1
            return "already imported"
        if comment.type in ("pingback", "trackback"):
            return f"a {comment.type}"
        if comment.approved not in COMMENT_STATES:
            return f"comment state {comment.approved!r} (trash)"
        comment.content = comment_text(comment.content)  # from here on, the text to store
        if not comment.content.strip():
            return "empty comment"
        return ""

    def _create_comments(self, article: Article, level: list[WxrComment], placed) -> None:
        rows = []
        for comment in level:
            parent = self._parent(comment, placed)
            user = self.user_ids.get(comment.user_id)
            body = comment.content
            row = Comment(
                article=article,
                parent_id=parent[0] if parent else None,
                thread_id=parent[1] if parent else None,
                depth=parent[2] + 1 if parent else 0,
                user=user,
                author_name=(comment.author or "Anonymous")[:60],
                author_email=comment.email[:254] if "@" in comment.email else "",
                author_website=_website(comment.url),
                author_key=f"user:{user.pk}" if user else f"wordpress:{comment.id}",
                ip_hash=ip_hash(comment.ip) if comment.ip else "",
                body=body,
                body_html=render_reader_markdown(body),  # bulk_create skips Comment.save()
                status=COMMENT_STATES[comment.approved],
            )
            rows.append((comment, row, parent))
        Comment.objects.bulk_create([row for _, row, _ in rows])
        for comment, row, _ in rows:
            row.created_at = row.updated_at = comment.date or row.created_at  # see _write_dates
            placed[comment.id] = (row.pk, row.thread_id or row.pk, row.depth, comment.parent)
            self.report.counts[f"comments imported ({row.status})"] += 1
        _write_dates(rows)
        ImportedComment.objects.bulk_create(
            ImportedComment(wp_id=comment.id, comment=row) for comment, row, _ in rows
        )

    def _parent(self, comment: WxrComment, placed):
        """The placed comment this one replies to (past COMMENTS_MAX_DEPTH, an ancestor), or
        None for a top-level comment or one whose parent is not in the export."""
        if not comment.parent:
            return None
        parent = placed.get(comment.parent)
        if parent is None:
            self.report.note("comment", comment.id, f"parent {comment.parent} missing: top-level")
            return None
        while parent[2] > _deepest_parent() and parent[3] in placed:
            parent = placed[parent[3]]
        return parent


def _write_dates(rows) -> None:
    """The WordPress dates over created_at (auto_now_add, so bulk_create wrote the time of import).
    One parameterised UPDATE run for many rows: bulk_update's CASE expression costs more to
    build in Python than the import of the comments themselves."""
    table, quote = Comment._meta.db_table, connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    sql = (
        f"UPDATE {quote(table)} SET {quote('created_at')} = %s, {quote('updated_at')} = %s "
        f"WHERE {quote('id')} = %s"
    )
    values = [
        (adapt(comment.date), adapt(comment.date), row.pk)
        for comment, row, _ in rows
        if comment.date
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _deepest_parent() -> int:
    return settings.COMMENTS_MAX_DEPTH - 2  # as articles.comments.posting.reply_target


def _old_path(link: str) -> str:
    path = urlsplit(link).path if link else ""
    return path if path not in ("", "/") and len(path) <= 2000 else ""


def _website(url: str) -> str:
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) and len(url) <= 200 else ""


def import_wordpress(path, **options) -> Report:
    """Run an import; raises ExportError (nothing written) or ImportAborted (with `atomic`)."""
    return WordPressImport(path, **options).run()


__all__ = ["ExportError", "ImportAborted", "Report", "WordPressImport", "import_wordpress"]
