"""Settings for Liguilla, read from the environment.

DATABASE_URL       default: SQLite file db.sqlite3 in the project folder;
                   postgres://user@host:port/name for PostgreSQL (psycopg 3).
DJANGO_SECRET_KEY  required when DJANGO_DEBUG is off.
DJANGO_DEBUG       "1"/"true" turns debug on (default on for local work).
DJANGO_ALLOWED_HOSTS  comma-separated host names.
TIME_ZONE          the server's default zone; each tournament shows its own.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", default=True)
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
    "tournaments",
    # -- admin for league staff (issue 5) --
    "simple_history",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # -- admin for league staff (issue 5): who made a change; login throttling (keep last) --
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liguilla.urls"

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
]

WSGI_APPLICATION = "liguilla.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Spanish first for the Mexican public, English second.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Kickoffs are stored in UTC and shown in each tournament's own time zone.
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Mexico_City")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --------------------------------------------------------------------------------------
# Admin for league staff (issue 5): change history and login throttling
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
#   AXES_IPWARE_PROXY_COUNT   reverse proxies in front of the site (default 0: use the
#                             connecting address; set it behind a proxy, or every visitor
#                             shares the proxy's address)
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
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None
# Without a proxy, trust only the connecting address: a client can forge X-Forwarded-For.
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
# --------------------------------------------------------------------------------------

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
