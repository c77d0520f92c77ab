"""Faults: a database that is down or hung gives a 503 page within the connect timeout
(never a 500, never a worker stuck), /healthz says so, and all of it passes by itself.

The "database" here is a PostgreSQL connection (psycopg) pointed at a closed port or at a
socket that accepts and never answers, installed as the default connection for the test,
so these run on SQLite and PostgreSQL alike."""

import contextlib
import socket
import threading

import pytest
from django.db import close_old_connections, connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client

from liguilla.views import RETRY_AFTER_SECONDS


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@contextlib.contextmanager
def hung_server():
    """A listening socket that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted, stop = [], threading.Event()

    def serve():
        server.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(server.accept()[0])

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for sock in accepted:
            sock.close()
        server.close()


@contextlib.contextmanager
def database_at(port):
    """The default connection replaced by a PostgreSQL one to 127.0.0.1:port with the
    production timeouts (connect_timeout 2 s: libpq's minimum)."""
    template = connections.settings["default"]
    wrapper = DatabaseWrapper(
        {
            **template,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "liguilla",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "OPTIONS": {"connect_timeout": 2, "options": "-c statement_timeout=2000"},
        },
        alias="default",
    )
    original = getattr(connections._connections, "default", None)
    connections._connections.default = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        if original is None:
            del connections._connections.default
        else:
            connections._connections.default = original


@pytest.fixture
def public_client(django_db_blocker):
    with django_db_blocker.unblock():
        yield Client(raise_request_exception=False)


def assert_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert "503" in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_database_down_is_a_503_page_and_healthz_says_so(public_client):
    with database_at(closed_port()):
        assert_503_page(public_client.get("/"))
        assert_503_page(public_client.get("/en/liga-de-ascenso/2011-12/apertura-2011/bracket/"))
        assert public_client.get("/healthz").status_code == 503


def test_database_hung_is_a_503_page_after_the_connect_timeout(public_client):
    with hung_server() as port, database_at(port):
        assert_503_page(public_client.get("/en/"))
        assert public_client.get("/healthz").status_code == 503


def test_the_503_page_is_in_the_language_of_its_url(public_client):
    with database_at(closed_port()):
        spanish = public_client.get("/").content.decode()
        english = public_client.get("/en/").content.decode()
    assert "Los resultados no están disponibles" in spanish
    assert "The results are out of reach for a moment." in english


@pytest.mark.postgres_only("recovery is tested against the real PostgreSQL server")
@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_by_itself_when_the_database_comes_back():
    client = Client(raise_request_exception=False)
    real_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = str(closed_port())
    try:
        assert_503_page(client.get("/en/"))
        assert client.get("/healthz").status_code == 503
    finally:
        connection.settings_dict["PORT"] = real_port
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 200


@pytest.mark.postgres_only("needs PostgreSQL to kill a connection from another session")
@pytest.mark.django_db(transaction=True)
def test_a_killed_connection_costs_no_500():
    """A persistent connection killed by the server (restart, failover, idle reaper) is
    found dead by the health check before reuse and replaced."""
    from django.db import connections as handler

    client = Client(raise_request_exception=False)
    assert client.get("/en/").status_code == 200
    handler["default"].ensure_connection()
    pid = handler["default"].connection.info.backend_pid
    killer = DatabaseWrapper({**handler["default"].settings_dict}, alias="killer")
    try:
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()
    # A real server's request_started signal runs this before each request (the test
    # client leaves it out so tests can keep their transaction): it arms the health check.
    close_old_connections()
    assert client.get("/en/").status_code == 200
