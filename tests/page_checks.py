"""What reader pages are checked for: their query budgets and their JSON-LD."""

import json
import re

from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def json_ld(response):
    match = re.search(
        rb'<script type="application/ld\+json">(.*?)</script>', response.content, re.S
    )
    return json.loads(match.group(1))


def count_queries(client, path):
    """Queries of the page rendered afresh: the shared-page cache is emptied first."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


# 8, 2 for the comment threads (top-level page, then their replies) and 1 for the hero renditions
ARTICLE_PAGE_BUDGET = 11
LISTING_BUDGET = 7  # the author page also checks the author has published work; 1 for renditions


def axe_blocking(page):
    """axe-core's serious and critical violations on the page, as readable lines."""
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} "
        f"({', '.join(node['target'][0] for node in violation['nodes'][:5])})"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
