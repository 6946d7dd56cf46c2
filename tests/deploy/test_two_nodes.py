"""Two app nodes (gunicorn, production settings) sharing PostgreSQL, Redis and S3 (moto), as a
load balancer would put them behind one name: what one node changes the other serves at once,
a reader's action through either counts once, and a rate limit holds across both.

Needs this machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379); the test makes its
own database (dropped afterwards) and keeps to its own prefix in Redis database 12.
"""

import http.cookies
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
import redis

from tests.factories import PASSWORD
from tests.servers import start, stop, worker_index

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/12"
NODE_PORT = 8500  # and the next one; +2 per xdist worker (8500-8513)

SETUP = """
import json
from articles.facts import verification
from articles.images.renditions import make_hero_renditions
from articles.models import ArticleStatus
from articles.roles import EDITOR, PUBLISHER
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
import io
from tests.factories import make_article, make_fact, make_user

publisher = make_user("publisher", role=PUBLISHER)
editor = make_user("editor", role=EDITOR)
fact = verification.verify_fact(make_fact("A checked fact."), editor, "Checked.")
pending = make_article("Published through node A", key_facts=[fact],
                       status=ArticleStatus.APPROVED)
buffer = io.BytesIO()
Image.new("RGB", (500, 250), "silver").save(buffer, "JPEG")
live = make_article("Read on both nodes", status=ArticleStatus.PUBLISHED,
                    hero_image=SimpleUploadedFile("x.jpg", buffer.getvalue()), hero_alt="A car")
make_hero_renditions.call(live.pk)
print(json.dumps({"pending": pending.pk, "live": live.get_absolute_url()}))
"""

COUNTS = """
import json
from articles.models import Rating, Subscription
print(json.dumps({"ratings": Rating.objects.count(),
                  "subscriptions": Subscription.objects.count(),
                  "confirmations_sent": Subscription.objects.exclude(
                      confirmation_sent_at=None).count()}))
"""


def reachable():
    try:
        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            pass
        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except (psycopg.Error, redis.RedisError) as error:
        return str(error)
    return ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's browser: keeps its cookies (Secure ones too: this is plain HTTP on
    127.0.0.1) and sends what a current browser sends with a form."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self):
        self.cookies = {}

    def request(self, node, path, data=None, json_answer=False):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if data is not None:
            headers.update(Origin=node, **{"Sec-Fetch-Site": "same-origin", "Referer": node})
            data = urllib.parse.urlencode(data).encode()
        if json_answer:
            headers["Accept"] = "application/json"
        request = urllib.request.Request(node + path, data=data, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            body = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
            return response.status, response.headers, body

    def csrf_token(self, node, path):
        _status, _headers, html = self.request(node, path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture(scope="module")
def nodes(moto_s3, tmp_path_factory):
    """Two gunicorn nodes on one database, one Redis and one S3; yields their base URLs and a
    function running `manage.py shell` code on the same services."""
    if problem := reachable():
        pytest.skip(f"PostgreSQL and Redis needed on 127.0.0.1: {problem}")
    work = tmp_path_factory.mktemp("nodes")
    database = f"evnews_nodes_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    prefix = f"nodes{os.getpid()}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        **moto_s3,
        "DJANGO_SETTINGS_MODULE": "evnews.settings.prod",
        "SECRET_KEY": "two-nodes-test-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": prefix,
        "STATIC_ROOT": str(work / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "RATINGS_RATE_LIMIT": "3",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
    }

    def manage(*args, stdin=None):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, input=stdin,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def shell(code):
        return json.loads(manage("shell", stdin=code).strip().splitlines()[-1])

    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    data = shell(SETUP)
    servers, urls = [], []
    gunicorn = Path(sys.executable).parent / "gunicorn"
    try:
        for number in range(2):
            port = NODE_PORT + 2 * worker_index() + number
            node_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
            command = [str(gunicorn), "evnews.wsgi", "-c", "gunicorn.conf.py", "--chdir", str(ROOT)]
            servers.append(start(command, port, work / f"node{number}.log", env=node_env))
            urls.append(f"http://127.0.0.1:{port}")
        media = moto_s3["AWS_S3_ENDPOINT_URL"]
        yield {"a": urls[0], "b": urls[1], "media": media, "data": data, "shell": shell}
    finally:
        for server in servers:
            stop(server)
        cache = redis.Redis.from_url(REDIS)
        for key in cache.scan_iter(f"{prefix}:*"):
            cache.delete(key)
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_two_nodes_share_database_cache_and_storage(nodes):
    a, b, data = nodes["a"], nodes["b"], nodes["data"]
    reader = Visitor()
    for node in (a, b):
        status, _headers, body = reader.request(node, "/healthz")
        assert status == 200 and json.loads(body) == {
            "status": "ok", "database": True, "cache": True,
        }  # fmt: skip

    # Shared storage: both nodes name the same rendition, and it can be fetched.
    pictures = [re.search(r'<img src="([^"]+)"', reader.request(node, data["live"])[2])[1]
                for node in (a, b)]  # fmt: skip
    assert pictures[0] == pictures[1] and pictures[0].startswith(nodes["media"])
    with urllib.request.urlopen(pictures[0], timeout=10) as response:
        assert response.status == 200 and response.headers["Content-Type"] == "image/jpeg"

    # Node B's home page is in the shared cache...
    reader.request(b, "/")
    status, headers, home = reader.request(b, "/")
    assert headers["X-Cache"] == "HIT" and "Published through node A" not in home

    # ...an editor publishes through node A...
    staff = Visitor()
    token = staff.csrf_token(a, "/admin/login/")
    status, _headers, _body = staff.request(
        a, "/admin/login/",
        {"username": "publisher", "password": PASSWORD, "csrfmiddlewaretoken": token,
         "next": "/admin/"},
    )  # fmt: skip
    assert status == 302, "the publisher should be signed in"
    publish = f"/admin/articles/article/{data['pending']}/workflow/publish/"
    token = staff.csrf_token(a, publish)
    status, _headers, _body = staff.request(a, publish, {"csrfmiddlewaretoken": token})
    assert status == 302, "the publish step should have been taken"

    # ...and node B serves the fresh page at once (the session works there too).
    status, headers, home = reader.request(b, "/")
    assert "Published through node A" in home and headers["X-Cache"] == "MISS"
    assert staff.request(b, "/admin/")[0] == 200

    # A vote through A, changed through B by the same reader: one vote, seen by both nodes.
    rate = data["live"] + "rate/"
    status, _h, body = reader.request(a, rate, {"stars": "4"}, json_answer=True)
    assert status == 200 and json.loads(body)["data"]["count"] == 1
    status, _h, body = reader.request(b, rate, {"stars": "5"}, json_answer=True)
    answer = json.loads(body)["data"]
    assert status == 200 and (answer["count"], answer["your_vote"]) == (1, 5)
    # A second reader through B: two votes. That is the third vote from this address.
    status, _h, body = Visitor().request(b, rate, {"stars": "3"}, json_answer=True)
    assert status == 200 and json.loads(body)["data"]["count"] == 2

    # The rate limit (3 votes per address and article here) holds across both nodes.
    for node in (a, b):
        status, headers, body = Visitor().request(node, rate, {"stars": "1"}, json_answer=True)
        assert status == 429 and headers["Retry-After"], body

    # The same subscription through both nodes: one subscription, one confirmation email.
    subscribe = data["live"] + "subscribe/"
    for node in (a, b):
        form = {"email": "Reader@Example.com", "kind": "all"}
        status, _h, body = Visitor().request(node, subscribe, form, json_answer=True)
        assert status == 200, body
    assert nodes["shell"](COUNTS) == {"ratings": 2, "subscriptions": 1, "confirmations_sent": 1}
