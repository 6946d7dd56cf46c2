from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.people import display_name

from .article import ArticleStatus


class ArticleTransition(models.Model):
    """One step of an article through the workflow: who moved it, when, from where to where, why.

    Rows are only ever added (by articles.workflow); the article's history page lists them.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(max_length=30, help_text="The articles.workflow function taken.")
    from_status = models.CharField(max_length=20, choices=ArticleStatus)
    to_status = models.CharField(max_length=20, choices=ArticleStatus)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the scheduler acted.",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    # A change request may be about one part (a key point or section, by its uid): the writer
    # sees the note beside that part of the form.
    part_uid = models.UUIDField(null=True, blank=True)
    part_label = models.CharField(max_length=200, blank=True)
    on_version = models.BooleanField(
        default=False, help_text="Taken on a new version of this article, since published."
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_idx")]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def actor_name(self):
        if self.by is None:
            return "Scheduler"
        return display_name(self.by)
