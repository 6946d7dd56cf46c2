"""Hero image renditions: smaller, metadata-free WebP and JPEG/PNG copies for `<picture>`.

Readers only ever get these: the original stays in a storage with no URL (evnews/storage.py), is
checked by content when uploaded (articles/images/uploads.py), and is deleted once no article
uses it. `make_hero_renditions` runs in the background (`manage.py db_worker`) after a save
changes an article's hero image, so the editor never waits for image work;
`manage.py make_renditions` backfills. Until the renditions exist, pages show no image (never
the original), and the admin says why. Each `HeroRendition` row records the image it was made
from, so a page never pairs an article with another image's renditions, and the task deletes the
rows and files of any image the article no longer has.
"""

import io
import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from PIL import ExifTags, Image, ImageCms, ImageOps

from articles import caching
from articles.models import Article, ArticleStatus, HeroRendition, RenditionFormat
from evnews.tasks import task

logger = logging.getLogger(__name__)

WIDTHS = (480, 960, 1600)
# What cameras and editors' exports produce; Pillow's rarer decoders stay out of reach.
# ("JPEG" also opens a camera's multi-picture MPO file, as its first picture.)
SOURCE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP")
SOURCE_NAMES = "a JPEG, PNG, WebP, GIF, TIFF or BMP image"
# An upload is at most 10 MB, but a small compressed file can declare enormous dimensions:
# refuse before decoding (Pillow's own limit, Image.MAX_IMAGE_PIXELS, is about 89 million).
MAX_SOURCE_PIXELS = 50_000_000
SAVE_OPTIONS = {
    RenditionFormat.WEBP: {"format": "WEBP", "quality": 80},
    RenditionFormat.JPEG: {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    RenditionFormat.PNG: {"format": "PNG", "optimize": True},
}
ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
SRGB = ImageCms.createProfile("sRGB")


class UnusableImage(Exception):
    """An image cannot be made into renditions. `reason` is for editors ("is damaged"), `str()`
    adds what the decoder said, for the log."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason


@task()
def make_hero_renditions(article_id):
    """Make the missing renditions of the article's hero image, then delete stale ones.

    Idempotent: a second run finds everything made and only opens the image's header.
    Returns counts for the worker's log and the backfill command.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info("No renditions for article %s: it was deleted meanwhile.", article_id)
        return {"created": 0, "deleted": 0}
    result = {"created": 0, "deleted": 0}
    if article.hero_image:
        try:
            result["created"], result["deleted"] = _make_missing(article)
        except UnusableImage as error:
            logger.warning(
                "No renditions for article %s: its hero image %s %s; pages show no image.",
                article_id,
                article.hero_image.name,
                error,
            )
            result["skipped"] = str(error)
    # Last, and from the database: if the image changed while this ran, what it made is stale.
    result["deleted"] += delete_stale(article_id)
    if article.status == ArticleStatus.PUBLISHED and (result["created"] or result["deleted"]):
        caching.article_changed(article)  # its pictures on its page and in every listing
    return result


def planned_widths(width):
    """The widths to make for an image `width` pixels wide: never wider than the original."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, max(WIDTHS))})


def delete_stale(article_id):
    """Delete the renditions not made from the article's current hero image; return how many."""
    current = Article.objects.filter(pk=article_id).values_list("hero_image", flat=True).first()
    stale = HeroRendition.objects.filter(article_id=article_id).exclude(source_name=current or "")
    return stale.delete()[0]


def _make_missing(article):
    """Make what the current image lacks; return (made, deleted) counts."""
    source = article.hero_image.name
    have = {(r.format, r.width): r for r in article.hero_renditions.filter(source_name=source)}
    with _stored(article.hero_image) as file, opened(file) as image:
        wanted = _wanted(image)
        missing = [key for key in wanted if key not in have]
        picture = _decoded(image, max(w for _, w in missing)) if missing else None
    # Widths or formats no longer planned (the settings above changed) go too.
    obsolete = [rendition for key, rendition in have.items() if key not in wanted]
    for rendition in obsolete:
        rendition.delete()
    made = sum(_save(article, source, picture, fmt, width) for fmt, width in missing)
    return made, len(obsolete)


@contextmanager
def _stored(field_file):
    """The stored original, open for reading, or UnusableImage."""
    try:
        file = field_file.open("rb")
    except OSError as error:
        raise UnusableImage("cannot be read from storage", error) from error
    with file:
        yield file


@contextmanager
def opened(file):
    """`file` opened by Pillow (its header only: no pixel is decoded here), or UnusableImage.

    Also the upload check's first step. Dimensions are refused from the header, so a small
    file declaring a huge picture (a decompression bomb) is never decoded.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(file, formats=SOURCE_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise UnusableImage("declares too many pixels to be opened safely", error) from error
        except OSError as error:  # UnidentifiedImageError is one
            raise UnusableImage(f"is not {SOURCE_NAMES}", error) from error
    with image:
        if image.width * image.height > MAX_SOURCE_PIXELS:
            raise UnusableImage(
                f"has {image.width}×{image.height} pixels; the limit is {MAX_SOURCE_PIXELS:,}"
            )
        yield image


def problem_with(article):
    """Why the article's stored original cannot be made into renditions, or "" if it can (for
    the admin, and only while an article has none: it decodes the image as the task would)."""
    try:
        with _stored(article.hero_image) as file, opened(file) as image:
            prove_renderable(image)
            return ""
    except UnusableImage as error:
        return error.reason


def prove_renderable(image):
    """Decode `image` as the task will (UnusableImage if its pixel data is damaged): at upload,
    so an image that can never be rendered is refused while the editor is still there."""
    _decoded(image, max(planned_widths(image.width)))


def _wanted(image):
    """(format, width) pairs to make: WebP, and JPEG or PNG for browsers without WebP."""
    width, height = image.size
    if image.getexif().get(ExifTags.Base.Orientation) in ROTATED:
        width = height
    fallback = RenditionFormat.PNG if image.format == "PNG" or _has_alpha(image) else None
    formats = (RenditionFormat.WEBP, fallback or RenditionFormat.JPEG)
    return [(fmt, w) for w in planned_widths(width) for fmt in formats]


def _has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info


def _decoded(image, largest):
    """The full image upright, in sRGB (RGB or RGBA), with no metadata left to leak."""
    alpha = _has_alpha(image)
    # A JPEG can decode at 1/2, 1/4 or 1/8 scale: far less memory and time for a camera original.
    # A square request keeps both sides at least `largest`, whichever way the image is rotated.
    image.draft("RGB", (largest, largest))
    try:
        image.load()
    except (OSError, ValueError, EOFError) as error:  # truncated or corrupt pixel data
        raise UnusableImage("is damaged or cut short", error) from error
    upright = _to_srgb(ImageOps.exif_transpose(image), alpha)
    upright.info = {}  # EXIF (camera, GPS), XMP, comments: none of it reaches readers
    return upright


def _to_srgb(image, alpha):
    """Convert to sRGB through the embedded colour profile where there is one, else plainly."""
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            return ImageCms.profileToProfile(image, io.BytesIO(profile), SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            logger.info("Ignoring an unusable colour profile in a hero image")
    return image.convert(mode)


def _save(article, source, image, fmt, width):
    height = max(1, round(image.height * width / image.width))
    resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    resized.save(buffer, **SAVE_OPTIONS[fmt])
    data = buffer.getvalue()
    rendition = HeroRendition(
        article=article, source_name=source, format=fmt, width=width, height=height, size=len(data)
    )
    rendition.file.save("rendition", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:  # a concurrent run made the same one first: keep theirs
        rendition.file.delete(save=False)
        return 0
    return 1


@dataclass(frozen=True)
class HeroPicture:
    """What a `<picture>` needs: renditions by width, WebP and the JPEG/PNG fallback."""

    webp: list
    fallback: list

    @property
    def img(self):
        """The largest fallback: the `<img>` src, and its width/height give the aspect ratio."""
        return self.fallback[-1]

    @property
    def webp_srcset(self):
        return _srcset(self.webp)

    @property
    def fallback_srcset(self):
        return _srcset(self.fallback)


def _srcset(renditions):
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions)


def hero_picture(article):
    """The article's renditions as a HeroPicture, or None until they are made (then readers
    see no image: the original is never served).

    Reads `article.hero_renditions.all()`, so list pages prefetch it and pay one query in all.
    """
    name = article.hero_image.name
    if not name:
        return None
    rows = [r for r in article.hero_renditions.all() if r.source_name == name]
    fallback = [r for r in rows if r.format != RenditionFormat.WEBP]
    if not fallback:
        return None
    webp = [r for r in rows if r.format == RenditionFormat.WEBP]
    return HeroPicture(webp=webp, fallback=fallback)


MIME_TYPES = {
    RenditionFormat.WEBP: "image/webp",
    RenditionFormat.JPEG: "image/jpeg",
    RenditionFormat.PNG: "image/png",
}


def share_image(article):
    """The one rendition to name outside the page (og:image, JSON-LD, a feed's enclosure): the
    largest JPEG or PNG, which every reader of those understands; None until renditions exist."""
    picture = hero_picture(article)
    return picture.img if picture else None


def share_url(article, request):
    """`share_image`'s absolute URL, or "" (never the original's)."""
    image = share_image(article)
    return request.build_absolute_uri(image.file.url) if image else ""


# Queueing: a post_save receiver rather than the admin's save path, because restoring a revision,
# publishing a new version and the importer change hero images too. It compares the stored name
# with the one loaded, so an ordinary save queues nothing.

_UNKNOWN = object()  # the field was deferred when the article was loaded


@receiver(post_init, sender=Article, dispatch_uid="renditions-remember-hero")
def remember_hero_image(sender, instance, **kwargs):
    value = instance.__dict__.get("hero_image", _UNKNOWN)
    instance._loaded_hero_name = getattr(value, "name", value) or ""


@receiver(post_save, sender=Article, dispatch_uid="renditions-queue-on-change")
def queue_renditions(sender, instance, created, update_fields, raw, **kwargs):
    if raw or (update_fields is not None and "hero_image" not in update_fields):
        return
    name = instance.hero_image.name or ""
    before = "" if created else getattr(instance, "_loaded_hero_name", _UNKNOWN)
    instance._loaded_hero_name = name
    if name != before:
        # After commit, so the worker sees the new image; robust, so a queue failure is logged
        # instead of failing a save that has already happened.
        transaction.on_commit(partial(make_hero_renditions.enqueue, instance.pk), robust=True)
        if before and before is not _UNKNOWN:
            transaction.on_commit(partial(delete_original_if_unused, before), robust=True)


@receiver(post_delete, sender=Article, dispatch_uid="renditions-delete-original")
def delete_article_original(sender, instance, **kwargs):
    if instance.hero_image.name:
        name = instance.hero_image.name
        transaction.on_commit(partial(delete_original_if_unused, name), robust=True)


def delete_original_if_unused(name):
    """Delete a replaced original unless another article still uses it (a new version shares
    its live article's image until it is published)."""
    if not Article.objects.filter(hero_image=name).exists():
        Article._meta.get_field("hero_image").storage.delete(name)
        logger.info("Deleted the replaced hero image original %s", name)


@receiver(post_delete, sender=HeroRendition, dispatch_uid="renditions-delete-file")
def delete_rendition_file(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(partial(storage.delete, name), robust=True)
