"""Login throttling: repeated failed admin logins lock out the account (from any address)
and the address (for any account) for a cool-off period, configured by environment."""

import json
import os
import subprocess
import sys
from datetime import timedelta

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
def test_three_failures_lock_the_account_and_the_address(client):
    make_staff_user("marisol", PASSWORD)
    make_staff_user("rogelio", PASSWORD)
    make_staff_user("lupita", PASSWORD)
    for _attempt in range(2):
        assert login(client, "marisol", "wrong", "10.0.0.1").status_code == 200
    locked = login(client, "marisol", "wrong", "10.0.0.1")
    assert locked.status_code == 429
    assert "locked after 3 failed logins" in locked.content.decode()

    # The right password no longer helps, from this address or any other...
    assert login(client, "marisol", PASSWORD, "10.0.0.1").status_code == 429
    assert login(client, "marisol", PASSWORD, "10.0.0.99").status_code == 429
    # ...and the address is locked for other accounts too.
    assert login(client, "rogelio", PASSWORD, "10.0.0.1").status_code == 429
    # Another account from another address is unaffected.
    assert login(client, "lupita", PASSWORD, "10.0.0.2").status_code == 302


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
    settings.AXES_FAILURE_LIMIT = 2
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
        "AXES_COOLOFF_MINUTES": "45",
        "AXES_LOCKOUT_PARAMETERS": "username+ip_address",
        "AXES_ENABLED": "0",
        "DJANGO_SETTINGS_MODULE": "liguilla.settings",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.AXES_LOCKOUT_PARAMETERS, s.AXES_ENABLED]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [
        7,
        45 * 60,
        [["username", "ip_address"]],
        False,
    ]
