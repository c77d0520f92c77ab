"""Builders that run once per test process and are replayed afterwards.

The suite builds the same data again and again: the 2011 Apertura entered leg by leg
through the domain methods (110 tests), the 64-team tournament, the whole openfootball
bundle through `import_season`. Each test's transaction is rolled back, so each test pays
for the build again although it starts from the same database and ends with the same rows.

`@replayable` runs the real builder the first time it is called from a given database state
and notes which rows it wrote. A later call from the *same* state (every table's rows equal,
compared in full) writes those rows back with plain SQL and returns the same objects read
afresh, at a fraction of the cost. Any other state (a test that created or changed rows
first, a table too big to compare) runs the real builder, so a replay can only ever give
what the builder itself would give. The builders' own behaviour stays tested: every process
runs each of them for real at least once, and the tests of the domain methods call them.

Foreign keys are deferred to the commit on SQLite and PostgreSQL (Django creates them
DEFERRABLE INITIALLY DEFERRED), so the rows go back in any order, in one transaction.
Test code only.
"""

import functools
import hashlib

from django.db import connection, transaction
from django.db.models import Model

# A state with a table larger than this is not compared (nor replayed): the first call of a
# test comes from a nearly empty database.
MAX_ROWS = 5_000
SKIPPED_TABLES = {"django_migrations", "django_session"}
# Rebuilt with new ids after every transactional test's flush, and read by none of the
# builders: left out of the comparison, so a build after a flush replays too. A build that
# writes any of them (or a row pointing at them) is never recorded.
CATALOGUE_TABLES = {
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
    "auth_user_user_permissions",
    "django_admin_log",
}


def _tables():
    return sorted(
        t
        for t in connection.introspection.table_names(include_views=False)
        if t not in SKIPPED_TABLES
    )


def _rows(table, limit):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchmany(limit + 1) if limit else cursor.fetchall()
    return columns, rows


def _state(limit=MAX_ROWS):
    """Every table's rows but the catalogue's, or None when one is larger than `limit`
    (None: no limit)."""
    state = {}
    for table in _tables():
        if table in CATALOGUE_TABLES:
            continue
        columns, rows = _rows(table, limit)
        if limit and len(rows) > limit:
            return None
        state[table] = (columns, rows)
    return state


def _catalogue():
    return {table: sorted(map(repr, _rows(table, None)[1])) for table in CATALOGUE_TABLES}


def _fingerprint(state):
    digest = hashlib.sha256()
    for table, (columns, rows) in sorted(state.items()):
        digest.update(repr((table, columns, sorted(map(repr, rows)))).encode())
    return digest.hexdigest()


def _adapt(value):
    """PostgreSQL returns a jsonb column as Python lists and dicts; send them back as
    jsonb."""
    if connection.vendor == "postgresql" and isinstance(value, (dict, list)):
        from psycopg.types.json import Jsonb

        return Jsonb(value)
    return value


def _write_back(changed):
    """In one transaction, so that the foreign keys are checked once every row is back
    (a transactional test builds outside any transaction)."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in changed.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                names = ", ".join(map(quote, columns))
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",
                    [[_adapt(value) for value in row] for row in rows],
                )
            if connection.vendor == "postgresql" and rows:
                _sequence_past(cursor, table, columns, rows)


def _sequence_past(cursor, table, columns, rows):
    """Rows written back keep their ids; the table's id sequence must stay past them."""
    key = connection.introspection.get_primary_key_column(cursor, table)
    if key is None:
        return
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, key])
    (sequence,) = cursor.fetchone()
    if sequence is None:
        return
    highest = max(row[columns.index(key)] for row in rows)
    cursor.execute(
        f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {sequence})))",
        [sequence, highest],
    )


NOTHING = ("nothing",)


def _identity(result):
    """What the builder returned, as (model, pk) pairs to read back; None when it is
    not made of model instances."""
    if result is None:
        return NOTHING
    if isinstance(result, Model):
        return (type(result), result.pk)
    if isinstance(result, (tuple, list)) and all(isinstance(r, Model) for r in result):
        return tuple((type(r), r.pk) for r in result), type(result)
    return None


def _read_back(identity):
    if identity == NOTHING:
        return None
    if isinstance(identity[0], type):
        model, pk = identity
        return model._base_manager.get(pk=pk)
    pairs, kind = identity
    return kind(model._base_manager.get(pk=pk) for model, pk in pairs)


def replayable(builder):
    recordings = {}

    def run(*args, **kwargs):
        """The real builder, in one transaction: the page cache's versions are raised
        once, at its end, as for an import (cache/invalidation.py), not after each of the
        thousands of writes a whole history makes (six times its cost)."""
        with transaction.atomic():
            return builder(*args, **kwargs)

    @functools.wraps(builder)
    def build(*args, **kwargs):
        before = _state()
        if before is None:
            return run(*args, **kwargs)
        key = (
            connection.vendor,
            connection.settings_dict["NAME"],
            repr(args),
            repr(sorted(kwargs.items())),
            _fingerprint(before),
        )
        if key in recordings:
            changed, identity = recordings[key]
            _write_back(changed)
            return _read_back(identity)
        catalogue = _catalogue()
        result = run(*args, **kwargs)
        identity = _identity(result)
        if identity is not None and _catalogue() == catalogue:
            after = _state(limit=None)
            changed = {
                table: after[table]
                for table in after
                if table not in before
                or sorted(map(repr, before[table][1])) != sorted(map(repr, after[table][1]))
            }
            recordings[key] = (changed, identity)
        return result

    return build
