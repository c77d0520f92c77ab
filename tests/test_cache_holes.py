"""The page cache's holes, each closed: a restore, a deploy, a flood of made-up page
numbers, a 304 for a path that is no page, a foreign Host, a hung or stopped Redis."""

import logging
import socket
import threading

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tournaments import cache as page_cache
from tournaments.models import Team

from .builders import leg_between
from .test_views import KW, text

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"tournaments:{name}", kwargs=kwargs)


def page_keys():
    from django.core.cache import cache

    return [key for key in cache._cache if ":page:" in key]


# -- deploy ---------------------------------------------------------------------------------


def test_a_deploy_never_serves_or_validates_the_html_of_the_release_before(
    client, apertura_2011, monkeypatch
):
    """The release is part of every key and validator: after a deploy the page is
    rendered by the new code (its HTML names the new hashed static files), and a copy
    made under the old release is not answered 304."""
    from tournaments.views import BracketView

    old = client.get(url("bracket", **KW))
    rendered = []
    get = BracketView.get
    monkeypatch.setattr(BracketView, "get", lambda *a, **k: rendered.append(1) or get(*a, **k))
    with override_settings(RELEASE="next-release"):
        new = client.get(url("bracket", **KW), HTTP_IF_NONE_MATCH=old["ETag"])
    assert new.status_code == 200 and rendered == [1]
    assert new["ETag"] != old["ETag"]


def test_the_release_has_a_default_computed_at_startup(monkeypatch, tmp_path):
    from django.conf import settings

    from liguilla.release import current_release

    assert settings.RELEASE
    monkeypatch.setenv("RELEASE", "v2026.12.04")
    assert current_release(tmp_path) == "v2026.12.04"
    monkeypatch.delenv("RELEASE")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text("one")
    first = current_release(tmp_path)  # no checkout: a digest of the code
    (tmp_path / "templates" / "base.html").write_text("two")
    assert current_release(tmp_path) != first


# -- flood ----------------------------------------------------------------------------------


def test_made_up_page_and_sort_values_are_not_found_and_never_kept(client, apertura_2011):
    scorers = url("tournament_scorers", **KW)
    for n in range(2, 40):
        assert client.get(f"{scorers}?page={n}").status_code == 404
    for junk in ("nonsense", "player_name,goals", "-rank%00", "goals&sort=goals"):
        assert client.get(f"{scorers}?sort={junk}").status_code == 404, junk
    client.get(f"{url('bracket', **KW)}?page=2")  # no table: not kept
    assert not page_keys()
    assert client.get(f"{scorers}?page=1").status_code == 200
    assert client.get(f"{scorers}?sort=-goals").status_code == 200
    assert len(page_keys()) == 2


# -- 304 only for a page --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/no-such-page/", "/en/teams/nobody/", "/en", "/en/search/"])
def test_a_path_that_is_no_page_is_never_answered_304(client, apertura_2011, path):
    etag = client.get(url("bracket", **KW))["ETag"]
    response = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code != 304
    assert response.status_code in {200, 301, 302, 404}


def test_a_host_not_allowed_is_refused_even_for_a_warm_page(client, apertura_2011):
    page = url("bracket", **KW)
    warm = client.get(page)
    assert client.get(page).content == warm.content
    refused = client.get(page, HTTP_HOST="evil.example")
    assert refused.status_code == 400
    refused = client.get(page, HTTP_HOST="evil.example", HTTP_IF_NONE_MATCH=warm["ETag"])
    assert refused.status_code == 400


# -- restore --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("step", [-1, 1], ids=["lower epoch", "higher epoch"])
def test_a_page_of_another_epoch_is_never_taken_for_one_the_worker_prepared(
    client, monkeypatch, step
):
    """A restore's epoch is random: lower than the one before as often as higher. A page
    stored under the old epoch is never served after it, even where every other version
    it names is still the same (Versions.behind compares the epoch for equality)."""
    from tournaments.models import ScopeVersion, version

    from .apertura_2011 import build_apertura_2011

    build_apertura_2011()
    page = url("bracket", **KW)
    before = client.get(page)["ETag"]
    epoch = ScopeVersion.read([version.EPOCH])[version.EPOCH][0]
    monkeypatch.setattr(version.secrets, "randbits", lambda bits: epoch + step)
    page_cache.everything_changed()
    after = client.get(page, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_no_page_of_the_replaced_timeline_comes_back(client, tmp_path):
    """A club vandalised after the backup, the backup restored, then one ordinary write:
    the restored rows bring back old version numbers, but not the vandalised pages."""
    from io import StringIO

    from django.core.management import call_command

    from .apertura_2011 import build_apertura_2011

    tournament = build_apertura_2011()
    backup = tmp_path / "site.backup"
    call_command("backup", str(backup), stdout=StringIO())
    team = Team.objects.get(name="León")
    pages = [url("bracket", **KW), team.get_absolute_url(), url("tournament", **KW)]
    for page in pages:
        client.get(page)
    before = {page: client.get(page)["ETag"] for page in pages}
    team.name = "VANDALIZED FC"
    team.save()
    vandalised = {page: client.get(page) for page in pages}
    for page, response in vandalised.items():
        assert "VANDALIZED FC" in text(response), page

    call_command("restore", str(backup), "--noinput", stdout=StringIO())
    leg_between(tournament, "Irapuato", "León").record_result(0, 1)  # an ordinary write
    for page in pages:
        response = client.get(page, HTTP_IF_NONE_MATCH=vandalised[page]["ETag"])
        assert response.status_code == 200, page
        assert "VANDALIZED FC" not in text(response), page
        assert response["ETag"] not in {vandalised[page]["ETag"], before[page]}, page


# -- Redis hung or down ---------------------------------------------------------------------


class HungRedis:
    """A server that accepts connections and never answers (Redis under kill -STOP),
    counting the connections made to it."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def redis_at(location):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "hole",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }


@pytest.fixture
def hung_redis():
    server = HungRedis()
    yield server
    server.close()


def test_a_hung_redis_is_tried_once_then_left_alone_for_a_cool_down(
    client, apertura_2011, hung_redis, caplog
):
    page = url("bracket", **KW)
    with (
        override_settings(CACHES=redis_at(f"redis://127.0.0.1:{hung_redis.port}/0")),
        caplog.at_level(logging.WARNING, logger="tournaments.cache.store"),
    ):
        page_cache.store._stores.clear()
        responses = [client.get(page) for _ in range(6)]
        health = client.get("/healthz")
        page_cache.store._stores.clear()
    assert [r.status_code for r in responses] == [200] * 6
    assert "León (advanced)" in text(responses[-1])
    assert len(hung_redis.accepted) == 1  # one try; the rest skipped it
    warnings = [r for r in caplog.records if r.name == "tournaments.cache.store"]
    assert len(warnings) == 1 and "Redis unreachable" in warnings[0].getMessage()
    assert health.status_code == 200 and health.content == b"degraded: page cache unavailable\n"


def test_a_stopped_redis_logs_one_line_per_cool_down_not_per_request(
    client, apertura_2011, caplog, monkeypatch
):
    page = url("bracket", **KW)
    clock = [1000.0]
    monkeypatch.setattr(page_cache.store.time, "monotonic", lambda: clock[0])
    with (
        override_settings(CACHES=redis_at("redis://127.0.0.1:1/0"), PAGE_CACHE_REDIS_COOLDOWN=10),
        caplog.at_level(logging.INFO),
    ):
        page_cache.store._stores.clear()
        for _ in range(5):
            assert client.get(page).status_code == 200
        leg_between(apertura_2011, "Irapuato", "León").record_result(0, 2)
        assert "León (advanced) 2 2 4" in text(client.get(page))
        clock[0] += 11  # the cool-down over: tried again, once
        for _ in range(5):
            assert client.get(page).status_code == 200
        page_cache.store._stores.clear()
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 2, [r.getMessage() for r in lines]
    assert not any(r.exc_info for r in caplog.records)  # no traceback


def test_healthz_says_ok_with_the_cache_reachable(client):
    assert client.get("/healthz").content == b"ok\n"
