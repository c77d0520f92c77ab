"""Writes never queue on the page cache's versions: an import's long transaction and the
staff's saves run at the same time (real concurrent PostgreSQL connections)."""

import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tournaments import cache as page_cache
from tournaments.cache.scopes import schedule_scope
from tournaments.importers import load
from tournaments.models import Leg, ScopeVersion

from .apertura_2011 import build_apertura_2011
from .test_concurrency import run_together

pytestmark = [
    pytest.mark.postgres_only("needs PostgreSQL: real concurrent connections and row locks"),
    pytest.mark.django_db(transaction=True),
]

CLAUSURA = Path(__file__).parent / "importers" / "clausura_2012.txt"


def test_staff_saves_go_through_while_an_import_holds_its_transaction(monkeypatch):
    """The import stops inside its transaction, after its writes, until the staff's 20
    saves are done: they must all commit meanwhile (with one version row raised by
    every write inside the writers' transactions they waited for the import's commit,
    then failed on the statement timeout)."""
    apertura = build_apertura_2011()
    legs = list(Leg.objects.filter(tie__round__tournament=apertura).order_by("pk"))
    # A venue named is a schedule write: it raises the tournament's schedule scope.
    schedule = schedule_scope(page_cache.tournament_scope(apertura.pk))
    before = ScopeVersion.read([schedule])[schedule][0]
    inside, saves_done = threading.Event(), threading.Event()

    def held(loader):
        def load_and_hold(*args, **kwargs):
            report = loader(*args, **kwargs)
            inside.set()
            saves_done.wait(timeout=30)
            return report

        return load_and_hold

    monkeypatch.setattr(load, "load_record", held(load.load_record))
    for kind, loader in list(load.LOADERS.items()):
        monkeypatch.setitem(load.LOADERS, kind, held(loader))

    def import_season():
        call_command("import_season", str(CLAUSURA), stdout=StringIO(), stderr=StringIO())
        return saves_done.is_set()

    def staff_saves():
        assert inside.wait(timeout=30), "the import never started"
        saved = 0
        for n in range(20):
            leg = legs[n % len(legs)]
            with transaction.atomic():
                leg.venue = f"Estadio {n}"
                leg.save()
            saved += 1
        done_while_importing = connection.vendor == "postgresql" and not saves_done.is_set()
        saves_done.set()
        return saved, done_while_importing

    import_saw_saves_first, (saved, during) = run_together(import_season, staff_saves)
    assert saved == 20 and during
    assert import_saw_saves_first  # every save committed before the import did
    page_cache.flush()
    assert ScopeVersion.read([schedule])[schedule][0] == before + 20  # each save raised it
