"""Images' fixtures: a published article with a hero image and no renditions yet."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import ArticleStatus
from tests.factories import make_article


@pytest.fixture
def hero_article(db):
    """Small on purpose (two renditions): encoding a large photo is what made these tests slow."""
    buffer = io.BytesIO()
    Image.new("RGB", (600, 300), "#0b5c43").save(buffer, format="JPEG")
    return make_article(
        "With a picture",
        status=ArticleStatus.PUBLISHED,
        hero_image=SimpleUploadedFile("hero.jpg", buffer.getvalue()),
        hero_alt="A silver saloon outside the factory",
    )
