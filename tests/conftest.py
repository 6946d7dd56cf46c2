"""Chained fixtures: writer → article → ... Focused data per test; the `make_*` helpers in
`tests/factories.py` build anything more specific."""

import os
import shutil

import pytest
from django.core.cache import cache
from django.db import connection
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from articles.models import ArticleStatus, KnownCommenter
from articles.roles import EDITOR, MODERATOR, PUBLISHER, WRITER
from tests.factories import (
    make_article,
    make_category,
    make_comment,
    make_company,
    make_fact,
    make_user,
)
from tests.live_server import TrackedLiveServerThread


def pytest_collection_modifyitems(config, items):
    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached pages live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and renditions go to a folder of the test's own, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def writer(db):
    return make_user("writer", role=WRITER)


@pytest.fixture
def editor(db):
    return make_user("editor", role=EDITOR)


@pytest.fixture
def publisher(db):
    return make_user("publisher", role=PUBLISHER)


@pytest.fixture
def moderator(db):
    return make_user("moderator", role=MODERATOR)


@pytest.fixture
def reader(db):
    return make_user("reader")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def category(db):
    return make_category("Industry")


@pytest.fixture
def company(db):
    return make_company("Xiaomi")


@pytest.fixture
def fact(company):
    return make_fact("Xiaomi has been approved to produce EVs by the NDRC.", subject=company)


@pytest.fixture
def article(writer, category, company, fact):
    """A published article with one of each part."""
    return make_article(
        "Xiaomi EV",
        authors=[writer],
        category=category,
        companies=[company],
        key_facts=[fact],
        status=ArticleStatus.PUBLISHED,
    )


@pytest.fixture
def comment(article):
    """An approved guest comment on the published article."""
    return make_comment(article, "Frameless doors look great.", author_name="Ada")


@pytest.fixture
def draft(writer, category):
    return make_article("A draft nobody may see", authors=[writer], category=category)


CHROMIUM = "/usr/bin/chromium"
# How long a test waits, after closing its browser page, for the requests it caused to finish.
SETTLE_SECONDS = 30
# How long a browser step or expect() may take before it fails. Playwright's defaults (30 s for
# actions, 5 s for expect) were tuned for a quiet machine: on a busy 2-core CI box a page can take
# longer than 5 s to settle, and the test then failed for no fault of the site. A real failure
# still fails, only later.
BROWSER_TIMEOUT_MS = 30_000
expect.set_options(timeout=BROWSER_TIMEOUT_MS)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server on a server that can tell when it is idle (live_server.py)."""
    addr = request.config.getvalue("liveserver") or "localhost"
    server = LiveServer(addr, start=False)
    plain = server.thread
    server.thread = TrackedLiveServerThread(
        plain.host,
        static_handler=plain.static_handler,
        connections_override=plain.connections_override,
        port=plain.port,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(live_server):
    """Debian's chromium driven by Playwright; tests marked `browser` skip where it is missing.
    Asks for the live server first, so that the browser closes before the server stops."""
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard would refuse them without this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Opens a browser page in a fresh context (`open_page(java_script_enabled=False)` for one
    without JavaScript); `page.goto(path)` reaches the test server. When the test ends, every page
    closes and every request it caused has finished before the database is reset for the next
    test."""
    contexts = []

    def open_page(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(BROWSER_TIMEOUT_MS)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert live_server.thread.httpd.wait_idle(SETTLE_SECONDS), "the live server stayed busy"


@pytest.fixture
def page(open_page):
    """A fresh browser page with JavaScript on."""
    return open_page()


@pytest.fixture
def known(db):
    """Grace has had a comment approved before, so hers are published at once."""
    return KnownCommenter.objects.create(email="grace@example.com")


@pytest.fixture
def no_minimum_wait(settings):
    """A browser types faster than a person: let its comments through the minimum-time rule."""
    settings.COMMENTS_MIN_SECONDS = 0
