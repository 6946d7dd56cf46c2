"""Load benchmark: the site under gunicorn on 127.0.0.1, loaded from a second process, each figure
measured next to its yardstick in the same run, and the budgets printed.

Pairs, each measured back to back so that a busy machine weighs on both alike:
- our article with 200 comments, rendered every time (no cache), against Wagtail's same page
  (the peers in ../shared/peers): at least 4× its requests per second;
- our article with no comments, uncached, against Wagtail's bare article: no slower;
- our article with 200 comments from the app's cache (gunicorn alone) against nginx serving a
  file of the same size: at least 1/20 of its requests per second;
- the same page through Varnish (deploy/varnish.vcl) against the same file: at least 1/2.
Then the memory of each gunicorn worker (resident set) after its load: under 150 MB.

The load is wrk (Debian's) when installed, else articles/devtools/loadgen.py in its own process.
Servers run with production settings on the database the command runs on, after a
`collectstatic` into a temporary folder; every server started here is stopped here.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from articles.devtools import benchmark

ROOT = Path(settings.BASE_DIR)
VCL = ROOT / "deploy" / "varnish.vcl"
MEMORY_BUDGET_MB = 150


class LoadError(Exception):
    """A server would not start or a page did not answer 200."""


@dataclass(frozen=True)
class Budget:
    name: str
    subject: str  # the measured entry
    yardstick: str  # what it is compared with
    at_least: float  # subject req/s ÷ yardstick req/s


BUDGETS = [
    Budget("uncached article, 200 comments ≥ 4× Wagtail's", "ours-200c", "wagtail-200c", 4),
    Budget("uncached bare article ≥ Wagtail's bare article", "ours-bare", "wagtail-bare", 1),
    Budget("app-cached article ≥ 1/20 of the static file", "ours-cached", "static", 1 / 20),
    Budget("through Varnish ≥ 1/2 of the static file", "ours-varnish", "static-2", 1 / 2),
]


def _free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise LoadError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return response.read()
        except OSError:
            time.sleep(0.2)
    raise LoadError(f"{url} did not answer 200 within {seconds} s")


@contextmanager
def _process(command, log, env=None):
    if not shutil.which(command[0]) and not Path(command[0]).exists():
        raise LoadError(f"{command[0]} is not installed")
    with open(log, "wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Run:
    """One benchmark run: a temporary folder, the ports, the load generator, the results."""

    def __init__(self, *, port, seconds, connections, workers, generator, stdout):
        self.port, self.seconds, self.connections = port, seconds, connections
        self.workers, self.stdout = workers, stdout
        self.generator = (
            generator if generator != "auto" else ("wrk" if shutil.which("wrk") else "python")
        )
        self.folder = Path(tempfile.mkdtemp(prefix="evnews-load-"))
        self.results = {}
        self.memory_mb = []

    # -- servers ------------------------------------------------------------------------------

    def environment(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="evnews.settings.prod",
            SECRET_KEY=secrets.token_urlsafe(48),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=_database_url(),
            STATIC_ROOT=str(self.folder / "static"),
            LOG_LEVEL="WARNING",
            GUNICORN_WORKERS=str(self.workers),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            GUNICORN_MAX_REQUESTS="0",  # no worker recycling in the middle of a measurement
            **extra,
        )
        return env

    def collectstatic(self):
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT, env=self.environment(), check=True,
        )  # fmt: skip

    @contextmanager
    def gunicorn(self, name, **env):
        if not _free(self.port):
            raise LoadError(f"port {self.port} is in use")
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [str(gunicorn), "evnews.wsgi", "-c", "gunicorn.conf.py", "--chdir", str(ROOT)]
        log = self.folder / f"gunicorn-{name}.log"
        with _process(command, log, env=self.environment(**env)) as process:
            yield process, f"http://127.0.0.1:{self.port}"

    @contextmanager
    def nginx(self, body):
        """nginx serving `body` as a static file, configured as the peers' static server."""
        root = self.folder / "nginx"
        (root / "html").mkdir(parents=True, exist_ok=True)
        self.folder.chmod(0o755)  # nginx's workers (nobody, when started by root) read from here
        (root / "html" / "index.html").write_bytes(body)
        port = self.port + 1
        (root / "nginx.conf").write_text(
            f"worker_processes auto; pid {root}/nginx.pid; error_log {root}/error.log warn;\n"
            "daemon off; events { worker_connections 1024; }\n"
            "http { include /etc/nginx/mime.types; sendfile on; tcp_nopush on;"
            " tcp_nodelay on; keepalive_timeout 65; keepalive_requests 100000; access_log off;\n"
            f"  client_body_temp_path {root}/body; proxy_temp_path {root}/proxy;"
            f" fastcgi_temp_path {root}/fastcgi; uwsgi_temp_path {root}/uwsgi;"
            f" scgi_temp_path {root}/scgi;\n"
            f"  server {{ listen 127.0.0.1:{port}; root {root}/html; index index.html; }} }}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        with _process([nginx, "-c", str(root / "nginx.conf"), "-p", str(root)], root / "log"):
            url = f"http://127.0.0.1:{port}/"
            _wait_for(url, None)
            yield url

    @contextmanager
    def varnish(self, backend_port):
        port, admin = self.port + 2, self.port + 3
        vcl = self.folder / "evnews.vcl"
        vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";'))
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        command = [varnishd, "-F", "-j", "none", "-n", str(self.folder / "varnish"),
                   "-a", f"127.0.0.1:{port}", "-T", f"127.0.0.1:{admin}",
                   "-f", str(vcl), "-s", "malloc,64m"]  # fmt: skip
        with _process(command, self.folder / "varnishd.log") as process:
            time.sleep(0.5)
            if process.poll() is not None:
                raise LoadError("varnishd did not start (see its log)")
            yield f"http://127.0.0.1:{port}"

    # -- measuring ----------------------------------------------------------------------------

    def load(self, name, url):
        """Warm up briefly, then load `url` for `seconds` from a second process."""
        self._generate(url, min(2.0, self.seconds))
        result = self._generate(url, self.seconds)
        result["url"] = url
        self.results[name] = result
        self.stdout.write(
            f"  {name:<13} {result['requests_per_second']:>10,.1f} req/s"
            f"  p50 {result['p50_ms'] or 0:>8.2f} ms  errors {result['errors']}  {url}"
        )
        return result

    def _generate(self, url, seconds):
        if self.generator == "wrk":
            done = subprocess.run(
                ["wrk", "-t2", f"-c{self.connections}", f"-d{max(1, round(seconds))}s",
                 "--latency", "--timeout", "30s", url],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            return _parse_wrk(done.stdout)
        done = subprocess.run(
            [sys.executable, "-m", "articles.devtools.loadgen", url, "--seconds", str(seconds),
             "--connections", str(self.connections)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return json.loads(done.stdout)

    def record_memory(self, process):
        """Resident memory of each gunicorn worker (the master's children), in MB."""
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
            self.memory_mb.append(round(kb / 1024, 1))


def _parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    return {
        "requests_per_second": rate,
        "errors": errors + (int(non2xx.group(1)) if non2xx else 0),
        "p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 3) if p50 else None,
    }


def _database_url():
    """The command's own database, for the servers it starts."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        address = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{credentials}@{address}/{db['NAME']}"
    raise LoadError(f"no load benchmark on {connection.vendor}")


def _check(url):
    return _wait_for(url, None, seconds=30)


def run(*, wagtail, wagtail_bare, port, seconds, connections, workers, generator, stdout):
    """Measure every pair and return the results with each budget's verdict."""
    paths = {
        "200c": benchmark._discussed_article_path(200)(),
        "bare": benchmark._discussed_article_path(0)(),
    }
    if None in paths.values():
        raise LoadError("generate an article with 200 comments and one with none first")
    load = Run(port=port, seconds=seconds, connections=connections, workers=workers,
               generator=generator, stdout=stdout)  # fmt: skip
    stdout.write(f"Load: {load.generator}, {connections} connections, {seconds} s per figure")
    try:
        load.collectstatic()
        # Every request rendered afresh: the cache is a dummy (CACHE_DISABLED).
        with load.gunicorn("uncached", CACHE_DISABLED="true") as (process, site):
            _check(site + paths["200c"])
            if wagtail:
                _check(wagtail)
                load.load("wagtail-200c", wagtail)
            load.load("ours-200c", site + paths["200c"])
            if wagtail_bare:
                _check(wagtail_bare)
                load.load("wagtail-bare", wagtail_bare)
            load.load("ours-bare", site + paths["bare"])
            load.record_memory(process)
        # The app's shared page cache (Redis with REDIS_URL, else each worker's memory).
        with load.gunicorn("cached") as (process, site):
            page = _check(site + paths["200c"])
            with load.nginx(page) as static:
                load.load("static", static)
                load.load("ours-cached", site + paths["200c"])
                with load.varnish(load.port) as varnish:
                    _check(varnish + paths["200c"])
                    load.load("static-2", static)
                    load.load("ours-varnish", varnish + paths["200c"])
            load.record_memory(process)
    finally:
        shutil.rmtree(load.folder, ignore_errors=True)
    return _verdicts(load, paths)


def _verdicts(load, paths):
    verdicts = []
    for budget in BUDGETS:
        subject, yardstick = load.results.get(budget.subject), load.results.get(budget.yardstick)
        if not subject or not yardstick:
            verdicts.append({"budget": budget.name, "verdict": "not measured"})
            continue
        ratio = subject["requests_per_second"] / max(yardstick["requests_per_second"], 0.001)
        verdicts.append({
            "budget": budget.name,
            "ratio": round(ratio, 3),
            "needed": round(budget.at_least, 3),
            "verdict": "met" if ratio >= budget.at_least else "MISSED",
        })  # fmt: skip
    memory = max(load.memory_mb, default=None)
    verdicts.append({
        "budget": f"memory per worker < {MEMORY_BUDGET_MB} MB",
        "largest_mb": memory,
        "verdict": "met" if memory is not None and memory < MEMORY_BUDGET_MB else "MISSED",
    })  # fmt: skip
    return {
        "generator": load.generator,
        "connections": load.connections,
        "seconds": load.seconds,
        "workers": load.workers,
        "paths": paths,
        "data": benchmark.data_size(),
        "figures": load.results,
        "worker_memory_mb": load.memory_mb,
        "budgets": verdicts,
    }
