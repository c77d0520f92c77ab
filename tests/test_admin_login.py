"""Login throttling: repeated failed admin logins lock out the account from that address,
and an address failing against many accounts for every account, for a cool-off period
that retries do not extend; configured by environment."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from .admin_fixtures import make_staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "gol-de-oro-2011"
LOGIN = reverse("admin:login")


def login(client, username, password, address):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=15))
def test_three_failures_lock_the_account_from_that_address_only(client):
    """Issue 12: with the lock keyed on the username alone, anyone who knew a staff
    username kept that account locked. Now the stranger locks only themselves."""
    make_staff_user("marisol", PASSWORD)
    make_staff_user("rogelio", PASSWORD)
    for _attempt in range(2):
        assert login(client, "marisol", "wrong", "203.0.113.9").status_code == 200
    locked = login(client, "marisol", "wrong", "203.0.113.9")
    assert locked.status_code == 429
    assert "locked after 3 failed logins" in locked.content.decode()

    # From the stranger's address, even the right password no longer helps...
    assert login(client, "marisol", PASSWORD, "203.0.113.9").status_code == 429
    # ...but Marisol, at her own desk, signs in; and the address is not locked for others.
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 302
    client.logout()
    assert login(client, "rogelio", PASSWORD, "203.0.113.9").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_ADDRESS_FAILURE_LIMIT=6)
def test_an_address_trying_many_usernames_is_locked_for_every_account(client):
    make_staff_user("rogelio", PASSWORD)
    for n in range(6):
        login(client, f"guess{n}", "x", "203.0.113.9")
    assert login(client, "rogelio", PASSWORD, "203.0.113.9").status_code == 429
    assert login(client, "rogelio", PASSWORD, "10.0.0.1").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=15))
def test_retries_during_a_lockout_do_not_extend_it(client):
    make_staff_user("marisol", PASSWORD)
    login(client, "marisol", "wrong", "10.0.0.1")
    assert login(client, "marisol", "wrong", "10.0.0.1").status_code == 429
    locked_at = AccessAttempt.objects.get().attempt_time
    for password in (PASSWORD, "wrong", PASSWORD):
        assert login(client, "marisol", password, "10.0.0.1").status_code == 429
    attempt = AccessAttempt.objects.get()
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_at, 2)
    # Fifteen minutes after the lock, not after the last retry.
    AccessAttempt.objects.update(attempt_time=locked_at - timedelta(minutes=16))
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 302


def test_the_administrator_lifts_a_lockout_with_axes_reset_username(client, settings):
    from django.core.management import call_command

    settings.AXES_FAILURE_LIMIT = 2
    make_staff_user("marisol", PASSWORD)
    login(client, "marisol", "wrong", "10.0.0.1")
    assert login(client, "marisol", "wrong", "10.0.0.1").status_code == 429
    call_command("axes_reset_username", "marisol", stdout=StringIO())
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=15))
def test_lockout_ends_after_the_cool_off(client):
    make_staff_user("marisol", PASSWORD)
    login(client, "marisol", "wrong", "10.0.0.1")
    assert login(client, "marisol", "wrong", "10.0.0.1").status_code == 429
    # Fifteen minutes later (attempts older than the cool-off no longer count).
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_login_resets_the_count(client):
    make_staff_user("marisol", PASSWORD)
    login(client, "marisol", "wrong", "10.0.0.1")
    login(client, "marisol", "wrong", "10.0.0.1")
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 302
    client.logout()
    login(client, "marisol", "wrong", "10.0.0.1")
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 302


def test_forged_forwarded_for_does_not_dodge_the_address_lock(client, settings):
    settings.AXES_FAILURE_LIMIT = settings.AXES_ADDRESS_FAILURE_LIMIT = 2
    make_staff_user("marisol", PASSWORD)
    make_staff_user("rogelio", PASSWORD)
    for n in range(2):
        client.post(
            LOGIN,
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="10.0.0.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert login(client, "rogelio", PASSWORD, "10.0.0.7").status_code == 429


def test_client_login_and_force_login_still_work(client):
    """Throttling applies to logins from a request; the test client's login() has none."""
    user = make_staff_user("marisol", PASSWORD)
    assert client.login(username="marisol", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_throttling_is_configured_by_environment():
    env = {
        **os.environ,
        "AXES_FAILURE_LIMIT": "7",
        "AXES_ADDRESS_FAILURE_LIMIT": "30",
        "AXES_COOLOFF_MINUTES": "45",
        "AXES_LOCKOUT_PARAMETERS": "username+ip_address",
        "AXES_ENABLED": "0",
        "AXES_IPWARE_PROXY_COUNT": "2",
        "DJANGO_SETTINGS_MODULE": "liguilla.settings",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "from django.test import RequestFactory; from axes.helpers import get_client_ip_address;"
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', "
        "HTTP_X_FORWARDED_FOR='1.2.3.4, 203.0.113.9, 198.18.0.1'); "
        "print(json.dumps([s.AXES_FAILURE_LIMIT, s.AXES_ADDRESS_FAILURE_LIMIT, "
        "s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.AXES_LOCKOUT_PARAMETERS, s.AXES_ENABLED, get_client_ip_address(r)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [
        7,
        30,
        45 * 60,
        [["username", "ip_address"]],
        False,
        "203.0.113.9",  # behind two proxies, the address the outer one saw
    ]


@pytest.mark.parametrize(
    "username",
    ["a" * 256, "ñ" * 300, "x" * 100_000],
    ids=["256 characters", "300 accented", "100 000 characters"],
)
def test_any_username_is_a_failed_login_never_a_server_error(client, settings, username):
    """Issue 23: a username over 255 characters answered 500 on PostgreSQL (axes could not
    store the failure). Now it is a failure like any other, and it locks like one."""
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(2):
        assert login(client, username, "x", "203.0.113.9").status_code == 200
    assert login(client, username, "x", "203.0.113.9").status_code == 429


def test_a_username_with_a_nul_byte_is_refused_by_the_form(client):
    """PostgreSQL cannot store it either; the form refuses it before any login is tried."""
    for _attempt in range(6):
        assert login(client, "nul\x00byte", "x", "203.0.113.9").status_code == 200
    assert not AccessAttempt.objects.exists()
