"""The suite's replayed builders (tests/replay.py): a replay leaves the database exactly as
the real builder leaves it, every row of every table, and only ever happens from the
state the builder was recorded in; from any other state the real builder runs.

Each test wraps the builder in a fresh `replayable` that counts the real runs, so the
recordings of the suite's own builders are neither used nor changed here."""

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from tournaments.models import Leg, Team

from . import replay
from .apertura_2011 import build_apertura_2011
from .history_builders import make_history
from .replay import replayable

pytestmark = pytest.mark.django_db


# -- helpers ------------------------------------------------------------------------------


class Counted:
    """A builder made replayable, counting how often the real one ran."""

    def __init__(self, builder):
        self.runs = 0
        builder = getattr(builder, "__wrapped__", builder)  # the real one, not the suite's

        def real(*args, **kwargs):
            self.runs += 1
            return builder(*args, **kwargs)

        self.build = replayable(real)

    def __call__(self, *args, **kwargs):
        return self.build(*args, **kwargs)


@contextmanager
def rolled_back():
    """Whatever the block writes is undone: a savepoint of the test's transaction, not an
    atomic block, so that the builder runs exactly as in any test (the page cache's
    versions raised at once, tests/conftest.py) and nothing it noted outlives the block."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def database():
    """Every row of every table (Django's catalogue included), each table's rows sorted:
    read here with plain SQL, not with tests/replay.py's own reader."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = tuple(column[0] for column in cursor.description)
            rows[table] = (columns, sorted(map(tuple, cursor.fetchall()), key=repr))
    return rows


def tables_that_differ(one, other):
    return sorted(
        table for table in one.keys() | other.keys() if one.get(table) != other.get(table)
    )


def identity(result):
    """What a builder returned, as (model, pk, field values) per instance."""
    instances = result if isinstance(result, (list, tuple)) else [result]
    return type(result), [
        (type(obj), obj.pk, {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
        for obj in instances
    ]


# -- a replay gives the database the real builder gives -----------------------------------

BUILDERS = {
    # Entered leg by leg through the domain methods; returns the tournament.
    "apertura-2011": (build_apertura_2011, {}),
    # Liguillas of two competitions over three seasons, every rule deciding some tie;
    # returns the list of tournaments.
    "history": (make_history, {"liga_mx_seasons": 2, "expansion_seasons": 1}),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_a_replay_writes_every_row_the_real_builder_writes(name):
    builder, kwargs = BUILDERS[name]
    build = Counted(builder)
    before = database()
    with rolled_back():
        built = identity(build(**kwargs))
        real = database()
    assert build.runs == 1
    assert database() == before

    replayed = build(**kwargs)

    assert build.runs == 1, "the second call from the same state is a replay"
    after = database()
    assert tables_that_differ(after, real) == []
    assert identity(replayed) == built
    connection.check_constraints()  # every replayed row's foreign keys hold
    # Not a vacuous comparison: the builder wrote the tournament, its legs, their
    # history and the page cache's versions, and the replay put them back.
    written = set(tables_that_differ(real, before))
    assert {
        "tournaments_tournament",
        "tournaments_leg",
        "tournaments_historicalleg",
        "tournaments_scopeversion",
    } <= written


def test_the_comparison_sees_a_single_changed_value():
    """The check above would catch a replay one score off."""
    build = Counted(build_apertura_2011)
    with rolled_back():
        build()
        real = database()
    build()
    leg = Leg.objects.exclude(home_score=None).order_by("pk").first()
    Leg.objects.filter(pk=leg.pk).update(home_score=leg.home_score + 1)
    assert tables_that_differ(database(), real) == ["tournaments_leg"]


# -- a replay only from the state it was recorded in --------------------------------------


def record(build, *args, **kwargs):
    """Run the builder once for real and undo what it wrote: the recording stays."""
    with rolled_back():
        build(*args, **kwargs)
    assert build.runs == 1


def test_a_row_added_before_the_call_runs_the_real_builder():
    build = Counted(build_apertura_2011)
    record(build)
    Team.objects.create(name="Tampico Madero", slug="tampico-madero")
    tournament = build()
    assert build.runs == 2
    assert tournament.champion().name == "Correcaminos"


def test_a_row_changed_before_the_call_runs_the_real_builder():
    """The states are compared value by value, not by their number of rows."""
    Team.objects.create(name="Tampico Madero", slug="tampico-madero")
    build = Counted(build_apertura_2011)
    record(build)
    Team.objects.filter(slug="tampico-madero").update(name="Tampico")
    build()
    assert build.runs == 2


def test_other_arguments_run_the_real_builder():
    build = Counted(build_apertura_2011)
    record(build)
    with rolled_back():
        build(through="semi-finals")
        assert build.runs == 2
    build()
    assert build.runs == 2, "the first arguments' recording still replays"


def test_a_table_too_big_to_compare_runs_the_real_builder_every_time():
    User.objects.bulk_create(User(username=f"fan{n}") for n in range(replay.MAX_ROWS + 1))
    build = Counted(build_apertura_2011)
    record(build)
    build()
    assert build.runs == 2


# -- the catalogue (content types, permissions, admin log) --------------------------------


def test_the_catalogue_is_left_out_of_the_comparison():
    """No builder reads the catalogue, so a change there does not stop a replay (a
    transactional test's flush, below, rebuilds it with new ids)."""
    build = Counted(build_apertura_2011)
    record(build)
    Permission.objects.filter(codename="view_team").delete()
    build()
    assert build.runs == 1


def club_and_content_type():
    ContentType.objects.create(app_label="tests", model="scratch")
    return Team.objects.create(name="Atlante", slug="atlante")


def club():
    return Team.objects.create(name="Atlante", slug="atlante")


@pytest.mark.parametrize(
    ("builder", "runs"), [(club, 1), (club_and_content_type, 2)], ids=["club", "catalogue"]
)
def test_a_builder_that_writes_the_catalogue_is_never_replayed(builder, runs):
    build = Counted(builder)
    record(build)
    build()
    assert build.runs == runs


# -- what the builder returns -------------------------------------------------------------


def nothing():
    Team.objects.create(name="Atlante", slug="atlante")


def a_pair():
    return (
        Team.objects.create(name="Atlante", slug="atlante"),
        Team.objects.create(name="Celaya", slug="celaya"),
    )


def a_name():
    return Team.objects.create(name="Atlante", slug="atlante").name


@pytest.mark.parametrize(
    ("builder", "runs"),
    [(nothing, 1), (a_pair, 1), (a_name, 2)],
    ids=["nothing", "instances", "a-string"],
)
def test_only_model_instances_or_nothing_are_given_back(builder, runs):
    """None, an instance, or a tuple or list of instances is read back afresh; anything
    else cannot be, so such a builder always runs."""
    build = Counted(builder)
    with rolled_back():
        real = build()
    replayed = build()
    assert build.runs == runs
    if real is None or isinstance(real, str):
        assert replayed == real
    else:
        assert identity(replayed) == identity(real)  # a tuple again, of the same rows


# -- outside a test's transaction, and PostgreSQL's sequences -----------------------------


def flush():
    """Empty the database as after a transactional test: the catalogue comes back (post
    migrate) with new ids."""
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_a_build_after_a_transactional_tests_flush_replays():
    """Outside any transaction the rows go back in one, whose commit checks every
    foreign key; the catalogue's new ids do not stop the replay."""
    flush()
    build = Counted(build_apertura_2011)
    build()
    real = database()
    flush()
    build()
    assert build.runs == 1
    differ = tables_that_differ(database(), real)
    assert "django_content_type" in differ
    assert set(differ) <= replay.CATALOGUE_TABLES
    connection.check_constraints()


@pytest.mark.postgres_only("SQLite has no sequences to move")
def test_new_rows_after_a_replay_take_ids_past_the_replayed_ones():
    build = Counted(build_apertura_2011)
    with rolled_back():
        build()
        recorded = list(Team.objects.order_by("pk").values_list("pk", flat=True))
    # As if the sequence had never handed out the recorded ids (a database made afresh).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('tournaments_team', 'id'), %s, false)",
            [recorded[0]],
        )
    build()
    assert build.runs == 1
    assert Team.objects.create(name="Tampico Madero", slug="tampico-madero").pk > recorded[-1]
