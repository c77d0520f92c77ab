"""Scale-out: two gunicorn instances (the production settings, behind a pretend TLS proxy)
sharing one PostgreSQL database and one Redis. A score saved through the admin of one is
on the bracket served by the other on the very next request, though both had it cached.

PostgreSQL only (the servers are separate processes: they need the test database to be
a real server). Redis is used when it answers; without it each instance caches in its own
memory, and the next-request guarantee must hold all the same (the version is in the
database), so the test runs either way and says which in its report line."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tournaments.models import Leg

from .admin_fixtures import ensure_league_staff_group, make_staff_user
from .apertura_2011 import build_apertura_2011
from .http_staff import HttpBrowser

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("LIGUILLA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
BRACKET = "/en/liga-de-ascenso/2011-12/apertura-2011/bracket/"

pytestmark = [
    pytest.mark.postgres_only(
        "the app servers are other processes: they need a real PostgreSQL server"
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping()
    except Exception:
        return False


def collected_static():
    """The production storage needs collectstatic's manifest (`make test` runs it)."""
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**os.environ, "DJANGO_DEBUG": "1"},
            check=True,
        )


@contextlib.contextmanager
def app_server(env):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "liguilla.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--forwarded-allow-ips", "127.0.0.1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        probe = HttpBrowser(base, proxy_https=True, timeout=2)
        for _ in range(150):  # up to ~30 s on a busy machine
            with contextlib.suppress(OSError):
                if probe.get("/healthz")[0] == 200:
                    break
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode()[-2000:])
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def bracket_text(browser):
    status, headers, html = browser.get(BRACKET)
    assert status == 200, status
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()), headers


def test_a_save_through_one_server_is_on_the_other_at_the_next_request():
    tournament = build_apertura_2011()
    ensure_league_staff_group()
    make_staff_user("marisol", "gol-de-oro-2011")
    leg = Leg.objects.get(
        tie__round__tournament=tournament, home__name="León", away__name="Irapuato"
    )
    collected_static()
    prefix = f"scale-out-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))},
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "DJANGO_SECRET_KEY": "scale-out-test-" + uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO=https",
        "CACHE_KEY_PREFIX": prefix,
        "AXES_ENABLED": "0",
    }
    shared_redis = redis_answers()
    if shared_redis:
        env["REDIS_URL"] = REDIS_URL
    try:
        with app_server(env) as first, app_server(env) as second:
            fan_one = HttpBrowser(first, proxy_https=True)
            fan_two = HttpBrowser(second, proxy_https=True)
            before_one, _ = bracket_text(fan_one)
            before_two, headers = bracket_text(fan_two)  # both now cached
            assert "León (advanced) 1 2 3" in before_one and before_one == before_two
            assert not fan_one.cookies and not fan_two.cookies  # no per-visitor state

            staff = HttpBrowser(first, proxy_https=True)
            staff.login("marisol", "gol-de-oro-2011")
            assert staff.save_leg_score(leg.pk, 4, 0) == 302

            after_two, new_headers = bracket_text(fan_two)
            assert "León (advanced) 1 4 5" in after_two
            assert new_headers["etag"] != headers["etag"]
            status, _, _ = fan_two.get(BRACKET, **{"If-None-Match": headers["etag"]})
            assert status == 200
            assert "León (advanced) 1 4 5" in bracket_text(fan_one)[0]
    finally:
        if shared_redis:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
    print(f"shared cache: {'Redis ' + REDIS_URL if shared_redis else 'none (local memory)'}")
