"""Failed logins behind the reverse proxies of README "Deploying": each failure counts
against the address the outermost proxy saw, so a stranger locks only themselves, and no
X-Forwarded-For a client writes moves its failures onto another address or out of its
own lock (issue 23: behind one proxy, six failures locked a staff account for everyone,
the superuser included).

Requests are sent as the proxies deliver them: each proxy appends the address it was
reached from to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`), and the last one
connects to the site."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from liguilla.auth import client_address
from tests.admin_fixtures import make_staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "gol-de-oro-2011"
LOGIN = reverse("admin:login")

MARISOL_AT_HOME = "203.0.113.66"  # a staff member's own address
STRANGER = "198.51.100.7"

# Outermost first: the address each proxy is reached at by the hop before it.
NGINX = ("192.0.2.10",)
CDN_THEN_NGINX = ("198.18.0.1", "10.0.0.2")

# What a client may put in X-Forwarded-For to pass for someone else, or for nobody.
FORGED_HEADERS = [
    MARISOL_AT_HOME,
    f"{MARISOL_AT_HOME}, 10.0.0.9",
    "203.0.113.1, 203.0.113.2, 203.0.113.3, 203.0.113.4",
    '1.2.3.4, "',  # an open quote, to swallow what the proxies append
    "for=203.0.113.5",
    "unknown",
    "not an address",
    ",,,",
    "127.0.0.1",
    "::1",
    "[2001:db8::1]:443",
    ", ".join(f"203.0.113.{n}" for n in range(60)),
]


def through(proxies, client_address, forged=None):
    """The request's META when `client_address` sends `forged` as X-Forwarded-For (or
    nothing) and it passes through `proxies`, each appending the address it was reached
    from."""
    header, previous = forged, client_address
    for proxy in proxies:
        header = f"{header}, {previous}" if header else previous
        previous = proxy
    return {"REMOTE_ADDR": previous, "HTTP_X_FORWARDED_FOR": header}


def login(client, username, password, meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Dozens of logins a test: the hash's cost is not what is tested here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(params=[NGINX, CDN_THEN_NGINX], ids=["one proxy", "two proxies"])
def proxies(request, settings):
    settings.AXES_IPWARE_PROXY_COUNT = len(request.param)
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 20
    return request.param


def test_a_stranger_cannot_lock_a_staff_member_out(client, proxies):
    """The probe of issue 23: six failures for a staff username from a stranger's machine
    (forging the staff member's address, or not) lock the stranger, not her."""
    make_staff_user("marisol", PASSWORD)
    for forged in (None, MARISOL_AT_HOME, f"{MARISOL_AT_HOME}, 10.0.0.9", None):
        failed = login(client, "marisol", "guess", through(proxies, STRANGER, forged))
        assert failed.status_code == 200
    assert login(client, "marisol", "guess", through(proxies, STRANGER)).status_code == 429
    assert login(client, "marisol", PASSWORD, through(proxies, STRANGER)).status_code == 429

    assert login(client, "marisol", PASSWORD, through(proxies, MARISOL_AT_HOME)).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


def test_an_address_trying_many_accounts_locks_only_that_address(client, proxies):
    make_staff_user("rogelio", PASSWORD)
    for n in range(20):
        login(client, f"guess{n}", "x", through(proxies, STRANGER, f"203.0.113.{n}"))
    assert login(client, "rogelio", PASSWORD, through(proxies, STRANGER)).status_code == 429
    # Every other visitor comes through the same proxies, and is not locked.
    assert login(client, "rogelio", PASSWORD, through(proxies, "203.0.113.80")).status_code == 302


def test_a_locked_client_cannot_forge_its_way_out(client, proxies):
    make_staff_user("marisol", PASSWORD)
    for _attempt in range(5):
        login(client, "marisol", "guess", through(proxies, STRANGER))
    for forged in FORGED_HEADERS:
        locked = login(client, "marisol", PASSWORD, through(proxies, STRANGER, forged))
        assert locked.status_code == 429, forged
    assert AccessAttempt.objects.get().ip_address == STRANGER


def test_a_locked_address_cannot_forge_its_way_out(client, proxies):
    make_staff_user("rogelio", PASSWORD)
    for n in range(20):
        login(client, f"guess{n}", "x", through(proxies, STRANGER))
    for forged in FORGED_HEADERS:
        locked = login(client, "rogelio", PASSWORD, through(proxies, STRANGER, forged))
        assert locked.status_code == 429, forged


def test_without_a_proxy_the_connecting_address_counts_and_the_header_is_ignored(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 5
    make_staff_user("marisol", PASSWORD)
    for _attempt in range(5):
        login(
            client,
            "marisol",
            "guess",
            {"REMOTE_ADDR": STRANGER, "HTTP_X_FORWARDED_FOR": MARISOL_AT_HOME},
        )
    assert login(client, "marisol", PASSWORD, {"REMOTE_ADDR": STRANGER}).status_code == 429
    assert login(client, "marisol", PASSWORD, {"REMOTE_ADDR": MARISOL_AT_HOME}).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "header", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.7", "203.0.113.9"),
        (1, "192.0.2.10", "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.10", "198.51.100.7, 203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.10", '198.51.100.7, ", 203.0.113.9', "203.0.113.9"),
        (1, "192.0.2.10", "203.0.113.9:51234", "203.0.113.9"),
        (1, "192.0.2.10", "2001:db8::7", "2001:db8::7"),
        (1, "192.0.2.10", "[2001:db8::7]:51234", "2001:db8::7"),
        (1, "192.0.2.10", "::ffff:203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.10", "10.1.2.3", "10.1.2.3"),  # staff on the office network
        (2, "10.0.0.2", "198.51.100.7, 203.0.113.9, 198.18.0.1", "203.0.113.9"),
        # Not the way the proxies send requests: the connecting address counts.
        (1, "192.0.2.10", None, "192.0.2.10"),
        (1, "192.0.2.10", "unknown", "192.0.2.10"),
        (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),
        (2, "10.0.0.2", "203.0.113.9, junk", "10.0.0.2"),
    ],
)
def test_the_client_address_is_the_one_the_outermost_proxy_saw(
    settings, proxies, remote, header, expected
):
    settings.AXES_IPWARE_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": remote}
    if header is not None:
        meta["HTTP_X_FORWARDED_FOR"] = header
    assert client_address(RequestFactory().post(LOGIN, **meta)) == expected
