"""Every kind of contradiction: a one-line error naming FILE:LINE and both values, and the
database unchanged; --accept-mismatch turns each into a warning."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tournaments.models import Leg

from .conftest import row_counts, run_import

pytestmark = pytest.mark.django_db


def line_of(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


# (name, text to replace, replacement, line containing, words the message must name)
APERTURA_CONTRADICTIONS = [
    (
        "more_scorers_than_the_score",
        "León: Pacheco 7', 13'",
        "León: Pacheco 7', 13', 15'",
        "León: Pacheco 7', 13', 15'",
        ["scored 2 goals", "all are recorded already"],
    ),
    (
        "advanced_line_names_the_wrong_winner",
        "León advanced 3 – 0 on aggregate",
        "Irapuato advanced 3 – 0 on aggregate",
        "Irapuato advanced",
        ["Irapuato advanced", "León advance on aggregate"],
    ),
    (
        "advanced_line_gives_the_wrong_reason",
        "Correcaminos advanced because of their better position on the league table",
        "Correcaminos advanced 2 – 2 on aggregate",
        "Correcaminos advanced 2",
        ["on aggregate", "table_position"],
    ),
    (
        "advanced_line_gives_the_wrong_aggregate",
        "Neza advanced 3 – 2 on aggregate",
        "Neza advanced 4 – 2 on aggregate",
        "Neza advanced 4",
        ["aggregate 4–2", "3–2"],
    ),
    (
        "table_wins_draws_losses_do_not_add_up",
        "| 3 | Neza | MEX David Patiño | MEX Carlos Cariño | 15 | 7 | 5 | 3 |",
        "| 3 | Neza | MEX David Patiño | MEX Carlos Cariño | 16 | 7 | 5 | 3 |",
        "| 3 | Neza |",
        ["15", "16"],
    ),
    (
        "table_points_do_not_add_up",
        "| 27 | 22 | +5 | 26 |",
        "| 27 | 22 | +5 | 28 |",
        "| 3 | Neza |",
        ["26", "28"],
    ),
    (
        "table_goal_difference_does_not_add_up",
        "| 27 | 22 | +5 | 26 |",
        "| 27 | 22 | +6 | 26 |",
        "| 3 | Neza |",
        ["+6", "+5"],
    ),
    (
        "table_order_breaks_the_seeding_rule",
        "MEX Eduardo García | 15 | 6 | 4 | 5 | 22 | 22 | 0 | 22 |",
        "MEX Eduardo García | 15 | 8 | 4 | 3 | 22 | 22 | 0 | 28 |",
        "| 7 | Altamira |",
        ["Altamira", "28 pts"],
    ),
    (
        "infobox_number_of_teams",
        "- Num Teams: 7",
        "- Num Teams: 8",
        "- Num Teams",
        ["8", "7"],
    ),
    ("infobox_matches", "- Matches: 12", "- Matches: 13", "- Matches", ["13", "12"]),
    ("infobox_goals", "- Goals: 34", "- Goals: 35", "- Goals", ["35", "34"]),
    (
        "infobox_champion",
        "- Champions: Correcaminos",
        "- Champions: La Piedad",
        "- Champions",
        ["La Piedad", "Correcaminos"],
    ),
    (
        "infobox_runner_up",
        "runner-up = La Piedad",
        "runner-up = León",
        "- Count:",
        ["León", "La Piedad"],
    ),
    (
        "winners_box_title_number",
        "| Correcaminos 2nd Title |",
        "| Correcaminos 3rd Title |",
        "- Count:",
        ["3", "2"],
    ),
    (
        "infobox_top_scorer",
        "- Top Goal Scorer: BRA Eder Pacheco (4)",
        "- Top Goal Scorer: BRA Eder Pacheco (5)",
        "- Top Goal Scorer",
        ["Eder Pacheco (5)", "Eder Pacheco (4)"],
    ),
    (
        "goalscorers_list_tally_below_the_match_lines",
        ";3 goals\n\n- BRA Luciano Emílio (Neza)",
        ";2 goals\n\n- BRA Luciano Emílio (Neza)",
        "- BRA Luciano Emílio (Neza)",
        ["says 2", "give 3"],
    ),
    (
        "goalscorers_list_tally_above_the_match_lines_without_unnamed_goals",
        ";1 goal\n\n- PAR Cristian Rojas (Altamira)",
        ";2 goals\n- PAR Cristian Rojas (Altamira)\n;1 goal\n",
        "- PAR Cristian Rojas (Altamira)",
        ["says 2", "give 1"],
    ),
    (
        "pairing_against_the_reseeding_rule",
        "Irapuato 0 - 1 León\n  León: 69' Pacheco",
        "Irapuato 0 - 1 Neza\n  Neza: 69' Pacheco",
        "Irapuato 0 - 1 Neza",
        ["Irapuato v Neza", "León v Irapuato"],
    ),
    (
        "home_and_away_order",
        "Correcaminos 3 - 1 La Piedad\n"
        "  Correcaminos: Olsina 52', González 76', 86'\n"
        "  La Piedad: 38' Nurse",
        "La Piedad 1 - 3 Correcaminos\n"
        "  La Piedad: Nurse 38'\n"
        "  Correcaminos: 52' Olsina, 76', 86' González",
        "La Piedad 1 - 3 Correcaminos",
        ["Correcaminos at home", "La Piedad"],
    ),
]


@pytest.mark.parametrize(
    "old,new,line_text,words",
    [case[1:] for case in APERTURA_CONTRADICTIONS],
    ids=[case[0] for case in APERTURA_CONTRADICTIONS],
)
def test_contradiction_is_one_line_with_file_line_and_both_values(
    apertura_text, write_source, old, new, line_text, words
):
    assert old in apertura_text
    text = apertura_text.replace(old, new)
    path = write_source(text)
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:{line_of(text, line_text)}: "), message
    for word in words:
        assert word in message, message
    assert row_counts() == before


@pytest.mark.parametrize(
    "old,new",
    [case[1:3] for case in APERTURA_CONTRADICTIONS if "pairing" not in case[0]],
    ids=[case[0] for case in APERTURA_CONTRADICTIONS if "pairing" not in case[0]],
)
def test_accept_mismatch_imports_and_warns(apertura_text, write_source, old, new):
    path = write_source(apertura_text.replace(old, new))
    run = run_import(path, accept_mismatch=True)
    assert f"warning: {path}:" in run.stderr
    assert "apertura-2011" in run.stdout


def test_accept_mismatch_keeps_the_derived_table_values(apertura_text, write_source):
    from tournaments.models import TournamentEntry

    path = write_source(apertura_text.replace("| 27 | 22 | +5 | 26 |", "| 27 | 22 | +5 | 28 |"))
    run_import(path, accept_mismatch=True)
    assert TournamentEntry.objects.get(team__name="Neza").points == 26


def test_a_date_that_does_not_exist(apertura_text, write_source):
    text = apertura_text.replace("November 23, 2011", "November 31, 2011")
    line = line_of(text, "November 31")
    with pytest.raises(CommandError, match=rf":{line}: November 31, 2011 is not a date"):
        run_import(write_source(text))
    assert row_counts()["Leg"] == 0


def test_a_minute_outside_1_to_120(apertura_text, write_source):
    text = apertura_text.replace("León: 69' Pacheco", "León: 169' Pacheco")
    line = line_of(text, "169'")
    with pytest.raises(CommandError, match=rf":{line}: Pacheco: minute 169' is not in 1–120"):
        run_import(write_source(text))


def test_a_team_playing_itself(apertura_text, write_source):
    text = apertura_text.replace("Irapuato 0 - 1 León", "León 0 - 1 León")
    line = line_of(text, "León 0 - 1 León")
    with pytest.raises(CommandError, match=rf":{line}: León cannot play itself"):
        run_import(write_source(text))


def test_at_most_two_legs_per_tie(apertura_text, write_source):
    text = apertura_text.replace(
        "===Second leg===\nNovember 26, 2011",
        "===Second leg===\nNovember 25, 2011\nIrapuato 0 - 0 León\n\nNovember 26, 2011",
    )
    with pytest.raises(CommandError, match=r"at most two legs"):
        run_import(write_source(text))


def test_fewer_scorers_than_goals_is_a_warning_not_an_error(apertura_text, write_source):
    text = apertura_text.replace("  León: Torres 58', Maz 81', 82'", "  León: Torres 58', Maz 81'")
    run = run_import(write_source(text))
    assert "León 3–5 La Piedad: scorers incomplete (2 of 8 named)" not in run.stderr
    assert "León 3–5 La Piedad: scorers incomplete (7 of 8 named)" in run.stderr
    # The list's 2 for Maz is above his 1 in the match lines: León has one unnamed goal.
    assert (
        "Nelson Sebastián Maz (León): the list says 2 goals, the match lines give 1" in run.stderr
    )
    assert Leg.objects.get(home__name="León", away__name="La Piedad").scorers_incomplete()


def test_a_stated_tiebreak_that_contradicts_the_outcome(clausura_text, write_source):
    # Without away goals Toluca–Tigres would go to the higher seed: the article's line
    # "Toluca advanced on away goals" then contradicts the rules read from ==Bracket==.
    text = clausura_text.replace(
        "- If two teams are level on aggregate in the quarter- and semi-finals, "
        "the team with more away goals advances.\n",
        "",
    )
    with pytest.raises(
        CommandError,
        match=r"'Toluca advanced on away goals', but the rules say Toluca advance on "
        r"table_position",
    ):
        run_import(write_source(text))


def test_one_run_names_every_contradiction(apertura_text, write_source):
    """A typo'd score contradicts both the 'advanced' line and the infobox goal count:
    the error names the first, stderr lists the rest, and nothing is written."""
    text = apertura_text.replace("Irapuato 0 - 1 León", "Irapuato 0 - 3 León")
    path = write_source(text)
    before = row_counts()
    stderr = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_season", str(path), stdout=StringIO(), stderr=stderr)
    message = str(error.value)
    assert message.startswith(f"{path}:{line_of(text, 'León advanced 3')}: ")
    assert "the legs give 5–0" in message and "(and 1 more, listed above)" in message
    assert (
        f"{path}:{line_of(text, '- Goals: 34')}: goals: the source says 34, the results give 36"
        in (stderr.getvalue())
    )
    assert row_counts() == before
