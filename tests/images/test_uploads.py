"""Hero image uploads: checked by content, stored privately under a server-made name, and only
re-encoded renditions (never the upload, never its metadata) in anything readers can fetch."""

import io
import re
import struct
import zlib

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, PngImagePlugin

from articles.editorial import revisions
from articles.images import uploads
from articles.images.renditions import make_hero_renditions
from articles.models import Article, ArticleStatus
from evnews.storage import NotServedError
from tests.admin_forms import change_url, post_change
from tests.factories import make_article

PHP = b"<?php system($_GET['c']); ?>"


def originals():
    return storages["originals"]


def stored_originals(folder="heroes"):
    """Every original stored (the in-memory storage outlives a test: compare before and after)."""
    try:
        folders, files = originals().listdir(folder)
    except FileNotFoundError:
        return set()
    inner = {name for sub in folders for name in stored_originals(f"{folder}/{sub}")}
    return inner | {f"{folder}/{name}" for name in files}


def png(size=(40, 20), text=None):
    image = Image.new("RGB", size, "teal")
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header claims `width`×`height`: decoding it would fail (its pixel data is
    40×20), so a refusal naming the pixel count proves it was refused from the header alone."""
    data = bytearray(png())
    ihdr = bytearray(data[12:29])  # b"IHDR" + 13 bytes of fields
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def camera_jpeg(size=(60, 40)):
    """A JPEG with GPS coordinates and a camera serial number in its EXIF, and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Leaky Camera Co."
    exif[ExifTags.Base.BodySerialNumber] = "SN-0042-SECRET"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
    }
    buffer = io.BytesIO()
    Image.new("RGB", size, "silver").save(
        buffer, "JPEG", exif=exif.tobytes(), comment=b"12 Elm Street"
    )
    return buffer.getvalue()


def upload(data, name="holiday photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def form_errors(response):
    assert response.status_code == 200, "the form should have been shown again with errors"
    return str(response.context["adminform"].form.errors.get("hero_image", ""))


def send(client, article, data, name="holiday photo.png"):
    return post_change(client, article, hero_image=upload(data, name), hero_alt="The car")


# Uploads: what is refused, and how it is stored


def test_an_accepted_upload_is_stored_privately_under_a_name_of_the_servers_making(
    editor_client, draft
):
    response = send(editor_client, draft, png(), name="../../etc/My Car.php.png")
    assert response.status_code == 302
    draft.refresh_from_db()
    name = draft.hero_image.name
    assert re.fullmatch(r"heroes/\d{4}/\d{2}/[0-9a-f]{32}\.png", name)
    assert originals().exists(name) and not default_storage.exists(name)
    with pytest.raises(NotServedError):
        draft.hero_image.url  # noqa: B018 - the original has no public address at all


def test_the_extension_comes_from_the_content_not_the_senders_name(editor_client, draft):
    assert send(editor_client, draft, camera_jpeg(), name="photo.png").status_code == 302
    draft.refresh_from_db()
    assert draft.hero_image.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"#!/bin/sh\necho not an image\n", "it is not a JPEG, PNG, WebP, GIF, TIFF or BMP image"),
        (PHP + png(), "it is not a JPEG, PNG, WebP, GIF, TIFF or BMP image"),
        (camera_jpeg(size=(400, 300))[:-300], "it is damaged or cut short"),
        (png_declaring(8000, 8000), "it has 8000×8000 pixels; the limit is 50,000,000"),
        (png_declaring(12000, 12000), "it declares too many pixels to be opened safely"),
        (png_declaring(60000, 60000), "it declares too many pixels to be opened safely"),
    ],
    ids=["shell-script", "php-first", "truncated-jpeg", "too-many-pixels", "bomb", "huge-bomb"],
)
def test_an_image_that_cannot_be_rendered_is_refused_with_a_clear_message(
    editor_client, draft, data, message
):
    before = stored_originals()
    response = send(editor_client, draft, data)
    errors = form_errors(response)
    assert "This file cannot be used as the hero image" in errors
    assert message in errors
    assert "Export it again as a JPEG, PNG or WebP" in errors
    draft.refresh_from_db()
    assert not draft.hero_image
    assert stored_originals() == before


def test_an_image_over_the_size_limit_is_refused(editor_client, draft, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 10)
    errors = form_errors(send(editor_client, draft, png()))
    assert "the limit is 10\xa0bytes" in errors


def test_the_change_form_names_the_current_image_without_linking_it(editor_client, draft):
    send(editor_client, draft, png())
    draft.refresh_from_db()
    html = editor_client.get(change_url(draft)).text
    assert f"<span>{draft.hero_image.name}</span> (kept private" in html
    assert f'href="/media/{draft.hero_image.name}"' not in html
    assert 'name="hero_image-clear"' in html
    assert "No renditions yet" in html
    make_hero_renditions.call(draft.pk)
    smallest = draft.hero_renditions.filter(format="png").first()
    html = editor_client.get(change_url(draft)).text
    assert f'<img class="hero-thumbnail" src="{smallest.file.url}"' in html


# Nothing of the upload in any public file


def rendered(article):
    make_hero_renditions.call(article.pk)
    return [default_storage.open(r.file.name).read() for r in article.hero_renditions.all()]


@pytest.mark.parametrize(
    ("data", "name"),
    [(png(text="<?php echo 1; ?>") + PHP, "shell.php.png"), (camera_jpeg() + PHP, "cam.jpg")],
    ids=["png-with-php-in-a-text-chunk-and-appended", "jpeg-with-gps-serial-and-php-appended"],
)
def test_renditions_carry_nothing_but_pixels(editor_client, draft, data, name):
    assert send(editor_client, draft, data, name=name).status_code == 302
    draft.refresh_from_db()
    files = rendered(draft)
    assert len(files) == 2
    for content in files:
        for secret in (b"<?php", b"Leaky", b"SN-0042", b"Elm Street", b"GPS", b"Comment"):
            assert secret not in content
        image = Image.open(io.BytesIO(content))
        assert dict(image.getexif()) == {}
        assert not {"exif", "comment", "Comment", "icc_profile", "xmp"} & set(image.info)
        assert getattr(image, "text", {}) == {}


@pytest.fixture
def published_with_picture(writer, category):
    article = make_article(
        "Pictured",
        status=ArticleStatus.PUBLISHED,
        authors=[writer],
        category=category,
        hero_image=upload(camera_jpeg(size=(600, 300)), name="cam.jpg"),
        hero_alt="A silver saloon",
    )
    make_hero_renditions.call(article.pk)
    return article


def test_page_og_image_json_ld_and_feed_name_a_rendition_never_the_original(
    client, published_with_picture
):
    article = published_with_picture
    largest = article.hero_renditions.get(format="jpeg", width=600)
    url = f"http://testserver{largest.file.url}"
    html = client.get(article.get_absolute_url()).text
    assert f'<meta property="og:image" content="{url}">' in html
    assert f'"image": ["{url}"]' in html
    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    (entry,) = feed.entries
    assert entry.enclosures == [{"href": url, "length": str(largest.size), "type": "image/jpeg"}]
    assert f'src="{url}"' in entry.content[0].value
    for body in (html, client.get(reverse("articles:feed-atom")).text):
        assert article.hero_image.name not in body and "/heroes/" not in body


def test_without_renditions_nothing_names_an_image(client, writer):
    article = make_article(
        "Not ready",
        status=ArticleStatus.PUBLISHED,
        authors=[writer],
        hero_image=upload(png(), name="x.png"),
        hero_alt="Alt",
    )
    html = client.get(article.get_absolute_url()).text
    assert "og:image" not in html and '"image"' not in html and "<picture" not in html
    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    assert feed.entries[0].enclosures == []


def test_the_admin_says_why_a_stored_image_shows_nothing(editor_client, writer):
    article = make_article("Old row", authors=[writer], hero_alt="Alt")
    name = originals().save("heroes/old.jpg", ContentFile(camera_jpeg(size=(400, 300))[:-300]))
    Article.objects.filter(pk=article.pk).update(hero_image=name)
    make_hero_renditions.call(article.pk)
    html = editor_client.get(change_url(article)).text
    assert "None can be made: the image is damaged or cut short. Readers see no image" in html


# Replaced originals are deleted


def test_a_replaced_original_is_deleted_after_commit(
    editor_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(editor_client, draft, png())
    draft.refresh_from_db()
    first = draft.hero_image.name
    with django_capture_on_commit_callbacks(execute=True):
        send(editor_client, draft, png(size=(30, 30)))
    draft.refresh_from_db()
    assert draft.hero_image.name != first
    assert originals().exists(draft.hero_image.name) and not originals().exists(first)


def test_clearing_the_image_deletes_the_original(
    editor_client, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(editor_client, draft, png())
    draft.refresh_from_db()
    name = draft.hero_image.name
    with django_capture_on_commit_callbacks(execute=True):
        post_change(editor_client, draft, **{"hero_image-clear": "on", "hero_alt": ""})
    draft.refresh_from_db()
    assert not draft.hero_image and not originals().exists(name)


def test_an_original_another_article_still_uses_is_kept(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        live = make_article("Live", hero_image=upload(png()), hero_alt="Alt")
        copy = make_article("Copy", hero_image=live.hero_image.name, hero_alt="Alt")
        copy = Article.objects.get(pk=copy.pk)
        copy.hero_image = upload(png(size=(30, 30)))
        copy.save()
    assert originals().exists(live.hero_image.name)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(pk=copy.pk).delete()
    assert originals().exists(live.hero_image.name)
    assert not originals().exists(copy.hero_image.name)


def test_restoring_a_revision_whose_image_was_deleted_keeps_the_current_image(
    editor, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft.hero_image, draft.hero_alt = upload(png()), "Alt"
        draft.save()
    old = revisions.snapshot(draft)
    with django_capture_on_commit_callbacks(execute=True):
        draft = Article.objects.get(pk=draft.pk)
        draft.hero_image = upload(png(size=(30, 30)))
        draft.save()
    current = draft.hero_image.name
    assert not originals().exists(old["fields"]["hero_image"])
    revisions.write_content(draft, old)
    draft.refresh_from_db()
    assert draft.hero_image.name == current
