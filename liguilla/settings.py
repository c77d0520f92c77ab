"""Settings for Liguilla, read from the environment.

DATABASE_URL       default: SQLite file db.sqlite3 in the project folder;
                   postgres://user@host:port/name for PostgreSQL (psycopg 3).
DJANGO_SECRET_KEY  required when DJANGO_DEBUG is off.
DJANGO_DEBUG       "1"/"true" turns debug on. Unset means production: debug must be asked
                   for (`make run` and tests/settings.py do).
DJANGO_ALLOWED_HOSTS  comma-separated host names.
TIME_ZONE          the server's default zone; each tournament shows its own.
REDIS_URL          redis://host:port/db for the shared page cache (local memory otherwise)
                   and the queue of the pages to render again after a write (PAGE_RERENDER).
SITE_URL           the site's public origin (https://liguilla.example) for the absolute
                   links that leave the site: canonical and hreflang links, share cards,
                   calendars and feeds. Unset: the origin each request came to.
RELEASE            this release's name (a git sha): part of every page cache key and
                   validator. Default: computed at startup (liguilla/release.py).

Production behind a TLS-terminating proxy: see "Deploying" in the README for the
DJANGO_SECURE_* variables, CSRF_TRUSTED_ORIGINS and the database timeouts.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .release import current_release

BASE_DIR = Path(__file__).resolve().parent.parent
RELEASE = current_release(BASE_DIR)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    # The queue of pages rendered again after a write (tournaments/rerender.py).
    "django_rq",
    "tournaments",
    # Who changed a result and when, revertible (history pages in the admin).
    "simple_history",
    # Locks out repeated failed admin logins.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every response, static files and
    # cached pages included (liguilla/security_headers.py).
    "liguilla.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed once when a page is cached (tournaments/cache/); this compresses
    # the rest (admin, JSON, uncached pages). Static files are compressed by WhiteNoise.
    "django.middleware.gzip.GZipMiddleware",
    # Warm public pages are answered here, before the session, locale, CSRF and auth work
    # below (tournaments/cache/).
    "tournaments.cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Public pages take their language from the URL only (i18n_patterns), the admin from
    # the browser: see liguilla/middleware.py.
    "liguilla.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records the request's user on each history entry; axes must come last so it sees
    # the outcome of authentication.
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liguilla.urls"
# The public origin of absolute links (canonical, share cards, calendars, feeds). Pages are
# cached by path alone, so with it set no request's Host header ends up in a cached page.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The hot public pages and their partials (liguilla/jinja2.py says why).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "liguilla.jinja2.environment"},
    },
]

WSGI_APPLICATION = "liguilla.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections, checked before reuse: a connection the database (or a
        # restart, or a proxy) killed is replaced instead of failing one request per worker.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable or hung database must cost a bounded time (then a 503 page, see
    # liguilla/views.py), never a worker stuck for minutes: connect_timeout bounds the
    # connection, statement_timeout any query, tcp_user_timeout a connection whose packets
    # go unanswered (a host that vanished mid-query).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
        options="-c statement_timeout={}".format(
            int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
        ),
        keepalives=1,
        keepalives_idle=10,
        keepalives_interval=5,
        keepalives_count=3,
        tcp_user_timeout=int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000")) + 2000,
    )
    # Parameters bound by the server, so psycopg prepares a query run more than five times
    # on a connection (connections persist: CONN_MAX_AGE): PostgreSQL then plans it once,
    # not on every page. A tournament page's queries took longer to plan than to run (its
    # tournament query: 1.3 ms planning, 0.35 ms running); the pages a club's rename
    # touches spent 38 % less time in the database (docs/performance.md). Off
    # (DATABASE_PREPARED_STATEMENTS=0) behind a pooler in transaction mode (PgBouncer
    # without max_prepared_statements), where a connection's prepared statements are lost.
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "1":
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)

# The page cache (tournaments/cache/). Redis when REDIS_URL is set, shared by every app
# server; otherwise each process keeps its own in local memory. Either way pages are keyed
# by the data version stored in the database, so a save is seen by every server on the
# next request and a cache can never serve a stale page. django-redis rather than Django's
# own RedisCache for IGNORE_EXCEPTIONS: with Redis down or hung (socket timeouts below) a
# cache read is a miss and a write is skipped, so pages are served uncached, not as 500s.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(24 * 3600)))
# How long Redis's copy of the data version is trusted before it is read again from the
# database (tournaments/cache/, RedisStore): bounds the lag if Redis missed a publish.
PAGE_VERSION_TTL = int(os.environ.get("PAGE_VERSION_TTL", "5"))
# Redis hung or down: after one failed try it is left alone this many seconds (pages come
# from the database, uncached; /healthz says "degraded"), one log line each time.
PAGE_CACHE_REDIS_COOLDOWN = int(os.environ.get("PAGE_CACHE_REDIS_COOLDOWN", "10"))
# Path prefixes that are never public pages, so PageCacheMiddleware does not look them up.
PAGE_CACHE_SKIPPED_PATHS = ("/admin/", "/static/", "/healthz")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "liguilla")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": PAGE_CACHE_TIMEOUT,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                # Redis answers in well under a millisecond on the same network: a
                # quarter of a second is a fault, and the circuit breaker
                # (tournaments/cache/) then leaves it alone for a cool-down.
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # The page cache logs one line per cool-down itself (a traceback per request would
    # flood the log while Redis is down).
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "liguilla-pages",
            "TIMEOUT": PAGE_CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# The pages a write touched, rendered again in the background right after its commit by an
# RQ worker (tournaments/rerender.py; `make serve` starts one, `manage.py
# rerender_worker`), so no visitor waits on them. Only with Redis; without a worker running
# the next request renders them, as without this. The queue is named after the key prefix
# (several sites on one Redis each have their own). A job waits at most
# PAGE_RERENDER_JOB_TTL seconds for a worker.
PAGE_RERENDER = env_bool("PAGE_RERENDER", default=True)
PAGE_RERENDER_QUEUE = f"{CACHE_KEY_PREFIX}-pages"
PAGE_RERENDER_JOB_TTL = int(os.environ.get("PAGE_RERENDER_JOB_TTL", "300"))
# A write touching at most PAGE_PREPARE_MAX_PAGES cached pages waits, at most
# PAGE_PREPARE_WAIT seconds, for the worker to render them before its versions are
# published (tournaments/rerender.py, `prepare`): no visitor then renders them cold.
PAGE_PREPARE_MAX_PAGES = int(os.environ.get("PAGE_PREPARE_MAX_PAGES", "40"))
PAGE_PREPARE_WAIT = float(os.environ.get("PAGE_PREPARE_WAIT", "0.5"))
RQ_QUEUES = (
    {PAGE_RERENDER_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": PAGE_RERENDER_JOB_TTL}}
    if REDIS_URL
    else {}
)
RQ_SHOW_ADMIN_LINK = False  # no queue dashboard in the staff's admin

# What a page tells browsers and a CDN in front (tournaments/cache/). Browsers keep a
# page PAGE_MAX_AGE seconds, then revalidate (a 304 costs one query here); a shared cache
# keeps it PAGE_S_MAXAGE seconds and may serve it PAGE_STALE_WHILE_REVALIDATE seconds more
# while it fetches the new one in the background. Short on purpose: the night of a final
# a new score must reach fans within seconds, and a CDN collapses thousands of refreshes
# into at most one request per page every PAGE_S_MAXAGE seconds.
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "5"))
PAGE_S_MAXAGE = int(os.environ.get("PAGE_S_MAXAGE", "5"))
PAGE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_STALE_WHILE_REVALIDATE", "30"))
# While a page shows a leg being played, its script (static/js/live.js) revalidates it
# every LIVE_REFRESH_SECONDS: a 304 (one version read) until something changes.
LIVE_REFRESH_SECONDS = int(os.environ.get("LIVE_REFRESH_SECONDS", "30"))
# A page showing a leg still to come is checked from LIVE_SOON_HOURS before its kick-off,
# every LIVE_SOON_REFRESH_SECONDS until kick-off, then as a live page until LIVE_MATCH_HOURS
# after it (tournaments/refresh.py): a fan who opened it early sees the leg go live.
LIVE_SOON_HOURS = int(os.environ.get("LIVE_SOON_HOURS", "3"))
LIVE_SOON_REFRESH_SECONDS = int(os.environ.get("LIVE_SOON_REFRESH_SECONDS", "60"))
LIVE_MATCH_HOURS = int(os.environ.get("LIVE_MATCH_HOURS", "3"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Spanish first for the Mexican public, English second. Public
# pages: Spanish at unprefixed URLs, English under /en/ (liguilla/urls.py).
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The site's own date formats where Django's differ from how each language writes them
# (liguilla/formats/: "10 ene" in Spanish, months in lower case).
FORMAT_MODULE_PATH = ["liguilla.formats"]
USE_I18N = True
# Kickoffs are stored in UTC and shown in each tournament's own time zone.
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Mexico_City")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files every browser and feed reader asks for at the site's root (/favicon.ico: favicon.svg
# drawn at 16, 32 and 48 px), served by WhiteNoise before any view.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names and far-future caching; with DEBUG on, templates link the plain names.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --------------------------------------------------------------------------------------
# Production security (what `manage.py check --deploy` asks for), on unless debug is on,
# each one settable from the environment for a TLS-terminating reverse proxy.
# --------------------------------------------------------------------------------------
# The proxy's header saying the client used HTTPS, e.g. "HTTP_X_FORWARDED_PROTO=https";
# set it only when a proxy that overwrites that header is in front.
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    _name, _, _value = _proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = (_name.strip(), (_value or "https").strip())
USE_X_FORWARDED_HOST = env_bool("DJANGO_USE_X_FORWARDED_HOST", default=False)
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# The Content-Security-Policy of every response (liguilla/security_headers.py; what each
# directive allows and why: docs/security.md). Scripts only as files from the site
# itself, no inline script; a view that needs another policy says so with
# `csp_override`. Same name and shape as Django 6.0's setting.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Layout written in style attributes: the bracket's column widths (one per round,
    # computed per tournament) and the admin's own screens. Attributes only: no <style>
    # element, no style sheet from elsewhere, and images only from the site.
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'none'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "worker-src": ["'none'"],
    "manifest-src": ["'self'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Where browsers report what the policy blocked (CSP_REPORT_URI; unset: no reports).
SECURE_CSP_REPORT_URI = os.environ.get("CSP_REPORT_URI", "")
# Browser features no page of the site uses, refused to the page and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --------------------------------------------------------------------------------------
# Admin for league staff: change history and login throttling
# --------------------------------------------------------------------------------------
# django-simple-history records who changed a leg, goal, booking, tie or entry, and when.
SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
SIMPLE_HISTORY_REVERT_DISABLED = False

# django-axes: repeated failed logins lock that account *from that address* (a stranger
# who knows a staff username cannot lock the real person out), and an address that fails
# against many accounts is locked for every account; docs/security.md. Environment:
#   AXES_ENABLED              "0" turns throttling off (default on)
#   AXES_FAILURE_LIMIT        failures of one account from one address before it is
#                             locked (default 5)
#   AXES_ADDRESS_FAILURE_LIMIT failures from one address, whatever the accounts, before the
#                             address is locked (default 20)
#   AXES_COOLOFF_MINUTES      how long a lockout lasts, counted from the last failure that
#                             counted: attempts while locked (even with the right password)
#                             do not extend it (default 15)
#   AXES_LOCKOUT_PARAMETERS   what is counted, comma-separated; "+" joins parameters into
#                             one lock (default "username+ip_address,ip_address")
#   AXES_IPWARE_PROXY_COUNT   reverse proxies in front of the site, each appending the
#                             address it was reached from to X-Forwarded-For (default 0:
#                             the connecting address is the client's). Behind a proxy it
#                             must be set, or every visitor shares the proxy's address
#                             and one stranger locks every account (README "Deploying").
AUTHENTICATION_BACKENDS = [
    "liguilla.auth.RequestAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "liguilla.auth.AddressAwareAxesHandler"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [
    part.split("+") if "+" in part else part
    for part in (
        p.strip()
        for p in os.environ.get("AXES_LOCKOUT_PARAMETERS", "username+ip_address,ip_address").split(
            ","
        )
    )
    if part
]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0"))
# The address a login is counted against: only the X-Forwarded-For entries the proxies
# wrote, parsed by django-ipware; never what the client wrote (liguilla/auth.py).
AXES_CLIENT_IP_CALLABLE = "liguilla.auth.client_address"
AXES_USERNAME_CALLABLE = "liguilla.auth.client_username"
# --------------------------------------------------------------------------------------

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
