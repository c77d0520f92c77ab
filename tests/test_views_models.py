"""The model methods the public pages read (outcome lines, bracket columns, neighbours,
search, fixture lists), table-driven where the rule has cases."""

import pytest
from django.utils import translation

from tournaments import display
from tournaments.models import CUP_FINAL_TIEBREAK, Competition, Person, Team

from .apertura_2011 import build_apertura_2011
from .builders import leg_between, make_tournament, play, ties_of
from .factories import SeasonFactory, TournamentFactory

pytestmark = pytest.mark.django_db


def final_between(first_leg, second_leg, *, tiebreak=CUP_FINAL_TIEBREAK, **extra):
    """A two-team final: Tigres (1st) v Dorados (2nd); legs as (home goals, away goals)."""
    tournament = make_tournament(["Tigres", "Dorados"], rounds=[("Final", tiebreak)])
    tournament.advance(1)
    play(tournament, "Dorados", *first_leg, "Tigres")
    play(tournament, "Tigres", *second_leg, "Dorados", **extra)
    return ties_of(tournament).get()


@pytest.mark.parametrize(
    "name,legs,extra,tiebreak,reason,outcome",
    [
        (
            "aggregate",
            ((0, 1), (2, 0)),
            {},
            CUP_FINAL_TIEBREAK,
            "",
            "Tigres are champions, 3–0 on aggregate",
        ),
        (
            "lower_seed_wins",
            ((3, 0), (1, 1)),
            {},
            CUP_FINAL_TIEBREAK,
            "",
            "Dorados are champions, 4–1 on aggregate",
        ),
        (
            "table_position",
            ((2, 1), (1, 0)),
            {},
            ["aggregate", "table_position"],
            "on table position",
            "Tigres are champions on their better position in the table, 2–2 on aggregate",
        ),
        (
            "away_goals",
            ((2, 2), (1, 1)),
            {},
            ["aggregate", "away_goals", "table_position"],
            "on away goals",
            "Tigres are champions on away goals, 3–3 on aggregate",
        ),
        (
            "extra_time",
            ((1, 0), (1, 0)),
            {"extra_time": (1, 0)},
            CUP_FINAL_TIEBREAK,
            "after extra time",
            "Tigres are champions after extra time, 2–1 on aggregate",
        ),
        (
            "penalties",
            ((1, 0), (1, 0)),
            {"extra_time": (0, 0), "penalties": (3, 4)},
            CUP_FINAL_TIEBREAK,
            "on penalties 4–3",
            "Dorados are champions, 4–3 on penalties after 1–1 on aggregate",
        ),
    ],
)
def test_a_finals_outcome_crowns_its_winner(name, legs, extra, tiebreak, reason, outcome):
    """Defect 2: a final's winner is champion, never 'advanced'."""
    tie = final_between(*legs, tiebreak=tiebreak, **extra)
    with translation.override("en"):
        assert display.reason(tie) == reason
        assert display.outcome(tie) == outcome


def test_outcome_lines_in_spanish():
    tie = final_between((2, 1), (1, 0), tiebreak=["aggregate", "table_position"])
    with translation.override("es"):
        assert display.reason(tie) == "por posición en la tabla"
        assert display.outcome(tie) == (
            "Tigres es campeón por mejor posición en la tabla general, 2–2 en el global"
        )


def test_an_undecided_tie_has_no_outcome_and_shows_what_is_known():
    tournament = make_tournament(["Tigres", "Dorados"], rounds=[("Final", CUP_FINAL_TIEBREAK)])
    tournament.advance(1)
    play(tournament, "Dorados", 1, 0, "Tigres")
    tie = ties_of(tournament).get()
    assert display.outcome(tie) == "" and display.reason(tie) == ""
    higher, lower = display.tie_lines(tie)
    assert (higher.team.name, higher.seed, higher.legs, higher.aggregate) == (
        "Tigres",
        1,
        [0, None],
        0,
    )
    assert (lower.legs, lower.aggregate, lower.advanced) == ([1, None], 1, False)
    assert [leg.number for leg in tie.upcoming_legs()] == [2]


def test_tie_lines_for_correcaminos_altamira():
    tournament = build_apertura_2011(through="quarter-finals")
    tie = next(t for t in ties_of(tournament) if t.lower_seed.name == "Altamira")
    higher, lower = display.tie_lines(tie)
    assert (higher.seed, higher.legs, higher.aggregate, higher.advanced) == (2, [1, 1], 2, True)
    assert (lower.seed, lower.legs, lower.aggregate, lower.advanced) == (7, [2, 0], 2, False)


def test_bracket_columns_of_the_2011_apertura_during_the_semi_finals():
    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    from tournaments.models import Tournament

    columns = Tournament.objects.with_bracket().get(pk=tournament.pk).bracket_columns()
    assert [c.name for c in columns] == ["Quarter-finals", "Semi-finals", "Final"]
    assert [team.name for team in columns[0].byes] == ["La Piedad"]
    assert [len(c.ties) for c in columns] == [3, 2, 0]
    assert [c.pending for c in columns] == [0, 0, 1]


def test_bracket_columns_before_anything_is_drawn():
    tournament = make_tournament([f"Club {n}" for n in range(12)])
    columns = tournament.bracket_columns()
    assert [c.name for c in columns] == ["Round of 16", "Quarter-finals", "Semi-finals", "Final"]
    assert [len(c.byes) for c in columns] == [4, 0, 0, 0]
    assert [c.pending for c in columns] == [4, 4, 2, 1]


def test_neighbours_are_the_previous_and_next_liguillas_of_the_competition():
    apertura = TournamentFactory(season=SeasonFactory(start_year=2011), name="A", order=1)
    clausura = TournamentFactory(season=apertura.season, name="C", order=2)
    later = TournamentFactory(season=SeasonFactory(start_year=2012), name="A2", order=1)
    other = TournamentFactory(
        season=SeasonFactory(competition__name="Liga MX", start_year=2011), name="X"
    )
    assert apertura.neighbours() == (None, clausura)
    assert clausura.neighbours() == (apertura, later)
    assert later.neighbours() == (clausura, None)
    assert other.neighbours() == (None, None)


def test_search_ignores_accents_and_case_and_matches_every_word():
    build_apertura_2011(through="quarter-finals")
    assert [t.name for t in Team.objects.search("LEON")] == ["León"]
    assert [p.name for p in Person.objects.search("luciano emilio")] == ["Luciano Emílio"]
    assert list(Team.objects.search("   ")) == []


def test_a_round_as_a_fixture_list_and_a_legs_events_by_team():
    tournament = build_apertura_2011(through="quarter-finals")
    round_ = tournament.rounds_in_order()[0]
    (first, legs_1), (second, legs_2) = round_.leg_days()
    assert (first, second) == (1, 2)
    assert [leg.home.name for leg in legs_1] == ["Altamira", "Necaxa", "Irapuato"]
    leg = leg_between(tournament, "Altamira", "Correcaminos")
    home, away = leg.events_by_team()
    assert [g.player.name for g in home.goals] == ["Cristian Rojas", "Eliazar Vázquez"]
    assert [b.player.name for b in home.bookings] == ["Collazo"]
    assert [g.player.name for g in away.goals] == ["Raymundo Torres"]
    assert (home.score, away.score) == (2, 1)


def test_latest_champions_and_a_clubs_titles():
    apertura = build_apertura_2011()
    apertura.champion_title_override = 2
    apertura.save()
    [record] = Competition.latest_champions()
    assert (record.champion.name, record.title, record.runner_up.name) == (
        "Correcaminos",
        2,
        "La Piedad",
    )
    assert [r.title for r in Team.objects.get(name="Correcaminos").titles()] == [2]
    assert Team.objects.get(name="La Piedad").titles() == []
