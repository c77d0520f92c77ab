"""Settings come from the environment, and production refuses to start insecurely."""

import os
import subprocess
import sys
from pathlib import Path

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
    result = load_settings()
    assert result.stdout.split()[:3] == ["django.db.backends.sqlite3", "True", "True"]


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/liguilla")
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


def test_a_secret_key_is_required_when_debug_is_off():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    ok = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="a.b,c.d")
    assert ok.stdout.split() == ["django.db.backends.sqlite3", "False", "True", "a.b,c.d"]
