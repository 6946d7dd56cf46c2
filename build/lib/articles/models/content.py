"""The ordered parts of an article's body. Each part keeps a `uid` that survives edits and restored
revisions, so anything anchored to it (reader feedback) stays attached."""

import uuid

from django.db import models

from articles.rendering import render_markdown


class Section(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="sections"
    )
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown: paragraphs and bullet lists.")
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.heading

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"section-{self.uid.hex[:8]}"


class KeyPoint(models.Model):
    """A fact placed in an article's Key Points box."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="key_points"
    )
    fact = models.ForeignKey("articles.Fact", on_delete=models.PROTECT, related_name="key_points")
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "fact"], name="keypoint_fact_once")
        ]

    def __str__(self):
        return str(self.fact)

    @property
    def anchor(self):
        return f"point-{self.uid.hex[:8]}"


class ProConKind(models.TextChoices):
    PRO = "pro", "Pro"
    CON = "con", "Con"


class ProCon(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="pros_cons"
    )
    kind = models.CharField(max_length=3, choices=ProConKind)
    label = models.CharField(max_length=120, blank=True, help_text='For example "Sleek design".')
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "id"]
        verbose_name = "pro or con"
        verbose_name_plural = "pros and cons"

    def __str__(self):
        return f"{self.label}: {self.text}" if self.label else self.text
