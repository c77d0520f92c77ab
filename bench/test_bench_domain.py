"""Benchmarks of the domain rules (pytest-benchmark). Not part of `make test`:

    .venv/bin/pytest bench/ --benchmark-only -p no:cacheprovider

Results and the machine they ran on are written down in docs/performance.md.
"""

import pytest

from tests.builders import make_tournament
from tournaments.models import Goal, Leg, Tournament

pytestmark = pytest.mark.django_db


@pytest.fixture
def played_64():
    """A 64-team tournament with every round played (2 goals a leg, the home side scoring)."""
    tournament = make_tournament([f"Team {n}" for n in range(1, 65)])
    while tournament.next_round_number() is not None:
        tournament.advance()
        for leg in Leg.objects.filter(tie__round__tournament=tournament, home_score=None):
            Leg.objects.filter(pk=leg.pk).update(
                home_score=2 if leg.home_id == leg.tie.higher_seed_id else 1, away_score=0
            )
    return tournament


def test_decide_every_tie_of_a_64_team_bracket(benchmark, played_64):
    def decide():
        tournament = Tournament.objects.with_bracket().get(pk=played_64.pk)
        return [tie.decision() for round_ in tournament.rounds.all() for tie in round_.ties.all()]

    decisions = benchmark(decide)
    assert len(decisions) == 63 and all(d.winner for d in decisions)


def test_summary_of_a_64_team_tournament(benchmark, played_64):
    def summary():
        return Tournament.objects.with_bracket().get(pk=played_64.pk).summary()

    result = benchmark(summary)
    assert result.champion.name == "Team 1"
    assert result.matches == 126


def test_refresh_pairings_on_a_finished_64_team_tournament(benchmark, played_64):
    changes = benchmark(played_64.refresh_pairings)
    assert changes == []


def test_scorer_table_with_hundreds_of_goals(benchmark, played_64):
    from tests.factories import PersonFactory

    scorers = [PersonFactory() for _ in range(50)]
    goals = []
    for n, leg in enumerate(Leg.objects.for_tournament(played_64)):
        goals += [
            Goal(leg=leg, team_id=leg.home_id, player=scorers[(n + i) % 50], minute=10 + i)
            for i in range(leg.home_score)
        ]
    Goal.objects.bulk_create(goals)
    table = benchmark(Goal.objects.for_tournament(played_64).scorer_table)
    assert sum(row.goals for row in table) == len(goals)
