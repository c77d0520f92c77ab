"""No visitor waits on a cold render for what a save touched (tournaments/rerender.py): after
the commit, the pages the write made obsolete, and only those, are queued once; the job
renders them through the site's own handler, so the next visitor's request is a hit; with
Redis absent or down a save goes on and nothing is queued.

These need a Redis (LIGUILLA_TEST_REDIS_URL, default db 0): skipped without one, like the
other shared-cache tests. No worker runs: the job is run here, in this process."""

import contextlib
import os
import re
import uuid

import pytest
from django.db import connection as db_connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rq.worker import SimpleWorker

from tournaments import rerender

from .builders import leg_between, make_tournament, play
from .factories import CompetitionFactory, SeasonFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("LIGUILLA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def text(response):
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def shared_settings(location, prefix):
    """The settings REDIS_URL gives (liguilla/settings.py), at `location`."""
    queue = f"{prefix}-pages"
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": location,
                "KEY_PREFIX": prefix,
                "OPTIONS": {
                    "IGNORE_EXCEPTIONS": True,
                    "SOCKET_CONNECT_TIMEOUT": 0.25,
                    "SOCKET_TIMEOUT": 0.25,
                },
            }
        },
        DJANGO_REDIS_IGNORE_EXCEPTIONS=True,
        DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=False,
        PAGE_RERENDER_QUEUE=queue,
        RQ_QUEUES={queue: {"URL": location}},
    )


@pytest.fixture
def redis_site():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not running (no background renders without it)")
    prefix = f"test-rr-{uuid.uuid4().hex[:8]}"
    with shared_settings(REDIS_URL, prefix):
        yield client
        rerender.queue().delete(delete_jobs=True)
    for key in [*client.scan_iter(f"{prefix}:*"), *client.scan_iter(f"rq:*{prefix}*")]:
        client.delete(key)


@pytest.fixture
def cup():
    """A Copa final between two clubs that never met the 2011 Apertura."""
    season = SeasonFactory(competition=CompetitionFactory(name="Copa Norte"), start_year=2012)
    tournament = make_tournament(["Alpha FC", "Beta FC"], season=season, name="Copa 2013")
    tournament.advance()
    play(tournament, "Beta FC", 0, 1, "Alpha FC")
    play(tournament, "Alpha FC", 1, 0, "Beta FC")
    return tournament


def pages(tournament, club, lang="es"):
    kw = tournament.url_kwargs()
    with translation.override(lang):
        return [
            reverse("tournaments:bracket", kwargs=kw),
            reverse("tournaments:results", kwargs=kw),
            tournament.entries.get(team__name=club).team.get_absolute_url(),
        ]


def visit(client, paths):
    for path in paths:
        assert client.get(path).status_code == 200


@contextlib.contextmanager
def connection_kept():
    """The job asks for pages through the site's WSGI handler, whose request signals
    close a database connection left in a transaction: the test's own, on PostgreSQL.
    Kept open meanwhile, as Django's test client keeps it for each of its requests."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_job():
    with connection_kept():
        return rerender.render_touched()


def pending():
    return {url.removeprefix("http://testserver") for url in rerender.take_pending()}


def queued():
    return rerender.queue().count


def test_a_save_queues_the_pages_it_touched_and_only_those(client, apertura_2011, cup, redis_site):
    apertura = pages(apertura_2011, "León") + pages(apertura_2011, "León", "en")
    visit(client, apertura + pages(cup, "Alpha FC"))
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    assert queued() == 1
    assert pending() == set(apertura)  # both languages; nothing of the cup


def test_the_job_makes_the_next_request_a_hit_with_the_new_fact(
    client, apertura_2011, redis_site, django_assert_num_queries
):
    bracket, results, club = pages(apertura_2011, "León", "en")
    visit(client, [bracket, results, club])
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    rendered = run_job()
    assert sorted(rendered.values()) == [200, 200, 200]
    with django_assert_num_queries(0):  # from the cache: the worker rendered it
        response = client.get(bracket)
    assert "León (advanced) 1 4 5" in text(response)


def test_an_rq_worker_runs_the_queued_job(client, apertura_2011, redis_site):
    bracket = pages(apertura_2011, "León")[0]
    visit(client, [bracket])
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    worker = SimpleWorker([rerender.queue()], connection=rerender.queue().connection)
    with connection_kept():
        assert worker.work(burst=True)
    assert queued() == 0 and pending() == set()
    etag = client.get(bracket)["ETag"]
    visit(client, [bracket])
    assert client.get(bracket, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_saves_while_a_job_waits_join_it(client, apertura_2011, cup, redis_site):
    visit(client, pages(apertura_2011, "León") + pages(cup, "Alpha FC"))
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    leg_between(apertura_2011, "León", "Irapuato").record_result(5, 0)
    leg_between(cup, "Alpha FC", "Beta FC").record_result(2, 0)
    assert queued() == 1  # one job for the three saves
    run_job()  # takes every page of the three
    visit(client, pages(cup, "Alpha FC"))
    leg_between(cup, "Alpha FC", "Beta FC").record_result(3, 0)
    assert queued() == 2  # a save after the job started queues the next one
    assert pending() == set(pages(cup, "Alpha FC"))


def test_a_page_nobody_asked_for_is_not_rendered(client, apertura_2011, redis_site):
    visit(client, pages(apertura_2011, "León")[:1])
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    assert pending() == set(pages(apertura_2011, "León")[:1])


def test_without_redis_a_save_queues_nothing(client, apertura_2011, monkeypatch):
    visit(client, pages(apertura_2011, "León", "en"))
    monkeypatch.setattr(rerender, "enqueue", pytest.fail)
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    assert "León (advanced) 1 4 5" in text(client.get(pages(apertura_2011, "León", "en")[0]))


def test_with_redis_down_a_save_goes_on_and_queues_nothing(client, apertura_2011, monkeypatch):
    with shared_settings("redis://127.0.0.1:1/0", f"test-down-{uuid.uuid4().hex[:8]}"):
        visit(client, pages(apertura_2011, "León", "en"))
        monkeypatch.setattr(rerender, "enqueue", pytest.fail)
        leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
        bracket = client.get(pages(apertura_2011, "León", "en")[0])
    assert "León (advanced) 1 4 5" in text(bracket)


def test_with_background_renders_turned_off_a_save_queues_nothing(
    client, apertura_2011, redis_site
):
    with override_settings(PAGE_RERENDER=False):
        visit(client, pages(apertura_2011, "León"))
        leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    assert queued() == 0 and pending() == set()


# -- prepared before published: a write's pages rendered under its versions first ----------


@pytest.fixture
def worker_listening(monkeypatch, client):
    """A worker taking the queue: while the write waits for it, a visitor asks for the
    bracket (served the page of before, warm), then the worker runs the job here."""
    monkeypatch.setattr(rerender, "workers_listening", lambda connection: True)
    real_wait = rerender.wait_prepared
    seen = {}

    def wait_prepared(store, token, deadline):
        seen["during"] = [text(client.get(path)) for path in seen.get("ask", ())]
        worker = SimpleWorker([rerender.queue()], connection=rerender.queue().connection)
        with connection_kept():
            worker.work(burst=True)
        seen["prepared"] = []
        for path in seen.get("ask", ()):
            with CaptureQueriesContext(db_connection) as queries:
                response = client.get(path)
            seen["prepared"].append((text(response), response["ETag"], len(queries)))
        return real_wait(store, token, deadline)

    monkeypatch.setattr(rerender, "wait_prepared", wait_prepared)
    return seen


def test_a_write_is_published_once_the_worker_has_its_pages(
    client, apertura_2011, redis_site, worker_listening, django_assert_num_queries
):
    bracket, results, club = pages(apertura_2011, "León", "en")
    visit(client, [bracket, results, club])
    worker_listening["ask"] = [bracket]
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    # Before the write completed, a visitor was served the page of before, not a stale
    # one of after nor a cold render.
    assert "León (advanced) 1 2 3" in worker_listening["during"][0]
    for path in (bracket, results, club):
        with django_assert_num_queries(0):  # warm: the worker rendered it
            response = client.get(path)
        assert response.status_code == 200
    assert "León (advanced) 1 4 5" in text(client.get(bracket))
    assert queued() == 0 and pending() == set()  # nothing left to render after


def test_a_page_the_worker_prepared_is_served_before_its_write_is_published(
    client, apertura_2011, redis_site, worker_listening
):
    """Between the worker's render and the publication, a visitor is served the prepared
    page (the committed write, warm, under the ETag it keeps once published), not a page
    rendered again under the versions of before and stored over the prepared one."""
    bracket, results, club = pages(apertura_2011, "León", "en")
    visit(client, [bracket, results, club])
    worker_listening["ask"] = [bracket]
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    ((page, etag, queries),) = worker_listening["prepared"]
    assert "León (advanced) 1 4 5" in page
    assert queries == 0  # no render
    published = client.get(bracket)
    assert published["ETag"] == etag
    assert client.get(bracket, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_page_older_than_the_published_versions_is_never_served(
    client, apertura_2011, redis_site
):
    """The other way round: an entry under lower versions (the write of before) is
    rendered again, whatever ETag the visitor holds."""
    bracket = pages(apertura_2011, "León", "en")[0]
    etag = client.get(bracket)["ETag"]
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    response = client.get(bracket, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "León (advanced) 1 4 5" in text(response)


def test_a_write_touching_more_pages_than_the_limit_is_published_at_once(
    client, apertura_2011, redis_site, worker_listening, settings
):
    settings.PAGE_PREPARE_MAX_PAGES = 2
    paths = pages(apertura_2011, "León", "en")
    visit(client, paths)
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    assert "during" not in worker_listening  # not waited for
    assert queued() == 1 and pending() == set(paths)  # rendered after, in the background


def test_a_write_waits_for_the_worker_no_longer_than_its_limit(
    client, apertura_2011, redis_site, monkeypatch, settings
):
    """A worker busy elsewhere (or stopped after registering): the write goes on after
    PAGE_PREPARE_WAIT and its pages are scheduled as without the wait."""
    settings.PAGE_PREPARE_WAIT = 0.05
    monkeypatch.setattr(rerender, "workers_listening", lambda connection: True)
    paths = pages(apertura_2011, "León", "en")
    visit(client, paths)
    leg_between(apertura_2011, "León", "Irapuato").record_result(4, 0)
    assert "León (advanced) 1 4 5" in text(client.get(paths[0]))  # published all the same
    assert pending() == set(paths)
