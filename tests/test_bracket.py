"""The pure bracket arithmetic: byes, sizes and best-against-worst pairing."""

import pytest
from django.utils import translation

from tournaments import bracket
from tournaments.display import round_name
from tournaments.vocabulary import RoundKind


@pytest.mark.parametrize(
    ("qualifiers", "byes", "rounds"),
    [(2, 0, 1), (6, 2, 3), (7, 1, 3), (8, 0, 3), (12, 4, 4), (16, 0, 4), (17, 15, 5)],
)
def test_byes_fill_the_bracket_to_a_power_of_two(qualifiers, byes, rounds):
    assert bracket.bye_count(qualifiers) == byes
    assert bracket.round_count(qualifiers) == rounds


def test_seven_qualifiers_seed_one_waits_for_the_semi_finals():
    byes, playing = bracket.split_byes([1, 2, 3, 4, 5, 6, 7])
    assert byes == [1]
    assert bracket.pair_best_with_worst(playing) == [(2, 7), (3, 6), (4, 5)]


def test_twelve_qualifiers_seeds_one_to_four_have_byes():
    byes, playing = bracket.split_byes(list(range(1, 13)))
    assert byes == [1, 2, 3, 4]
    assert bracket.pair_best_with_worst(playing) == [(5, 12), (6, 11), (7, 10), (8, 9)]


def test_semi_finals_pair_first_with_fourth_and_second_with_third():
    assert bracket.pair_best_with_worst([1, 2, 3, 4]) == [(1, 4), (2, 3)]


def test_odd_number_of_teams_cannot_be_paired():
    with pytest.raises(ValueError, match="odd"):
        bracket.pair_best_with_worst([1, 2, 3])


def test_a_knockout_needs_two_teams():
    with pytest.raises(ValueError):
        bracket.bracket_size(1)


@pytest.mark.parametrize(
    ("teams", "name"),
    [
        (2, "Final"),
        (4, "Semi-finals"),
        (8, "Quarter-finals"),
        (16, "Round of 16"),
        (64, "Round of 64"),
        (128, "Round 1"),  # larger than any named round: numbered
    ],
)
def test_a_round_not_planned_is_named_by_its_bracket_slots(teams, name):
    with translation.override("en"):
        assert round_name(RoundKind.for_teams(teams), 1) == name


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Quarter-finals", RoundKind.QUARTER_FINAL),
        ("Quarterfinals", RoundKind.QUARTER_FINAL),
        ("Cuartos de Final", RoundKind.QUARTER_FINAL),
        ("Semifinales", RoundKind.SEMI_FINAL),
        ("Final", RoundKind.FINAL),
        ("Round of 16", RoundKind.ROUND_OF_16),
        ("Round 2", RoundKind.ROUND),
        ("Play-in round 1", RoundKind.PLAY_IN),
        ("Reclassification", RoundKind.RECLASSIFICATION),
        ("Recalificación", RoundKind.RECLASSIFICATION),
        ("Promotional final", RoundKind.PROMOTIONAL_FINAL),
        ("Goalscorers", None),
    ],
)
def test_a_source_heading_names_a_round_kind(heading, kind):
    assert RoundKind.from_name(heading) == kind


def test_round_names_are_shown_in_the_readers_language():
    with translation.override("es"):
        assert round_name(RoundKind.QUARTER_FINAL, 1) == "Cuartos de final"
        assert round_name(RoundKind.ROUND, 2) == "Ronda 2"


def test_a_format_shows_beside_its_first_round_the_clubs_that_join_the_second():
    """A bracket names, beside the first round, the clubs straight into the next one
    (the 2011 leader waiting for the semi-finals), and never a club that waits longer
    (the Play-In's top six, the Liga de Expansión's leader)."""
    from tournaments import formats

    table = list(range(1, 13))
    assert formats.first_round_byes(formats.FORMATS["liguilla-7-bye"], table[:7]) == [1]
    assert formats.first_round_byes(formats.FORMATS["reclassification-12"], table) == [1, 2, 3, 4]
    assert formats.first_round_byes(formats.FORMATS["expansion-2020"], table) == [2]
    assert formats.first_round_byes(formats.FORMATS["play-in-10"], table[:10]) == []
    assert formats.first_round_byes(formats.FORMATS["liguilla-8"], table[:8]) == []
