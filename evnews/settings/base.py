"""Settings shared by every profile. Values that differ per deployment come from the environment.

Each variable is documented in README.md and `.env.example`.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "articles",
    "django.forms",  # the form renderer below finds Django's own widget templates here
]

MIDDLEWARE = [
    "evnews.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers 304 to a matching If-None-Match / If-Modified-Since, on cached and fresh pages alike.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "evnews.csrf.FetchMetadataCsrfMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Late, so it sees the resolved view and who the reader is (articles/caching.py).
    "articles.caching.SharedPageCacheMiddleware",
    # Last, so it sees the final 404 of an address evnews does not know (import_wordpress).
    "articles.importer.redirects.OldAddressRedirectMiddleware",
]

ROOT_URLCONF = "evnews.urls"
WSGI_APPLICATION = "evnews.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "evnews.context_processors.site",
                "articles.comments.context_processors.pending_comments",
                # Last: on a page shared through the cache it blanks the CSRF token.
                "articles.caching.shared_page_context",
            ],
        },
    },
]

# Widgets may use the project's templates/ (the hero image input links no private original).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite is the embedded default; PostgreSQL comes through DATABASE_URL=postgres://...
_DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_POSTGRES = _DATABASE_URL.startswith(("postgres://", "postgresql://"))
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        # Persistent connections on PostgreSQL (checked before reuse: conn_health_checks).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE") or ("60" if _POSTGRES else "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web server and a task worker write at once: WAL lets readers go on during a write,
    # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of deadlocking,
    # and the busy timeout makes the second one wait rather than fail.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded originals (hero images as sent) are kept apart and never served: see evnews/storage.py.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {
        "BACKEND": "evnews.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several app nodes share media through S3-compatible storage (django-storages, evnews/s3.py):
# renditions in a public-read bucket, the originals in a private one.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    from evnews.s3 import s3_storages

    STORAGES.update(s3_storages(os.environ))

LOGIN_URL = "admin:login"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "evnews <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (emails, scheduled publishing, image renditions) goes through django.tasks;
# the database backend needs only `python manage.py db_worker` beside the web server.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A task RUNNING longer than this is taken for one whose worker died; `recover_tasks` requeues it
# (evnews/task_recovery.py). Far above the longest task (an image rendition takes seconds).
TASKS_STALE_SECONDS = int(os.environ.get("TASKS_STALE_SECONDS", "900"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "evnews",
    }
}

# What readers see of the site.
SITE_NAME = os.environ.get("SITE_NAME", "evnews")
SITE_TAGLINE = "Electric-vehicle news, fact-checked"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
ARTICLES_PER_PAGE = 12
FEED_ITEMS = 20
SEARCH_RESULTS_PER_PAGE = 10
# Searches per client IP per seconds: a search costs more than a page, and bots find the box.
SEARCH_RATE_LIMIT = (
    int(os.environ.get("SEARCH_RATE_LIMIT", "30")),
    int(os.environ.get("SEARCH_RATE_PERIOD", "60")),
)
# How long a shareable preview link works before it answers "expired".
PREVIEW_LINK_HOURS = int(os.environ.get("PREVIEW_LINK_HOURS", "72"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Benchmarks only (`manage.py bench --load`): a dummy cache, so every page is rendered afresh.
if env_bool("CACHE_DISABLED"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# Readers: how many reverse proxies in front of the site append to X-Forwarded-For (0: trust
# none, use REMOTE_ADDR), and Redis for rate-limit counters shared by every worker process.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        # Sites sharing one Redis database keep apart by prefix.
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }

# Reader ratings: at most RATINGS_RATE_LIMIT votes (changes included) per client IP and article
# in each RATINGS_RATE_PERIOD seconds; 0 turns the limit off.
RATINGS_RATE_LIMIT = int(os.environ.get("RATINGS_RATE_LIMIT", "10"))
RATINGS_RATE_PERIOD = int(os.environ.get("RATINGS_RATE_PERIOD", "3600"))
# First votes (from readers without a voter cookie: new, or cleared) per network address and
# article a day; then "sign in to vote". 0 turns the cap off (README "What the site refuses").
RATINGS_FIRST_VOTES_PER_IP = int(os.environ.get("RATINGS_FIRST_VOTES_PER_IP", "20"))

# Reader comments (articles/commenting.py). Each rule can be loosened or tightened here.
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "30")) or None
COMMENTS_PAGE_THREADS = 10  # top-level threads on the article page and per comments page
COMMENTS_PAGE_REPLIES = 5  # replies per thread on the article page; the rest on the comments page
COMMENTS_MAX_DEPTH = 3  # replies deeper than this attach at this depth
COMMENTS_MAX_LENGTH = 5000
COMMENTS_MAX_LINKS = 2  # more links than this hold a comment for moderation
COMMENTS_MIN_SECONDS = 3  # a form sent sooner after the page loaded is a bot's
COMMENTS_FORM_MAX_AGE = 2 * 60 * 60  # a comment form is good for its reader, once, this long
COMMENTS_EDIT_MINUTES = 15
COMMENTS_REPEAT_SECONDS = 10 * 60  # the same text again by the same commenter here is one comment
COMMENTS_RATE_LIMIT = (5, 60)  # comments per client IP per seconds
COMMENTS_VOTE_RATE_LIMIT = (30, 60)
COMMENTS_REPORT_RATE_LIMIT = (5, 3600)  # reports of comments per client IP per seconds
COMMENT_BLOCKLIST = env_list("COMMENT_BLOCKLIST", "viagra,casino bonus,crypto giveaway")

# Company fact sheets (articles/facts/sheets.py): a verified fact older than its kind's window, in
# days from its as-of date, is flagged "may be out of date" to readers and listed for editors.
# Kinds not named use "default"; None means never.
FACT_FRESHNESS_DAYS = {
    "price": 30,
    "capacity": 365,
    "investment": 365,
    "launch": 180,
    "approval": None,
    "default": None,
}

# "Notify of" subscriptions (articles/subscriptions.py, articles/notifications.py). A digest
# waits NOTIFY_BATCH_SECONDS to gather a thread's new comments into one email; a failed send is
# retried NOTIFY_MAX_ATTEMPTS times, NOTIFY_RETRY_SECONDS apart and doubling. Rate limits are
# (requests, seconds).
NOTIFY_BATCH_SECONDS = int(os.environ.get("NOTIFY_BATCH_SECONDS", "600"))
NOTIFY_MAX_ATTEMPTS = 5
NOTIFY_RETRY_SECONDS = 60
SUBSCRIBE_RATE_PER_IP = (10, 60 * 60)
SUBSCRIBE_RATE_PER_EMAIL = (3, 60 * 60)
SUBSCRIPTION_CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a confirmation link works for a week
SUBSCRIPTION_CONFIRM_RESEND_SECONDS = 60 * 60  # at most one confirmation email per hour

# Editorial workflow. Four-eyes by default: nobody approves their own article; a small newsroom
# can relax that. Failed notification emails are retried this many times, backing off.
WORKFLOW_ALLOW_SELF_APPROVAL = env_bool("WORKFLOW_ALLOW_SELF_APPROVAL")
WORKFLOW_EMAIL_ATTEMPTS = 4

# Security headers, sent by every profile (tests see what production sends). No inline script or
# style anywhere: scripts and styles are files under static/, and JSON-LD is a data block, which
# CSP does not govern, so no nonce is needed (a nonce in a page shared through a cache would be
# the same for every reader, hence worthless). Media may live on another origin (S3).
MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for Bootstrap's inline SVG icons (form controls) in its stylesheet.
        "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cross-site requests get the origin only; a form posting to its own page keeps a real Origin,
# which Django's CSRF check needs (pages with a token in the URL narrow this to same-origin).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# How long an HTTP cache in front (Varnish, a CDN) may keep a reader's page: long, because the
# site purges exactly what a change affects (articles/caching.py); browsers always revalidate.
SHARED_PAGE_SECONDS = int(os.environ.get("SHARED_PAGE_SECONDS", str(60 * 60 * 24)))
# The HTTP caches to ban changed URLs from (deploy/varnish.vcl), e.g. http://127.0.0.1:6081/ —
# one per cache node, comma-separated. Empty: no HTTP cache in front.
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS")
HTTP_CACHE_PURGE_TIMEOUT = float(os.environ.get("HTTP_CACHE_PURGE_TIMEOUT", "1"))

# The Django admin's login: at most ADMIN_LOGIN_RATE[0] attempts per client IP per [1] seconds.
ADMIN_LOGIN_RATE = (10, 15 * 60)

# evnews.csrf.FetchMetadataCsrfMiddleware is Django's CsrfViewMiddleware (a subclass adding the
# browser's Fetch Metadata as proof of origin); the deploy check only recognises the exact class.
SILENCED_SYSTEM_CHECKS = ["security.W003"]
