"""A leg before and while it is played (models/live.py): its fixture, its live state from
kick-off to the result, and that a leg being played decides nothing until its result is
recorded through Leg.record_result. The match is the Clausura 2013 final: Cruz Azul won
the first leg 1–0; América won the second 2–1 (2–2 on aggregate), no goals in extra
time, and 4–2 on penalties."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from tournaments.models import (
    CUP_FINAL_TIEBREAK,
    LIGUILLA_TIEBREAK,
    AdvanceError,
    Booking,
    Goal,
    Leg,
    StaleEdit,
)
from tournaments.models.live import LegStatus

from .builders import leg_between, make_tournament, person_in, play, ties_of

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


@pytest.fixture
def final():
    tournament = make_tournament(["América", "Cruz Azul"], rounds=[("Final", CUP_FINAL_TIEBREAK)])
    tournament.advance(1)
    for team, player in (("América", "Raúl Jiménez"), ("Cruz Azul", "Teófilo Gutiérrez")):
        person_in(tournament, team, player)
    return tournament


def second_leg(tournament):
    return leg_between(tournament, "América", "Cruz Azul")


def fresh(leg):
    return Leg.objects.get(pk=leg.pk)


def goal(leg, team, minute, player=None, **options):
    tournament = leg.tie.round.tournament
    team_obj = leg.home if team == leg.home.name else leg.away
    scorer = person_in(tournament, team, player) if player else None
    return Goal(leg=leg, team=team_obj, player=scorer, minute=minute, **options)


def test_a_leg_is_upcoming_then_live_then_played(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    assert leg.status == LegStatus.UPCOMING
    leg.start_live()
    assert fresh(leg).status == LegStatus.LIVE and fresh(leg).live_score() == (0, 0)
    leg = fresh(leg)
    leg.record_result(2, 1, extra_time=(0, 0), penalties=(4, 2))
    leg = fresh(leg)
    assert leg.status == LegStatus.PLAYED
    assert (leg.live_period, leg.live_minute, leg.live_score()) == ("", None, None)


def test_the_second_leg_goes_live_only_after_the_first_legs_result(final):
    with pytest.raises(ValidationError, match="first leg"):
        second_leg(final).start_live()


def test_a_leg_being_played_decides_nothing(final):
    """América 2–0 up at the Azteca would be through: the tie is still undecided and the
    next round cannot be drawn until the result is recorded."""
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    leg.add_live_goal(goal(leg, "América", 20))
    leg.add_live_goal(goal(leg, "América", 70))
    tie = ties_of(final).get()
    assert not tie.is_decided and tie.missing == "the second leg has no result yet"
    leg = fresh(leg)
    # If it ended like this: América through 2–1 on aggregate.
    decision = tie.decision(legs=[tie.first_leg, leg.provisional()])
    assert (decision.winner.name, decision.decided_by) == ("América", "aggregate")
    with pytest.raises(AdvanceError):
        final.advance()


def test_the_clock_and_the_score_move_with_each_goal_and_card(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    leg.add_live_goal(goal(leg, "Cruz Azul", 20, "Teófilo Gutiérrez"))
    leg.add_live_booking(
        Booking(
            leg=leg, team=leg.home, player=person_in(final, "América", "Raúl Jiménez"), minute=33
        )
    )
    leg = fresh(leg)
    assert (leg.live_score(), leg.live_minute) == ((0, 1), 33)
    assert Goal.objects.get(leg=leg).player.name == "Teófilo Gutiérrez"
    assert Booking.objects.get(leg=leg).minute == 33
    leg.set_clock("half_time")
    assert fresh(leg).live_period == "half_time"


def test_a_goal_without_its_scorer_counts_and_is_flagged_after_the_result(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    leg.add_live_goal(goal(leg, "América", 61))  # scorer not known yet
    leg = fresh(leg)
    assert leg.live_score() == (1, 0) and not leg.goals.exists()
    leg.record_result(*leg.live_score())
    assert fresh(leg).scorers_incomplete()


def test_a_scorer_must_be_in_the_squad_even_live(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    stranger = goal(leg, "América", 10)
    stranger.player = person_in(final, "Cruz Azul", "Teófilo Gutiérrez")
    with pytest.raises(ValidationError, match="does not play for the team credited"):
        leg.add_live_goal(stranger)
    assert fresh(leg).live_score() == (0, 0)  # nothing written


def test_extra_time_only_when_the_round_has_it_and_the_tie_is_level(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    leg.add_live_goal(goal(leg, "América", 52))
    leg.add_live_goal(goal(leg, "América", 80))  # 2–0: América ahead 2–1 on aggregate
    leg = fresh(leg)
    with pytest.raises(ValidationError) as refused:
        leg.set_clock("extra_time")
    assert "level" in str(refused.value)
    with pytest.raises(ValidationError, match="extra time"):
        leg.add_live_goal(goal(leg, "América", 95))
    leg.add_live_goal(goal(leg, "Cruz Azul", 88))  # 2–1: level on aggregate
    leg = fresh(leg)
    leg.set_clock("extra_time", 91)
    leg = fresh(leg)
    assert (leg.live_extra_time_home_score, leg.live_extra_time_away_score) == (0, 0)
    leg.set_clock("penalties")
    leg = fresh(leg)
    proposal = leg.final_score_proposal()
    leg.record_result(
        proposal["home_score"],
        proposal["away_score"],
        extra_time=(proposal["extra_time_home_score"], proposal["extra_time_away_score"]),
        penalties=(4, 2),
    )
    tie = ties_of(final).get()
    assert (tie.winner.name, tie.decided_by) == ("América", "penalties")


def test_a_first_leg_has_no_extra_time():
    tournament = make_tournament(["León", "Irapuato"], rounds=[("Final", LIGUILLA_TIEBREAK)])
    tournament.advance(1)
    leg = leg_between(tournament, "Irapuato", "León")
    leg.start_live()
    assert leg.live_periods() == ["first_half", "half_time", "second_half"]
    with pytest.raises(ValidationError, match="no extra time"):
        leg.set_clock("extra_time")


def test_a_disallowed_goal_comes_off_the_score_with_its_record(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    leg.add_live_goal(goal(leg, "América", 30, "Raúl Jiménez"))
    leg = fresh(leg)
    with pytest.raises(ValidationError, match="no longer fits"):
        leg.cancel_live_goal(leg.home_id)  # the recorded scorer would not fit
    leg = fresh(leg)
    leg.cancel_live_goal(leg.home_id, goal=leg.goals.get())
    leg = fresh(leg)
    assert leg.live_score() == (0, 0) and not leg.goals.exists()


def test_a_stale_live_edit_is_refused(final):
    play(final, "Cruz Azul", 1, 0, "América")
    leg = second_leg(final)
    leg.start_live()
    colleague = fresh(leg)
    leg.add_live_goal(goal(leg, "América", 12))
    with pytest.raises(StaleEdit):
        colleague.add_live_goal(goal(colleague, "América", 13))
    assert fresh(leg).live_score() == (1, 0)


def test_a_kickoff_entered_by_mistake_is_undone_only_at_nil_nil(final):
    leg = leg_between(final, "Cruz Azul", "América")
    leg.start_live()
    leg.add_live_goal(goal(leg, "Cruz Azul", 5))
    leg = fresh(leg)
    with pytest.raises(ValidationError, match="Goals have been entered"):
        leg.stop_live()
    leg.cancel_live_goal(leg.home_id)
    fresh(leg).stop_live()
    assert fresh(leg).status == LegStatus.UPCOMING


def test_a_result_cannot_be_live(final):
    leg = play(final, "Cruz Azul", 1, 0, "América")
    with pytest.raises(ValidationError, match="already has its result"):
        fresh(leg).start_live()


def test_scheduling_sets_the_local_date_and_venue(final):
    leg = leg_between(final, "Cruz Azul", "América")
    # 20:30 in Mexico City on 23 May is 01:30 UTC on the 24th: the date is the local one.
    kickoff = datetime.datetime(2013, 5, 23, 20, 30, tzinfo=MEXICO_CITY)
    assert leg.schedule(kickoff, "Estadio Azul")
    leg = fresh(leg)
    assert (leg.date, leg.venue) == (datetime.date(2013, 5, 23), "Estadio Azul")
    assert leg.local_kickoff().strftime("%H:%M") == "20:30"
    assert not leg.schedule(leg.kickoff, "Estadio Azul")  # nothing changed, nothing saved


def test_a_stale_schedule_is_refused(final):
    leg = leg_between(final, "Cruz Azul", "América")
    colleague = fresh(leg)
    leg.schedule(datetime.datetime(2013, 5, 23, 20, 30, tzinfo=MEXICO_CITY))
    with pytest.raises(StaleEdit):
        colleague.schedule(datetime.datetime(2013, 5, 23, 21, 0, tzinfo=MEXICO_CITY))


# -- the season JSON ------------------------------------------------------------------------


def test_the_season_json_says_where_each_leg_stands_and_keeps_the_venue(final, tmp_path):
    """Status and the live score are derived and travel out only; the venue is a fact and
    comes back on import."""
    from tournaments.export import export_tournament, full_slug
    from tournaments.models import Tournament

    from .importers.conftest import run_export, run_import

    first = play(final, "Cruz Azul", 1, 0, "América")
    first.schedule(datetime.datetime(2013, 5, 23, 20, 30, tzinfo=MEXICO_CITY), "Estadio Azul")
    leg = second_leg(final)
    leg.start_live()
    leg.add_live_goal(goal(leg, "América", 9))
    document = export_tournament(final)
    first_json, second_json = document["rounds"][0]["ties"][0]["legs"]
    assert (first_json["status"], first_json["venue"], "live" in first_json) == (
        "played",
        "Estadio Azul",
        False,
    )
    assert second_json["status"] == "live"
    assert second_json["live"] == {
        "period": "first_half",
        "minute": 9,
        "added_time": None,
        "home_score": 1,
        "away_score": 0,
        "extra_time": None,
    }
    path = tmp_path / "final.json"
    path.write_text(run_export(full_slug(final)), encoding="utf-8")
    Tournament.objects.all().delete()
    run_import(path)
    imported = Leg.objects.get(home__name="Cruz Azul", tie__round__tournament__slug=final.slug)
    assert imported.venue == "Estadio Azul"
    assert Leg.objects.get(home__name="América").status == LegStatus.UPCOMING
