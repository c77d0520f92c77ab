"""Fixtures for the staff admin tests: the League staff group (as its data migration makes
it), a staff user in it, and helpers to post admin forms the way a browser would."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, User

STAFF_GROUP = "League staff"
_migration = importlib.import_module("tournaments.migrations.0003_league_staff_group")
_extension = importlib.import_module("tournaments.migrations.0006_league_staff_starts_tournaments")


def ensure_league_staff_group():
    """The group from the data migration. Transactional tests flush the database (and so
    the group); running the migration's own function again restores it exactly."""
    group = Group.objects.filter(name=STAFF_GROUP).first()
    if group is None or not group.permissions.exists():
        _migration.create_group(django_apps, None)
        _extension.extend_group(django_apps, None)
        group = Group.objects.get(name=STAFF_GROUP)
    return group


def make_staff_user(username="marisol", password="gol-de-oro-2011"):
    user = User.objects.create_user(username=username, password=password, is_staff=True)
    user.groups.add(ensure_league_staff_group())
    return user


@pytest.fixture
def staff_user(db):
    return make_staff_user()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def form_data(response, form_id=None):
    """The values a browser would submit for the admin change form in `response`
    (inputs, selects, textareas; checkboxes only when ticked)."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data = {}
            self.in_form = form_id is None
            self.select = None
            self.textarea = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "form" and form_id is not None and attrs.get("id") == form_id:
                self.in_form = True
            if not self.in_form:
                return
            name = attrs.get("name")
            if tag == "input" and name:
                kind = attrs.get("type", "text")
                if kind in {"submit", "button", "file"}:
                    return
                if kind in {"checkbox", "radio"}:
                    if "checked" in attrs:
                        self.data[name] = attrs.get("value", "on")
                    return
                self.data[name] = attrs.get("value") or ""
            elif tag == "select" and name:
                self.select = name
                self.data.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in attrs:
                self.data[self.select] = attrs.get("value", "")
            elif tag == "textarea" and name:
                self.textarea = name
                self.data[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None
            elif tag == "form" and form_id is not None:
                self.in_form = False

        def handle_data(self, data):
            if self.textarea:
                # Browsers drop the newline that follows <textarea>.
                current = self.data[self.textarea]
                self.data[self.textarea] = current + (data if current else data.lstrip("\n"))

    parser = Parser()
    parser.feed(response.content.decode())
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


# An 18-club general table of the Liga MX (17 matchdays), best first, as staff paste it.
LIGA_MX_CLUBS = [
    "Toluca",
    "Tigres",
    "Cruz Azul",
    "América",
    "Monterrey",
    "Guadalajara",
    "Juárez",
    "Pachuca",
    "Tijuana",
    "Pumas UNAM",
    "Atlas",
    "Necaxa",
    "León",
    "Querétaro",
    "Santos Laguna",
    "Mazatlán",
    "Atlético San Luis",
    "Puebla",
]
# Won 17 − (position − 1), drawn 0, lost position − 1: one club a step, three points apart.
TABLE_OF_18 = "".join(
    f"{n}. {club}, {18 - n}, 0, {n - 1}, {40 - n}, {10 + n}\n"
    for n, club in enumerate(LIGA_MX_CLUBS, start=1)
)


def confirm_box(response):
    """The value of the "Confirm" box a correction that would redraw a later round asks
    staff to tick (LegForm.ask_to_confirm_redraw), or None when nothing is asked."""
    match = re.search(
        r'<input type="checkbox" name="([\w-]*confirm_redraw)" value="(\w+)"',
        response.content.decode(),
    )
    return (match.group(1), match.group(2)) if match else None


def post_confirmed(client, url, data, **extra):
    """Post a leg form as staff would: when the page asks to confirm a redraw, tick the
    box and save again."""
    response = client.post(url, data, **extra)
    box = confirm_box(response) if response.status_code == 200 else None
    if box is None:
        return response
    name, value = box
    return client.post(url, {**data, name: value}, **extra)
