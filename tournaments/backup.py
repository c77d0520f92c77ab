"""Whole-database backups: every table (results, history, users, groups, permissions,
aliases, edited slugs, login lockouts) as the database itself stores it, except the
sessions' rows.

PostgreSQL: pg_dump's custom format, restored with pg_restore --clean (so it replaces what
is there). SQLite: the online backup API (a consistent copy while the site runs), restored
the same way in reverse. The JSON season export is not a backup: it holds one tournament's
facts, not users, history or slugs.

A backup holds every password hash: it is written readable by its owner only (0600), and
appears under its name only once complete. It holds no session: a session key is a
signed-in browser's credential, so a copy of the file must not sign anyone in, and a
restore must not bring back to life the sessions of the day it was made (a restore also
signs everyone out, for backups made before sessions were left out).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.contrib.sessions.models import Session
from django.db import connection

from .cache import everything_changed

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """One line saying why a backup or restore cannot be made."""


def backup(path) -> str:
    """Write the whole database but its sessions to `path`, mode 0600; returns what was
    written, in words."""
    path = Path(path)
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"no backup for the {connection.vendor} database")
    try:
        # mkstemp: a new file, 0600, beside the target; renamed over it once complete.
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise BackupError(f"{path}: cannot write ({exc.strerror})") from exc
    partial = Path(partial)
    try:
        with os.fdopen(handle, "wb") as output:
            if connection.vendor == "postgresql":
                _run_pg(
                    "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                    f"--exclude-table-data={Session._meta.db_table}", stdout=output,
                )  # fmt: skip
        if connection.vendor == "sqlite":
            _sqlite_copy_without_sessions(partial)
        os.replace(partial, path)
    except OSError as exc:
        raise BackupError(f"{path}: cannot write ({exc.strerror})") from exc
    finally:
        partial.unlink(missing_ok=True)
    return f"{connection.vendor} database backed up to {path} ({path.stat().st_size:,} bytes)"


def _sqlite_copy_without_sessions(path):
    connection.ensure_connection()
    try:
        target = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot write ({exc})") from exc
    try:
        connection.connection.backup(target)
        # secure_delete: the deleted rows are overwritten with zeros, not left in the
        # file's free pages.
        target.execute("PRAGMA secure_delete = ON")
        target.execute(f'DELETE FROM "{Session._meta.db_table}"')
        target.commit()
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot write ({exc})") from exc
    finally:
        target.close()


def restore(path) -> str:
    """Replace the whole database with the backup at `path`."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise BackupError(f"{path}: cannot read ({exc.strerror})") from exc
    if connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{path}: not a PostgreSQL backup (made by pg_dump -Fc)")
        connection.close()
        _run_pg(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
            "--single-transaction", "--exit-on-error", str(path),
        )  # fmt: skip
    elif connection.vendor == "sqlite":
        if head != SQLITE_MAGIC:
            raise BackupError(f"{path}: not an SQLite backup")
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as exc:
            raise BackupError(f"{path}: cannot restore ({exc})") from exc
        finally:
            source.close()
    else:
        raise BackupError(f"no restore for the {connection.vendor} database")
    # Everyone signs in again: no session of the day the backup was made comes back.
    Session.objects.all().delete()
    # No cached page or validator of the timeline the restore replaced is matched again
    # (the restored rows bring back the versions of the day of the backup).
    everything_changed()
    return f"{connection.vendor} database restored from {path}; everyone must sign in again"


restore.alters_data = True


def _run_pg(program, *args, stdout=None):
    """Run pg_dump or pg_restore against the current database (the test database in
    tests), with the connection settings Django uses."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client)")
    settings = connection.settings_dict
    env = {**os.environ}
    options = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        options.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        options.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        options.append(f"--username={settings['USER']}")
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    done = subprocess.run(
        [program, *options, "--no-password", *args],
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        raise BackupError(f"{program} failed: {detail}")
