"""Whole-database backups: every table (results, history, users, groups, permissions,
aliases, edited slugs, login lockouts) as the database itself stores it.

PostgreSQL: pg_dump's custom format, restored with pg_restore --clean (so it replaces what
is there). SQLite: the online backup API (a consistent copy while the site runs), restored
the same way in reverse. The JSON season export is not a backup: it holds one tournament's
facts, not users, history or slugs.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """One line saying why a backup or restore cannot be made."""


def backup(path) -> str:
    """Write the whole database to `path`; returns what was written, in words."""
    path = Path(path)
    if connection.vendor == "postgresql":
        _run_pg("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        try:
            target = sqlite3.connect(path)
        except sqlite3.Error as exc:
            raise BackupError(f"{path}: cannot write ({exc})") from exc
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"no backup for the {connection.vendor} database")
    return f"{connection.vendor} database backed up to {path} ({path.stat().st_size:,} bytes)"


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
    return f"{connection.vendor} database restored from {path}"


restore.alters_data = True


def _run_pg(program, *args):
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
        [program, *options, "--no-password", *args], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[0]
        raise BackupError(f"{program} failed: {detail}")
