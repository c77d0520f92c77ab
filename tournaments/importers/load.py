"""Write parsed records to the database: every record of one import in one transaction
(one error and nothing is written; a dry run rolls back), one import at a time.

Each record goes to the loader of its format (LOADERS): a plain function over a
LoadContext that matches existing rows, validates each with `full_clean`, draws each
round with the domain's rules and checks what the source states against what they
derive. football.txt records are loaded together, in season order, sharing one
directory of club spellings (footballtxt_load.py).
"""

from __future__ import annotations

import time

from django.db import connection, transaction

from ..models import Tournament
from ..models.history import history_reason
from .context import LoadContext
from .footballtxt import ClubIndex
from .footballtxt_load import load_footballtxt
from .load_record import load_record
from .promotional import load_champions_final, load_promotional_final
from .records import ImportFailed, TournamentRecord

# The loader of each kind of article or season-document record (a Liguilla, a season's
# champions' final: load_record); a promotional final and a Campeón de Campeones are
# checked against their season.
LOADERS = {
    Tournament.Kind.PROMOTIONAL_FINAL: load_promotional_final,
    Tournament.Kind.CHAMPIONS_FINAL: load_champions_final,
}
# The advisory lock key of import_season ("LIGUILLA" in ASCII, as an integer).
IMPORT_WAIT_SECONDS = 600
IMPORT_LOCK = int.from_bytes(b"LIGUILLA", "big") & 0x7FFFFFFFFFFFFFFF


class _DryRunRollback(Exception):
    pass


def load_all(
    records: list[TournamentRecord],
    *,
    accept_mismatch=False,
    dry_run=False,
    clubs: ClubIndex | None = None,
    progress=None,
    new_clubs=(),
):
    """Load every record in one transaction and return a LoadReport each. `new_clubs`:
    names confirmed to be clubs of their own though they look like another's."""
    reports = []
    others = [r for r in records if r.layout != "footballtxt"]
    footballtxt = [r for r in records if r.layout == "footballtxt"]
    try:
        with transaction.atomic():
            lock_imports()
            for record in others:
                loader = LOADERS.get(record.kind, load_record)
                with history_reason(f"import_season {record.source}"):
                    context = LoadContext(record, accept_mismatch, new_clubs=new_clubs)
                    reports.append(loader(context))
            if footballtxt:
                # Each record's history rows name its own file (load_footballtxt).
                reports += load_footballtxt(
                    footballtxt, accept_mismatch, clubs or ClubIndex(), progress, new_clubs
                )
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return reports


load_all.alters_data = True


def lock_imports():
    """One import at a time: on PostgreSQL a transaction-level advisory lock, so a second
    import of the same file waits for the first to commit and then finds everything in
    place (instead of failing on a unique constraint halfway). SQLite locks the whole
    database for a writing transaction anyway.

    The wait polls pg_try_advisory_xact_lock rather than blocking in one statement, so the
    site's statement_timeout (meant for web requests) does not cut it short; after
    IMPORT_WAIT_SECONDS it gives up with one line."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + IMPORT_WAIT_SECONDS
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise ImportFailed(
                    "import_season",
                    None,
                    f"another import is still running after {IMPORT_WAIT_SECONDS} s; "
                    "nothing written, try again when it has finished",
                )
            time.sleep(0.2)
