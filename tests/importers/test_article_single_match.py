"""Single-match rounds read from articles written from scratch, each by another editor's
hand: a reclassification-era Liguilla (twelve clubs; fifth to twelfth play one match at the
better-placed club's ground, a level match going straight to penalties) and a Play-In-era
one (7th v 8th and 9th v 10th, then the loser of the first against the winner of the
second for seed 8; a final with extra time and penalties). Every fact is checked through
the season JSON the site exports, against values worked out by hand from the articles."""

import json
from collections import Counter

import pytest
from django.core.management.base import CommandError

from tournaments.models import Competition, Person, Season, Team, TeamAlias, Tournament

from .conftest import ARTICLES_DIR, export_document, run_export, run_import

pytestmark = pytest.mark.django_db

RECLASSIFICATION = ARTICLES_DIR / "2021-liga-mx-apertura-reclassification.txt"
PLAY_IN = ARTICLES_DIR / "2023-liga-mx-apertura-play-in.txt"

SHOOTOUT = ["aggregate", "penalties"]
LIGUILLA = ["aggregate", "table_position"]
CUP_FINAL = ["aggregate", "extra_time", "penalties"]


def ties_of(document):
    """{(round, higher seed): (lower seed, winner, decided_by, aggregate, extra time,
    penalties)} from the exported document."""
    return {
        (round_["name"], tie["higher_seed"]): (
            tie["lower_seed"],
            tie["winner"],
            tie["decided_by"],
            tuple(tie["aggregate"]),
            _pair(tie["extra_time"], "home_score", "away_score"),
            _pair(tie["penalties"], "home", "away"),
        )
        for round_ in document["rounds"]
        for tie in round_["ties"]
    }


def _pair(value, home, away):
    return value and (value[home], value[away])


def legs_of(document):
    return [
        (leg["date"], leg["leg"], leg["home"], leg["home_score"], leg["away_score"], leg["away"])
        for round_ in document["rounds"]
        for tie in round_["ties"]
        for leg in tie["legs"]
    ]


def goals_of(document):
    """Goals per (scorer, the club credited), own goals apart, from every leg."""
    goals, own = Counter(), Counter()
    for round_ in document["rounds"]:
        for tie in round_["ties"]:
            for leg in tie["legs"]:
                for goal in leg["goals"]:
                    (own if goal["own_goal"] else goals)[(goal["player"], goal["team"])] += 1
    return goals, own


def leg_goals(document, home, away):
    leg = next(
        leg
        for round_ in document["rounds"]
        for tie in round_["ties"]
        for leg in tie["legs"]
        if (leg["home"], leg["away"]) == (home, away)
    )
    return [
        (g["minute"], g["added_time"], g["team"], g["player"], g["penalty"], g["own_goal"])
        for g in leg["goals"]
    ]


# -- the reclassification era --------------------------------------------------------------


@pytest.fixture
def apertura_2021():
    run = run_import(RECLASSIFICATION)
    assert "warning" not in run.stderr, run.stderr
    return export_document("liga-mx/2021-22/apertura-2021")


def test_reclassification_rounds_legs_and_rules_as_the_article_states(apertura_2021):
    document = apertura_2021
    assert document["knockout_format"] == "reclassification-12"
    assert [(r["name"], r["legs"], r["tiebreak"]) for r in document["rounds"]] == [
        ("Reclassification", 1, SHOOTOUT),
        ("Quarter-finals", 2, LIGUILLA),
        ("Semi-finals", 2, LIGUILLA),
        ("Final", 2, CUP_FINAL),
    ]
    assert [(e["position"], e["team"], e["points"]) for e in document["standings"]] == [
        (1, "Atlas", 34), (2, "América", 33), (3, "León", 31), (4, "Tigres UANL", 30),
        (5, "Monterrey", 29), (6, "Santos Laguna", 28), (7, "Cruz Azul", 26),
        (8, "Pachuca", 25), (9, "Puebla", 24), (10, "Guadalajara", 23), (11, "Toluca", 22),
        (12, "Tijuana", 21),
    ]  # fmt: skip


def test_reclassification_ties_hosted_by_the_better_placed_club_and_decided_as_stated(
    apertura_2021,
):
    assert ties_of(apertura_2021) == {
        ("Reclassification", "Monterrey"): (
            "Tijuana", "Monterrey", "aggregate", (3, 1), None, None,
        ),
        ("Reclassification", "Santos Laguna"): (
            "Toluca", "Toluca", "aggregate", (1, 2), None, None,
        ),
        # Level after 90 minutes: straight to penalties, no extra time.
        ("Reclassification", "Cruz Azul"): (
            "Guadalajara", "Guadalajara", "penalties", (0, 0), None, (3, 4),
        ),
        ("Reclassification", "Pachuca"): ("Puebla", "Puebla", "penalties", (1, 1), None, (3, 5)),
        # The four winners join the top four, re-seeded: 1 v 11, 2 v 10, 3 v 9, 4 v 5.
        ("Quarter-finals", "Atlas"): ("Toluca", "Atlas", "aggregate", (3, 2), None, None),
        ("Quarter-finals", "América"): (
            "Guadalajara", "América", "table_position", (1, 1), None, None,
        ),
        ("Quarter-finals", "León"): ("Puebla", "Puebla", "aggregate", (1, 3), None, None),
        ("Quarter-finals", "Tigres UANL"): (
            "Monterrey", "Tigres UANL", "aggregate", (3, 2), None, None,
        ),
        ("Semi-finals", "Atlas"): ("Puebla", "Atlas", "aggregate", (2, 1), None, None),
        ("Semi-finals", "América"): (
            "Tigres UANL", "América", "table_position", (2, 2), None, None,
        ),
        ("Final", "Atlas"): ("América", "Atlas", "penalties", (1, 1), (0, 0), (4, 3)),
    }  # fmt: skip


def test_reclassification_legs_and_dates(apertura_2021):
    assert sorted(legs_of(apertura_2021)) == sorted([
        ("2021-11-20", 1, "Monterrey", 3, 1, "Tijuana"),
        ("2021-11-20", 1, "Santos Laguna", 1, 2, "Toluca"),
        ("2021-11-21", 1, "Cruz Azul", 0, 0, "Guadalajara"),
        ("2021-11-21", 1, "Pachuca", 1, 1, "Puebla"),
        ("2021-11-24", 1, "Toluca", 2, 1, "Atlas"),
        ("2021-11-24", 1, "Guadalajara", 1, 0, "América"),
        ("2021-11-25", 1, "Puebla", 2, 1, "León"),
        ("2021-11-25", 1, "Monterrey", 1, 1, "Tigres UANL"),
        ("2021-11-27", 2, "Atlas", 2, 0, "Toluca"),
        ("2021-11-27", 2, "América", 1, 0, "Guadalajara"),
        ("2021-11-28", 2, "León", 0, 1, "Puebla"),
        ("2021-11-28", 2, "Tigres UANL", 2, 1, "Monterrey"),
        ("2021-12-01", 1, "Puebla", 0, 1, "Atlas"),
        ("2021-12-02", 1, "Tigres UANL", 2, 1, "América"),
        ("2021-12-04", 2, "Atlas", 1, 1, "Puebla"),
        ("2021-12-05", 2, "América", 1, 0, "Tigres UANL"),
        ("2021-12-09", 1, "América", 1, 0, "Atlas"),
        ("2021-12-12", 2, "Atlas", 1, 0, "América"),
    ])  # fmt: skip


def test_reclassification_scorers_own_goal_and_summary(apertura_2021):
    goals, own = goals_of(apertura_2021)
    assert goals == {
        ("Santiago Ormeño", "Puebla"): 5,
        ("Julio Furch", "Atlas"): 4,
        ("André-Pierre Gignac", "Tigres UANL"): 3,
        ("Henry Martín", "América"): 3,
        ("Rogelio Funes Mori", "Monterrey"): 3,
        ("Alexis Canelo", "Toluca"): 2,
        ("Camilo Sanvezzo", "Toluca"): 2,
        ("Germán Berterame", "Monterrey"): 2,
        ("Julián Quiñones", "Atlas"): 2,
        ("Mauro Lainez", "Tijuana"): 1,
        ("Harold Preciado", "Santos Laguna"): 1,
        ("Romario Ibarra", "Pachuca"): 1,
        ("José Juan Macías", "Guadalajara"): 1,
        ("Ángel Mena", "León"): 1,
        ("Florian Thauvin", "Tigres UANL"): 1,
        ("Diego Valdés", "América"): 1,
    }
    # "autogol de Stefan Medina (Monterrey) a favor de Tigres UANL": counted for Tigres.
    assert own == {("Stefan Medina", "Tigres UANL"): 1}
    assert leg_goals(apertura_2021, "Tigres UANL", "Monterrey") == [
        (30, None, "Tigres UANL", "André-Pierre Gignac", False, False),
        (55, None, "Monterrey", "Rogelio Funes Mori", False, False),
        (77, None, "Tigres UANL", "Stefan Medina", False, True),
    ]
    assert leg_goals(apertura_2021, "Pachuca", "Puebla") == [
        (23, None, "Pachuca", "Romario Ibarra", False, False),
        (67, None, "Puebla", "Santiago Ormeño", True, False),
    ]
    assert leg_goals(apertura_2021, "América", "Tigres UANL") == [
        (45, 2, "América", "Diego Valdés", False, False),
    ]
    summary = apertura_2021["summary"]
    assert (summary["champion"], summary["runner_up"]) == ("Atlas", "América")
    assert (summary["matches"], summary["goals"]) == (18, 34)
    assert summary["top_scorers"] == [{"player": "Santiago Ormeño", "team": "Puebla", "goals": 5}]


# -- the Play-In era -----------------------------------------------------------------------


@pytest.fixture
def apertura_2023():
    run = run_import(PLAY_IN)
    assert "warning" not in run.stderr, run.stderr
    return export_document("liga-mx/2023-24/apertura-2023")


def test_play_in_rounds_legs_and_rules_as_the_article_states(apertura_2023):
    document = apertura_2023
    assert document["knockout_format"] == "play-in-10"
    assert [(r["name"], r["legs"], r["tiebreak"]) for r in document["rounds"]] == [
        ("Play-in round 1", 1, SHOOTOUT),
        ("Play-in round 2", 1, SHOOTOUT),
        ("Quarter-finals", 2, LIGUILLA),
        ("Semi-finals", 2, LIGUILLA),
        ("Final", 2, CUP_FINAL),
    ]


def test_play_in_seeding_winner_of_7_v_8_is_seed_7_winner_of_the_second_match_seed_8(
    apertura_2023,
):
    assert ties_of(apertura_2023) == {
        ("Play-in round 1", "Pumas UNAM"): ("Toluca", "Toluca", "aggregate", (1, 2), None, None),
        ("Play-in round 1", "Pachuca"): (
            "Santos Laguna", "Santos Laguna", "penalties", (2, 2), None, (3, 4),
        ),
        # The loser of 7 v 8 hosts the winner of 9 v 10.
        ("Play-in round 2", "Pumas UNAM"): (
            "Santos Laguna", "Pumas UNAM", "aggregate", (1, 0), None, None,
        ),
        # Toluca (seed 7) meet the 2nd, Pumas (seed 8) the 1st.
        ("Quarter-finals", "América"): ("Pumas UNAM", "América", "aggregate", (4, 2), None, None),
        ("Quarter-finals", "Monterrey"): (
            "Toluca", "Monterrey", "table_position", (2, 2), None, None,
        ),
        ("Quarter-finals", "Tigres UANL"): (
            "Atlético San Luis", "Atlético San Luis", "aggregate", (1, 3), None, None,
        ),
        ("Quarter-finals", "Guadalajara"): (
            "León", "Guadalajara", "aggregate", (3, 2), None, None,
        ),
        ("Semi-finals", "América"): (
            "Atlético San Luis", "América", "aggregate", (2, 1), None, None,
        ),
        ("Semi-finals", "Monterrey"): (
            "Guadalajara", "Monterrey", "table_position", (1, 1), None, None,
        ),
        ("Final", "América"): ("Monterrey", "América", "penalties", (3, 3), (1, 1), (5, 4)),
    }  # fmt: skip
    tournament = Tournament.objects.get(slug="apertura-2023")
    seeds = tournament.knockout_plan(3).seeds
    assert {team.name: seeds[team] for team in seeds if seeds[team] >= 7} == {
        "Toluca": 7, "Pumas UNAM": 8, "Pachuca": 9, "Santos Laguna": 10,
    }  # fmt: skip


def test_play_in_legs_kickoffs_and_final_after_extra_time(apertura_2023):
    assert sorted(legs_of(apertura_2023)) == sorted([
        ("2023-11-22", 1, "Pumas UNAM", 1, 2, "Toluca"),
        ("2023-11-23", 1, "Pachuca", 2, 2, "Santos Laguna"),
        ("2023-11-26", 1, "Pumas UNAM", 1, 0, "Santos Laguna"),
        ("2023-11-29", 1, "Pumas UNAM", 1, 1, "América"),
        ("2023-11-29", 1, "Toluca", 2, 1, "Monterrey"),
        ("2023-11-30", 1, "Atlético San Luis", 1, 0, "Tigres UANL"),
        ("2023-11-30", 1, "León", 2, 2, "Guadalajara"),
        ("2023-12-02", 2, "América", 3, 1, "Pumas UNAM"),
        ("2023-12-02", 2, "Monterrey", 1, 0, "Toluca"),
        ("2023-12-03", 2, "Tigres UANL", 1, 2, "Atlético San Luis"),
        ("2023-12-03", 2, "Guadalajara", 1, 0, "León"),
        ("2023-12-06", 1, "Atlético San Luis", 0, 0, "América"),
        ("2023-12-07", 1, "Guadalajara", 1, 1, "Monterrey"),
        ("2023-12-09", 2, "América", 2, 1, "Atlético San Luis"),
        ("2023-12-10", 2, "Monterrey", 0, 0, "Guadalajara"),
        ("2023-12-14", 1, "Monterrey", 1, 1, "América"),
        # 1–1 after 90 minutes (the article's 2–2 is after 120).
        ("2023-12-17", 2, "América", 1, 1, "Monterrey"),
    ])  # fmt: skip
    kickoffs = {
        (leg["home"], leg["away"]): leg.get("kickoff")
        for round_ in apertura_2023["rounds"]
        for tie in round_["ties"]
        for leg in tie["legs"]
    }
    assert kickoffs[("Pumas UNAM", "Toluca")] == "19:00"
    assert kickoffs[("América", "Monterrey")] == "18:00"
    assert leg_goals(apertura_2023, "América", "Monterrey") == [
        (50, None, "América", "Diego Valdés", False, False),
        (75, None, "Monterrey", "Germán Berterame", False, False),
        (105, None, "América", "Henry Martín", False, False),
        (118, None, "Monterrey", "Rogelio Funes Mori", False, False),
    ]


def test_play_in_scorers_own_goal_and_summary(apertura_2023):
    goals, own = goals_of(apertura_2023)
    assert goals == {
        ("Henry Martín", "América"): 6,
        ("Germán Berterame", "Monterrey"): 3,
        ("Roberto Alvarado", "Guadalajara"): 3,
        ("Léo Bonatini", "Atlético San Luis"): 3,
        ("Juan Ignacio Dinenno", "Pumas UNAM"): 2,
        ("César Huerta", "Pumas UNAM"): 2,
        ("Maximiliano Araújo", "Toluca"): 2,
        ("Alexis Vega", "Toluca"): 2,
        ("Harold Preciado", "Santos Laguna"): 2,
        ("Diego Valdés", "América"): 2,
        ("Sergio Canales", "Monterrey"): 2,
        ("Salomón Rondón", "Pachuca"): 1,
        ("Oussama Idrissi", "Pachuca"): 1,
        ("André-Pierre Gignac", "Tigres UANL"): 1,
        ("Mateo Sanabria", "Atlético San Luis"): 1,
        ("Lucas Di Yorio", "León"): 1,
        ("Fidel Ambríz", "León"): 1,
        ("Alejandro Zendejas", "América"): 1,
        ("Rogelio Funes Mori", "Monterrey"): 1,
    }
    # "Tesillo 25' (a.g.)" under Guadalajara; "William Tesillo (León, for Guadalajara)".
    assert own == {("William Tesillo", "Guadalajara"): 1}
    assert leg_goals(apertura_2023, "Monterrey", "Toluca") == [
        (45, 1, "Monterrey", "Sergio Canales", True, False),
    ]
    summary = apertura_2023["summary"]
    assert (summary["champion"], summary["runner_up"]) == ("América", "Monterrey")
    assert (summary["matches"], summary["goals"]) == (17, 38)
    assert summary["top_scorers"] == [{"player": "Henry Martín", "team": "América", "goals": 6}]


# -- what a dry run prints -----------------------------------------------------------------


def test_dry_run_prints_single_matches_as_clearly_as_two_legs():
    run = run_import(PLAY_IN, dry_run=True)
    for printed in [
        "Format play-in-10: The top ten: the play-in",
        "Play-in round 1 (single matches, the higher seed at home): tiebreak aggregate, "
        "penalties (line 32)",
        "  joining here: Pumas UNAM (7.), Toluca (8.), Pachuca (9.), Santos Laguna (10.)",
        "  Pumas UNAM 1–2 Toluca: Toluca advance on aggregate, seed 7",
        "  Pachuca 2–2 Santos Laguna, 3–4 on penalties: Santos Laguna advance on penalties, "
        "to the match for the next seed",
        "  Pumas UNAM 1–0 Santos Laguna: Pumas UNAM advance on aggregate, seed 8",
        "Quarter-finals (two legs, the higher seed at home in the second): tiebreak "
        "aggregate, table_position (line 34)",
        "  joining here: América (1.), Monterrey (2.), Tigres UANL (3.), Guadalajara (4.), "
        "León (5.), Atlético San Luis (6.)",
        "  Monterrey 2–2 Toluca on aggregate (Toluca 2–1 Monterrey; Monterrey 1–0 Toluca): "
        "Monterrey advance on table_position",
        "  América 3–3 Monterrey on aggregate (Monterrey 1–1 América; América 1–1 Monterrey, "
        "2–2 after extra time, 5–4 on penalties): América advance on penalties",
        "Dry run, nothing written.",
    ]:
        assert printed in run.stdout, run.stdout
    assert not Tournament.objects.exists()


def test_dry_run_names_the_reclassification_shootout_after_90_minutes():
    run = run_import(RECLASSIFICATION, dry_run=True)
    for printed in [
        "Reclassification (single matches, the higher seed at home): tiebreak aggregate, "
        "penalties (line 34)",
        "  joining here: Monterrey (5.), Santos Laguna (6.), Cruz Azul (7.), Pachuca (8.), "
        "Puebla (9.), Guadalajara (10.), Toluca (11.), Tijuana (12.)",
        "  Cruz Azul 0–0 Guadalajara, 3–4 on penalties: Guadalajara advance on penalties",
        "  joining here: Atlas (1.), América (2.), León (3.), Tigres UANL (4.)",
    ]:
        assert printed in run.stdout, run.stdout


# -- an incomplete article -------------------------------------------------------------------


def test_an_article_missing_scorer_lines_imports_its_facts_with_warnings(write_source):
    """Puebla's scorer lines left out: every result still imports; each leg with unnamed
    goals is named, and the infobox's and the list's figure for Santiago Ormeño (5, none
    of them in the match lines now) is a warning saying where each figure comes from."""
    text = RECLASSIFICATION.read_text(encoding="utf-8")
    for line in [
        "  Puebla: 67' (pen.) Ormeño\n",
        "  Puebla: Ormeño 10', 44'\n",
        "  Puebla: 63' Ormeño\n",
        "  Puebla: 85' Ormeño\n",
    ]:
        assert line in text
        text = text.replace(line, "")
    path = write_source(text, "incomplete.txt")
    run = run_import(path)
    lines = text.splitlines()

    def at(fragment):
        return f"{path}:{next(n for n, x in enumerate(lines, 1) if fragment in x)}: "

    for where, words in [
        (at("Pachuca 1 – 1 Puebla"), "Pachuca 1–1 Puebla: scorers incomplete (1 of 2 named)"),
        (at("Puebla 2 – 1 León"), "Puebla 2–1 León: scorers incomplete (1 of 3 named)"),
        (at("León 0 – 1 Puebla"), "León 0–1 Puebla: scorers incomplete (no scorer line)"),
        (at("Atlas 1 – 1 Puebla"), "Atlas 1–1 Puebla: scorers incomplete (1 of 2 named)"),
        (
            at("Top Goal Scorer"),
            "top scorer Santiago Ormeño: the source says 5, the match lines name none "
            "of his goals (Puebla has unnamed goals; not all named in Pachuca 1–1 Puebla",
        ),
        (
            at("- PER Santiago Ormeño"),
            "Santiago Ormeño (Puebla): the list says 5 goals, the match lines give 0 "
            "(Puebla has unnamed goals)",
        ),
    ]:
        assert f"warning: {where}{words}" in run.stderr, run.stderr
    assert run.stderr.count("warning: ") == 6, run.stderr
    document = export_document("liga-mx/2021-22/apertura-2021")
    assert ties_of(document)[("Quarter-finals", "León")][1:4] == ("Puebla", "aggregate", (1, 3))
    assert (document["summary"]["champion"], document["summary"]["goals"]) == ("Atlas", 34)
    # The site's own table counts the goals the match lines name.
    assert document["summary"]["top_scorers"] == [
        {"player": "Julio Furch", "team": "Atlas", "goals": 4}
    ]


def test_a_top_scorer_contradicted_by_complete_match_lines_is_still_an_error(write_source):
    text = RECLASSIFICATION.read_text(encoding="utf-8").replace(
        "Top Goal Scorer: PER Santiago Ormeño (5)", "Top Goal Scorer: ARG Julio Furch (5)"
    )
    with pytest.raises(CommandError, match=r"top scorer\(s\): the source says Julio Furch"):
        run_import(write_source(text))
    assert not Tournament.objects.exists()


def test_a_seed_the_play_in_rule_does_not_give_is_an_error_naming_its_line(write_source):
    text = PLAY_IN.read_text(encoding="utf-8").replace(
        "Toluca go through as the seventh seed.", "Toluca go through as the eighth seed."
    )
    lines = text.splitlines()
    line = next(n for n, x in enumerate(lines, 1) if "Toluca go through as the eighth" in x)
    with pytest.raises(CommandError) as error:
        run_import(write_source(text, "play-in.txt"))
    assert f"play-in.txt:{line}: 'Toluca go through as the eighth seed.', but the rules " in str(
        error.value
    )
    assert "make Toluca seed 7 (play-in-10)" in str(error.value)
    assert not Tournament.objects.exists()


# -- Campeón de Campeones as one match -----------------------------------------------------

CAMPEON = ARTICLES_DIR / "2016-liga-mx-campeon-de-campeones.txt"


def test_campeon_de_campeones_as_one_match():
    run = run_import(CAMPEON)
    assert "warning" not in run.stderr, run.stderr
    document = export_document("liga-mx/2015-16/campeon-de-campeones")
    assert (document["kind"], document["qualifiers"]) == ("champions_final", 2)
    assert [(r["name"], r["legs"], r["tiebreak"]) for r in document["rounds"]] == [
        ("Final", 1, SHOOTOUT)
    ]
    assert ties_of(document) == {
        ("Final", "Tigres UANL"): ("Pachuca", "Tigres UANL", "aggregate", (1, 0), None, None)
    }
    assert legs_of(document) == [("2016-07-10", 1, "Tigres UANL", 1, 0, "Pachuca")]
    assert leg_goals(document, "Tigres UANL", "Pachuca") == [
        # No goalscorers list: the infobox's top scorer gives "Damm" his full name.
        (56, None, "Tigres UANL", "Jürgen Damm", False, False)
    ]
    assert (document["summary"]["champion"], document["summary"]["runner_up"]) == (
        "Tigres UANL",
        "Pachuca",
    )


def test_campeon_de_campeones_level_after_90_minutes_goes_to_penalties(write_source):
    text = (
        CAMPEON.read_text(encoding="utf-8")
        .replace("Tigres UANL 1–0 Pachuca", "Tigres UANL 1–1 Pachuca (4–3 p)")
        .replace("- Goals: 1", "- Goals: 2")
        .replace("- Top scorer: Jürgen Damm (1)\n", "")
    )
    text = text.replace("  Tigres UANL: Damm 56'", "  Tigres UANL: Damm 56'\n  Pachuca: 80' Jara")
    run_import(write_source(text, "campeon.txt"))
    document = export_document("liga-mx/2015-16/campeon-de-campeones")
    assert ties_of(document)[("Final", "Tigres UANL")] == (
        "Pachuca", "Tigres UANL", "penalties", (1, 1), None, (4, 3),
    )  # fmt: skip


def test_campeon_de_campeones_between_other_clubs_than_the_champions_is_an_error(write_source):
    run_import(RECLASSIFICATION)  # Apertura 2021: Atlas
    text = CAMPEON.read_text(encoding="utf-8").replace(
        "= 2016 Campeón de Campeones =", "= 2022 Campeón de Campeones ="
    )
    with pytest.raises(CommandError, match="Apertura 2021 was won by Atlas, who does not play"):
        run_import(write_source(text, "campeon.txt"))
    assert not Tournament.objects.filter(slug="campeon-de-campeones").exists()


# -- the season JSON carries it all ----------------------------------------------------------


def test_the_play_in_article_exported_and_imported_alone_comes_back_the_same(tmp_path):
    run_import(PLAY_IN)
    first = run_export("liga-mx/2023-24/apertura-2023")
    path = tmp_path / "season.json"
    path.write_text(first, encoding="utf-8")
    Tournament.objects.all().delete()
    for model in (Person, TeamAlias, Team, Season, Competition):
        model.objects.all().delete()
    run = run_import(path)
    assert "error" not in run.stderr
    assert json.loads(run_export("liga-mx/2023-24/apertura-2023")) == json.loads(first)
