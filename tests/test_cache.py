"""The page cache is never stale: every write path raises the versions of what it changed,
a warm page or a revalidation costs one query, public pages carry no per-visitor state,
and the cache's holes are closed (restore, deploy, flood, 304s, hosts, Redis faults)."""

import gzip
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tournaments import cache as page_cache
from tournaments.models import Goal, ScopeVersion, Tie, titles
from tournaments.models.version import ANY

from .admin_fixtures import form_data
from .apertura_2011 import build_apertura_2011
from .builders import leg_between
from .factories import SeasonFactory
from .test_rules import won_by
from .test_views import KW, text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]

CLAUSURA = Path(__file__).parent / "importers" / "clausura_2012.txt"
ARTICLE = Path(__file__).parent.parent / "data" / "2011-apertura-liguilla.txt"


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"tournaments:{name}", kwargs=kwargs)


def bracket_url():
    return url("bracket", **KW)


# -- conditional GET, headers, compression ------------------------------------------------


@pytest.fixture
def frozen_clock(monkeypatch):
    """time.time() stopped at one second: every save and every request of the test then
    happens within the same second of the server's clock."""
    import time

    now = [float(int(time.time()))]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def test_a_warm_page_costs_one_query_and_a_revalidation_is_a_304(
    client, apertura_2011, django_assert_num_queries, frozen_clock
):
    frozen_clock[0] += 2  # the data unchanged for 2 s: Last-Modified is sent
    first = client.get(bracket_url())
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the versions of what the page shows
        warm = client.get(bracket_url())
    assert warm.content == first.content
    etag, last_modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(1):
        not_modified = client.get(bracket_url(), HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert client.get(bracket_url(), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_revalidation_follows_every_precondition_of_rfc_9110(client, apertura_2011):
    """A copy's one ETag is answered at once (middleware.conditional_response); a list of
    them, or other preconditions beside it, are read as Django reads them."""
    etag = client.get(bracket_url())["ETag"]
    listed = client.get(bracket_url(), HTTP_IF_NONE_MATCH=f'W/"old", {etag}')
    assert listed.status_code == 304
    failed = client.get(bracket_url(), HTTP_IF_NONE_MATCH=etag, HTTP_IF_MATCH='"another"')
    assert failed.status_code == 412
    modified = client.get(
        bracket_url(),
        HTTP_IF_NONE_MATCH=etag,
        HTTP_IF_UNMODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT",
    )
    assert modified.status_code == 412


def test_a_save_changes_the_etag_and_last_modified(client, apertura_2011, frozen_clock):
    frozen_clock[0] += 2
    before = client.get(bracket_url())
    leg_between(apertura_2011, "Irapuato", "León").record_result(0, 2)
    assert "Last-Modified" not in client.get(bracket_url())  # changed this very second
    frozen_clock[0] += 2
    after = client.get(bracket_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] != before["Last-Modified"]
    stale = client.get(bracket_url(), HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert stale.status_code == 200


def test_public_pages_carry_no_per_visitor_state(client, apertura_2011):
    for name in ("home", "bracket", "results", "tournament_scorers"):
        kwargs = {} if name == "home" else KW
        response = client.get(url(name, **kwargs), HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert not response.cookies, name
        assert response["Vary"] == "Accept-Encoding", name
        assert response["Cache-Control"] == (
            "public, max-age=5, s-maxage=5, stale-while-revalidate=30"
        )
        assert response["Content-Language"] == "en"
        assert b"csrfmiddlewaretoken" not in gzip.decompress(response.content)


def test_a_warm_page_is_answered_before_the_view_and_the_inner_middleware_run(
    client, apertura_2011, monkeypatch
):
    """The page cache answers from the top of the middleware stack: no URL resolving,
    session, locale, CSRF, auth or view work for a page already rendered."""
    from tournaments.views import BracketView

    first = client.get(bracket_url(), HTTP_ACCEPT_ENCODING="gzip")

    def broken(*args, **kwargs):
        raise AssertionError("the view ran for a warm page")

    monkeypatch.setattr(BracketView, "get", broken)
    monkeypatch.setattr("django.urls.resolvers.URLResolver.resolve", broken)
    warm = client.get(bracket_url(), HTTP_ACCEPT_ENCODING="gzip")
    assert warm.status_code == 200
    assert warm.content == first.content
    same = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary", "ETag")
    assert {h: warm.get(h) for h in same} == {h: first.get(h) for h in same}
    assert warm["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware, outside


def test_html_is_sent_gzipped_to_clients_that_accept_it(client, apertura_2011):
    plain = client.get(bracket_url())
    zipped = client.get(bracket_url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 3


def test_only_sorting_and_paging_queries_are_cached(client, apertura_2011):
    scorers = url("tournament_scorers", **KW)
    client.get(scorers + "?sort=player_name")
    client.get(scorers + "?utm_source=spam")

    assert len(page_keys()) == 1
    plain = client.get(scorers + "?sort=player_name")
    assert client.get(scorers + "?sort=player_name").content == plain.content
    assert len(page_keys()) == 1


def page_keys():
    """The pages kept in local memory (the cache holds computed values besides)."""
    return [key for key in cache._cache if ":page:" in key]


def test_a_page_that_fails_is_not_kept(client, apertura_2011):

    assert client.get(url("bracket", **{**KW, "tournament": "no-such"})).status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    assert not page_keys()


# -- every write path bumps the version ---------------------------------------------------


def test_admin_leg_save_is_on_the_next_request(client, staff_client, apertura_2011):
    assert "León (advanced) 1 2 3" in text(client.get(bracket_url()))
    leg = leg_between(apertura_2011, "León", "Irapuato")  # 1–0 in the second leg
    admin_url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    data = form_data(staff_client.get(admin_url), "leg_form")
    data.update(home_score="4")
    goals = data["goals-TOTAL_FORMS"]
    assert staff_client.post(admin_url, data).status_code == 302, goals
    assert "León (advanced) 1 4 5" in text(client.get(bracket_url()))


def test_admin_goal_delete_is_on_the_next_request(client, staff_client, apertura_2011):
    goal = Goal.objects.select_related("leg").get(player__name="Diego Menghi", minute=88)
    page = goal.leg.get_absolute_url()
    assert "Diego Menghi" in text(client.get(page))
    delete_url = reverse("admin:tournaments_goal_delete", args=[goal.pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert "Diego Menghi" not in text(client.get(page))


def test_a_save_from_the_shell_and_a_history_revert_are_on_the_next_request(
    client, staff_client, apertura_2011
):
    leg = leg_between(apertura_2011, "Irapuato", "León")  # 0–1
    original = leg.history.latest()
    leg.away_score = 2
    leg.save()
    assert "León (advanced) 2 2 4" in text(client.get(bracket_url()))
    revert_url = reverse("admin:tournaments_leg_simple_history", args=[leg.pk, original.pk])
    data = form_data(staff_client.get(revert_url), "historicalleg_form")
    assert staff_client.post(revert_url, data).status_code == 302
    assert "León (advanced) 1 2 3" in text(client.get(bracket_url()))


def test_next_round_creation_is_on_the_next_request(client, staff_client):
    tournament = build_apertura_2011(through="quarter-finals")
    assert "La Piedad v León" not in text(client.get(bracket_url()))
    next_round = reverse("admin:tournaments_tournament_next_round", args=[tournament.pk])
    staff_client.post(next_round, {"round": "2"})
    assert Tie.objects.filter(round__tournament=tournament, round__number=2).count() == 2
    page = text(client.get(bracket_url()))
    assert re.search(r"La Piedad .*León", page.split("Semi-finals", 1)[1])


def test_import_is_on_the_next_request(client):
    call_command("import_season", str(ARTICLE), stdout=StringIO(), stderr=StringIO())
    competition = url("competition", competition="liga-de-ascenso")
    assert "Clausura 2012" not in text(client.get(competition))
    call_command("import_season", str(CLAUSURA), stdout=StringIO(), stderr=StringIO())
    assert "Clausura 2012" in text(client.get(competition))


def test_a_new_final_changes_the_title_count_on_the_next_request(client):
    """The title count is kept under the data version (models/titles.py): computed once
    per write for every page that shows it, and a new final is counted at once."""
    season = SeasonFactory(start_year=2009)
    won_by("Correcaminos", season, "Apertura 2009", 1)
    competition = url("competition", competition=season.competition.slug)
    assert "Correcaminos 1 " in text(client.get(competition))
    counted_under, _names, _rows = cache.get(titles.CACHE_KEY)
    assert counted_under[-1] == ScopeVersion.read([ANY])[ANY][0]

    second = won_by("Correcaminos", season, "Clausura 2010", 2)
    assert "Correcaminos 2 " in text(client.get(competition))
    overview = client.get(second.get_absolute_url())
    assert "2nd title in this site’s records" in text(overview)
    home = client.get(url("home"))
    assert "2nd title in this site’s records" in text(home)


def test_a_bulk_update_in_the_importer_bumps_the_version(apertura_2011):
    """The importer's load step moves table positions with QuerySet.update(), which sends
    no signal: it bumps the version itself, wherever it does so."""
    importers = Path(__file__).parent.parent / "tournaments" / "importers"
    writers = [p for p in importers.glob("*.py") if "from ..models import" in p.read_text()]
    source = "".join(p.read_text() for p in writers)
    updates = source.count(".objects.filter(pk=entry.pk).update(")
    assert updates >= 1
    assert source.count(").update(") == source.count("data_changed(entry)  # update() sends no")


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_raises_nothing_and_a_transaction_raises_once():
    """On real transactions: the versions are raised after the commit, once however
    many rows it wrote, and not at all for a rolled-back transaction or savepoint."""
    tournament = build_apertura_2011()
    scope = page_cache.tournament_scope(tournament.pk)
    before = ScopeVersion.read([scope, ANY])
    with pytest.raises(RuntimeError), transaction.atomic():
        leg_between(tournament, "Irapuato", "León").record_result(5, 5)
        raise RuntimeError("staff pressed cancel")
    assert ScopeVersion.read([scope, ANY]) == before
    with transaction.atomic():
        for goal in Goal.objects.all()[:5]:
            goal.save()
        assert ScopeVersion.read([scope, ANY]) == before  # not before the commit
    after = ScopeVersion.read([scope, ANY])
    assert after[scope][0] == before[scope][0] + 1 and after[ANY][0] == before[ANY][0] + 1
    with transaction.atomic():
        Goal.objects.first().save()
        with pytest.raises(RuntimeError), transaction.atomic():
            Goal.objects.last().save()
            raise RuntimeError("one inline refused")
    assert ScopeVersion.read([scope])[scope][0] == after[scope][0] + 1


# -- faults -------------------------------------------------------------------------------


BROKEN_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


def test_with_redis_down_pages_are_served_uncached(client, apertura_2011):
    with override_settings(CACHES=BROKEN_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        first = client.get(bracket_url())
        leg_between(apertura_2011, "Irapuato", "León").record_result(0, 2)
        second = client.get(bracket_url())
    assert first.status_code == second.status_code == 200
    assert "León (advanced) 2 2 4" in text(second)


# -- with Redis: the version mirrored beside the pages ------------------------------------


def redis_cache(prefix):
    import os

    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ.get("LIGUILLA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "KEY_PREFIX": prefix,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }


@pytest.fixture
def shared_redis():
    import uuid

    import redis

    caches = redis_cache(f"test-{uuid.uuid4().hex[:8]}")
    client = redis.Redis.from_url(caches["default"]["LOCATION"], socket_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running (the page cache falls back to local memory)")
    with override_settings(CACHES=caches, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        yield client
    for key in client.scan_iter(caches["default"]["KEY_PREFIX"] + ":*"):
        client.delete(key)


def test_with_redis_a_warm_page_and_a_304_cost_no_query_and_a_save_shows_at_once(
    client,
    apertura_2011,
    shared_redis,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    first = client.get(bracket_url())
    with django_assert_num_queries(0):
        warm = client.get(bracket_url())
        not_modified = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert warm.content == first.content and not_modified.status_code == 304
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    after = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and "León (advanced) 1 4 5" in text(after)


def test_with_redis_a_lookup_connection_cut_by_a_restart_is_replaced_at_once(
    client, apertura_2011, shared_redis, django_assert_num_queries, caplog
):
    """The lookup keeps its own connection (RedisStore._run_lookup). Redis restarted
    (here: that connection killed from the server's side, its scripts flushed): the next
    request opens another and loads the script again, still warm; no cool-down, no warning."""
    import logging

    first = client.get(bracket_url())
    held = page_cache.page_store().held.connection
    host, port = held._sock.getsockname()[:2]
    shared_redis.client_kill(f"{host}:{port}")
    shared_redis.script_flush()
    with (
        caplog.at_level(logging.WARNING, logger="tournaments.cache.store"),
        django_assert_num_queries(0),
    ):
        warm = client.get(bracket_url())
        again = client.get(bracket_url())
    assert warm.content == first.content and again.content == first.content
    assert not caplog.records
    assert page_cache.page_store().held.connection is not held


def test_with_redis_a_forked_process_opens_its_own_lookup_connection(
    client, apertura_2011, shared_redis, monkeypatch
):
    client.get(bracket_url())
    held = page_cache.page_store().held.connection
    monkeypatch.setattr(page_cache.store.os, "getpid", lambda: -1)  # as in a forked worker
    assert client.get(bracket_url()).status_code == 200
    assert page_cache.page_store().held.connection is not held


def test_with_redis_a_page_the_cache_let_go_is_rendered_again_under_the_same_validator(
    client, apertura_2011, shared_redis
):
    """The validators are those of the page's scopes: a browser's copy made under the
    current versions is still answered 304 after the cache let the page go (rendered
    again first: only a page that exists is ever answered 304)."""
    first = client.get(bracket_url())
    ours = settings.CACHES["default"]["KEY_PREFIX"] + ":*:page:*"
    pages = list(shared_redis.scan_iter(ours))
    assert pages
    shared_redis.delete(*pages)
    not_modified = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified["ETag"] == first["ETag"]
    assert list(shared_redis.scan_iter(ours))
    other = client.get(bracket_url(), HTTP_IF_NONE_MATCH='W/"0.0"')  # an old copy
    assert other.status_code == 200 and other["ETag"] == first["ETag"]


@pytest.fixture
def redis_commands(shared_redis, monkeypatch):
    """The names of the commands the page lookups send (RedisStore._run_held), in order."""
    store = page_cache.page_store()
    sent = []
    run_held = store._run_held

    def recorded(*command, packed=None):
        # A packed command (RESP) names itself third: *<n>, $<length>, the name.
        sent.append(command[0] if command else b"".join(packed).split(b"\r\n")[2].decode())
        return run_held(*command, packed=packed)

    monkeypatch.setattr(store, "_run_held", recorded)
    return sent


def test_with_redis_a_page_found_before_is_one_mget_and_a_write_is_on_the_next_request(
    client, apertura_2011, redis_commands, django_capture_on_commit_callbacks
):
    """A process that found a page reads it again with the versions of the scopes its entry
    named in one MGET (no script): a write to one of them is on the very next request."""
    first = client.get(bracket_url())
    client.get(bracket_url())  # found by the script: remembered
    redis_commands.clear()
    not_modified = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and redis_commands == ["MGET"]
    with django_capture_on_commit_callbacks(execute=True):
        leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    redis_commands.clear()
    after = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and "León (advanced) 1 4 5" in text(after)
    assert redis_commands[0] == "MGET"


def test_with_redis_a_page_kept_again_with_other_scopes_is_read_by_the_script(
    client, apertura_2011, shared_redis, redis_commands
):
    """What the process remembered is checked against what Redis holds: a page stored again
    showing another scope (by another process) is read by the script, with that scope's
    version, which then decides."""
    first = client.get(bracket_url())
    client.get(bracket_url())
    store = page_cache.page_store()
    (key,) = store.known
    raw = shared_redis.get(key)
    entry = page_cache.store.pickle.loads(raw.partition(b"\n")[2])
    extra = page_cache.person_scope(999_999)
    shared_redis.delete(key)
    scopes = tuple(sorted({*entry[0], extra}))
    versions = store.versions(scopes)
    store.store(key.split(":", 2)[2], (scopes, *entry[1:5], versions.numbers(scopes)))
    redis_commands.clear()
    same = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert redis_commands == ["MGET", "EVALSHA"]  # not as remembered: the script
    assert same.status_code == 304  # under the versions of the scopes it names now
    store.publish({extra: (versions[extra][0] + 1, versions[extra][1])})
    client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert extra.encode() not in shared_redis.get(key).partition(b"\n")[0]  # rendered again


def test_with_redis_a_version_gone_or_a_new_epoch_is_read_by_the_script(
    client, apertura_2011, shared_redis, redis_commands
):
    first = client.get(bracket_url())
    client.get(bracket_url())
    store = page_cache.page_store()
    shared_redis.delete(*shared_redis.scan_iter(f"{store.version_prefix}*"))  # expired
    redis_commands.clear()
    assert client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert redis_commands == ["MGET", "EVALSHA"]  # read again from the database
    redis_commands.clear()
    page_cache.invalidation.everything_changed()  # a restore: a new timeline
    after = client.get(bracket_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert redis_commands[:2] == ["MGET", "EVALSHA"]


def test_with_redis_the_mirrored_versions_never_go_back(apertura_2011, shared_redis):
    store = page_cache.page_store()
    scope = page_cache.tournament_scope(apertura_2011.pk)
    store.versions([scope])  # the epoch mirrored
    store.publish({scope: (7000, 100)})
    store.publish({scope: (5000, 90)})  # a refill from an older read, or a late publish
    assert store.versions([scope])[scope] == (7000, 100)
    shared_redis.delete(*shared_redis.scan_iter(f"{store.version_prefix}*"))  # expired
    assert store.versions([scope])[scope] == ScopeVersion.read([scope])[scope]


# -- Last-Modified is never ahead of the clock ----------------------------------------------


def test_last_modified_never_runs_ahead_of_the_clock(client, apertura_2011, frozen_clock):
    """RFC 9110 8.8.2.2: Last-Modified is never later than the response's Date. Five
    saves and an import within one second used to push it 1 s per save into the future."""
    from django.utils.http import parse_http_date

    for away in range(1, 6):
        leg_between(apertura_2011, "Irapuato", "León").record_result(0, away)
    call_command("import_season", str(CLAUSURA), stdout=StringIO(), stderr=StringIO())
    response = client.get(bracket_url())
    frozen_clock[0] += 3  # a few seconds later the date is sent, never ahead of the clock
    later = client.get(bracket_url())
    for page in (response, later):
        if "Last-Modified" in page:
            assert parse_http_date(page["Last-Modified"]) <= frozen_clock[0]
    assert parse_http_date(later["Last-Modified"]) <= frozen_clock[0] - 2
