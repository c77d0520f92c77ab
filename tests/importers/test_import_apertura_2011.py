"""The real 2011 Apertura article: import, export, re-import, round trip."""

import json

import pytest

from tournaments.models import Booking, Goal, Leg, Tie, Tournament

from .conftest import APERTURA_2011, export_document, row_counts, run_export, run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    run_import(APERTURA_2011)
    return export_document("apertura-2011")


def test_import_prints_progress_and_a_summary_per_tournament():
    run = run_import(APERTURA_2011)
    assert "Read " in run.stdout and "2011-apertura-liguilla.txt" in run.stdout
    assert (
        "liga-de-ascenso/2011-12/apertura-2011: 7 teams, 12 legs, 34 goals, "
        "champion Correcaminos, 2nd title (created)" in run.stdout
    )
    assert run.stderr == ""  # no warnings: every goal has a scorer


def test_importing_again_changes_nothing_and_says_so():
    run_import(APERTURA_2011)
    before = row_counts()
    versions = list(Leg.objects.values_list("pk", "version"))
    run = run_import(APERTURA_2011)
    assert "(nothing changed)" in run.stdout
    assert row_counts() == before
    assert list(Leg.objects.values_list("pk", "version")) == versions


def test_seven_qualifiers_with_managers_and_captains(document):
    standings = document["standings"]
    assert [row["team"] for row in standings] == [
        "La Piedad", "Correcaminos", "Neza", "León", "Irapuato", "Necaxa", "Altamira",
    ]  # fmt: skip
    assert (standings[0]["manager"], standings[0]["captain"]) == (
        "Cristóbal Ortega",
        "Jorge Campos",
    )
    assert (standings[1]["captain"], standings[1]["captain_nationality"]) == ("Diego Olsina", "ARG")
    assert all(row["manager"] and row["captain"] for row in standings)
    assert document["slug"] == "apertura-2011" and document["season"] == "2011–12"


def test_la_piedad_has_the_bye_and_six_ties_follow_the_article(document):
    rounds = document["rounds"]
    assert [r["name"] for r in rounds] == ["Quarter-finals", "Semi-finals", "Final"]
    assert rounds[0]["byes"] == ["La Piedad"]
    assert all(r["tiebreak"] == ["aggregate", "table_position"] for r in rounds)
    ties = [
        (t["higher_seed"], t["lower_seed"], t["aggregate"], t["winner"], t["decided_by"])
        for r in rounds
        for t in r["ties"]
    ]
    assert ties == [
        ("Correcaminos", "Altamira", [2, 2], "Correcaminos", "table_position"),
        ("Neza", "Necaxa", [3, 2], "Neza", "aggregate"),
        ("León", "Irapuato", [3, 0], "León", "aggregate"),
        ("La Piedad", "León", [6, 5], "La Piedad", "aggregate"),
        ("Correcaminos", "Neza", [3, 3], "Correcaminos", "table_position"),
        ("La Piedad", "Correcaminos", [1, 4], "Correcaminos", "aggregate"),
    ]


def test_twelve_legs_with_dates_and_scores(document):
    legs = [leg for r in document["rounds"] for t in r["ties"] for leg in t["legs"]]
    assert len(legs) == 12
    semi = next(leg for leg in legs if leg["home"] == "La Piedad" and leg["away"] == "León")
    # León won the second leg at La Piedad 2–1 and still went out 6–5 on aggregate.
    assert (semi["date"], semi["home_score"], semi["away_score"]) == ("2011-12-04", 1, 2)
    assert all(leg["date"] and leg["home_score"] is not None for leg in legs)


def test_all_34_goals_with_full_names_and_minutes(document):
    goals = [
        (g["team"], g["player"], g["minute"])
        for r in document["rounds"]
        for t in r["ties"]
        for leg in t["legs"]
        for g in leg["goals"]
    ]
    assert len(goals) == 34 == Goal.objects.count()
    assert ("León", "Gregorio Torres", 58) in goals
    assert ("Correcaminos", "Raymundo Torres", 24) in goals
    assert ("Correcaminos", "Hugo Sánchez", 70) in goals
    assert ("La Piedad", "Jesús Armando Sánchez", 81) in goals
    assert ("Correcaminos", "Antonio González Arias", 76) in goals
    assert ("La Piedad", "Luis Ángel Mendoza", 90) in goals


def test_the_seven_bookings_keep_the_match_line_names(document):
    cards = [
        (c["team"], c["player"])
        for r in document["rounds"]
        for t in r["ties"]
        for leg in t["legs"]
        for c in leg["cards"]
    ]
    assert sorted(cards) == sorted(
        [
            ("Altamira", "Collazo"),
            ("Neza", "Mejía"),
            ("Irapuato", "Hernández"),
            ("Necaxa", "Castillo"),
            ("Altamira", "Cuevas"),
            ("Neza", "Rojas"),
            ("León", "González"),
        ]
    )
    neza_rojas = Booking.objects.get(player__name="Rojas").player
    assert neza_rojas != Goal.objects.get(player__name="Cristian Rojas").player


def test_champion_runner_up_and_top_scorer(document):
    assert document["summary"] == {
        "champion": "Correcaminos",
        "champion_title": 2,
        "runner_up": "La Piedad",
        "matches": 12,
        "goals": 34,
        "top_scorers": [{"player": "Eder Pacheco", "team": "León", "goals": 4}],
    }


def test_rules_agree_with_the_site():
    run_import(APERTURA_2011)
    semi = Tie.objects.get(round__kind="semi_final", higher_seed__name="La Piedad")
    assert (semi.winner.name, semi.decided_by, semi.aggregate()) == (
        "La Piedad",
        "aggregate",
        (6, 5),
    )


def test_round_trip_through_json_gives_the_same_document(tmp_path, django_db_blocker):
    run_import(APERTURA_2011)
    first = run_export("apertura-2011")
    path = tmp_path / "apertura.json"
    path.write_text(first, encoding="utf-8")
    for model in (Tournament,):
        model.objects.all().delete()
    from tournaments import models

    for model in (models.Person, models.TeamAlias, models.Team, models.Season):
        model.objects.all().delete()
    models.Competition.objects.all().delete()
    assert models.Leg.objects.count() == 0
    run_import(path)
    assert run_export("liga-de-ascenso/2011-12/apertura-2011") == first
    assert "(nothing changed)" in run_import(path).stdout
    assert json.loads(first)["format"] == "liguilla-season/1"


def test_dry_run_reports_and_writes_nothing():
    before = row_counts()
    run = run_import(APERTURA_2011, dry_run=True)
    assert "Dry run, nothing written" in run.stdout and "(would create)" in run.stdout
    assert row_counts() == before


def test_export_lists_slugs_and_rejects_unknown_ones():
    from django.core.management.base import CommandError

    run_import(APERTURA_2011)
    assert run_export("--list") == "apertura-2011\n"
    with pytest.raises(CommandError, match="no tournament 'clausura-1999'"):
        run_export("clausura-1999")
