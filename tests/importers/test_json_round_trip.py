"""The season JSON of the football.txt formats: export, import into an empty database,
export again gives the same document (docs/import-formats.md, "Season JSON"). Single
matches with a shoot-out (the play-in), the play-in's own pairings (the catalogue format
travels as `knockout_format`), two legs with away goals and a final on penalties, the
Campeón de Campeones final after extra time, and the regular season (`league_matches`)."""

import json

import pytest

from tournaments import models
from tournaments.importers.json_format import parse_document

from .conftest import run_export, run_import
from .test_import_footballtxt import NEW, OLD, expansion_season_with_campeon

pytestmark = pytest.mark.django_db


def empty_the_database():
    models.Tournament.objects.all().delete()
    for model in (models.Person, models.TeamAlias, models.Team, models.Season):
        model.objects.all().delete()
    models.Competition.objects.all().delete()
    assert not models.Leg.objects.exists() and not models.LeagueMatch.objects.exists()


def round_trip(full_slug, tmp_path):
    """The document of `full_slug`, and the document after importing it alone into an
    empty database."""
    first = run_export(full_slug)
    path = tmp_path / "season.json"
    path.write_text(first, encoding="utf-8")
    empty_the_database()
    run = run_import(path)
    assert "error" not in run.stderr
    again = run_export(full_slug)
    assert "(nothing changed)" in run_import(path).stdout
    return json.loads(first), json.loads(again)


def test_play_in_with_a_single_match_shootout_comes_back_the_same(tmp_path):
    run_import(NEW)
    first, again = round_trip("liga-mx/2023-24/apertura-2023", tmp_path)
    assert again == first
    assert first["knockout_format"] == "play-in-10"
    play_in = first["rounds"][0]
    assert (play_in["name"], play_in["legs"]) == ("Play-in round 1", 1)
    shootout = next(t for t in play_in["ties"] if t["decided_by"] == "penalties")
    assert shootout["penalties"] == {"home": 3, "away": 5}
    assert [leg["leg"] for leg in shootout["legs"]] == [1]
    assert len(first["league_matches"]) == 45
    assert models.LeagueMatch.objects.count() == 45
    tournament = models.Tournament.objects.get(slug="apertura-2023")
    assert [r.legs for r in tournament.rounds_in_order()] == [1, 1, 2, 2, 2]


def test_old_layout_two_legs_and_a_final_on_penalties_come_back_the_same(tmp_path):
    run_import(OLD / "1-apertura.txt", OLD / "1-apertura_liguilla.txt")
    first, again = round_trip("liga-mx/2013-14/apertura-2013", tmp_path)
    assert again == first
    assert first["rounds"][-1]["ties"][0]["decided_by"] == "penalties"


def test_campeon_de_campeones_after_extra_time_comes_back_the_same(tmp_path, write_source):
    run_import(write_source(expansion_season_with_campeon(), "exp.txt"))
    first, again = round_trip("liga-de-expansion-mx/2023-24/campeon-de-campeones", tmp_path)
    assert again == first
    (final,) = first["rounds"][0]["ties"]
    assert (final["decided_by"], final["extra_time"]) == (
        "extra_time",
        {"home_score": 0, "away_score": 1},  # Tigres' winner at América, in extra time
    )


def test_extra_time_and_penalties_of_a_single_match_belong_to_its_one_leg():
    document = {
        "format": "liguilla-season/1",
        "competition": "Liga de Expansión MX",
        "season": "2020–21",
        "tournament": "Apertura 2020",
        "slug": "apertura-2020",
        "knockout_format": "expansion-2020",
        "standings": [],
        "rounds": [
            {
                "name": "Round 1",
                "legs": 1,
                "ties": [
                    {
                        "higher_seed": "Tapatío",
                        "lower_seed": "TM Fútbol Club",
                        "legs": [
                            {"leg": 1, "home": "Tapatío", "away": "TM Fútbol Club"}
                            | {"home_score": 0, "away_score": 0}
                        ],
                        "extra_time": {"home_score": 0, "away_score": 0},
                        "penalties": {"home": 3, "away": 5},
                    }
                ],
            }
        ],
    }
    record = parse_document(json.dumps(document), "x.json")
    (leg,) = record.rounds[0].legs
    assert (leg.extra_time, leg.penalties) == ((0, 0), (3, 5))
    assert (record.knockout_format, record.rounds[0].legs_per_tie) == ("expansion-2020", 1)


def test_an_unknown_knockout_format_is_named(write_source):
    from django.core.management.base import CommandError

    run_import(NEW)
    document = json.loads(run_export("liga-mx/2023-24/apertura-2023"))
    document["knockout_format"] = "play-in-12"
    path = write_source(json.dumps(document, indent=1), "season.json")
    with pytest.raises(CommandError, match="unknown knockout format 'play-in-12'"):
        run_import(path)
