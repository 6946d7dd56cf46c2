"""Reader comments, their votes, and the moderators' allow and ban lists.

Comments are never deleted by moderation: a removed or spam comment keeps its row, so replies keep
their place. A thread is a top-level comment and every reply under it (`thread` points at the
top-level comment), which lets a page fetch whole threads in one query.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator

from articles.plaintext import ONE_LINE_FIELD as ONE_LINE
from articles.rendering import render_reader_markdown


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


class AnchorKind(models.TextChoices):
    """What part of an article a piece of inline feedback is about."""

    KEY_POINT = "key_point", "Key point"
    SECTION = "section", "Section"


# Shown as "This comment was removed" when approved replies hang under them; never their text.
HIDDEN_STATUSES = (CommentStatus.SPAM, CommentStatus.REMOVED)


def shown_to(author_key: str | None) -> Q:
    """Which comments a reader may see, said once: approved ones, plus the reader's own comments
    still held for moderation (`author_key` is readers.Voter.key; None for a new reader)."""
    held = Q(status=CommentStatus.PENDING, author_key=author_key) if author_key else Q(pk=None)
    return Q(status=CommentStatus.APPROVED) | held


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def roots_shown_to(self, article, author_key: str | None):
        """An article's top-level comments as a reader sees them: those shown to them, and a
        placeholder for a removed one whose thread still has published replies."""
        published_reply = Comment.objects.filter(
            thread=models.OuterRef("pk"), status=CommentStatus.APPROVED
        )
        placeholder = Q(models.Exists(published_reply), status__in=HIDDEN_STATUSES)
        return self.filter(article=article, parent=None).filter(shown_to(author_key) | placeholder)


class Comment(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    thread = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thread_comments",
        help_text="The top-level comment of this thread; empty for a top-level comment.",
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    author_name = models.CharField(max_length=60, validators=ONE_LINE)
    author_email = models.EmailField(help_text="Never shown publicly.")
    author_website = models.URLField(max_length=200, blank=True)
    # The reader as readers.Voter.key ("user:1" or "anon:<signed cookie id>"): decides who may
    # edit, delete and see a held comment, and that nobody votes on their own comment.
    author_key = models.CharField(max_length=64, db_index=True, editable=False)
    ip_hash = models.CharField(max_length=32, blank=True, db_index=True, editable=False)
    # A digest of (article, place in the thread, commenter, text) while the comment is recent:
    # unique, so a double submit, even two at once, stores one comment (comments/posting.py).
    repeat_key = models.CharField(max_length=64, blank=True, editable=False)
    body = models.TextField()
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=CommentStatus, default=CommentStatus.PENDING, db_index=True
    )
    score = models.IntegerField(default=0, editable=False, help_text="Up votes minus down votes.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Inline feedback: a comment anchored to one key point or section (kept through text edits,
    # because key points and sections keep their uid), optionally flagged as an error report.
    key_point = models.ForeignKey(
        "articles.KeyPoint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    section = models.ForeignKey(
        "articles.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    is_error_report = models.BooleanField(default=False)
    # Kept when the part itself is removed in a later version (the foreign keys then go empty),
    # so the feedback still says what it was about and an error report stays with its fact.
    anchor_kind = models.CharField(max_length=10, choices=AnchorKind, blank=True, editable=False)
    anchor_label = models.CharField(max_length=200, blank=True, editable=False)
    # The part's uid: a restored revision that brings the part back re-attaches the feedback.
    anchor_uid = models.UUIDField(null=True, blank=True, editable=False)
    fact = models.ForeignKey(
        "articles.Fact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reader_comments",
        editable=False,
        help_text="For feedback on a key point: the fact it showed when the reader wrote.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "thread"], name="comment_page_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True, thread__isnull=True, depth=0)
                | Q(parent__isnull=False, thread__isnull=False, depth__gt=0),
                name="comment_thread_shape",
            ),
            models.UniqueConstraint(
                fields=["repeat_key"], condition=~Q(repeat_key=""), name="comment_repeat_once"
            ),
            models.CheckConstraint(
                condition=Q(key_point__isnull=True) | Q(section__isnull=True),
                name="comment_one_anchor",
            ),
            models.CheckConstraint(
                condition=Q(is_error_report=False) | Q(anchor_kind=AnchorKind.KEY_POINT),
                name="comment_error_report_on_key_point",
            ),
        ]
        permissions = [("moderate_comment", "Can approve, mark as spam or remove comments")]

    def __str__(self):
        return f"{self.author_name}: {self.body[:60]}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.body_html = render_reader_markdown(self.body)
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#{self.anchor}"

    def thread_page(self, author_key: str | None = None) -> int:
        """Which page of comments holds this comment's thread, in the default order (newest
        threads first), as the reader with `author_key` sees the pages."""
        root = self.thread or self
        newer = Comment.objects.roots_shown_to(self.article, author_key).filter(
            Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
        )
        return newer.count() // settings.COMMENTS_PAGE_THREADS + 1

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def part(self):
        """The key point or section this feedback is about; None once removed (or none)."""
        return self.key_point or self.section

    @property
    def part_label(self):
        """The part's current wording; what it said when the feedback was written, if removed."""
        if self.key_point_id:
            return Truncator(self.key_point.fact.statement).chars(120)
        if self.section_id:
            return self.section.heading
        return self.anchor_label

    @property
    def website_url(self):
        """The website, only as an http(s) link: rows written past the form get no other."""
        url = self.author_website
        return url if url.lower().startswith(("https://", "http://")) else ""

    @property
    def is_approved(self):
        return self.status == CommentStatus.APPROVED

    @property
    def is_hidden(self):
        return self.status in HIDDEN_STATUSES


class CommentVote(models.Model):
    UP = 1
    DOWN = -1

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter_key = models.CharField(max_length=64)
    value = models.SmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter_key"], name="comment_vote_once"),
            models.CheckConstraint(condition=Q(value__in=[-1, 1]), name="comment_vote_value"),
        ]

    def __str__(self):
        return f"{self.voter_key} {self.value:+d} on {self.comment_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    ABUSE = "abuse", "Abusive or offensive"


class CommentReport(models.Model):
    """A reader asking a moderator to look at a published comment; one per reader and comment.
    Reports only raise the comment in the moderation queue: a moderator decides."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    voter_key = models.CharField(max_length=64)
    reason = models.CharField(max_length=10, choices=ReportReason.choices)
    ip_hash = models.CharField("IP hash", max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter_key"], name="comment_report_once"),
            models.CheckConstraint(
                condition=Q(reason__in=["spam", "abuse"]), name="comment_report_reason"
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on {self.comment_id}"


class KnownCommenter(models.Model):
    """An email address a moderator has approved once: its later comments are not held."""

    email = models.EmailField(unique=True, help_text="Stored lower-case.")
    approved_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Ban(models.Model):
    """An email address or hashed IP whose comments go straight to spam."""

    email = models.EmailField(blank=True, db_index=True, help_text="Stored lower-case.")
    ip_hash = models.CharField(max_length=32, blank=True, db_index=True)
    reason = models.CharField(max_length=200, blank=True, validators=ONE_LINE)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(ip_hash=""), name="ban_email_or_ip"),
        ]

    def __str__(self):
        return self.email or f"IP {self.ip_hash[:12]}…"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
