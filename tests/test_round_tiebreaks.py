"""Every round's tiebreak is right by default, from the tournament's format (formats.py)
and the competition's era: staff never edit a round for the normal case.

- A Liga MX final level after both legs goes to extra time, then penalties.
- A play-in or reclassification match level after 90 minutes goes straight to penalties.
- The other Liguilla rounds: a level aggregate sends the better-placed club through.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tournaments import formats
from tournaments.models import Competition, Leg, Tournament
from tournaments.models.setup import start_tournament

from .admin_fixtures import LIGA_MX_CLUBS, form_data

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]

AGGREGATE, TABLE, EXTRA_TIME, PENALTIES = "aggregate", "table_position", "extra_time", "penalties"


class Row:
    def __init__(self, position, team):
        self.position, self.team, self.line = position, team, position
        self.won, self.drawn, self.lost = 18 - position, 0, position - 1
        self.goals_for, self.goals_against, self.points = 40 - position, 10 + position, None


def start_apertura_2025(format_key=None) -> Tournament:
    """The Liga MX's Apertura 2025 from its 18-club table, in the format staff leave
    preselected: the competition's for the season (the Play-In de 10)."""
    liga_mx = Competition.with_known_rules("Liga MX", "liga-mx")
    liga_mx.save()
    fmt = formats.FORMATS[format_key] if format_key else liga_mx.format_for(2025)
    return start_tournament(
        competition_name="Liga MX",
        season_name="2025–26",
        start_year=2025,
        name="Apertura 2025",
        order=1,
        rows=[Row(n, club) for n, club in enumerate(LIGA_MX_CLUBS, start=1)],
        qualifiers=fmt.qualifiers,
        knockout_format=fmt.key,
    )


def higher_seed_wins(tournament, number):
    """Round `number` drawn and won by every higher seed (1–0 at home, 0–0 away)."""
    tournament.advance(number)
    round_ = tournament.rounds.get(number=number)
    for tie in round_.ties.all():
        for leg in tie.legs.order_by("number"):
            home_is_higher = leg.home_id == tie.higher_seed_id
            Leg.objects.get(pk=leg.pk).record_result(1 if home_is_higher else 0, 0)
    return round_


def test_the_play_in_format_settles_each_round_as_the_liga_mx_does():
    tournament = start_apertura_2025()
    assert tournament.format == "play-in-10"
    rounds = [higher_seed_wins(tournament, n) for n in range(1, 5)]
    tournament.advance(5)
    final = tournament.rounds.get(number=5)
    assert [(r.kind, r.legs, r.tiebreak) for r in [*rounds, final]] == [
        ("play_in", 1, [AGGREGATE, PENALTIES]),
        ("play_in", 1, [AGGREGATE, PENALTIES]),
        ("quarter_final", 2, [AGGREGATE, TABLE]),
        ("semi_final", 2, [AGGREGATE, TABLE]),
        ("final", 2, [AGGREGATE, EXTRA_TIME, PENALTIES]),
    ]


def test_a_level_liga_mx_final_goes_to_extra_time_then_penalties():
    tournament = start_apertura_2025()
    for number in range(1, 5):
        higher_seed_wins(tournament, number)
    tournament.advance(5)
    (tie,) = tournament.rounds.get(number=5).ties.all()
    first, second = tie.legs.order_by("number")
    first.record_result(1, 1)
    Leg.objects.get(pk=second.pk).record_result(0, 0, extra_time=(0, 0), penalties=(3, 4))
    tie = tournament.rounds.get(number=5).ties.get()
    assert (tie.winner, tie.decided_by) == (tie.lower_seed, PENALTIES)


def test_a_level_play_in_match_goes_to_penalties_without_extra_time():
    tournament = start_apertura_2025()
    tournament.advance(1)
    tie = tournament.rounds.get(number=1).ties.order_by("pk").first()
    (leg,) = tie.legs.all()
    with pytest.raises(ValidationError):
        Leg.objects.get(pk=leg.pk).record_result(1, 1, extra_time=(0, 0), penalties=(5, 4))
    Leg.objects.get(pk=leg.pk).record_result(1, 1, penalties=(4, 5))
    tie = tournament.rounds.get(number=1).ties.order_by("pk").first()
    assert (tie.winner.name, tie.decided_by) == ("Pachuca", PENALTIES)


def test_a_level_reclassification_match_goes_to_penalties_without_extra_time():
    tournament = start_apertura_2025("reclassification-12")
    tournament.advance(1)
    reclassification = tournament.rounds.get(number=1)
    assert (reclassification.kind, reclassification.legs, reclassification.tiebreak) == (
        "reclassification",
        1,
        [AGGREGATE, PENALTIES],
    )


def test_the_match_desk_announces_the_next_round_with_the_formats_tiebreak(staff_client):
    tournament = start_apertura_2025()
    assert tournament.default_tiebreak(1) == [AGGREGATE, PENALTIES]
    assert tournament.default_tiebreak(5) == [AGGREGATE, EXTRA_TIME, PENALTIES]
    page = staff_client.get(
        reverse("admin:tournaments_tournament_change", args=[tournament.pk]),
        HTTP_ACCEPT_LANGUAGE="es",
    ).content.decode()
    assert "global, penales" in page


def test_the_final_offers_extra_time_and_penalties_on_its_second_leg(staff_client):
    tournament = start_apertura_2025()
    for number in range(1, 5):
        higher_seed_wins(tournament, number)
    tournament.advance(5)
    second = Leg.objects.get(tie__round__number=5, tie__round__tournament=tournament, number=2)
    url = reverse("admin:tournaments_leg_change", args=[second.pk])
    data = form_data(staff_client.get(url), "leg_form")
    assert {"extra_time_home_score", "penalties_home"} <= set(data)


def test_an_exception_is_a_correction_of_the_round_with_its_history():
    """A round played otherwise than its format (a rule changed mid-season): staff change
    its list, and its history says who changed what."""
    tournament = start_apertura_2025()
    tournament.advance(1)
    play_in = tournament.rounds.get(number=1)
    play_in.tiebreak = [AGGREGATE, EXTRA_TIME, PENALTIES]
    play_in.full_clean()
    play_in._change_reason = "Extra time agreed for this round"
    play_in.save()
    changes = play_in.history.order_by("history_date")
    assert [record.tiebreak for record in changes] == [
        [AGGREGATE, PENALTIES],
        [AGGREGATE, EXTRA_TIME, PENALTIES],
    ]
    assert changes.last().history_change_reason == "Extra time agreed for this round"


def test_a_play_in_matchs_page_offers_penalties_and_no_extra_time(staff_client):
    tournament = start_apertura_2025()
    tournament.advance(1)
    leg = Leg.objects.filter(tie__round__tournament=tournament).order_by("pk").first()
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    fields = set(form_data(staff_client.get(url), "leg_form"))
    assert "penalties_home" in fields and "extra_time_home_score" not in fields


def test_after_the_play_in_its_winners_are_seeds_7_and_8_whatever_their_table_places():
    """Pachuca (8th) beats Juárez (7th) and is seed 7; Juárez then wins the second match
    and is seed 8: the quarter-finals read 1 Toluca v 8 Juárez, 2 Tigres v 7 Pachuca."""
    tournament = start_apertura_2025()
    tournament.advance(1)
    Leg.objects.get(home__name="Juárez").record_result(0, 1)
    Leg.objects.get(home__name="Tijuana").record_result(2, 0)
    tournament.advance(2)
    Leg.objects.get(home__name="Juárez", away__name="Tijuana").record_result(1, 1, penalties=(4, 3))
    tournament.advance(3)
    tournament = Tournament.objects.with_bracket().get(pk=tournament.pk)
    quarter_finals = tournament.round(3).ties.all()
    seeds = {
        (tie.higher_seed.name, tie.higher_seed_number, tie.lower_seed.name, tie.lower_seed_number)
        for tie in quarter_finals
    }
    assert ("Toluca", 1, "Juárez", 8) in seeds and ("Tigres", 2, "Pachuca", 7) in seeds


def test_a_liga_de_expansion_2020_first_round_match_goes_to_extra_time_then_penalties():
    """Guard1anes 2020: 3rd to 12th in single matches, extra time and penalties after a
    level match; then two legs with away goals; the leaders join in rounds 2 and 3."""
    expansion = Competition.with_known_rules("Liga de Expansión MX", "liga-de-expansion-mx")
    expansion.save()
    fmt = expansion.format_for(2020)
    tournament = start_tournament(
        competition_name="Liga de Expansión MX",
        season_name="2020–21",
        start_year=2020,
        name="Guard1anes 2020",
        order=1,
        rows=[Row(n, club) for n, club in enumerate(LIGA_MX_CLUBS[:16], start=1)],
        qualifiers=fmt.qualifiers,
        knockout_format=fmt.key,
    )
    first_round = higher_seed_wins(tournament, 1)
    second_round = higher_seed_wins(tournament, 2)
    assert (first_round.legs, first_round.tiebreak) == (1, [AGGREGATE, EXTRA_TIME, PENALTIES])
    assert (second_round.legs, second_round.tiebreak) == (2, [AGGREGATE, "away_goals", TABLE])
    assert tournament.default_tiebreak(4) == [AGGREGATE, EXTRA_TIME, PENALTIES]
