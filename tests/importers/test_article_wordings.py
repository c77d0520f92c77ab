"""Other editors' wordings of the same facts, read by the pure article reader (no
database): own goals listed with the scorer's club and the club they counted for, shoot-outs
noted after the score, tiebreak and legs sentences about single-match rounds. Tolerant of
wording, strict on facts: a club that cannot be the scorer's, a shoot-out after a first
leg, a single-match pairing played twice are FILE:LINE errors."""

import pytest

from tournaments.importers import phrases
from tournaments.importers.article import parse_article
from tournaments.importers.records import ImportFailed

from .conftest import ARTICLES_DIR

RECLASSIFICATION = ARTICLES_DIR / "2021-liga-mx-apertura-reclassification.txt"
OWN_GOAL_LINE = "- autogol de COL Stefan Medina (Monterrey) a favor de Tigres UANL"


def reclassification(replace=None, by=""):
    text = RECLASSIFICATION.read_text(encoding="utf-8")
    if replace is not None:
        assert replace in text
        text = text.replace(replace, by)
    return text


def line_number(text, fragment):
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


@pytest.mark.parametrize(
    "entry",
    [
        OWN_GOAL_LINE,
        "- COL Stefan Medina (Monterrey)",
        "- COL Stefan Medina (Monterrey, for Tigres UANL)",
        "- Stefan Medina (Monterrey) – for Tigres",
        "- Stefan Medina (Monterrey) (1 own goal, for Tigres)",
        "- Stefan Medina (Monterrey vs Tigres UANL)",
        "- own goal by Stefan Medina (Monterrey) against Tigres UANL",
        "* Autogol de Stefan Medina (Monterrey)",
        # Only the club it counted for: his own is the other club of that match.
        "- Stefan Medina (for Tigres UANL)",
        "- autogol de Stefan Medina a favor de Tigres",
    ],
)
def test_an_own_goal_is_the_scorers_club_whatever_the_wording(entry):
    record = parse_article(reclassification(OWN_GOAL_LINE, entry), "a.txt")
    own = record.scorer_list[-1]
    assert (own.player, own.team, own.own_goals, own.goals) == (
        "Stefan Medina",
        "Monterrey",
        True,
        1,
    )
    assert not record.warnings


@pytest.mark.parametrize(
    "entry,message",
    [
        (
            "- Stefan Medina (Tigres UANL, for Tigres UANL)",
            "Tigres UANL is named as his club and as the club it counted for",
        ),
        (
            "- Stefan Medina (for Atlas)",
            "the list does not name his club and the match lines give him no such own goal",
        ),
        ("- Stefan Medina (Barcelona)", "'Barcelona' is not a team of the table"),
    ],
)
def test_an_own_goal_whose_clubs_cannot_be_his_is_an_error_naming_its_line(entry, message):
    text = reclassification(OWN_GOAL_LINE, entry)
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert error.value.line == line_number(text, entry)
    assert message in error.value.message


@pytest.mark.parametrize(
    "written",
    [
        "Pachuca 1 – 1 Puebla (3 – 5 p)",
        "Pachuca 1 – 1 Puebla (p. 3–5)",
        "Pachuca 1 – 1 Puebla (3–5 pen.)",
        "Pachuca 1 – 1 Puebla (pens 3–5)",
        "Pachuca 1 – 1 Puebla (Puebla won 5–3 on penalties)",
        "Pachuca 1 – 1 Puebla (3–5 en penales)",
    ],
)
def test_a_shootout_straight_after_90_minutes_in_any_notation(written):
    record = parse_article(reclassification("Pachuca 1 – 1 Puebla (3 – 5 p)", written), "a.txt")
    reclass = record.rounds[0]
    leg = next(leg for leg in reclass.legs if leg.home == "Pachuca")
    assert (leg.number, leg.penalties, leg.extra_time) == (1, (3, 5), None)
    assert reclass.legs_per_tie == 1


def test_a_shootout_after_a_first_leg_is_an_error_naming_its_line():
    written = "Toluca 2 – 1 Atlas (4–3 p)"
    text = reclassification("Toluca 2 – 1 Atlas", written)
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert error.value.line == line_number(text, written)
    assert "a shoot-out after a first leg (Toluca 2–1 Atlas, Quarter-finals)" in str(error.value)


def test_a_single_match_pairing_played_twice_is_an_error_naming_the_second():
    again = "November 21, 2021\nTijuana 0 – 1 Monterrey\n\nNovember 21, 2021\nCruz Azul 0 – 0"
    text = reclassification("November 21, 2021\nCruz Azul 0 – 0", again)
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert error.value.line == line_number(text, "Tijuana 0 – 1 Monterrey")
    assert "a round of single matches" in error.value.message


def test_the_articles_rules_decide_extra_time_in_a_single_match():
    """The same round, its article saying it plays extra time before the shoot-out."""
    text = reclassification(
        "if the score was level after the 90 minutes, the winner was decided directly by "
        "penalty kicks, without extra time.",
        "a match level after 90 minutes went to extra time and, if still level, to penalties.",
    ).replace("Cruz Azul 0 – 0 Guadalajara", "Cruz Azul 0 – 0 Guadalajara (a.e.t.)")
    record = parse_article(text, "a.txt")
    reclass = record.rounds[0]
    assert reclass.tiebreak == ["aggregate", "extra_time", "penalties"]
    leg = next(leg for leg in reclass.legs if leg.home == "Cruz Azul")
    assert (leg.extra_time, leg.penalties) == ((0, 0), (3, 4))


def test_a_play_in_the_catalogue_does_not_know_is_an_error_naming_its_heading():
    text = reclassification("==Reclassification==", "==Play-In==")
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert error.value.line == line_number(text, "==Play-In==")
    assert "no knockout format the site knows plays such a Play-in" in error.value.message


@pytest.mark.parametrize(
    "sentence,rules,negated,rounds",
    [
        (
            "In the reclassification, if the score was level after the 90 minutes, the winner "
            "was decided directly by penalty kicks, without extra time.",
            ["penalties"],
            ["extra_time"],
            {"reclassification"},
        ),
        (
            "A Play-In match still level at the final whistle went straight to a penalty "
            "shoot-out;",
            ["penalties"],
            [],
            {"play_in"},
        ),
        (
            "Should the aggregate be level, the club higher in the general table went "
            "through, and away goals were not used.",
            ["table_position"],
            ["away_goals"],
            None,
        ),
        (
            "In the final, a level aggregate was followed by two 15-minute periods and, if "
            "needed, a shoot-out.",
            ["extra_time", "penalties"],
            [],
            {"final"},
        ),
        (
            "The better-placed club hosts the match, and a level match goes straight to penalties.",
            ["penalties"],
            [],
            None,
        ),
        (
            "Ties level on aggregate went to the club with the better regular-season record.",
            ["table_position"],
            [],
            None,
        ),
        (
            "En el repechaje, un empate se decide en tanda de penales, sin tiempo extra.",
            ["penalties"],
            ["extra_time"],
            {"reclassification"},
        ),
    ],
)
def test_tiebreak_sentences_of_single_match_rounds(sentence, rules, negated, rounds):
    read = phrases.read_rule_sentence(sentence)
    assert (read.rules, read.negated, read.rounds) == (rules, negated, rounds)


@pytest.mark.parametrize(
    "sentence",
    [
        "Play-In games were one-off matches hosted by the club higher in the general table.",
        "The winner of the seventh-placed club against the eighth-placed club took the seventh "
        "seed.",
    ],
)
def test_hosting_and_seeding_sentences_state_no_tiebreak(sentence):
    assert phrases.read_rule_sentence(sentence) is None


@pytest.mark.parametrize(
    "sentence,legs,rounds",
    [
        (
            "The reclassification (repechaje) was played as a single match at the stadium of "
            "the better-placed club.",
            1,
            {"reclassification"},
        ),
        ("Play-In games were one-off matches.", 1, {"play_in"}),
        ("Quarter-finals and semi-finals were home-and-away.", 2, {"quarter_final", "semi_final"}),
        ("Every round is played over two legs.", 2, None),
        ("The eight best clubs qualified.", None, None),
    ],
)
def test_legs_sentences(sentence, legs, rounds):
    read = phrases.read_legs_sentence(sentence)
    assert (read or (None, None)) == (legs, rounds)


@pytest.mark.parametrize(
    "heading,inside",
    [
        ("7th v 8th", True),
        ("Ninth place v tenth place", True),
        ("Match for the eighth seed", True),
        ("Broadcasting rights", False),
        ("Third place match", False),
    ],
)
def test_headings_over_one_match_of_a_round(heading, inside):
    assert phrases.match_heading(heading) is inside


@pytest.mark.parametrize(
    "written",
    [
        "Pachuca 1 – 1 Puebla\n  Penalties: 3–5",
        "Pachuca 1 – 1 Puebla\nPenalty shoot-out: Pachuca 3–5 Puebla",
        "Pachuca 1 – 1 Puebla\nPenales: Puebla 5–3",
        "Pachuca 1 – 1 Puebla\nPuebla won the shoot-out 5–3.",
    ],
)
def test_a_shootout_on_a_line_of_its_own(written):
    text = reclassification("Pachuca 1 – 1 Puebla (3 – 5 p)", written)
    record = parse_article(text, "a.txt")
    leg = next(leg for leg in record.rounds[0].legs if leg.home == "Pachuca")
    assert (leg.number, leg.penalties) == (1, (3, 5))
    assert not record.warnings


def test_a_shootout_line_naming_a_club_that_did_not_play_is_an_error():
    text = reclassification(
        "Pachuca 1 – 1 Puebla (3 – 5 p)", "Pachuca 1 – 1 Puebla\nPenales: Atlas 5–3"
    )
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert error.value.line == line_number(text, "Penales: Atlas")
    assert "Atlas did not play Pachuca 1–1 Puebla" in error.value.message


@pytest.mark.parametrize(
    "written",
    [
        "  Monterrey: Funes Mori 12', 55', Berterame 80'",
        "  Monterrey: Funes Mori (12', 55'), Berterame (80')",
        "  Monterrey: Funes Mori 12', 55' and Berterame 80'",
        "  Monterrey: Funes Mori 12', 55' y Berterame 80'",
    ],
)
def test_scorer_lines_in_other_wordings(written):
    text = reclassification("  Monterrey: Funes Mori 12', 55', Berterame 80'", written)
    record = parse_article(text, "a.txt")
    leg = record.rounds[0].legs[0]
    assert [(g.player, g.minute) for g in leg.goals if g.team == "Monterrey"] == [
        ("Rogelio Funes Mori", 12),
        ("Rogelio Funes Mori", 55),
        ("Germán Berterame", 80),
    ]
