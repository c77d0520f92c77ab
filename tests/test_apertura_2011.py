"""The 2011 Liga de Ascenso Apertura Liguilla, tie by tie, as the article tells it."""

import pytest

from tournaments.models import Tie
from tournaments.vocabulary import RoundKind

from .builders import ties_of

pytestmark = pytest.mark.django_db


def tie_of(tournament, round_name, higher, lower):
    return ties_of(tournament).get(
        round__kind=RoundKind.from_name(round_name),
        higher_seed__name=higher,
        lower_seed__name=lower,
    )


def test_seeding_follows_points_then_goal_difference(apertura_2011):
    """León, Irapuato and Necaxa all have 23 points: goal difference puts them 4th-6th."""
    seeds = [entry.team.name for entry in apertura_2011.seeds()]
    assert seeds == ["La Piedad", "Correcaminos", "Neza", "León", "Irapuato", "Necaxa", "Altamira"]


def test_la_piedad_has_a_bye_to_the_semi_finals(apertura_2011):
    assert [team.name for team in apertura_2011.bye_teams()] == ["La Piedad"]
    quarter_finals = apertura_2011.rounds.get(number=1)
    assert [t.name for t in quarter_finals.bye_teams()] == ["La Piedad"]
    teams = {t.name for tie in quarter_finals.ties.all() for t in (tie.higher_seed, tie.lower_seed)}
    assert "La Piedad" not in teams


@pytest.mark.parametrize(
    ("round_name", "higher", "lower", "aggregate", "winner", "decided_by"),
    [
        # Quarter-finals: 2 v 7, 3 v 6, 4 v 5
        ("Quarter-finals", "León", "Irapuato", (3, 0), "León", "aggregate"),
        ("Quarter-finals", "Neza", "Necaxa", (3, 2), "Neza", "aggregate"),
        ("Quarter-finals", "Correcaminos", "Altamira", (2, 2), "Correcaminos", "table_position"),
        # Semi-finals, re-seeded: 1 v 4, 2 v 3
        ("Semi-finals", "La Piedad", "León", (6, 5), "La Piedad", "aggregate"),
        ("Semi-finals", "Correcaminos", "Neza", (3, 3), "Correcaminos", "table_position"),
        ("Final", "La Piedad", "Correcaminos", (1, 4), "Correcaminos", "aggregate"),
    ],
    ids=[
        "leon_beat_irapuato_3_0",
        "neza_beat_necaxa_3_2",
        "correcaminos_advance_over_altamira_on_table_position",
        "la_piedad_beat_leon_6_5",
        "correcaminos_advance_over_neza_on_table_position",
        "correcaminos_beat_la_piedad_in_the_final",
    ],
)
def test_every_tie(apertura_2011, round_name, higher, lower, aggregate, winner, decided_by):
    tie = tie_of(apertura_2011, round_name, higher, lower)
    assert tie.aggregate() == aggregate
    assert tie.winner.name == winner
    assert tie.decided_by == decided_by
    assert tie.loser.name in {higher, lower} - {winner}


def test_quarter_final_pairings_are_two_v_seven_three_v_six_four_v_five(apertura_2011):
    ties = ties_of(apertura_2011).filter(round__number=1)
    assert [(t.higher_seed.name, t.lower_seed.name) for t in ties] == [
        ("Correcaminos", "Altamira"),
        ("Neza", "Necaxa"),
        ("León", "Irapuato"),
    ]


def test_semi_finals_are_re_seeded_one_v_four_and_two_v_three(apertura_2011):
    ties = ties_of(apertura_2011).filter(round__number=2)
    assert [(t.higher_seed.name, t.lower_seed.name) for t in ties] == [
        ("La Piedad", "León"),
        ("Correcaminos", "Neza"),
    ]


def test_the_higher_seed_hosts_the_second_leg(apertura_2011):
    for tie in ties_of(apertura_2011):
        assert tie.first_leg.home == tie.lower_seed
        assert tie.second_leg.home == tie.higher_seed


def test_leon_won_the_second_leg_but_went_out_on_aggregate(apertura_2011):
    tie = tie_of(apertura_2011, "Semi-finals", "La Piedad", "León")
    second = tie.second_leg
    assert (second.home.name, second.home_score, second.away_score) == ("La Piedad", 1, 2)
    assert tie.winner.name == "La Piedad"


def test_correcaminos_are_champions_for_the_second_time(apertura_2011):
    apertura_2011.champion_title_override = 2  # the article: "Correcaminos 2nd Title"
    apertura_2011.save()
    summary = apertura_2011.summary()
    assert summary.champion.name == "Correcaminos"
    assert summary.runner_up.name == "La Piedad"
    assert summary.champion_title == 2


def test_twelve_matches_thirty_four_goals_and_eder_pacheco_top_scorer(apertura_2011):
    summary = apertura_2011.summary()
    assert (summary.matches, summary.goals) == (12, 34)
    assert [(row.player_name, row.team_name, row.goals) for row in summary.top_scorers] == [
        ("Eder Pacheco", "León", 4)
    ]


def test_goalscorers_share_ranks(apertura_2011):
    from tournaments.models import Goal

    table = Goal.objects.for_tournament(apertura_2011).scorer_table()
    assert [(row.rank, row.player_name, row.goals) for row in table[:3]] == [
        (1, "Eder Pacheco", 4),
        (2, "Luciano Emílio", 3),
        (2, "Rodrigo Prieto", 3),
    ]
    assert table[3].rank == 4


def test_advancing_again_creates_nothing(apertura_2011):
    assert apertura_2011.advance(2) == []
    assert apertura_2011.advance(3) == []
    assert Tie.objects.filter(round__tournament=apertura_2011).count() == 6


def test_a_finished_tournament_has_no_next_round(apertura_2011):
    from tournaments.models import AdvanceError

    with pytest.raises(AdvanceError, match="Every round"):
        apertura_2011.advance()
