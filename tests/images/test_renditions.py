"""Hero image renditions: what the task makes, when it runs, what pages show, what it costs."""

import io
import logging

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image

from articles.editorial import versions
from articles.images import renditions
from articles.images.renditions import make_hero_renditions
from articles.models import Article, ArticleStatus, HeroRendition
from tests.admin_forms import post_change
from tests.factories import make_article
from tests.page_checks import ARTICLE_PAGE_BUDGET, LISTING_BUDGET, count_queries

HOME = reverse("articles:home")


def originals():
    """Where the hero image field keeps originals: the field's own storage, the one the task
    reads (a test that changes STORAGES makes `storages` build new instances afterwards)."""
    return Article._meta.get_field("hero_image").storage


def image_bytes(size=(600, 300), fmt="JPEG", mode="RGB", color="#0b5c43", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(data=None, name="hero.jpg"):
    return SimpleUploadedFile(name, data or image_bytes())


def photo():
    """A photo wider than the largest rendition: every width is made. Encoding it costs, so only
    tests about widths and page markup use it; the default image is small."""
    return upload(image_bytes(size=(1700, 850)))


def illustrated(title="With a picture", image=None, **fields):
    """A published article with a hero image and no renditions yet."""
    fields.setdefault("hero_alt", "A silver saloon outside the factory")
    fields["hero_image"] = image or upload()
    return make_article(title, status=ArticleStatus.PUBLISHED, **fields)


def made(article):
    """(format, width, height) of the article's renditions, smallest first."""
    rows = article.hero_renditions.order_by("width", "format")
    return [(r.format, r.width, r.height) for r in rows]


def opened(rendition):
    with rendition.file.open("rb") as file:
        return Image.open(io.BytesIO(file.read()))


def store_as_hero(article, data, name="heroes/broken.jpg"):
    """Put a file in place as the hero image without the admin's checks (as an old row might)."""
    stored = originals().save(name, ContentFile(data))
    Article.objects.filter(pk=article.pk).update(hero_image=stored)
    article.refresh_from_db()
    return stored


# What the task makes


def test_task_makes_webp_and_jpeg_at_every_width_for_a_large_photo(db):
    article = illustrated(image=photo())
    result = make_hero_renditions.call(article.pk)
    assert result == {"created": 6, "deleted": 0}
    assert made(article) == [
        ("jpeg", 480, 240), ("webp", 480, 240),
        ("jpeg", 960, 480), ("webp", 960, 480),
        ("jpeg", 1600, 800), ("webp", 1600, 800),
    ]  # fmt: skip
    for rendition in article.hero_renditions.all():
        image = opened(rendition)
        assert image.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]
        assert image.size == (rendition.width, rendition.height)


def test_task_never_makes_a_rendition_wider_than_the_original(db):
    article = illustrated(image=upload(image_bytes(size=(600, 400))))
    make_hero_renditions.call(article.pk)
    assert made(article) == [
        ("jpeg", 480, 320), ("webp", 480, 320), ("jpeg", 600, 400), ("webp", 600, 400),
    ]  # fmt: skip


def test_a_small_image_gets_one_rendition_at_its_own_width(db):
    article = illustrated(image=upload(image_bytes(size=(300, 200))))
    make_hero_renditions.call(article.pk)
    assert made(article) == [("jpeg", 300, 200), ("webp", 300, 200)]


def test_a_transparent_png_keeps_its_transparency_with_a_png_fallback(db):
    data = image_bytes(size=(500, 250), fmt="PNG", mode="RGBA", color=(11, 92, 67, 0))
    article = illustrated(image=upload(data, name="logo.png"))
    make_hero_renditions.call(article.pk)
    assert {r.format for r in article.hero_renditions.all()} == {"png", "webp"}
    for rendition in article.hero_renditions.all():
        assert opened(rendition).mode == "RGBA"


def sideways_photo():
    """A camera JPEG stored landscape (red above blue) whose EXIF says: turn 90° clockwise."""
    image = Image.new("RGB", (1000, 500), "blue")
    image.paste("red", (0, 0, 1000, 250))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Leaky Camera Co."
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"shot at home, 12 Elm Street")
    return buffer.getvalue()


def test_task_turns_a_sideways_photo_upright_as_its_exif_says(db):
    article = illustrated(image=upload(sideways_photo()))
    make_hero_renditions.call(article.pk)
    assert made(article) == [("jpeg", 480, 960), ("webp", 480, 960), ("jpeg", 500, 1000),
                             ("webp", 500, 1000)]  # fmt: skip
    upright = opened(article.hero_renditions.get(format="jpeg", width=500)).convert("RGB")
    red, green, blue = upright.getpixel((450, 500))  # what was the top is now on the right
    assert red > 200 and blue < 60
    red, green, blue = upright.getpixel((50, 500))
    assert blue > 200 and red < 60


def test_renditions_carry_no_exif_or_comments_from_the_camera(db):
    article = illustrated(image=upload(sideways_photo()))
    make_hero_renditions.call(article.pk)
    for rendition in article.hero_renditions.all():
        image = opened(rendition)
        assert dict(image.getexif()) == {}
        assert "comment" not in image.info and "exif" not in image.info


def test_running_the_task_twice_makes_nothing_new(hero_article):
    article = hero_article
    make_hero_renditions.call(article.pk)
    first = list(article.hero_renditions.values_list("pk", "file"))
    assert make_hero_renditions.call(article.pk) == {"created": 0, "deleted": 0}
    assert list(article.hero_renditions.values_list("pk", "file")) == first


def test_task_deletes_renditions_at_widths_no_longer_planned(db, monkeypatch):
    article = illustrated(image=photo())
    make_hero_renditions.call(article.pk)
    monkeypatch.setattr(renditions, "WIDTHS", (480, 1600))
    assert make_hero_renditions.call(article.pk) == {"created": 0, "deleted": 2}
    assert [(f, w) for f, w, _ in made(article)] == [
        ("jpeg", 480), ("webp", 480), ("jpeg", 1600), ("webp", 1600),
    ]  # fmt: skip


def test_task_for_an_article_deleted_meanwhile_does_nothing(hero_article):
    article = hero_article
    pk = article.pk
    article.delete()
    assert make_hero_renditions.call(pk) == {"created": 0, "deleted": 0}


# Images the task refuses


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"#!/bin/sh\necho not an image\n", "is not a JPEG, PNG, WebP, GIF, TIFF or BMP image"),
        (image_bytes(size=(800, 400))[:-200], "is damaged or cut short"),
        (b"GIF89a" + b"\x00" * 40, "is not a JPEG, PNG, WebP, GIF, TIFF or BMP image"),
    ],
    ids=["not-an-image", "truncated-jpeg", "broken-gif"],
)
def test_an_unusable_file_is_logged_and_skipped(client, writer, caplog, data, reason):
    article = illustrated(authors=[writer])
    stored = store_as_hero(article, data)
    with caplog.at_level(logging.WARNING, logger="articles.images.renditions"):
        result = make_hero_renditions.call(article.pk)
    assert reason in result["skipped"]
    assert not article.hero_renditions.exists()
    logged = f"No renditions for article {article.pk}: its hero image {stored} {reason}"
    assert logged in caplog.text
    html = client.get(article.get_absolute_url()).text
    assert "<img" not in html.split('<div class="article-body">')[0].split("<main")[1]
    assert stored not in html


def test_a_hero_image_missing_from_storage_is_logged_and_skipped(hero_article, caplog):
    article = hero_article
    originals().delete(article.hero_image.name)
    result = make_hero_renditions.call(article.pk)
    assert "cannot be read from storage" in result["skipped"]
    assert "No renditions for article" in caplog.text


def test_an_image_with_too_many_pixels_is_refused_before_decoding(db, monkeypatch):
    monkeypatch.setattr(renditions, "MAX_SOURCE_PIXELS", 1000)
    article = illustrated(image=upload(image_bytes(size=(100, 20))))
    result = make_hero_renditions.call(article.pk)
    assert result["skipped"] == "has 100×20 pixels; the limit is 1,000"
    assert not article.hero_renditions.exists()


def test_an_image_over_pillows_bomb_limit_is_refused(db, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    article = illustrated(image=upload(image_bytes(size=(100, 20))))
    result = make_hero_renditions.call(article.pk)
    assert "decompression bomb" in result["skipped"]


# When the task runs


def test_saving_a_new_hero_image_queues_its_renditions_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = illustrated(image=photo())
    assert len(made(article)) == 6


def test_an_editor_uploading_a_hero_image_in_the_admin_gets_renditions(
    editor_client,  # noqa: F811
    draft,
    django_capture_on_commit_callbacks,
):
    upload_ = upload(image_bytes(size=(1000, 500)), name="admin.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(editor_client, draft, hero_image=upload_, hero_alt="The car")
    assert response.status_code == 302
    assert [(f, w) for f, w, _ in made(draft)] == [
        ("jpeg", 480), ("webp", 480), ("jpeg", 960), ("webp", 960), ("jpeg", 1000), ("webp", 1000),
    ]  # fmt: skip


class Recorder:
    def __init__(self):
        self.enqueued = []

    def enqueue(self, article_id):
        self.enqueued.append(article_id)


def test_a_save_that_keeps_the_image_queues_nothing(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    article = illustrated()
    recorder = Recorder()
    monkeypatch.setattr(renditions, "make_hero_renditions", recorder)
    with django_capture_on_commit_callbacks(execute=True):
        article = Article.objects.get(pk=article.pk)
        article.title = "A new title"
        article.save()
        article.save(update_fields=["title"])
    assert recorder.enqueued == []


def test_replacing_the_hero_image_replaces_its_renditions_and_their_files(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = illustrated()
    old_files = list(article.hero_renditions.values_list("file", flat=True))
    article = Article.objects.get(pk=article.pk)
    article.hero_image = upload(image_bytes(size=(700, 350), color="red"), name="new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert {r.source_name for r in article.hero_renditions.all()} == {article.hero_image.name}
    assert [(f, w) for f, w, _ in made(article)] == [
        ("jpeg", 480), ("webp", 480), ("jpeg", 700), ("webp", 700),
    ]  # fmt: skip
    assert not any(default_storage.exists(name) for name in old_files)


def test_removing_the_hero_image_deletes_its_renditions(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = illustrated()
    files = list(article.hero_renditions.values_list("file", flat=True))
    article = Article.objects.get(pk=article.pk)
    article.hero_image = ""
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert not article.hero_renditions.exists()
    assert not any(default_storage.exists(name) for name in files)


def test_deleting_an_article_deletes_its_rendition_files(
    hero_article, django_capture_on_commit_callbacks
):
    article = hero_article
    make_hero_renditions.call(article.pk)
    files = list(article.hero_renditions.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert files and not any(default_storage.exists(name) for name in files)


def test_publishing_a_new_version_with_a_new_image_moves_readers_to_its_renditions(
    editor, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        live = illustrated(image=upload())
        copy = versions.working_copy(live, by=editor)
    live_files = list(live.hero_renditions.values_list("file", flat=True))
    copy.hero_image = upload(image_bytes(size=(500, 250), color="red"), name="new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        copy.save()
    copy_files = list(copy.hero_renditions.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        versions.apply_version(copy, by=editor)
    live.refresh_from_db()
    assert {r.source_name for r in live.hero_renditions.all()} == {live.hero_image.name}
    assert [(f, w) for f, w, _ in made(live)] == [("jpeg", 480), ("webp", 480), ("jpeg", 500),
                                                 ("webp", 500)]  # fmt: skip
    assert live_files and copy_files
    assert not any(default_storage.exists(name) for name in [*live_files, *copy_files])


def test_the_admin_tells_editors_whether_renditions_are_ready(editor_client, writer):  # noqa: F811
    article = make_article("Draft with a picture", authors=[writer], hero_image=upload())
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert "Being prepared in the background" in editor_client.get(change).text
    make_hero_renditions.call(article.pk)
    assert "Ready at 480, 600 px wide, as JPEG and WebP." in editor_client.get(change).text


# What pages show


def test_article_page_shows_the_hero_as_a_picture_with_webp_sources(client, writer):
    article = illustrated(image=photo(), authors=[writer])
    make_hero_renditions.call(article.pk)
    html = client.get(article.get_absolute_url()).text
    webp = {r.width: r.file.url for r in article.hero_renditions.filter(format="webp")}
    jpeg = {r.width: r.file.url for r in article.hero_renditions.filter(format="jpeg")}
    sizes = 'sizes="(min-width: 768px) 46rem, calc(100vw - 1.5rem)"'
    srcset = f"{webp[480]} 480w, {webp[960]} 960w, {webp[1600]} 1600w"
    assert f'<source type="image/webp" srcset="{srcset}" {sizes}>' in html
    assert (
        f'<img src="{jpeg[1600]}" srcset="{jpeg[480]} 480w, {jpeg[960]} 960w, {jpeg[1600]} 1600w"'
        f' {sizes} width="1600" height="800" alt="A silver saloon outside the factory"'
        ' fetchpriority="high" decoding="async">'
    ) in html
    assert 'loading="lazy"' not in html
    assert f'<meta property="og:image" content="http://testserver{jpeg[1600]}">' in html
    assert article.hero_image.name not in html and "/heroes/" not in html


def hero_markup(html):
    """The article's header and hero figure: where its image would be."""
    return html.split("<main", 1)[1].split('<div class="article-body">', 1)[0]


def test_article_page_shows_no_image_until_renditions_exist(client, writer):
    article = illustrated(authors=[writer])
    html = client.get(article.get_absolute_url()).text
    assert "<img" not in hero_markup(html) and "<figure" not in hero_markup(html)
    assert "og:image" not in html and '"image"' not in html


def test_renditions_of_a_replaced_image_are_never_shown(client, writer):
    article = illustrated(authors=[writer])
    make_hero_renditions.call(article.pk)
    store_as_hero(article, image_bytes(size=(900, 450)), name="heroes/replacement.jpg")
    html = client.get(article.get_absolute_url()).text
    assert "<picture>" not in html and "<img" not in hero_markup(html)


def test_home_page_cards_use_pictures_lazy_below_the_lead(client, writer):
    older = illustrated("Older story", image=photo(), authors=[writer], hero_alt="An older car")
    lead = illustrated("Lead story", image=photo(), authors=[writer], hero_alt="The newest car")
    for article in (older, lead):
        make_hero_renditions.call(article.pk)
    html = client.get(HOME).text
    assert html.count("<picture>") == 2
    lead_card, older_card = html.split('<article class="story')[1:3]
    assert 'alt="The newest car" fetchpriority="high"' in lead_card
    assert 'alt="An older car" loading="lazy"' in older_card
    assert 'width="1600" height="800"' in older_card
    assert 'sizes="(min-width: 768px) 22rem, (min-width: 576px) 516px' in older_card


# What it costs


def test_article_page_with_renditions_keeps_to_its_query_budget(
    client, writer, django_assert_max_num_queries
):
    article = illustrated(authors=[writer])
    make_hero_renditions.call(article.pk)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("path", [HOME, "/category/industry/", "/authors/writer/"])
def test_listing_queries_stay_fixed_as_illustrated_articles_grow(
    client, writer, category, path, django_assert_max_num_queries
):
    small = {"authors": [writer], "category": category}
    make_hero_renditions.call(illustrated("First", image=upload(), **small).pk)
    before = count_queries(client, path)
    for n in range(5):
        make_hero_renditions.call(illustrated(f"More {n}", image=upload(), **small).pk)
    cache.clear()  # the render's queries, not the shared copy's
    with django_assert_max_num_queries(LISTING_BUDGET):
        html = client.get(path).text
    assert html.count("<picture>") == 6
    assert count_queries(client, path) == before


# The backfill command


def run(*args):
    out = io.StringIO()
    call_command("make_renditions", *args, stdout=out)
    return out.getvalue()


def test_backfill_dry_run_lists_articles_and_makes_nothing(hero_article):
    article = hero_article
    out = run("--dry-run")
    assert f"Would make renditions for article {article.pk}: With a picture" in out
    assert "1 article(s) to process; nothing changed (dry run)." in out
    assert not HeroRendition.objects.exists()


def test_backfill_makes_missing_renditions_and_leaves_complete_articles_alone(db):
    done = illustrated("Done already", image=photo())
    make_hero_renditions.call(done.pk)
    todo = illustrated("Still to do", image=photo())
    make_article("No picture")
    out = run()
    assert "1 article(s): 6 rendition(s) made, 0 stale deleted, 0 image(s) unusable." in out
    assert len(made(todo)) == 6


def test_backfill_all_removes_renditions_of_a_removed_image(db):
    article = illustrated(image=photo())
    make_hero_renditions.call(article.pk)
    Article.objects.filter(pk=article.pk).update(hero_image="")  # the worker never heard
    assert "0 article(s)" in run()
    out = run("--all")
    assert "1 article(s): 0 rendition(s) made, 6 stale deleted, 0 image(s) unusable." in out
    assert not HeroRendition.objects.exists()


def test_backfill_reports_an_unusable_image_and_carries_on(db):
    broken = illustrated("Broken", image=photo())
    store_as_hero(broken, b"not an image")
    fine = illustrated("Fine", image=photo())
    out = run()
    assert f"Article {broken.pk}: skipped, its hero image is not a JPEG, PNG, WebP" in out
    assert "2 article(s): 6 rendition(s) made, 0 stale deleted, 1 image(s) unusable." in out
    assert len(made(fine)) == 6
