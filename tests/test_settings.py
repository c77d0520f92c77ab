"""Settings come from the environment, and production refuses to start insecurely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.DATABASES['default']['ENGINE'], settings.DEBUG, settings.USE_TZ,"
        " ','.join(settings.ALLOWED_HOSTS))"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "liguilla.settings", **env},
        capture_output=True,
        text=True,
    )


def test_sqlite_is_the_default_and_time_zones_are_on():
    result = load_settings(DJANGO_DEBUG="1")
    assert result.stdout.split()[:3] == ["django.db.backends.sqlite3", "True", "True"]


def test_database_url_selects_postgresql():
    result = load_settings(
        DJANGO_DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/liguilla"
    )
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_production_is_the_default_debug_must_be_asked_for():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    ok = load_settings(DJANGO_SECRET_KEY="x" * 50)
    assert ok.stdout.split()[1] == "False"


def test_a_secret_key_is_required_when_debug_is_off():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    ok = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.b,c.d")
    assert ok.stdout.split() == ["django.db.backends.sqlite3", "False", "True", "a.b,c.d"]


# The environment of README "Deploying" (a TLS-terminating proxy in front).
PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8" * 4,
    "DJANGO_ALLOWED_HOSTS": "liguilla.example",
    "CSRF_TRUSTED_ORIGINS": "https://liguilla.example",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
    "AXES_IPWARE_PROXY_COUNT": "1",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/liguilla",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def deploy_check(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    base.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "liguilla.settings", **env},
        capture_output=True,
        text=True,
    )


def test_the_readme_production_environment_passes_check_deploy():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "warning"),
    [
        ("DJANGO_SECURE_SSL_REDIRECT", "security.W008"),
        ("DJANGO_SESSION_COOKIE_SECURE", "security.W012"),
        ("DJANGO_CSRF_COOKIE_SECURE", "security.W016"),
        ("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
    ],
)
def test_each_security_setting_can_be_turned_off_from_the_environment(variable, warning):
    """For a deployment that must (say, a site not yet on HTTPS): check --deploy says so."""
    result = deploy_check(**PRODUCTION, **{variable: "0"})
    assert result.returncode != 0 and warning in result.stderr


def test_behind_a_proxy_check_deploy_asks_how_many_proxies():
    """Issue 23: with the proxy's HTTPS header set but no proxy counted, every visitor has
    the proxy's address, and a stranger's failed logins lock staff out."""
    result = deploy_check(**{**PRODUCTION, "AXES_IPWARE_PROXY_COUNT": "0"})
    assert result.returncode != 0 and "liguilla.W001" in result.stderr


def test_proxy_header_and_timeouts_come_from_the_environment():
    code = (
        "import django; from django.conf import settings; django.setup();"
        "o = settings.DATABASES['default']['OPTIONS'];"
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.CSRF_TRUSTED_ORIGINS,"
        " settings.SECURE_HSTS_SECONDS, o['connect_timeout'], o['options'],"
        " settings.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        " settings.CACHES['default']['BACKEND'])"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env = {
        **base,
        **PRODUCTION,
        "DJANGO_SETTINGS_MODULE": "liguilla.settings",
        "DJANGO_SECURE_HSTS_SECONDS": "600",
        "DATABASE_CONNECT_TIMEOUT": "4",
        "DATABASE_STATEMENT_TIMEOUT_MS": "3000",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "['https://liguilla.example']",
        "600",
        "4",
        "-c",
        "statement_timeout=3000",
        "True",
        "django_redis.cache.RedisCache",
    ], result.stderr


@pytest.mark.parametrize("command", [["check"], ["migrate", "--check"], ["import_season", "x"]])
def test_a_missing_production_setting_is_one_line_for_every_command(command):
    """Production is the default: without DJANGO_DEBUG or a secret key, any command says
    what is missing in one line (Django's command line would otherwise set the settings
    error aside and fail later with an AppRegistryNotReady traceback)."""
    bare = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=bare, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. For development, run with "
        "DJANGO_DEBUG=1 (the Makefile targets do)."
    ]


@pytest.mark.parametrize("command", [["makemigrations", "--check", "--dry-run"]])
def test_the_commands_that_only_read_the_code_need_no_secret(command):
    """makemigrations, makemessages and compilemessages serve nothing and sign nothing:
    they run the same without DJANGO_DEBUG or a secret key (manage.py OFFLINE_COMMANDS)."""
    bare = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=bare, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected"), result.stderr
