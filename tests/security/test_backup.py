"""manage.py backup / restore: a backup restored into an emptied database gives back every
page, every history row and every staff account, exactly (on SQLite and on PostgreSQL)."""

import os
import re
import stat
import subprocess
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.admin_fixtures import ensure_league_staff_group, make_staff_user
from tests.apertura_2011 import build_apertura_2011
from tournaments.models import Leg, Person, Team, TeamAlias, Tournament

pytestmark = pytest.mark.django_db(transaction=True)
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def public_urls():
    tournament = Tournament.objects.select_related("season__competition").get()
    season, competition = tournament.season, tournament.season.competition
    urls = [
        "/",
        competition.get_absolute_url(),
        f"{competition.get_absolute_url()}scorers/",
        f"{tournament.get_absolute_url()}",
        f"{tournament.get_absolute_url()}bracket/",
        f"{tournament.get_absolute_url()}results/",
        f"{tournament.get_absolute_url()}scorers/",
        f"{tournament.get_absolute_url()}season.json",
        f"/{competition.slug}/{season.slug}/",
    ]
    urls += [leg.get_absolute_url() for leg in Leg.objects.select_related("tie__round")]
    urls += [f"/teams/{team.slug}/" for team in Team.objects.all()]
    urls += [f"/players/{person.slug}/" for person in Person.objects.all()]
    return urls


def snapshot(urls):
    """Every public page (in both languages), every history row, every account."""
    client = Client()
    pages = {}
    cache.clear()  # the pages as rendered from the database, not from the page cache
    for url in urls:
        for language, prefix in (("es", ""), ("en", "/en")):
            response = client.get(prefix + url)
            assert response.status_code == 200, url
            pages[url, language] = CSRF.sub(b"", response.content)
    history = {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_app_config("tournaments").get_models()
        if model.__name__.startswith("Historical")
    }
    accounts = sorted(
        (
            user.username,
            user.password,
            user.is_staff,
            user.is_superuser,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.get_all_permissions()),
        )
        for user in User.objects.all()
    )
    groups = {
        g.name: sorted(g.permissions.values_list("codename", flat=True))
        for g in Group.objects.all()
    }
    aliases = sorted(TeamAlias.objects.values_list("name", "team__slug"))
    return pages, history, accounts, groups, aliases


def test_a_restored_backup_gives_back_every_page_history_row_and_account(tmp_path):
    ensure_league_staff_group()
    tournament = build_apertura_2011()
    make_staff_user("marisol", "gol-de-oro-2011")
    User.objects.create_superuser("admin", password="x")
    # An edited slug, an alias and a staff change: none of them is in the JSON export.
    team = Team.objects.get(name="León")
    team.slug = "club-leon"
    team.save()
    TeamAlias.objects.create(team=team, name="Club León")
    leg = Leg.objects.filter(tie__round__tournament=tournament).first()
    leg.date = leg.date or tournament.rounds.first().ties.first().legs.first().date
    leg.save()
    with translation.override("es"):  # Spanish URLs are unprefixed; English under /en/
        urls = public_urls()
    before = snapshot(urls)
    assert before[1]["HistoricalLeg"] and len(before[2]) == 2

    path = tmp_path / "liguilla.backup"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "backed up to" in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists() and not Tournament.objects.exists()

    call_command("restore", str(path), interactive=False, stdout=StringIO())
    after = snapshot(urls)
    for name, was, now in zip(
        ["pages", "history", "accounts", "groups", "aliases"], before, after, strict=True
    ):
        if isinstance(was, dict):
            assert sorted(was) == sorted(now), name
            for key in was:
                assert was[key] == now[key], (name, key)
        else:
            assert was == now, name


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "season.json"
    path.write_text('{"format": "liguilla-season/1"}')
    with pytest.raises(CommandError, match="not an? .* backup"):
        call_command("restore", str(path), interactive=False)
    with pytest.raises(CommandError, match="cannot read"):
        call_command("restore", str(tmp_path / "missing"), interactive=False)


@pytest.fixture
def signed_in(client):
    """A staff member signed in: a live session in the database."""
    make_staff_user("marisol", "gol-de-oro-2011")
    assert client.login(username="marisol", password="gol-de-oro-2011")
    assert client.get("/admin/").status_code == 200
    return client


def test_a_backup_is_readable_by_its_owner_only(tmp_path, signed_in):
    """Issue 23: `make backup` wrote every password hash in a file mode 0644."""
    previous = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.backup"
        call_command("backup", str(fresh), stdout=StringIO())
        again = tmp_path / "again.backup"
        again.write_bytes(b"an older backup")
        again.chmod(0o644)
        call_command("backup", str(again), stdout=StringIO())
    finally:
        os.umask(previous)
    assert stat.S_IMODE(fresh.stat().st_mode) == stat.S_IMODE(again.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.backup", "fresh.backup"]


def session_rows_in(path):
    """What the backup at `path` holds of the sessions table, as text."""
    if connection.vendor == "sqlite":
        return path.read_bytes().decode("latin-1")
    dump = subprocess.run(
        ["pg_restore", "--data-only", f"--table={Session._meta.db_table}", "--file=-", path],
        capture_output=True,
        text=True,
        check=True,
    )
    return dump.stdout


def test_a_backup_holds_no_session(tmp_path, signed_in):
    """A session key is a signed-in browser's credential: whoever reads a backup must not
    be able to sign in with one."""
    key = signed_in.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    path = tmp_path / "liguilla.backup"
    call_command("backup", str(path), stdout=StringIO())
    assert key not in session_rows_in(path)


def test_a_restore_signs_everyone_out(tmp_path, signed_in):
    """Restoring last night's backup must not bring its sessions back to life (issue 23:
    19 live sessions came back)."""
    path = tmp_path / "liguilla.backup"
    call_command("backup", str(path), stdout=StringIO())
    out = StringIO()
    call_command("restore", str(path), interactive=False, stdout=out)
    assert "everyone must sign in again" in out.getvalue()
    assert not Session.objects.exists()
    assert signed_in.get("/admin/").status_code == 302
    # The accounts themselves are back: she signs in again.
    assert signed_in.login(username="marisol", password="gol-de-oro-2011")


def test_a_backup_that_cannot_be_written_is_one_line_and_leaves_nothing(tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        call_command("backup", str(tmp_path / "missing" / "liguilla.backup"))
    with pytest.raises(CommandError, match="cannot write"):
        call_command("backup", str(tmp_path))  # a folder
    assert list(tmp_path.iterdir()) == []
