"""Property: for any number of qualifiers from 2 to 32 and any results, every round pairs
each remaining team exactly once, every decided tie has exactly one winner, and the
tournament ends with one champion after ceil(log2 N) rounds."""

import math

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tournaments.models import CUP_FINAL_TIEBREAK, LIGUILLA_TIEBREAK

from .builders import make_tournament, ties_of

pytestmark = pytest.mark.django_db

goals = st.integers(min_value=0, max_value=4)


def play_round(tournament, number, data):
    for tie in ties_of(tournament).filter(round__number=number):
        first, second = tie.first_leg, tie.second_leg
        first.record_result(data.draw(goals), data.draw(goals))
        second.refresh_from_db()
        home, away = data.draw(goals), data.draw(goals)
        extra = penalties = None
        tie = ties_of(tournament).get(pk=tie.pk)
        higher = first.goals_of(tie.higher_seed_id) + (
            home if second.home == tie.higher_seed else away
        )
        lower = first.goals_of(tie.lower_seed_id) + (
            away if second.home == tie.higher_seed else home
        )
        if higher == lower and "extra_time" in tie.round.tiebreak:
            extra = (data.draw(goals), data.draw(goals))
            if extra[0] == extra[1]:
                kicks = data.draw(st.integers(min_value=0, max_value=5))
                penalties = (kicks, kicks + 1) if data.draw(st.booleans()) else (kicks + 1, kicks)
        second.record_result(home, away, extra_time=extra, penalties=penalties)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    qualifiers=st.integers(min_value=2, max_value=32),
    cup_rules=st.booleans(),
    data=st.data(),
)
def test_any_bracket_ends_with_one_champion(qualifiers, cup_rules, data):
    with transaction.atomic():
        tiebreak = CUP_FINAL_TIEBREAK if cup_rules else LIGUILLA_TIEBREAK
        tournament = make_tournament(
            [f"Team {n}" for n in range(1, qualifiers + 1)],
            rounds=[
                (f"Round {n}", tiebreak) for n in range(1, math.ceil(math.log2(qualifiers)) + 1)
            ],
        )
        alive = {entry.team_id for entry in tournament.seeds()}
        byes = {team.pk for team in tournament.bye_teams()}
        number = 0
        while tournament.next_round_number() is not None:
            number += 1
            created = tournament.advance()
            playing = [t for tie in created for t in (tie.higher_seed_id, tie.lower_seed_id)]
            assert len(playing) == len(set(playing)), "a team is paired twice"
            expected = alive - byes if number == 1 else alive
            assert set(playing) == expected, "every remaining team plays exactly once"
            play_round(tournament, number, data)
            for tie in ties_of(tournament).filter(round__number=number):
                assert tie.is_decided
                assert {tie.winner.pk, tie.loser.pk} == {tie.higher_seed_id, tie.lower_seed_id}
                alive.discard(tie.loser.pk)
        assert number == math.ceil(math.log2(qualifiers))
        assert len(alive) == 1
        assert tournament.champion().pk in alive
        transaction.set_rollback(True)
