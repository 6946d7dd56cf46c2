"""Inline feedback: a comment anchored to a key point or section, counted beside it, listed with
its anchor in the thread, kept through new versions, and shown per fact to the newsroom."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.comments import feedback, posting
from articles.comments.posting import Author, CommentRefused
from articles.editorial import revisions, versions
from articles.models import (
    AnchorKind,
    ArticleStatus,
    Comment,
    CommentStatus,
    KeyPoint,
    Section,
)
from articles.roles import EDITOR, MODERATOR
from tests.comment_helpers import JSON, started
from tests.factories import (
    PASSWORD,
    make_article,
    make_comment,
    make_fact,
    make_feedback,
    make_user,
)
from tests.page_checks import count_queries

FACT_CHANGELIST = reverse("admin:articles_fact_changelist")


def feedback_url(part):
    return reverse(
        "articles:comment-feedback",
        kwargs={"slug": part.article.slug, "part": feedback.token(part)},
    )


def feedback_data(**overrides):
    data = {
        "body": "The approval came in 2023, not 2021.",
        "author_name": "Grace",
        "author_email": "grace@example.com",
        "started": started(),
        "homepage_url": "",
    }
    data.update(overrides)
    return {f"feedback-{name}": value for name, value in data.items() if value is not None}


def send(client, part, json=False, url=None, **overrides):
    extra = JSON if json else {}
    return client.post(url or feedback_url(part), feedback_data(**overrides), **extra)


def page_of(client, article):
    return client.get(article.get_absolute_url()).content.decode()


# The controls on the article page


def test_each_key_point_and_section_has_a_feedback_control(client, point, section):
    html = page_of(client, point.article)
    assert f'href="{feedback_url(point)}"' in html
    assert f'href="{feedback_url(section)}"' in html
    assert 'Feedback<span class="visually-hidden"> on this point</span>' in html
    assert "feedback-body" not in html  # the form is fetched when a reader opens it


def test_feedback_js_fetches_just_the_form_for_a_part(client, point, section):
    html = client.get(feedback_url(point), {"partial": "1"}).content.decode()
    assert "<html" not in html
    assert f'action="{feedback_url(point)}"' in html
    assert "This reports an error in this fact" in html
    section_form = client.get(feedback_url(section), {"partial": "1"}).content.decode()
    assert "This reports an error in this fact" not in section_form


def test_no_feedback_control_when_comments_are_closed(client, article, point):
    article.comments_open = False
    article.save()
    assert feedback_url(point) not in page_of(client, article)


def test_feeds_have_no_feedback_controls(client, article, point):
    feed = client.get(reverse("articles:feed-rss")).content.decode()
    assert feedback.token(point) not in feed


def test_feedback_page_without_javascript_shows_the_form_for_that_part(client, point):
    response = client.get(feedback_url(point))
    html = response.content.decode()
    assert response.status_code == 200
    assert point.fact.statement in html
    assert 'name="feedback-is_error_report"' in html
    assert 'name="feedback-author_email"' in html


def test_feedback_page_for_a_section_offers_no_error_flag(client, section):
    html = client.get(feedback_url(section)).content.decode()
    assert section.heading in html
    assert "feedback-is_error_report" not in html


# Posting


def test_guest_reports_an_error_in_a_key_point_and_returns_to_it(client, point, known):
    response = send(client, point, is_error_report="on")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{point.article.get_absolute_url()}#{point.anchor}"
    assert (comment.key_point, comment.fact, comment.section) == (point, point.fact, None)
    assert comment.anchor_kind == AnchorKind.KEY_POINT
    assert comment.anchor_label == point.fact.statement
    assert comment.is_error_report and comment.is_approved
    assert comment.parent is None
    assert "Your feedback is published" in page_of(client, point.article)


def test_feedback_on_a_section_is_anchored_to_it(client, section, known):
    send(client, section)
    comment = Comment.objects.get()
    assert (comment.section, comment.key_point, comment.fact) == (section, None, None)
    assert comment.anchor_kind == AnchorKind.SECTION
    assert comment.anchor_label == section.heading
    assert not comment.is_error_report


def test_javascript_post_answers_with_the_new_count_beside_the_part(client, point, known):
    make_feedback(point)
    response = send(client, point, json=True)
    data = response.json()
    assert response.status_code == 201
    assert data["ok"] and data["data"]["status"] == "approved"
    assert (data["data"]["part"], data["data"]["count"], data["data"]["count_label"]) == (
        point.anchor,
        2,
        "2 reader notes",
    )
    assert "On key point:" in data["data"]["html"]


def test_logged_in_reader_sends_feedback_without_name_or_email(client, reader, point):
    client.force_login(reader)
    response = send(client, point, author_name=None, author_email=None)
    assert response.status_code == 302
    assert Comment.objects.get().user == reader


def test_first_feedback_from_an_unknown_email_is_held_and_not_counted(client, point):
    data = send(client, point, json=True).json()
    assert (data["data"]["status"], data["data"]["count"]) == ("held", 0)
    assert "awaiting moderation" in data["message"]
    assert Comment.objects.get().status == CommentStatus.PENDING


def test_blocklisted_feedback_goes_to_spam(client, point, known):
    send(client, point, body="Win a crypto giveaway now")
    assert Comment.objects.get().status == CommentStatus.SPAM


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"homepage_url": "http://bot.example"}, "could not be accepted"),
        ({"started": "forged"}, "expired"),
        ({"body": ""}, "This field is required"),
        ({"body": "<script>alert(1)</script>"}, "HTML is not allowed"),
        ({"author_email": "x@example.com\nBcc: y@example.com"}, "one line"),
    ],
)
def test_bad_feedback_is_refused_with_a_message_and_nothing_saved(
    client, point, overrides, message
):
    response = send(client, point, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_feedback_sent_too_soon_after_the_page_loaded_is_refused(client, point):
    response = send(client, point, started=started(seconds_ago=0))
    assert response.status_code == 400
    assert "very quick" in response.content.decode()
    assert not Comment.objects.exists()


def test_refused_feedback_keeps_what_was_typed(client, point):
    html = send(client, point, author_email="not-an-email").content.decode()
    assert "The approval came in 2023, not 2021." in html


def test_javascript_errors_name_the_fields_without_the_form_prefix(client, point):
    data = send(client, point, json=True, body="").json()
    assert list(data["errors"]) == ["body"]


def test_error_flag_on_a_section_is_refused(client, section, known):
    response = send(client, section, is_error_report="on")
    assert response.status_code == 400
    assert "Only feedback on a key point can report an error" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_part_of_another_article_is_refused(client, article, known, writer):
    other = make_article("Other", key_facts=[make_fact("Other fact.")], status="published")
    foreign = other.key_points.get()
    url = reverse(
        "articles:comment-feedback",
        kwargs={"slug": article.slug, "part": feedback.token(foreign)},
    )
    response = send(client, foreign, url=url)
    assert response.status_code == 404
    assert "That part is not in this article." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "token", ["point-" + "0" * 32, "section-nothex", "pros-" + "1" * 32, "point", "x"]
)
def test_an_unknown_part_is_refused(client, article, known, token):
    url = reverse("articles:comment-feedback", kwargs={"slug": article.slug, "part": token})
    response = client.post(url, feedback_data(), **JSON)
    assert response.status_code == 404
    assert response.json()["message"] == "That part is not in this article."
    assert not Comment.objects.exists()


def test_feedback_on_an_unpublished_article_is_refused(client, point, known):
    point.article.status = ArticleStatus.UNPUBLISHED
    point.article.save()
    assert send(client, point).status_code == 404
    assert client.get(feedback_url(point)).status_code == 404
    assert not Comment.objects.exists()


def test_feedback_on_a_draft_copy_is_refused(client, point, editor, known):
    copy = versions.working_copy(point.article, editor)
    copy_point = copy.key_points.get()
    url = reverse(
        "articles:comment-feedback",
        kwargs={"slug": copy.slug, "part": feedback.token(copy_point)},
    )
    assert send(client, copy_point, url=url).status_code == 404
    assert not Comment.objects.exists()


def test_feedback_when_comments_are_closed_is_refused(client, point, known):
    point.article.comments_open = False
    point.article.save()
    response = send(client, point)
    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert client.get(feedback_url(point)).status_code == 403
    assert not Comment.objects.exists()


def test_feedback_shares_the_comment_rate_limit(client, point, known, settings):
    settings.COMMENTS_RATE_LIMIT = (2, 60)
    cache.clear()
    assert send(client, point).status_code == 302
    assert send(client, point).status_code == 302
    response = send(client, point)
    assert response.status_code == 429
    assert Comment.objects.count() == 2


def test_get_and_post_only(client, point):
    url = feedback_url(point)
    assert client.put(url).status_code == 405


def test_the_rules_refuse_feedback_that_is_also_a_reply(point, comment):
    author = Author("Grace", "grace@example.com", "", "anon:x", "")
    with pytest.raises(CommentRefused, match="starts its own thread"):
        posting.post(point.article, author, "Text.", parent=comment, anchor=point)


def test_the_database_refuses_an_error_report_on_a_section(section):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(section.article, section=section, anchor_kind="section", is_error_report=True)


def test_the_database_refuses_feedback_anchored_to_two_parts(point, section):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_comment(point.article, key_point=point, section=section, anchor_kind="key_point")


# Counts and the thread


def test_counts_beside_each_part_count_approved_feedback_only(client, point, section):
    make_feedback(point)
    make_feedback(point, is_error_report=True)
    make_feedback(point, status=CommentStatus.PENDING)
    make_feedback(point, status=CommentStatus.SPAM)
    make_feedback(section)
    make_comment(point.article, "About the whole article.")
    html = page_of(client, point.article)
    assert "<span data-feedback-count-text>2 reader notes</span>" in html
    assert "<span data-feedback-count-text>1 reader note</span>" in html


def test_a_part_without_feedback_shows_no_count(client, point):
    html = page_of(client, point.article)
    assert "data-feedback-count hidden" in html


def test_thread_says_what_feedback_is_about_and_links_to_it(client, point, section):
    make_feedback(point, "Wrong year.", is_error_report=True)
    make_feedback(section, "Nice photos.")
    html = page_of(client, point.article)
    url = point.article.get_absolute_url()
    assert f'On key point: <a href="{url}#{point.anchor}">{point.fact.statement}</a>' in html
    assert f'On section: <a href="{url}#{section.anchor}">{section.heading}</a>' in html
    assert "Reports an error in this fact" in html


def test_comments_page_also_says_what_feedback_is_about(client, point):
    make_feedback(point, "Wrong year.")
    html = client.get(reverse("articles:comment-list", kwargs={"slug": point.article.slug}))
    assert f"#{point.anchor}" in html.content.decode()


# New versions


@pytest.fixture
def new_version(article, editor):
    """Open a new version of the article; the test changes it, then publishes it."""
    revisions.record(article, editor)
    return versions.working_copy(article, editor)


def test_feedback_stays_with_its_part_when_a_new_version_edits_the_text(
    client, article, section, new_version, editor
):
    make_feedback(section, "Nice photos.")
    copy_section = new_version.sections.get()
    copy_section.heading = "Spy shots: every design detail"
    copy_section.body = "- Frameless doors\n- Pop-out handles"
    copy_section.save()
    Section.objects.create(article=new_version, position=0, heading="New first", body="Intro.")
    versions.apply_version(new_version, editor)

    comment = Comment.objects.get()
    assert comment.section == section
    html = page_of(client, article)
    assert f"#{section.anchor}" in html
    assert "On section:" in html and "Spy shots: every design detail</a>" in html
    assert "<span data-feedback-count-text>1 reader note</span>" in html


def test_feedback_on_a_key_point_removed_in_a_new_version_is_kept_and_says_so(
    client, article, point, new_version, editor
):
    make_feedback(point, "Wrong year.", is_error_report=True)
    new_version.key_points.all().delete()
    versions.apply_version(new_version, editor)

    comment = Comment.objects.get()
    assert not KeyPoint.objects.filter(pk=point.pk).exists()
    assert comment.key_point is None
    assert comment.fact == point.fact  # the error report stays with its fact
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "On a key point since removed: <q>Xiaomi has been approved" in html
    assert "Wrong year." in html


def test_feedback_finds_its_part_again_when_a_restored_revision_brings_it_back(
    client, article, point, section, new_version, editor
):
    before = revisions.latest(article)
    make_feedback(point, "Wrong year.", is_error_report=True)
    make_feedback(section, "Nice photos.")
    new_version.key_points.all().delete()
    new_version.sections.all().delete()
    versions.apply_version(new_version, editor)
    assert not Comment.objects.filter(key_point__isnull=False).exists()

    restored = versions.restore(article, before, editor)
    versions.apply_version(restored, editor)

    by_kind = {c.anchor_kind: c for c in Comment.objects.select_related("key_point", "section")}
    assert by_kind[AnchorKind.KEY_POINT].key_point.uid == point.uid
    assert by_kind[AnchorKind.SECTION].section.uid == section.uid
    html = page_of(client, article)
    assert "since removed" not in html
    assert "<span data-feedback-count-text>1 reader note</span>" in html


def test_feedback_does_not_follow_a_uid_that_now_names_another_fact(point, editor):
    make_feedback(point, "Wrong year.")
    other = make_fact("Another fact.")
    point.delete()
    KeyPoint.objects.create(article=point.article, fact=other, uid=point.uid)
    feedback.reattach(point.article)
    assert Comment.objects.get().key_point is None


def test_feedback_on_a_removed_section_is_kept_and_says_so(
    client, article, section, new_version, editor
):
    make_feedback(section, "Nice photos.")
    new_version.sections.all().delete()
    versions.apply_version(new_version, editor)

    assert Comment.objects.get().section is None
    html = page_of(client, article)
    assert "On a section since removed: <q>Spy shots reveal design details</q>" in html


# Query budgets

ARTICLE_PAGE_BUDGET = 12  # as in test_comments: 8, 2 threads, 1 renditions, 1 feedback counts


def spread_feedback(article, parts=10, per_part=3):
    """`parts` more key points and sections, each with `per_part` approved feedback comments."""
    for n in range(parts):
        point = KeyPoint.objects.create(
            article=article, fact=make_fact(f"Spread fact {n}."), position=10 + n
        )
        section = Section.objects.create(
            article=article, position=10 + n, heading=f"Part {n}", body="Text."
        )
        for _ in range(per_part):
            make_feedback(point)
            make_feedback(section)


def test_article_page_queries_do_not_grow_with_feedback_across_many_parts(client, article, point):
    make_feedback(point)
    url = article.get_absolute_url()
    before = count_queries(client, url)
    spread_feedback(article)
    assert count_queries(client, url) == before
    assert "3 reader notes" in page_of(client, article)


def test_article_page_with_feedback_keeps_to_its_query_budget(
    client, article, point, django_assert_max_num_queries
):
    spread_feedback(article, parts=5)
    with django_assert_max_num_queries(ARTICLE_PAGE_BUDGET):
        client.get(article.get_absolute_url())


def test_article_page_without_comments_makes_no_count_query(client, article, point):
    """No approved comment means no feedback: the count query is skipped."""

    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())
    assert not any("GROUP BY" in q["sql"] for q in queries)


def test_feedback_page_keeps_to_its_query_budget(client, point, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(feedback_url(point))


# The admin: feedback per fact


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def fact_url(fact):
    return reverse("admin:articles_fact_change", args=[fact.pk])


def test_anonymous_visitor_is_sent_to_login_for_facts(client, fact):
    response = client.get(fact_url(fact))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_moderator_may_open_a_fact_but_not_check_it(client, moderator, fact):
    login(client, moderator)
    assert client.get(fact_url(fact)).status_code == 200
    verify = reverse("admin:articles_fact_verify", args=[fact.pk])
    assert client.post(verify, {"note": ""}).status_code == 403


def test_changelist_shows_feedback_and_error_reports_per_fact(client, editor, point):
    make_feedback(point)
    make_feedback(point, is_error_report=True)
    make_feedback(point, is_error_report=True, status=CommentStatus.PENDING)
    make_feedback(point, is_error_report=True, status=CommentStatus.SPAM)
    fact = login(client, editor).get(FACT_CHANGELIST).context["cl"].result_list[0]
    # Approved feedback (reports included); open reports, held ones too, never spam.
    assert (fact._feedback_count, fact._error_report_count) == (2, 2)


def test_changelist_filters_facts_with_error_reports(client, editor, point):
    quiet = make_fact("A fact nobody disputes.")
    make_feedback(point, is_error_report=True)
    login(client, editor)
    flagged = client.get(FACT_CHANGELIST, {"error_reports": "yes"}).context["cl"].result_list
    clean = client.get(FACT_CHANGELIST, {"error_reports": "no"}).context["cl"].result_list
    assert list(flagged) == [point.fact]
    assert list(clean) == [quiet]


def test_changelist_sorts_by_error_reports(client, editor, point):
    quiet = make_fact("A fact nobody disputes.")
    make_feedback(point, is_error_report=True)
    login(client, editor)
    columns = client.get(FACT_CHANGELIST).context["cl"].list_display
    column = columns.index("error_report_count")
    response = client.get(FACT_CHANGELIST, {"o": f"-{column}"})
    assert list(response.context["cl"].result_list) == [point.fact, quiet]


def test_changelist_queries_do_not_grow_with_facts_and_feedback(client, editor, point):
    login(client, editor)
    make_feedback(point)
    before = count_queries(client, FACT_CHANGELIST)
    spread_feedback(point.article, parts=5)
    assert count_queries(client, FACT_CHANGELIST) == before


def test_editor_sees_error_reports_next_to_the_verification_status(client, editor, point):
    report = make_feedback(point, "Approved in 2023, see the NDRC notice.", is_error_report=True)
    make_feedback(point, "Spam text here.", status=CommentStatus.SPAM)
    html = login(client, editor).get(fact_url(point.fact)).content.decode()
    assert "Reader feedback and error reports (1)" in html
    assert "Approved in 2023, see the NDRC notice." in html
    assert "Error report" in html and report.author_name in html
    assert "Spam text here." not in html
    assert report.author_email not in html
    # Editors do not moderate: no link into the moderation queue.
    assert reverse("admin:articles_comment_change", args=[report.pk]) not in html
    assert html.index("Verification") < html.index("Reader feedback and error reports")


def test_writer_sees_the_reports_too(client, writer, point):
    make_feedback(point, "Wrong year.", is_error_report=True)
    assert "Wrong year." in login(client, writer).get(fact_url(point.fact)).content.decode()


def test_staff_who_moderate_get_a_link_to_the_comment_in_the_queue(client, point):

    both = make_user("both", role=EDITOR)
    both.groups.add(make_user("m", role=MODERATOR).groups.get())
    report = make_feedback(point, "Wrong year.", is_error_report=True)
    html = login(client, both).get(fact_url(point.fact)).content.decode()
    queue_link = reverse("admin:articles_comment_change", args=[report.pk])
    assert queue_link in html
    assert client.get(queue_link).status_code == 200


def test_reports_stay_with_the_fact_after_its_key_point_is_removed(client, editor, point):
    make_feedback(point, "Wrong year.", is_error_report=True)
    fact = point.fact
    point.delete()
    html = login(client, editor).get(fact_url(fact)).content.decode()
    assert "Wrong year." in html and "a key point since removed" in html


def test_hostile_feedback_is_escaped_on_the_fact_page(client, editor, point):
    make_feedback(point, '"><img src=x onerror=alert(1)>', is_error_report=True)
    html = login(client, editor).get(fact_url(point.fact)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_comment_admin_says_what_removed_feedback_was_about(client, moderator, point):
    comment = make_feedback(point, "Wrong year.", is_error_report=True)
    point.delete()
    url = reverse("admin:articles_comment_change", args=[comment.pk])
    html = login(client, moderator).get(url).content.decode()
    assert "Key point since removed: Xiaomi has been approved" in html
    assert "reports an error" in html
