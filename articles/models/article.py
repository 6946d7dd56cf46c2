import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models.slugs import RemembersFormerSlugs
from articles.plaintext import ONE_LINE_FIELD as ONE_LINE
from articles.rendering import count_words, reading_minutes, render_markdown

from .content import ProConKind

# The extensions an upload check can prove by content (articles/images/uploads.py renames the
# upload after its format); anything else is stored without one.
HERO_EXTENSIONS = {".jpg", ".png", ".webp", ".gif", ".tif", ".bmp"}


def hero_originals():
    """Where hero images are kept as uploaded: a storage with no public URL (evnews/storage.py)."""
    return storages["originals"]


def hero_upload_path(article, filename):
    """A name made by the server: the sender's file name (which may say anything, or collide
    with another's) never reaches storage."""
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if suffix in HERO_EXTENSIONS else ""
    return f"heroes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see. Every public view, feed, sitemap and count goes through here."""
        return self.filter(
            status=ArticleStatus.PUBLISHED,
            published_at__lte=timezone.now(),
            # A new version of a live article is a working copy, never a page of its own.
            draft_of__isnull=True,
        )

    def for_listing(self):
        """What a list of article cards needs, in a fixed number of queries."""
        return self.select_related("category").prefetch_related(
            models.Prefetch("authors", get_user_model().objects.select_related("author_profile"))
        )


class Article(RemembersFormerSlugs, models.Model):
    title = models.CharField(max_length=200, validators=ONE_LINE)
    slug = models.SlugField(max_length=200, unique=True)
    dek = models.TextField("standfirst", max_length=600, help_text="The summary under the title.")
    intro = models.TextField(blank=True, help_text="Markdown. Paragraphs before the key points.")
    subheading = models.CharField(
        max_length=200,
        blank=True,
        validators=ONE_LINE,
        help_text="Heading over the key points, if any.",
    )
    hero_image = models.ImageField(
        upload_to=hero_upload_path,
        storage=hero_originals,
        blank=True,
        help_text="Readers see re-encoded copies (no camera data), never the file as uploaded.",
    )
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        validators=ONE_LINE,
        help_text="Required with an image.",
    )
    hero_caption = models.CharField(max_length=300, blank=True, validators=ONE_LINE)
    hero_credit = models.CharField(max_length=200, blank=True, validators=ONE_LINE)
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="articles")
    category = models.ForeignKey(
        "articles.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    companies = models.ManyToManyField(
        "articles.Company", blank=True, related_name="articles", verbose_name="companies/topics"
    )
    primary_company = models.ForeignKey(
        "articles.Company",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="about (primary company/topic)",
        help_text=(
            "The one company or topic the article is about; search engines read it as the"
            " subject. The others listed are mentions. The importer proposes the one in the title."
        ),
    )
    pros_heading = models.CharField(max_length=200, blank=True, help_text='Default: "Pros".')
    cons_heading = models.CharField(max_length=200, blank=True, help_text='Default: "Cons".')
    pros_heading = models.CharField(
        max_length=200, blank=True, validators=ONE_LINE, help_text='Default: "Pros".'
    )
    cons_heading = models.CharField(
        max_length=200, blank=True, validators=ONE_LINE, help_text='Default: "Cons".'
    )
    closing = models.TextField(blank=True, help_text="Markdown. Paragraphs after the sections.")
    status = models.CharField(
        max_length=20, choices=ArticleStatus, default=ArticleStatus.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    is_rating_open = models.BooleanField(
        "ratings open",
        default=True,
        help_text=(
            "Readers may rate the published article; its votes stay shown when closed. A live"
            " article closes with the “Close ratings” action of the article list."
        ),
    )
    content_updated_at = models.DateTimeField(
        null=True, blank=True, help_text="Shown to readers as “Updated” after a later version."
    )
    comments_open = models.BooleanField(
        default=True, help_text="Closes automatically COMMENTS_CLOSE_AFTER_DAYS after publishing."
    )
    # Set only through articles.workflow.schedule(); publish_due acts on them.
    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    unpublish_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    # Derived when the content changes; never edited by hand.
    intro_html = models.TextField(blank=True, editable=False)
    closing_html = models.TextField(blank=True, editable=False)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_time = models.PositiveSmallIntegerField(default=1, editable=False)
    # Optimistic locking: the number of the latest content revision (articles/revisions.py).
    # An admin form carries the value it was loaded with; a stale one is refused.
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    # Set on a working copy made to edit a published article without touching what readers see;
    # articles/versions.py merges it back into the live article when it is published.
    draft_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="new_versions",
        editable=False,
    )
    comment_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Approved comments; kept by articles.moderation."
    )

    objects = ArticleQuerySet.as_manager()
    COUNTERS = ("comment_count",)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["draft_of"],
                condition=models.Q(draft_of__isnull=False),
                name="article_one_open_version",
                violation_error_message="This article already has a new version in progress.",
            )
        ]
        # The workflow's own rights; articles.roles grants them to the newsroom's groups.
        permissions = [
            ("change_any_article", "Can edit any article, not only their own drafts"),
            ("review_article", "Can request changes to and approve articles"),
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.intro_html = render_markdown(self.intro)
        self.closing_html = render_markdown(self.closing)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"intro", "closing"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "intro_html", "closing_html"}
        if update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # Counters kept by their own code (moderation.recount) are never written back from
            # an instance loaded before they changed, such as an editor's open admin form.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in self.COUNTERS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    def former_slugs(self):
        return FormerArticleSlug, "article"

    def clean(self):
        if self.hero_image and not self.hero_alt.strip():
            missing = ValidationError(
                "Describe the image for readers who cannot see it.", code="alt_text_missing"
            )
            raise ValidationError({"hero_alt": missing})

    @property
    def was_updated(self):
        return bool(
            self.content_updated_at
            and self.published_at
            and self.content_updated_at > self.published_at
        )

    @property
    def last_modified(self):
        """When readers last saw the content change (pages, feeds, sitemaps, JSON-LD)."""
        return self.content_updated_at if self.was_updated else self.published_at

    def pros_and_cons(self) -> tuple[list, list]:
        """The pros and the cons, each in order, from one (prefetchable) `pros_cons` query."""
        items = list(self.pros_cons.all())
        pros = [item for item in items if item.kind == ProConKind.PRO]
        return pros, [item for item in items if item.kind == ProConKind.CON]

    def update_reading_time(self):
        """Recount words over every part; call after sections, key points or pros/cons change."""
        words = count_words(
            self.title,
            self.dek,
            self.intro,
            self.closing,
            *self.sections.values_list("heading", flat=True),
            *self.sections.values_list("body", flat=True),
            *self.key_points.values_list("fact__statement", flat=True),
            *self.pros_cons.values_list("label", flat=True),
            *self.pros_cons.values_list("text", flat=True),
        )
        self.word_count = words
        self.reading_time = reading_minutes(words)
        Article.objects.filter(pk=self.pk).update(
            word_count=self.word_count, reading_time=self.reading_time
        )


class FormerArticleSlug(models.Model):
    """A slug the article had before: its old links answer 301 to the current one."""

    slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return self.slug
