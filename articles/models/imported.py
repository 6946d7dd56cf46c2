"""Where imported content came from: the WordPress post or comment each row was made from.

`import_wordpress` matches on these IDs, so a second run of the same export doubles nothing, and
the old addresses readers and search engines know (the permalink, `?p=ID`) answer 301 to the
article through `articles.importer.redirects`.
"""

from django.db import models


class ImportedPost(models.Model):
    wp_id = models.PositiveBigIntegerField("WordPress post ID", unique=True)
    article = models.OneToOneField(
        "articles.Article", on_delete=models.CASCADE, related_name="imported_from"
    )
    old_path = models.CharField(
        max_length=2000,
        blank=True,
        db_index=True,
        help_text="The permalink's path, e.g. /2025/03/slug/.",
    )
    old_url = models.URLField(max_length=2000, blank=True)
    # The article's revision number when the import left it: a higher one means editors have
    # changed it since, and a later run of the importer leaves it alone.
    lock_version = models.PositiveIntegerField(default=0)
    # What WordPress held, kept verbatim: the structured parts are derived from it, and an editor
    # can always see what the import started from.
    original_html = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "imported WordPress post"

    def __str__(self):
        return f"WordPress post {self.wp_id} → {self.article_id}"


class ImportedComment(models.Model):
    wp_id = models.PositiveBigIntegerField("WordPress comment ID", unique=True)
    comment = models.OneToOneField(
        "articles.Comment", on_delete=models.CASCADE, related_name="imported_from"
    )

    class Meta:
        verbose_name = "imported WordPress comment"

    def __str__(self):
        return f"WordPress comment {self.wp_id} → {self.comment_id}"
