"""gunicorn settings for production: `gunicorn evnews.wsgi -c gunicorn.conf.py`.

Every value can be overridden from the environment (GUNICORN_*), so one file serves every node."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Sync workers: pages are short CPU work; slow clients are the proxy's (nginx/Varnish) to buffer.
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# The app writes one JSON line per request itself (evnews/logging.py); errors go to stderr.
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
