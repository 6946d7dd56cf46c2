"""The bans sent to HTTP caches: what they match, and that an unreachable cache fails nothing."""

import logging
import re

from articles import caching

URLS = ["/", "/?page=2", "/articles/xiaomi-ev/", "/articles/xiaomi-ev/?sort=new",
        "/articles/xiaomi-ev-2/", "/category/industry/", "/feeds/rss/"]  # fmt: skip


def matched(paths):
    pattern = re.compile(caching.ban_pattern(paths))
    return [url for url in URLS if pattern.search(url)]


def test_a_ban_matches_the_paths_with_any_query_and_nothing_else():
    assert matched(["/articles/xiaomi-ev/"]) == [
        "/articles/xiaomi-ev/",
        "/articles/xiaomi-ev/?sort=new",
    ]
    assert matched(["/"]) == ["/", "/?page=2"]


def test_a_site_wide_change_bans_every_url():
    assert matched([caching.SITE, "/"]) == URLS


def test_an_unreachable_cache_is_logged_and_the_change_stands(
    settings, db, caplog, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PURGE_URLS = ["http://127.0.0.1:8599/"]  # nothing listens there
    with (
        caplog.at_level(logging.ERROR, logger="articles.caching"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        caching.invalidate({"/"})
    assert "Could not ban ['/'] from the HTTP cache http://127.0.0.1:8599/" in caplog.text
