"""Invariants the database itself enforces, and the general table's arithmetic."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tournaments.models import Leg, Round, Tie

from .builders import make_tournament
from .factories import EntryFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tie():
    tournament = make_tournament(["Toluca", "Santos"])
    (tie,) = tournament.advance()
    return tie


def test_a_team_cannot_play_itself_in_a_tie(tie):
    with pytest.raises(IntegrityError), transaction.atomic():
        Tie.objects.filter(pk=tie.pk).update(lower_seed=tie.higher_seed)


def test_a_team_cannot_play_itself_in_a_leg(tie):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(tie=tie, number=1).update(away=tie.lower_seed)


def test_a_tie_has_at_most_two_legs(tie):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.create(tie=tie, number=3, home=tie.lower_seed, away=tie.higher_seed)
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.create(tie=tie, number=2, home=tie.higher_seed, away=tie.lower_seed)


def test_scores_are_never_negative(tie):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(tie=tie, number=1).update(home_score=-1, away_score=0)


def test_a_score_is_entered_for_both_teams_or_neither(tie):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(tie=tie, number=1).update(home_score=1)


def test_half_time_lies_within_the_score(tie):
    leg = Leg.objects.get(tie=tie, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(
            home_score=1, away_score=0, half_time_home_score=2, half_time_away_score=0
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Leg.objects.filter(pk=leg.pk).update(half_time_home_score=0, half_time_away_score=0)


@pytest.mark.parametrize(
    "half_time, field, message",
    [
        ((2, 0), "half_time_home_score", "More goals at half time (2) than after 90 minutes (1)."),
        ((0, None), "half_time_away_score", "Enter both half-time scores, or neither."),
    ],
)
def test_a_half_time_score_is_checked_as_a_form_would(tie, half_time, field, message):
    leg = Leg.objects.get(tie=tie, number=1)
    leg.half_time_home_score, leg.half_time_away_score = half_time
    with pytest.raises(ValidationError) as refused:
        leg.record_result(1, 0)
    assert refused.value.message_dict[field] == [message]


def test_clearing_a_result_clears_its_half_time_score(tie):
    leg = Leg.objects.get(tie=tie, number=1)
    leg.half_time_home_score, leg.half_time_away_score = 1, 0
    leg.record_result(2, 1)
    assert Leg.objects.get(pk=leg.pk).has_half_time
    leg.record_result(None, None)
    assert not Leg.objects.get(pk=leg.pk).has_half_time


def test_a_team_has_one_entry_per_tournament(tie):
    tournament = tie.round.tournament
    with pytest.raises(IntegrityError), transaction.atomic():
        EntryFactory(tournament=tournament, team=TeamFactory(name="Toluca"), position=9)


def test_one_round_number_per_tournament(tie):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(tournament=tie.round.tournament, number=1, kind="final")


def test_entry_results_must_add_up_to_games_played(db):
    entry = EntryFactory.build(
        tournament=make_tournament(["A", "B"]), team=TeamFactory(), position=5, played=14
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "but played is 14" in error.value.message_dict["played"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


def test_points_are_three_per_win_and_one_per_draw(db):
    entry = EntryFactory.build(
        tournament=make_tournament(["A", "B"]), team=TeamFactory(), position=5, points=21
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "is 20, but points is 21" in error.value.message_dict["points"][0]


def test_a_points_deduction_needs_a_reason(db):
    tournament = make_tournament(["A", "B"])
    entry = EntryFactory.build(
        tournament=tournament, team=TeamFactory(), position=5, points_deducted=3
    )
    assert entry.points == 17
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "deduction_reason" in error.value.message_dict
    entry.deduction_reason = "Unpaid wages"
    entry.full_clean()
    entry.save()
    assert entry.goal_difference == 0


def test_nationality_is_a_three_letter_code(db):
    with pytest.raises(ValidationError):
        PersonFactory.build(nationality="Mexico", slug="x").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(nationality="mx")


def test_round_tiebreak_lists_are_checked(tie):
    round_ = tie.round
    for bad, message in [
        ([], "List how"),
        (["table_position"], "aggregate score always decides first"),
        (["aggregate", "coin_toss"], "Unknown tiebreak"),
        (["aggregate", "extra_time"], "must be penalties or table position"),
        (["aggregate", "penalties", "extra_time", "table_position"], "before penalties"),
    ]:
        round_.tiebreak = bad
        with pytest.raises(ValidationError, match=message):
            round_.full_clean()


def test_readable_names_for_the_admin(tie):
    leg = tie.first_leg
    leg.record_result(2, 0)
    assert str(leg) == "Santos 2–0 Toluca (Final, 1st leg)"
    assert str(tie) == "Toluca v Santos (Final)"
