"""`manage.py import_wordpress`: a real WordPress 6.1 export (tests/importer/data/wordpress/, made
by seed.php through WordPress's own export_wp()) into a fresh site, checked through HTTP."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.comments import moderation
from articles.editorial import revisions
from articles.facts.published_elsewhere import may_publish_unverified
from articles.models import (
    Article,
    ArticleStatus,
    Category,
    Comment,
    CommentStatus,
    Company,
    CompanyKind,
    HeroRendition,
    ImportedComment,
    ImportedPost,
    RatingSummary,
)
from tests.factories import make_article, make_company, make_user

WORDPRESS = Path(__file__).resolve().parent / "data" / "wordpress"
EXPORT = WORDPRESS / "voltline.xml"
UPLOADS = WORDPRESS / "uploads"
HUB = 6  # WordPress post IDs in the export
CELLS = 7


def run(*args, **options):
    out = StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def run_json(*args):
    return json.loads(run(*args, "--format", "json"))


def table_sizes():
    models = (Article, Comment, Category, Company, ImportedPost, ImportedComment, RatingSummary)
    return {model.__name__: model.objects.count() for model in models} | {
        "users": get_user_model().objects.count()
    }


def hub():
    return ImportedPost.objects.get(wp_id=HUB).article


@pytest.fixture
def imported(db):
    return run_json(EXPORT, "--uploads", UPLOADS)


# What comes across ------------------------------------------------------------------------------


def test_counts_match_wordpress(imported):
    counts = imported["counts"]
    # WordPress has 3 published posts (with its "Hello world!"), a draft and a pending one.
    assert counts["posts published"] == 3 and counts["posts imported as drafts"] == 2
    assert Article.objects.published().count() == 3
    assert counts["posts skipped"] == 2  # private, trash
    assert {row["reason"] for row in imported["skipped"] if row["kind"] == "post"} == {
        "private in WordPress",
        "in WordPress's trash",
    }
    assert counts["pages skipped"] == 3
    # export_wp leaves spam out; the trashed comment and the pingback are skipped and counted.
    assert counts["comments imported (approved)"] == 6
    assert counts["comments imported (pending)"] == 1
    assert counts["comments skipped"] == 2
    assert imported["shortcodes_removed"] == {"gallery": 1, "caption": 1}


def test_post_becomes_structured_article(imported):
    article = hub()
    assert article.slug == "kettering-charging-hub"
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at.isoformat() == "2025-03-04T09:30:00+00:00"
    assert article.dek.startswith("A new charging hub beside the A14")
    points = [kp.fact.statement for kp in article.key_points.all()]
    assert points[0] == "The hub has twelve 300 kW chargers and 2.4 MWh of storage."
    assert len(points) == 3
    assert [s.heading for s in article.sections.all()] == [
        "How the storage works",
        "What drivers pay",
    ]
    assert [(p.kind, p.label) for p in article.pros_cons.order_by("-kind")] == [
        ("pro", "Smaller connection"),
        ("con", "Peak price"),
    ]
    assert article.closing == "Ionway plans four more hubs like it by the end of next year."
    assert "gallery" not in article.sections.first().body
    assert "wp:paragraph" in ImportedPost.objects.get(wp_id=HUB).original_html


def test_authors_categories_and_topics(imported):
    mira = get_user_model().objects.get(username="mira")
    assert mira.get_full_name() == "Mira Okafor"
    assert not mira.has_usable_password()
    assert mira.groups.filter(name="Writer").exists()
    assert list(hub().authors.all()) == [mira]
    assert hub().category.name == "Charging"
    assert set(hub().companies.values_list("name", flat=True)) == {"Ionway", "Grid storage", "UK"}
    assert Company.objects.get(name="UK").kind == CompanyKind.TOPIC


def test_tags_match_existing_companies(db):
    ionway = make_company("Ionway")
    run(EXPORT)
    assert Company.objects.filter(name__iexact="ionway").count() == 1
    assert ionway in hub().companies.all()


def test_comments_keep_threads_states_and_dates(imported):
    comments = {c.body.split("\n")[0]: c for c in hub().comments.all()}
    question = comments["Does the 59p include VAT?"]
    answer = comments["Yes, it does."]
    thanks = comments["Thanks, that makes it cheaper than I thought."]
    assert answer.parent == question and thanks.parent == answer
    assert thanks.thread == question and thanks.depth == 2
    assert question.created_at.isoformat() == "2025-03-04T11:00:00+00:00"
    assert question.author_website == "https://priya.example.org"
    assert len(question.ip_hash) == 32 and "192" not in question.ip_hash
    assert comments["How long do the second-life packs last?"].status == CommentStatus.PENDING
    assert answer.user == get_user_model().objects.get(username="mira")
    assert hub().comment_count == 4


def test_featured_image_from_uploads_with_renditions(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        imported = run_json(EXPORT, "--uploads", UPLOADS)
    article = hub()
    assert article.hero_image.name.endswith(".jpg")
    assert article.hero_alt == "Six charging posts under a timber canopy at dusk"
    assert HeroRendition.objects.filter(article=article).exists()
    missing = [note["note"] for note in imported["notes"] if note["id"] == CELLS]
    assert missing == [f"featured image not imported: 2025/04/depot-roof.jpg is not in {UPLOADS}"]


def test_images_are_never_fetched_without_uploads(db):
    data = run_json(EXPORT)
    assert data["counts"]["featured images missing"] == 2
    assert not hub().hero_image


def test_wpdiscuz_rating_is_a_summary_new_votes_add_to(imported):
    summary = RatingSummary.objects.get(article=hub())
    assert (summary.count, summary.total, str(summary.average)) == (15, 63, "4.20")


# Through HTTP -----------------------------------------------------------------------------------


def test_old_permalink_and_p_id_answer_301(client, imported, django_assert_max_num_queries):
    url = hub().get_absolute_url()
    with django_assert_max_num_queries(3):
        response = client.get("/2025/03/kettering-charging-hub/")
    assert response.status_code == 301 and response["Location"] == url
    assert client.get("/2025/03/kettering-charging-hub").status_code == 301
    assert client.get(f"/?p={HUB}")["Location"] == url
    # Drafts, private posts and unknown IDs redirect nowhere.
    assert client.get("/?p=12").status_code == 200  # the home page, as without the parameter
    assert client.get("/2025/03/nothing-here/").status_code == 404


def test_imported_article_is_readable_with_unverified_key_points(client, imported):
    response = client.get(hub().get_absolute_url())
    assert response.status_code == 200
    text = response.text
    assert "The hub has twelve 300 kW chargers" in text
    assert text.count("Not yet verified") == 3
    assert "Does the 59p include VAT?" in text
    assert "How long do the second-life packs last?" not in text  # held, as native ones


def test_the_desk_lists_imported_articles_until_verified(client, imported):
    editor = make_user("desk", role="Editor")
    client.force_login(editor)
    response = client.get("/admin/")
    assert 'id="dashboard-imported"' in response.text
    assert "A motorway charging hub" in response.text


# The fact gate's one exception ------------------------------------------------------------------


def test_only_imported_published_articles_may_stand_unverified(imported):
    assert may_publish_unverified(hub())
    assert not may_publish_unverified(ImportedPost.objects.get(wp_id=8).article)  # a draft
    assert not may_publish_unverified(make_article("Native"))


def test_imported_comments_moderate_like_native_ones(imported):
    moderator = make_user("mod", role="Moderator")
    held = hub().comments.get(status=CommentStatus.PENDING)
    moderation.approve(held, by=moderator)
    assert hub().comment_count == 5


# Running again ----------------------------------------------------------------------------------


def test_second_run_changes_nothing(imported):
    before = table_sizes()
    data = run_json(EXPORT, "--uploads", UPLOADS)
    assert table_sizes() == before
    assert data["counts"]["posts already imported"] == 5
    assert data["counts"]["comments already imported"] == 7
    assert "posts imported" not in data["counts"]


def test_second_run_keeps_what_editors_changed(imported):
    article = hub()
    article.dek = "Edited by the desk."
    article.save()
    revisions.record(article, by=None, note="Edited")
    data = run_json(EXPORT)
    assert hub().dek == "Edited by the desk."
    assert data["counts"]["posts changed in evnews since import (left as they are)"] == 1
    assert {
        "kind": "post",
        "id": HUB,
        "note": f"edited in evnews since import: {article.slug}",
    } in (data["notes"])


def test_dry_run_keeps_nothing(db):
    before = table_sizes()
    data = run_json(EXPORT, "--uploads", UPLOADS, "--dry-run")
    assert data["dry_run"] and data["counts"]["posts imported"] == 5
    assert table_sizes() == before


def test_text_report(db):
    out = run(EXPORT)
    assert "posts published" in out and "Import finished." in out
    assert "post 10 'Embargoed: new battery plant': private in WordPress" in out


def test_author_map(db):
    editor = make_user("mira-okafor")
    run(EXPORT, "--author-map", "mira=mira-okafor")
    assert list(hub().authors.all()) == [editor]
    assert not get_user_model().objects.filter(username="mira").exists()
    with pytest.raises(CommandError, match="no evnews user 'nobody'"):
        run(EXPORT, "--author-map", "mira=nobody")


# Bad input --------------------------------------------------------------------------------------

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Tiny</title><link>http://tiny.example</link><wp:wxr_version>1.2</wp:wxr_version>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>http://tiny.example/{id}/</link>
<dc:creator>nobody</dc:creator><content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2025-01-02 03:04:05</wp:post_date_gmt>
<wp:post_name>post-{id}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>{comments}</item>"""

COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>R</wp:comment_author>
<wp:comment_content>Comment {id}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


def item(post_id, title="A post", content="<p>Some text.</p>", comments=()):
    rendered = "".join(COMMENT.format(id=c, parent=p) for c, p in comments)
    return ITEM.format(id=post_id, title=title, content=content, comments=rendered)


def export(tmp_path, *items, text=None):
    path = tmp_path / "export.xml"
    path.write_text(text if text is not None else WXR.format(items="".join(items)))
    return path


def test_duplicate_ids_missing_parents_and_untitled_posts_are_reported(tmp_path, db):
    path = export(
        tmp_path,
        item(1, comments=[(10, 0), (11, 99), (10, 0)]),
        item(1, title="Again"),
        item(2, title=""),
    )
    data = run_json(path)
    reasons = {(row["kind"], row["id"]): row["reason"] for row in data["skipped"]}
    assert reasons == {
        ("post", 1): "duplicate post ID in the export",
        ("post", 2): "no title",
        ("comment", 10): "duplicate comment ID in the export",
    }
    assert {"kind": "comment", "id": 11, "note": "parent 99 missing: top-level"} in data["notes"]
    assert Article.objects.count() == 1 and Comment.objects.filter(parent=None).count() == 2


def test_a_post_that_cannot_be_stored_is_skipped_whole(tmp_path, db):
    long_heading = "<h2>" + "H" * 250 + "</h2><p>Text under it.</p>"
    path = export(tmp_path, item(1, content=long_heading, comments=[(5, 0)]), item(2))
    data = run_json(path)
    assert "at most 200 fit" in data["skipped"][0]["reason"]
    assert list(Article.objects.values_list("title", flat=True)) == ["A post"]
    assert Comment.objects.count() == 0  # the failed post's comments went with it


def test_atomic_keeps_nothing_when_one_post_fails(tmp_path, db):
    long_heading = "<h2>" + "H" * 250 + "</h2><p>Text under it.</p>"
    path = export(tmp_path, item(1), item(2, content=long_heading))
    with pytest.raises(CommandError, match=r"Post 2 .*at most 200 fit.* Nothing was imported"):
        run(path, "--atomic")
    assert not Article.objects.exists()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss><channel><wp:wxr_version xmlns:wp="http://wordpress.org/export/1.2/">1.2</wp:wxr_version>
<item><title>&lol2;</title></item></channel></rss>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&secret;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("this is not xml", "is not well-formed XML (line 1, column 0)"),
        ("<html><body>Hi</body></html>", "the document is <html>, not <rss>"),
        ("<rss><channel><title>A feed</title><item/></channel></rss>", "no <wp:wxr_version>"),
        ('<rss><channel><wp:wxr_version xmlns:wp="x">', "is not well-formed XML"),  # truncated
        (BILLION_LAUGHS, "declares entities or a DTD (EntitiesForbidden)"),
        (EXTERNAL, "declares entities or a DTD (EntitiesForbidden)"),
        ("", "is not well-formed XML"),
    ],
)
def test_bad_files_are_refused_in_one_line(tmp_path, db, text, message):
    path = export(tmp_path, text=text)
    with pytest.raises(CommandError) as refused:
        run(path)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert not Article.objects.exists()


def test_truncated_real_export_imports_nothing(tmp_path, db):
    data = EXPORT.read_bytes()
    path = tmp_path / "cut.xml"
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(CommandError, match="not well-formed XML"):
        run(path)
    assert not Article.objects.exists() and not get_user_model().objects.exists()


def test_a_1_gb_file_is_refused_before_reading(tmp_path, db):
    path = tmp_path / "huge.xml"
    with path.open("wb") as file:
        file.truncate(1024**3)  # sparse: no disk used
    with pytest.raises(CommandError, match="over the limit of 536,870,912; split the export"):
        run(path)


@pytest.mark.parametrize("name", ["missing.xml", "."])
def test_missing_file_or_directory(tmp_path, db, name):
    with pytest.raises(CommandError, match="Cannot read|is a directory"):
        run(tmp_path / name)
