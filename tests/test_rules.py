"""The competition rules on synthetic tournaments: tiebreaks, bracket sizes, advancing,
corrections, titles and the promotional final."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tournaments.models import (
    CUP_FINAL_TIEBREAK,
    LIGUILLA_TIEBREAK,
    AdvanceError,
    CorrectionRefused,
    Leg,
    Tie,
)

from .apertura_2011 import build_apertura_2011
from .builders import leg_between, make_tournament, play, ties_of
from .factories import SeasonFactory

pytestmark = pytest.mark.django_db

AWAY_GOALS = ["aggregate", "away_goals", "table_position"]
ET_AND_PENALTIES = CUP_FINAL_TIEBREAK


def two_team_final(tiebreak):
    tournament = make_tournament(["Toluca", "Santos"], rounds=[("Final", tiebreak)])
    tournament.advance(1)
    return tournament, ties_of(tournament).get()


def decided(tie):
    tie = ties_of(tie.round.tournament).get(pk=tie.pk)
    return tie.winner and tie.winner.name, tie.decided_by


# -- deciding a tie ---------------------------------------------------------------------


def test_aggregate_decides_before_anything_else():
    tournament, tie = two_team_final(ET_AND_PENALTIES)
    play(tournament, "Santos", 2, 0, "Toluca")
    play(tournament, "Toluca", 1, 0, "Santos")
    assert decided(tie) == ("Santos", "aggregate")


def test_away_goals_decide_a_level_aggregate():
    tournament, tie = two_team_final(AWAY_GOALS)
    play(tournament, "Santos", 2, 1, "Toluca")  # Toluca scores once away
    play(tournament, "Toluca", 1, 0, "Santos")  # 2-2 on aggregate
    assert decided(tie) == ("Toluca", "away_goals")


def test_level_away_goals_fall_through_to_table_position():
    tournament, tie = two_team_final(AWAY_GOALS)
    play(tournament, "Santos", 1, 1, "Toluca")
    play(tournament, "Toluca", 1, 1, "Santos")
    assert decided(tie) == ("Toluca", "table_position")


def test_lower_seed_wins_a_level_tie_in_extra_time():
    tournament, tie = two_team_final(ET_AND_PENALTIES)
    play(tournament, "Santos", 1, 1, "Toluca")
    play(tournament, "Toluca", 0, 0, "Santos", extra_time=(0, 1))
    assert decided(tie) == ("Santos", "extra_time")
    assert Tie.objects.get(pk=tie.pk).aggregate() == (1, 2)


def test_penalties_after_a_goalless_extra_time():
    """América won 4 – 2 on penalties: 2 – 2 on aggregate; no goals in extra time."""
    tournament, tie = two_team_final(ET_AND_PENALTIES)
    play(tournament, "Santos", 2, 1, "Toluca")
    play(tournament, "Toluca", 1, 0, "Santos", extra_time=(0, 0), penalties=(4, 2))
    assert decided(tie) == ("Toluca", "penalties")


def test_a_level_tie_says_what_is_missing():
    tournament, tie = two_team_final(ET_AND_PENALTIES)
    tie = Tie.objects.get(pk=tie.pk)
    assert tie.missing == "the first leg has no result yet"
    play(tournament, "Santos", 1, 1, "Toluca")
    assert Tie.objects.get(pk=tie.pk).missing == "the second leg has no result yet"
    assert Tie.objects.get(pk=tie.pk).aggregate() == (1, 1)
    play(tournament, "Toluca", 0, 0, "Santos")
    tie = Tie.objects.get(pk=tie.pk)
    assert not tie.is_decided
    assert "extra time not entered" in tie.missing
    leg_between(tournament, "Toluca", "Santos").record_result(0, 0, extra_time=(1, 1))
    assert "penalty shoot-out not entered" in Tie.objects.get(pk=tie.pk).missing


# -- what a leg may record --------------------------------------------------------------


def test_extra_time_only_when_the_round_allows_it():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    play(tournament, "Santos", 1, 1, "Toluca")
    with pytest.raises(ValidationError) as error:
        leg_between(tournament, "Toluca", "Santos").record_result(0, 0, extra_time=(1, 0))
    assert "extra_time_home_score" in error.value.message_dict


def test_extra_time_only_when_level():
    tournament, _tie = two_team_final(ET_AND_PENALTIES)
    play(tournament, "Santos", 1, 0, "Toluca")
    with pytest.raises(ValidationError) as error:
        leg_between(tournament, "Toluca", "Santos").record_result(0, 0, extra_time=(1, 0))
    assert "level" in error.value.message_dict["extra_time_home_score"][0]


def test_penalties_only_after_a_level_extra_time():
    tournament, _tie = two_team_final(ET_AND_PENALTIES)
    play(tournament, "Santos", 1, 1, "Toluca")
    leg = leg_between(tournament, "Toluca", "Santos")
    with pytest.raises(ValidationError) as error:
        leg.record_result(0, 0, penalties=(4, 3))
    assert "extra time before" in error.value.message_dict["penalties_home"][0]
    with pytest.raises(ValidationError) as error:
        leg.record_result(0, 0, extra_time=(1, 0), penalties=(4, 3))
    assert "still level" in error.value.message_dict["penalties_home"][0]


def test_extra_time_is_never_on_a_first_leg():
    tournament, _tie = two_team_final(ET_AND_PENALTIES)
    with pytest.raises(ValidationError) as error:
        leg_between(tournament, "Santos", "Toluca").record_result(1, 1, extra_time=(0, 0))
    assert "second leg" in error.value.message_dict["extra_time_home_score"][0]


def test_second_leg_score_only_after_the_first_legs():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    with pytest.raises(ValidationError) as error:
        leg_between(tournament, "Toluca", "Santos").record_result(1, 0)
    assert "first leg" in error.value.message_dict["home_score"][0]


def test_a_leg_never_has_more_scorers_than_goals():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    leg = play(tournament, "Santos", 1, 0, "Toluca", goals=[("Santos", "Oribe Peralta", 10)])
    extra = leg.goals.model(leg=leg, team=leg.home, player=leg.goals.get().player, minute=80)
    with pytest.raises(ValidationError) as error:
        extra.full_clean()
    assert error.value.message_dict["team"] == [
        "Santos scored 1 goal in regular time and it is recorded already: correct the leg's "
        "score first."
    ]


def test_fewer_scorers_than_goals_is_flagged_not_refused():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    leg = play(tournament, "Santos", 2, 0, "Toluca", goals=[("Santos", "Oribe Peralta", 10)])
    assert leg.scorers_incomplete()


def test_own_goal_is_scored_by_a_player_of_the_other_team():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    leg = play(
        tournament,
        "Santos",
        1,
        0,
        "Toluca",
        goals=[("Santos", "Edgar Dueñas", 33, {"own_goal": True})],
    )
    goal = leg.goals.get()
    assert goal.team.name == "Santos"
    assert goal.player.squads.get().team.name == "Toluca"
    goal.own_goal = False
    with pytest.raises(ValidationError) as error:
        goal.full_clean()
    assert "player" in error.value.message_dict


def test_own_goals_never_count_for_a_player():
    from tournaments.models import Goal

    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    play(
        tournament,
        "Santos",
        2,
        0,
        "Toluca",
        goals=[
            ("Santos", "Edgar Dueñas", 33, {"own_goal": True}),
            ("Santos", "Oribe Peralta", 64, {"penalty": True}),
        ],
    )
    table = Goal.objects.for_tournament(tournament).scorer_table()
    assert [(r.player_name, r.goals, r.penalties) for r in table] == [("Oribe Peralta", 1, 1)]
    assert tournament.summary().goals == 2


# -- bracket sizes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifiers", "byes", "first_round"),
    [
        (8, [], [(1, 8), (2, 7), (3, 6), (4, 5)]),
        (6, [1, 2], [(3, 6), (4, 5)]),
        (12, [1, 2, 3, 4], [(5, 12), (6, 11), (7, 10), (8, 9)]),
    ],
    ids=["8_qualifiers_no_bye", "6_qualifiers_two_byes", "12_qualifiers_four_byes"],
)
def test_first_round_by_number_of_qualifiers(qualifiers, byes, first_round):
    tournament = make_tournament([f"Team {n}" for n in range(1, qualifiers + 1)])
    tournament.advance()
    assert [t.name for t in tournament.bye_teams()] == [f"Team {n}" for n in byes]
    ties = ties_of(tournament)
    assert [(t.higher_seed.name, t.lower_seed.name) for t in ties] == [
        (f"Team {h}", f"Team {lo}") for h, lo in first_round
    ]


def test_six_qualifiers_re_seed_the_byes_into_the_semi_finals():
    tournament = make_tournament([f"Team {n}" for n in range(1, 7)])
    tournament.advance()
    play(tournament, "Team 6", 1, 0, "Team 3")
    play(tournament, "Team 3", 0, 0, "Team 6")  # 6 beats 3
    play(tournament, "Team 5", 0, 0, "Team 4")
    play(tournament, "Team 4", 1, 0, "Team 5")  # 4 beats 5
    tournament.advance()
    ties = ties_of(tournament).filter(round__number=2)
    assert [(t.higher_seed.name, t.lower_seed.name) for t in ties] == [
        ("Team 1", "Team 6"),
        ("Team 2", "Team 4"),
    ]
    assert [r.name for r in tournament.rounds.order_by("number")] == [
        "Quarter-finals",
        "Semi-finals",
    ]


# -- advancing --------------------------------------------------------------------------


def test_advancing_is_refused_while_a_tie_is_undecided():
    tournament = make_tournament(["A", "B", "C", "D"])
    tournament.advance()
    play(tournament, "D", 0, 1, "A")
    play(tournament, "A", 0, 0, "D")
    play(tournament, "C", 1, 1, "B")
    with pytest.raises(AdvanceError) as error:
        tournament.advance()
    assert "B v C: the second leg has no result yet" in error.value.messages[0]
    assert not Tie.objects.filter(round__number=2, round__tournament=tournament).exists()


def test_the_database_refuses_a_second_tie_for_the_same_team_in_a_round():
    from django.db import IntegrityError, transaction

    tournament = make_tournament(["A", "B", "C", "D"])
    (tie, _other) = tournament.advance()
    with pytest.raises(IntegrityError), transaction.atomic():
        Tie.objects.create(
            round=tie.round,
            position=3,
            higher_seed=tie.higher_seed,
            lower_seed=tie.round.ties.last().higher_seed,
        )


# -- corrections ------------------------------------------------------------------------


def four_team_semis():
    tournament = make_tournament(["A", "B", "C", "D"])
    tournament.advance()
    play(tournament, "D", 0, 1, "A")
    play(tournament, "A", 2, 0, "D")
    play(tournament, "C", 1, 0, "B")
    play(tournament, "B", 0, 0, "C")  # C beats B 1-0
    tournament.advance()
    return tournament


def final_pairing(tournament):
    tie = ties_of(tournament).get(round__number=2)
    return tie.higher_seed.name, tie.lower_seed.name


def test_a_correction_redraws_the_next_round_while_it_has_no_results():
    tournament = four_team_semis()
    assert final_pairing(tournament) == ("A", "C")
    changes = leg_between(tournament, "B", "C").record_result(2, 0)  # B now wins 2-1
    assert final_pairing(tournament) == ("A", "B")
    assert changes == ["Final: redrawn as A v B."]


def semi_finals_of_2011():
    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    return tournament


def irapuato_instead_of_leon(tournament):
    """León's 2–0 in the second leg of the quarter-final corrected to 0–3 (its two
    scorers taken away first): Irapuato goes through instead."""
    leg = leg_between(tournament, "León", "Irapuato")
    leg.goals.all().delete()
    return Leg.objects.get(pk=leg.pk).record_result(0, 3)


def test_a_redraw_keeps_the_ties_and_legs_of_the_pairings_that_did_not_change():
    """Apertura 2011, the semi-finals drawn: Irapuato now goes through instead of León.
    La Piedad v León becomes La Piedad v Irapuato; Correcaminos v Neza still follows
    from the quarter-finals, so it keeps its tie and its legs (same ids), fixture and
    all. Only the pairing that changed is replaced."""
    tournament = semi_finals_of_2011()
    semis = ties_of(tournament).filter(round__number=2)
    kept = semis.get(higher_seed__name="Correcaminos")
    kept_legs = sorted(kept.legs.values_list("pk", flat=True))
    kept.legs.get(number=1).schedule(None, "Estadio Marte R. Gómez")
    gone = semis.get(higher_seed__name="La Piedad")
    gone_legs = list(gone.legs.values_list("pk", flat=True))

    changes = irapuato_instead_of_leon(tournament)

    assert changes == ["Semi-finals: redrawn as La Piedad v Irapuato; Correcaminos v Neza."]
    assert [(t.higher_seed.name, t.lower_seed.name) for t in semis.order_by("position")] == [
        ("La Piedad", "Irapuato"),
        ("Correcaminos", "Neza"),
    ]
    assert semis.get(higher_seed__name="Correcaminos").pk == kept.pk
    assert sorted(kept.legs.values_list("pk", flat=True)) == kept_legs
    assert kept.legs.get(number=1).venue == "Estadio Marte R. Gómez"
    assert not Leg.objects.filter(pk__in=gone_legs).exists()


def test_a_correction_after_the_next_round_started_keeps_the_played_tie():
    """Match night: Neza v Correcaminos' first leg is played when León's quarter-final is
    corrected. The correction only changes La Piedad's opponent, so it is allowed, and
    the played semi-final keeps its leg and result."""
    tournament = semi_finals_of_2011()
    played = leg_between(tournament, "Neza", "Correcaminos")
    played.record_result(2, 1)
    assert irapuato_instead_of_leon(tournament) == [
        "Semi-finals: redrawn as La Piedad v Irapuato; Correcaminos v Neza."
    ]
    played.refresh_from_db()
    assert (played.home_score, played.away_score) == (2, 1)


def test_a_correction_that_would_remove_a_played_tie_is_refused():
    tournament = semi_finals_of_2011()
    leg_between(tournament, "León", "La Piedad").record_result(1, 1)
    with pytest.raises(ValidationError, match="changes who advances from León v Irapuato"):
        irapuato_instead_of_leon(tournament)
    assert ties_of(tournament).filter(round__number=2, lower_seed__name="León").exists()


def test_a_removed_leg_leads_to_the_same_leg_of_the_pairing_in_its_place():
    tournament = semi_finals_of_2011()
    gone = leg_between(tournament, "La Piedad", "León")  # the semi-final's second leg
    irapuato_instead_of_leon(tournament)
    removed = Leg.removed_by_redraw(gone.pk)
    assert removed.pairing_label() == "La Piedad v León"
    assert removed.round.name == "Semi-finals"
    assert removed.leg == leg_between(tournament, "La Piedad", "Irapuato")
    assert Leg.removed_by_redraw(leg_between(tournament, "Neza", "Correcaminos").pk) is None


def test_a_removed_leg_of_a_cleared_round_has_no_leg_in_its_place():
    tournament = make_tournament(
        ["A", "B", "C", "D"],
        rounds=[("Semi-finals", ET_AND_PENALTIES), ("Final", ET_AND_PENALTIES)],
    )
    tournament.advance()
    play(tournament, "D", 0, 1, "A")
    play(tournament, "A", 2, 0, "D")
    play(tournament, "C", 1, 0, "B")
    play(tournament, "B", 0, 0, "C")
    tournament.advance()
    gone = ties_of(tournament).get(round__number=2).legs.get(number=1)
    leg_between(tournament, "B", "C").record_result(1, 0)  # now 1-1: extra time owed
    removed = Leg.removed_by_redraw(gone.pk)
    assert (removed.pairing_label(), removed.leg) == ("A v C", None)


def test_a_correction_previews_the_redraw_it_would_make_and_saves_nothing():
    tournament = semi_finals_of_2011()
    leg = leg_between(tournament, "León", "Irapuato")
    version = leg.version
    (redraw,) = leg.redraw_preview(0, 3)
    assert str(redraw) == "Semi-finals: redrawn as La Piedad v Irapuato; Correcaminos v Neza."
    assert [t.pairing_label() for t in redraw.removed] == ["La Piedad v León"]
    assert len(redraw.removed_legs()) == 2
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score, leg.version) == (2, 0, version)
    assert ties_of(tournament).filter(round__number=2, lower_seed__name="León").exists()
    assert leg.redraw_preview(3, 0) == []  # León still goes through: nothing to redraw


def test_a_correction_that_leaves_a_tie_undecided_clears_the_next_round():
    tournament = make_tournament(
        ["A", "B", "C", "D"],
        rounds=[("Semi-finals", ET_AND_PENALTIES), ("Final", ET_AND_PENALTIES)],
    )
    tournament.advance()
    play(tournament, "D", 0, 1, "A")
    play(tournament, "A", 2, 0, "D")
    play(tournament, "C", 1, 0, "B")
    play(tournament, "B", 0, 0, "C")
    tournament.advance()
    leg_between(tournament, "B", "C").record_result(1, 0)  # now 1-1: extra time owed
    assert not Tie.objects.filter(round__tournament=tournament, round__number=2).exists()


def test_a_correction_is_refused_once_the_next_round_has_results():
    tournament = four_team_semis()
    play(tournament, "C", 1, 1, "A")
    leg = leg_between(tournament, "B", "C")
    with pytest.raises(ValidationError, match="already has results"):
        leg.record_result(2, 0)
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score) == (0, 0)
    assert final_pairing(tournament) == ("A", "C")


def test_refreshing_pairings_never_rewrites_a_round_that_has_results():
    tournament = four_team_semis()
    play(tournament, "C", 1, 1, "A")
    leg = leg_between(tournament, "B", "C")
    leg.home_score = 2
    leg.save()  # saved behind the rules' back, as a raw SQL fix would
    with pytest.raises(CorrectionRefused):
        tournament.refresh_pairings()
    assert final_pairing(tournament) == ("A", "C")


def test_a_correction_that_keeps_the_winner_is_allowed_after_the_next_round_started():
    tournament = four_team_semis()
    play(tournament, "C", 1, 1, "A")
    leg_between(tournament, "B", "C").record_result(1, 1)  # C still wins 2-1
    assert final_pairing(tournament) == ("A", "C")


# -- titles and the promotional final ---------------------------------------------------


def won_by(team, season, name, order, **kwargs):
    tournament = make_tournament(
        [team, "Runner"],
        season=season,
        name=name,
        slug=name.lower().replace(" ", "-"),
        order=order,
        rounds=[("Final", LIGUILLA_TIEBREAK)],
        **kwargs,
    )
    tournament.advance()
    play(tournament, "Runner", 0, 1, team)
    play(tournament, team, 1, 0, "Runner")
    return tournament


def test_title_count_follows_the_clubs_earlier_titles():
    first = won_by("Correcaminos", SeasonFactory(start_year=2009), "Apertura 2009", 1)
    won_by("León", SeasonFactory(start_year=2009), "Clausura 2010", 2)
    third = won_by("Correcaminos", SeasonFactory(start_year=2011), "Apertura 2011", 1)
    assert first.champion_title() == 1
    assert third.champion_title() == 2


def test_a_stated_title_number_takes_precedence_and_the_count_goes_on_from_it():
    won_by(
        "América", SeasonFactory(start_year=2013), "Apertura 2013", 1, champion_title_override=11
    )
    later = won_by("América", SeasonFactory(start_year=2014), "Apertura 2014", 1)
    assert later.champion_title() == 12


def test_one_club_winning_both_tournaments_is_promoted_without_a_final():
    season = SeasonFactory(start_year=2011)
    won_by("Correcaminos", season, "Apertura 2011", 1)
    won_by("Correcaminos", season, "Clausura 2012", 2)
    promotion = season.promotion()
    assert promotion.status == "direct"
    assert promotion.promoted.name == "Correcaminos"
    with pytest.raises(AdvanceError, match="without a final"):
        season.create_promotional_final()


def test_two_champions_play_a_promotional_final_decided_like_any_tie():
    season = SeasonFactory(start_year=2011)
    won_by("Correcaminos", season, "Apertura 2011", 1)
    won_by("León", season, "Clausura 2012", 2)
    assert season.promotion().status == "pending" or season.promotion().status == "final"
    final = season.create_promotional_final()
    assert season.promotion().status == "final"
    tie = ties_of(final).get()
    assert {tie.higher_seed.name, tie.lower_seed.name} == {"Correcaminos", "León"}
    assert season.create_promotional_final() == final  # asking twice creates nothing new
    play(final, tie.lower_seed.name, 1, 1, tie.higher_seed.name)
    play(final, tie.higher_seed.name, 2, 1, tie.lower_seed.name)
    promotion = season.promotion()
    assert promotion.status == "decided"
    assert promotion.promoted == tie.higher_seed


def test_a_promotional_final_created_in_spanish_stores_no_spanish_text():
    """Names are derived from kinds and translated when shown, never stored translated."""
    season = SeasonFactory(start_year=2011)
    won_by("Correcaminos", season, "Apertura 2011", 1)
    won_by("León", season, "Clausura 2012", 2)
    with translation.override("es"):
        final = season.create_promotional_final()
    final.refresh_from_db()
    round_ = final.rounds.get()
    assert (final.name, round_.kind) == ("Promotional final", "promotional_final")
    with translation.override("es"):
        assert (final.display_name, round_.name) == ("Final de ascenso", "Final de ascenso")
    with translation.override("en"):
        assert (final.display_name, round_.name) == ("Promotional final", "Promotional final")


def test_no_promotional_final_before_both_champions_are_known():
    season = SeasonFactory(start_year=2011)
    won_by("Correcaminos", season, "Apertura 2011", 1)
    assert season.promotion().status == "pending"
    with pytest.raises(AdvanceError):
        season.create_promotional_final()


# -- kickoffs ---------------------------------------------------------------------------


def test_kickoffs_are_stored_in_utc_and_shown_in_the_tournaments_time_zone():
    import datetime as dt

    tournament, tie = two_team_final(LIGUILLA_TIEBREAK)
    leg = tie.first_leg
    leg.kickoff = dt.datetime(2011, 11, 24, 1, 0, tzinfo=dt.UTC)
    leg.save()
    local = leg.local_kickoff()
    assert (local.date(), local.hour, local.utcoffset()) == (
        dt.date(2011, 11, 23),
        19,
        dt.timedelta(hours=-6),
    )


def test_a_score_cannot_drop_below_the_scorers_already_recorded():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    leg = play(tournament, "Santos", 2, 0, "Toluca", goals=[("Santos", "Oribe Peralta", 10)])
    leg.record_result(1, 0)  # still room for the one scorer
    with pytest.raises(ValidationError) as error:
        leg.record_result(0, 0)
    assert error.value.message_dict["home_score"] == [
        "Santos scored 0 in regular time, but 1 goal is entered for it: Oribe Peralta 10'. "
        "Remove 1 scorer on the leg's page first, or correct the score."
    ]


def test_a_first_leg_cannot_be_cleared_while_the_second_has_a_score():
    tournament, _tie = two_team_final(LIGUILLA_TIEBREAK)
    play(tournament, "Santos", 1, 0, "Toluca")
    play(tournament, "Toluca", 1, 0, "Santos")
    with pytest.raises(ValidationError) as error:
        leg_between(tournament, "Santos", "Toluca").record_result(None, None)
    assert "clear it before" in error.value.message_dict["home_score"][0]


def test_champions_history_counts_titles_per_club():
    season = SeasonFactory(start_year=2009)
    won_by("Correcaminos", season, "Apertura 2009", 1, champion_title_override=1)
    won_by("León", season, "Clausura 2010", 2)
    won_by("Correcaminos", SeasonFactory(start_year=2011), "Apertura 2011", 1)
    competition = season.competition
    history = [(r.tournament.name, r.champion.name, r.title) for r in competition.champions()]
    assert history == [
        ("Apertura 2009", "Correcaminos", 1),
        ("Clausura 2010", "León", 1),
        ("Apertura 2011", "Correcaminos", 2),
    ]
    assert [(club.name, club.titles) for club in competition.title_counts()] == [
        ("Correcaminos", 2),
        ("León", 1),
    ]


def test_a_three_team_first_round_is_not_mistaken_for_the_final():
    tournament = make_tournament(["A", "B", "C"])
    tournament.advance()
    play(tournament, "C", 0, 1, "B")
    play(tournament, "B", 1, 0, "C")
    assert tournament.champion() is None
    assert tournament.season.competition.champions() == []
