from pathlib import PurePosixPath

from django.db import models


class RenditionFormat(models.TextChoices):
    WEBP = "webp", "WebP"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"


FILE_EXTENSIONS = {
    RenditionFormat.WEBP: "webp",
    RenditionFormat.JPEG: "jpg",
    RenditionFormat.PNG: "png",
}


def rendition_path(rendition, filename):
    """One folder per article: a working copy and its live article share an image but never a
    file, so deleting one's renditions cannot take the other's."""
    stem = PurePosixPath(rendition.source_name).stem[:60]
    extension = FILE_EXTENSIONS[rendition.format]
    return f"renditions/{rendition.article_id}/{stem}-{rendition.width}w.{extension}"


class HeroRendition(models.Model):
    """A resized, metadata-free copy of an article's hero image, made by `articles.renditions`.

    `source_name` is the hero image it was made from: pages use only the rows matching the
    article's current image, so a replaced image never shows through stale renditions.
    """

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="hero_renditions"
    )
    source_name = models.CharField(max_length=255)
    format = models.CharField(max_length=4, choices=RenditionFormat)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Bytes: what a feed enclosure states, without asking the storage (remote on S3) per item.
    size = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=rendition_path, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["width"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "source_name", "format", "width"],
                name="hero_rendition_once",
            )
        ]

    def __str__(self):
        return f"{self.source_name} at {self.width}px ({self.get_format_display()})"
