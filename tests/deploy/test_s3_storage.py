"""Media on S3-compatible storage (moto's server on 127.0.0.1): renditions in the public bucket,
originals only in the private one, and nothing of the upload in what readers can fetch."""

import io
import urllib.error
import urllib.request

import boto3
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from articles.images.renditions import make_hero_renditions
from articles.models import Article, ArticleStatus
from evnews.s3 import PrivateS3Storage, s3_storages
from evnews.storage import NotServedError
from tests.factories import make_article

pytestmark = pytest.mark.integration


@pytest.fixture
def s3(settings, moto_s3, monkeypatch):
    """The site's storages as production builds them from the environment, on moto's server."""
    for name, value in moto_s3.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, **s3_storages(moto_s3)}
    # The model field resolved its storage at import (under the test profile): point it here.
    monkeypatch.setattr(Article._meta.get_field("hero_image"), "storage", storages["originals"])
    client = boto3.client(
        "s3", endpoint_url=moto_s3["AWS_S3_ENDPOINT_URL"], region_name="us-east-1"
    )
    return client


def keys(client, bucket):
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def photo_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Leaky Camera Co."
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    buffer = io.BytesIO()
    Image.new("RGB", (500, 250), "silver").save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_originals_go_to_the_private_bucket_and_renditions_to_the_public_one(
    s3, db, django_capture_on_commit_callbacks
):
    assert isinstance(storages["originals"], PrivateS3Storage)
    upload = SimpleUploadedFile("cam.jpg", photo_with_gps())
    article = make_article("On S3", status=ArticleStatus.PUBLISHED, hero_image=upload,
                           hero_alt="Alt")  # fmt: skip
    original = article.hero_image.name
    assert original in keys(s3, "evnews-originals")
    assert original not in keys(s3, "evnews-media")
    with pytest.raises(NotServedError):
        article.hero_image.url  # noqa: B018
    endpoint = s3.meta.endpoint_url
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{endpoint}/evnews-originals/{original}", timeout=10)
    assert refused.value.code == 403  # the private bucket grants readers nothing
    refused.value.close()

    make_hero_renditions.call(article.pk)
    renditions = list(article.hero_renditions.all())
    assert {r.file.name for r in renditions} <= keys(s3, "evnews-media")
    for rendition in renditions:
        assert rendition.file.url.startswith("http://127.0.0.1:")
        assert "X-Amz" not in rendition.file.url  # a plain public URL
        with urllib.request.urlopen(rendition.file.url, timeout=10) as response:
            content = response.read()
        assert len(content) == rendition.size and b"Leaky" not in content
        assert dict(Image.open(io.BytesIO(content)).getexif()) == {}

    article = Article.objects.get(pk=article.pk)
    article.hero_image = SimpleUploadedFile("new.jpg", photo_with_gps())
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert original not in keys(s3, "evnews-originals")
    assert article.hero_image.name in keys(s3, "evnews-originals")
