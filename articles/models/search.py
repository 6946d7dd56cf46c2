"""The text of each published article as the search index reads it.

One row per published article, written by `articles.search.index.reindex()` in the transaction
that publishes, unpublishes or changes the article. The full-text index itself is database
specific and lives in the migration: an FTS5 table kept in step by triggers on SQLite, a GIN
expression index over these columns on PostgreSQL (see articles/search/backends/)."""

from django.db import models


class SearchEntry(models.Model):
    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    title = models.TextField()
    # Weighted above the body: the standfirst and the key points' statements.
    summary = models.TextField(blank=True)
    # Plain text of the intro, sections, pros and cons and closing.
    body = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title
