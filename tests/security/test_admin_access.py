"""Every admin URL tried as anonymous, staff without a group, League staff and superuser.

The expected statuses below are the access rules; docs/security.md shows the same table
(test_the_documented_table_is_this_one keeps them equal). Columns: the list, the add page,
the change page (GET; and POST, which saves), the delete page, the history list, one
version page (GET) and a revert (POST to the version page). POSTs send an empty form: 200
means the form was accepted for checking (and re-shown with its errors), 302 saved, 403
refused; 302 for anonymous is the redirect to the login page; – means no such page.
"""

from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from tests.admin_fixtures import ensure_league_staff_group, make_staff_user
from tests.apertura_2011 import build_apertura_2011
from tests.security.conftest import make_viewer
from tournaments.models import Tournament

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
COLUMNS = ["list", "add", "change", "change POST", "delete", "history", "version", "revert POST"]
ROLES = ["anonymous", "staff, no group", "viewer", "League staff", "superuser"]

VIEW_ONLY = "200 403 200 403 403 200 200 403"
EDITABLE = "200 200 200 200 403 200 200 200"
DELETABLE = "200 200 200 200 200 200 200 200"
NO_ACCESS = "403 403 403 403 403 – – –"
TOURNAMENT_MODELS = [
    "competition",
    "season",
    "team",
    "teamalias",
    "person",
    "squadmember",
    "tournament",
    "tournamententry",
    "round",
    "tie",
    "leg",
    "goal",
    "booking",
]
ACCOUNT_MODELS = ["user", "group", "accessattempt", "accesslog", "accessfailurelog"]
# A staff account with only the view permissions of the tournaments app: what League
# staff were for teams, rounds and tournaments when the history escalation was found.
VIEWER = {
    **dict.fromkeys(TOURNAMENT_MODELS, VIEW_ONLY),
    **dict.fromkeys(ACCOUNT_MODELS, NO_ACCESS),
}
# League staff (migrations 0003 and 0006): add and change everything of the tournaments
# app, delete only goals and bookings; nothing of accounts or login records.
LEAGUE_STAFF = {
    **dict.fromkeys(TOURNAMENT_MODELS, EDITABLE),
    "goal": DELETABLE,
    "booking": DELETABLE,
    # A drawn tie's fields are fixed and an old version has nothing to give back: no
    # revert for anybody (TieAdmin.may_revert; its legs are reverted on their own pages).
    "tie": "200 200 200 200 403 200 200 403",
    **dict.fromkeys(ACCOUNT_MODELS, NO_ACCESS),
}
SUPERUSER = dict.fromkeys(LEAGUE_STAFF, "200 200 200 200 200 200 200 200")
SUPERUSER.update(
    {
        "tie": "200 200 200 200 200 200 200 403",
        "user": "200 200 200 200 200 – – –",
        "group": "200 200 200 200 200 – – –",
        # axes' records are read-only: nobody adds a login attempt by hand, and saving one
        # (302) changes nothing, every field being read-only.
        "accessattempt": "200 403 200 302 200 – – –",
        "accesslog": "200 403 200 302 200 – – –",
        "accessfailurelog": "200 403 200 302 200 – – –",
    }
)
EXPECTED = {
    "anonymous": {
        name: " ".join("302" if "–" not in cell else "–" for cell in row.split())
        for name, row in SUPERUSER.items()
    },
    "staff, no group": {
        name: " ".join("403" if "–" not in cell else "–" for cell in row.split())
        for name, row in SUPERUSER.items()
    },
    "viewer": VIEWER,
    "League staff": LEAGUE_STAFF,
    "superuser": SUPERUSER,
}
# Custom admin views, by GET: (label, url name, expected per role in ROLES' order).
CUSTOM = [
    ("admin index", "admin:index", "302 200 200 200 200"),
    ("tournaments app index", "admin:app_list", "302 404 200 200 200"),
    ("accounts app index", "admin:app_list", "302 404 404 404 200"),
    ("start a tournament", "admin:tournaments_tournament_start", "302 403 403 200 200"),
    ("create next round", "admin:tournaments_tournament_next_round", "302 403 403 200 200"),
    ("a team's squad page", "admin:tournaments_tournament_squad", "302 403 403 200 200"),
    ("deleted goals to recover", "admin:tournaments_goal_recover", "302 403 403 200 200"),
    ("deleted bookings to recover", "admin:tournaments_booking_recover", "302 403 403 200 200"),
]


def custom_args(label, tournament):
    return {
        "tournaments app index": ["tournaments"],
        "accounts app index": ["auth"],
        "create next round": [tournament.pk],
        "a team's squad page": [tournament.pk, tournament.entries.first().team_id],
    }.get(label, [])


def markdown_table():
    lines = [
        f"| model | {' | '.join(COLUMNS)} |",
        f"| --- | {' | '.join('---' for _ in COLUMNS)} |",
    ]
    for role in ROLES:
        rows = EXPECTED[role]
        lines.append(f"| **{role}** | {' | '.join('' for _ in COLUMNS)} |")
        widest = max(rows.values(), key=lambda row: row.count("–") == 0)
        if all(widest.startswith(row.replace(" –", "")) for row in rows.values()):
            # The same answer for every model (history pages where the model keeps one).
            lines.append(f"| every model | {' | '.join(widest.split())} |")
            continue
        for name, row in rows.items():
            lines.append(f"| {name} | {' | '.join(row.split())} |")
    lines += ["", "| custom view | " + " | ".join(ROLES) + " |", "| --- |" + " --- |" * len(ROLES)]
    for label, _name, row in CUSTOM:
        lines.append(f"| {label} | {' | '.join(row.split())} |")
    return "\n".join(lines)


def client_for(role):
    client = Client()
    if role == "staff, no group":
        client.force_login(User.objects.create_user("visitor", password="x", is_staff=True))
    elif role == "viewer":
        client.force_login(make_viewer())
    elif role == "League staff":
        client.force_login(make_staff_user("marisol"))
    elif role == "superuser":
        client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def one_of_each():
    """A row of every registered model, with a history version where it keeps one."""
    tournament = build_apertura_2011(through="quarter-finals")
    ensure_league_staff_group()
    team = tournament.entries.first().team
    team.aliases.create(name=f"Club {team.name}")
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", user_agent="", failures_since_start=1,
        get_data="", post_data="", http_accept="", path_info="/admin/login/",
    )  # fmt: skip
    common = {"user_agent": "", "ip_address": "10.0.0.1", "username": "x", "path_info": "/"}
    rows = {
        "user": User.objects.create_user("someone"),
        "group": Group.objects.get(name="League staff"),
        "accessattempt": attempt,
        "accesslog": AccessLog.objects.create(**common, http_accept=""),
        "accessfailurelog": AccessFailureLog.objects.create(**common, http_accept=""),
    }
    for model in apps.get_app_config("tournaments").get_models():
        if model in admin.site._registry:
            rows[model._meta.model_name] = model.objects.order_by("pk").first()
    return tournament, rows


def statuses(client, obj):
    opts = obj._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    change = reverse(f"{prefix}_change", args=[obj.pk])
    found = [
        client.get(reverse(f"{prefix}_changelist")).status_code,
        client.get(reverse(f"{prefix}_add")).status_code,
        client.get(change).status_code,
        client.post(change, {}).status_code,
        client.get(reverse(f"{prefix}_delete", args=[obj.pk])).status_code,
    ]
    if hasattr(obj, "history"):
        version = reverse(f"{prefix}_simple_history", args=[obj.pk, obj.history.first().pk])
        found += [
            client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code,
            client.get(version).status_code,
            client.post(version, {}).status_code,
        ]
    else:
        found += ["–", "–", "–"]
    return " ".join(map(str, found))


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_for(role):
    tournament, rows = one_of_each()
    client = client_for(role)
    assert set(rows) == set(EXPECTED[role])
    found = {name: statuses(client, obj) for name, obj in rows.items()}
    assert found == EXPECTED[role]
    for label, name, row in CUSTOM:
        status = client.get(reverse(name, args=custom_args(label, tournament))).status_code
        assert str(status) == row.split()[ROLES.index(role)], label
    # Nothing any of those POSTs sent changed a tournament.
    assert Tournament.objects.get().name == tournament.name


def test_the_documented_table_is_this_one():
    assert markdown_table() in DOC.read_text(encoding="utf-8")
