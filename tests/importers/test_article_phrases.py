"""How editors word Liguilla articles, phrase by phrase: each case is read without the
database (the parser is pure), so the whole range of wordings stays cheap to check."""

import pytest

from tournaments.importers import article, phrases
from tournaments.importers.article import ArticleParser

from .conftest import APERTURA_2011

TABLE = """==Teams==
| 1 | Monterrey | 17 | 10 | 4 | 3 | 30 | 17 | +13 | 34 |
| 2 | Santos Laguna | 17 | 10 | 3 | 4 | 33 | 20 | +13 | 33 |
| 3 | Guadalajara | 17 | 9 | 5 | 3 | 24 | 14 | +10 | 32 |
| 4 | Tigres UANL | 17 | 8 | 6 | 3 | 22 | 14 | +8 | 30 |
| 5 | América | 17 | 8 | 5 | 4 | 27 | 21 | +6 | 29 |
| 6 | Pachuca | 17 | 7 | 5 | 5 | 25 | 22 | +3 | 26 |
| 7 | Cruz Azul | 17 | 7 | 4 | 6 | 24 | 22 | +2 | 25 |
| 8 | Morelia | 17 | 6 | 6 | 5 | 20 | 19 | +1 | 24 |
"""


def read_rules(bracket):
    """The rounds' tiebreak lists an article with this ==Bracket== text gets, and its
    warnings as (the line they name, message)."""
    text = (
        f"= 2012 Primera División Clausura Liguilla =\n\n{TABLE}\n==Bracket==\n{bracket}\n\n"
        "==Quarterfinals==\n\n==Semifinals==\n\n==Final==\n"
    )
    record = ArticleParser(text, "rules.txt").parse()
    lines = text.splitlines()
    warnings = [(lines[n - 1], message) for n, message in record.warnings]
    return {r.kind: r.tiebreak for r in record.rounds}, warnings


AGG, AWAY, ET, PEN, TABLE_POS = (
    "aggregate",
    "away_goals",
    "extra_time",
    "penalties",
    "table_position",
)
LIGUILLA = [AGG, TABLE_POS]
CUP_FINAL = [AGG, ET, PEN]
AWAY_THEN_TABLE = [AGG, AWAY, TABLE_POS]

# (case, bracket text, quarter-final, semi-final, final)
TIEBREAK_SENTENCES = [
    (
        "issue_10_away_goals_then_better_placed",
        "If a quarter-final or semi-final tie was level on aggregate, the team that scored "
        "more away goals advanced; if it was still level, the better placed team advanced.\n"
        "In the final, if the two teams were tied after both legs, the match would go to "
        "extra time and, if necessary, a penalty shoot-out.",
        AWAY_THEN_TABLE,
        AWAY_THEN_TABLE,
        CUP_FINAL,
    ),
    (
        "liga_de_ascenso_2011_higher_seeded_team_advances",
        "- If the two teams are tied after both legs, the higher seeded team advances.",
        LIGUILLA,
        LIGUILLA,
        LIGUILLA,
    ),
    (
        "primera_division_2008_quarterfinals_and_semifinals_then_final",
        "In the quarterfinals and semifinals, if the two teams are tied on aggregate the "
        "higher seeded team advances. In the final, if the two teams are tied after both "
        "legs, the match goes to extra time and, if necessary, a penalty shoot-out.",
        LIGUILLA,
        LIGUILLA,
        CUP_FINAL,
    ),
    (
        "bullets_with_a_still_tied_continuation",
        "- If two teams are level on aggregate in the quarter- and semi-finals, the team "
        "with more away goals advances.\n- If still tied, the higher seeded team advances.\n"
        "- In the final, a tie on aggregate goes to extra time and then to penalties.",
        AWAY_THEN_TABLE,
        AWAY_THEN_TABLE,
        CUP_FINAL,
    ),
    (
        "all_rounds_except_the_final",
        "The away goals rule is applied in all rounds except the final; otherwise the "
        "better-placed team advances. The final is decided by extra time and penalties.",
        AWAY_THEN_TABLE,
        AWAY_THEN_TABLE,
        CUP_FINAL,
    ),
    (
        "rules_named_in_reverse_order",
        "The better placed team advances if the teams are still level after the away goals "
        "rule has been applied.",
        AWAY_THEN_TABLE,
        AWAY_THEN_TABLE,
        AWAY_THEN_TABLE,
    ),
    (
        "better_position_in_the_general_table",
        "When the aggregate is level, the team with the better position in the general "
        "table goes through.",
        LIGUILLA,
        LIGUILLA,
        LIGUILLA,
    ),
    (
        "finished_higher_and_ranked_higher",
        "If tied on aggregate, the team that finished higher in the table advances.",
        LIGUILLA,
        LIGUILLA,
        LIGUILLA,
    ),
    (
        "penalties_without_extra_time",
        "Ties level on aggregate are settled on penalties, without extra time.",
        [AGG, PEN],
        [AGG, PEN],
        [AGG, PEN],
    ),
    (
        "away_goals_not_applied_in_the_final",
        "A team with more away goals goes through; if still level, the higher seed "
        "advances. In the final the away goals rule is not used: a tie level after both "
        "legs goes to extra time and then to a shoot-out.",
        AWAY_THEN_TABLE,
        AWAY_THEN_TABLE,
        CUP_FINAL,
    ),
    (
        "each_round_in_its_own_sentence",
        "Semifinal ties level on aggregate go to the higher seed. Quarter-final ties are "
        "decided by away goals, then by the higher seed. The final goes to a penalty "
        "shoot-out after 30 extra minutes.",
        AWAY_THEN_TABLE,
        LIGUILLA,
        CUP_FINAL,
    ),
]


@pytest.mark.parametrize(
    "bracket,quarter,semi,final",
    [case[1:] for case in TIEBREAK_SENTENCES],
    ids=[case[0] for case in TIEBREAK_SENTENCES],
)
def test_tiebreak_sentences(bracket, quarter, semi, final):
    rules, warnings = read_rules(bracket)
    assert rules == {"quarter_final": quarter, "semi_final": semi, "final": final}
    assert warnings == []


def test_rules_that_can_leave_a_tie_level_are_a_warning_naming_the_line():
    rules, warnings = read_rules(
        "\nIf a quarter-final or semi-final tie was level on aggregate, the team that scored "
        "more away goals advanced; if it was still level, the better placed team advanced."
    )
    # Nothing says how a level final is settled: read as the higher seed, and said so.
    assert rules["final"] == LIGUILLA
    assert warnings == [
        (
            "==Final==",
            "Final: the rules read (aggregate) can leave a tie level; read as ending with "
            "table_position",
        )
    ]


def test_a_sentence_about_level_ties_with_no_rule_it_knows_is_a_warning():
    _rules, warnings = read_rules(
        "If the teams are level, the tie is settled as the league decides. "
        "The higher seeded team advances when tied."
    )
    assert (
        "If the teams are level, the tie is settled as the league decides. "
        "The higher seeded team advances when tied.",
        "tiebreak sentence not understood: 'If the teams are level, the tie is "
        "settled as the league decides.'",
    ) in warnings


@pytest.mark.parametrize(
    "sentence",
    [
        "The higher seeded team plays the second leg at home.",
        "Teams are re-seeded every round depending on their position in the general table.",
        "The winner qualifies for the Promotional Final against the Clausura winner.",
    ],
)
def test_sentences_that_state_no_rule(sentence):
    assert phrases.read_rule_sentence(sentence) is None


# (line, team, decided_by, aggregate, shoot-out)
OUTCOME_LINES = [
    ("León advanced 3 – 0 on aggregate", "León", AGG, (3, 0), None),
    ("Santos Laguna won 3–1 on aggregate.", "Santos Laguna", AGG, (3, 1), None),
    ("América won 5 - 1 on aggregate.", "América", AGG, (5, 1), None),
    ("León beat Irapuato 3–0 on aggregate.", "León", AGG, (3, 0), None),
    ("Toluca advanced on away goals", "Toluca", AWAY, None, None),
    ("Morelia advanced on away goals.", "Morelia", AWAY, None, None),
    ("Tigres advanced on away goals (2–2 on aggregate).", "Tigres", AWAY, (2, 2), None),
    ("Toluca won on the away goals rule", "Toluca", AWAY, None, None),
    (
        "Correcaminos advanced because of their better position on the league table",
        "Correcaminos",
        TABLE_POS,
        None,
        None,
    ),
    (
        "Guadalajara advanced due to better league position (1–1 on aggregate).",
        "Guadalajara",
        TABLE_POS,
        (1, 1),
        None,
    ),  # fmt: skip
    ("Pachuca advanced due to higher seed", "Pachuca", TABLE_POS, None, None),
    (
        "Cruz Azul advanced as the higher seed (1-1 on aggregate).",
        "Cruz Azul",
        TABLE_POS,
        (1, 1),
        None,
    ),  # fmt: skip
    ("América won 4 – 2 on penalties", "América", PEN, None, (4, 2)),
    (
        "Santos Laguna won 4–3 on penalties (3–3 on aggregate).",
        "Santos Laguna",
        PEN,
        (3, 3),
        (4, 3),
    ),  # fmt: skip
    ("Irapuato won the shoot-out 4-3.", "Irapuato", PEN, None, (4, 3)),
    ("Santos Laguna won 3–2 after extra time", "Santos Laguna", ET, (3, 2), None),
    (
        "León won 5–1 on aggregate and were promoted to the 2012–13 Primera División.",
        "León",
        AGG,
        (5, 1),
        None,
    ),  # fmt: skip
    ("Tijuana advanced.", "Tijuana", None, None, None),
]


@pytest.mark.parametrize("line,team,decided_by,aggregate,shootout", OUTCOME_LINES)
def test_outcome_lines(line, team, decided_by, aggregate, shootout):
    outcome = phrases.read_outcome(line)
    assert (outcome.team, outcome.decided_by, outcome.aggregate, outcome.shootout) == (
        team,
        decided_by,
        aggregate,
        shootout,
    )


@pytest.mark.parametrize(
    "line,read",
    [
        ("2 – 2 on aggregate; no goals in extra time", (2, 2, True)),
        ("3–3 on aggregate.", (3, 3, False)),
        ("Aggregate: 1–1", (1, 1, False)),
    ],
)
def test_level_aggregate_lines(line, read):
    assert phrases.read_level(line) == read


@pytest.mark.parametrize(
    "value,scorers",
    [
        ("BRA Eder Pacheco (4)", [("Eder Pacheco", 4)]),
        ("ECU Christian Benítez (5 goals)", [("Christian Benítez", 5)]),
        ("Oribe Peralta, (6 goals)", [("Oribe Peralta", 6)]),
        ("Christian Benítez (América, 5 goals)", [("Christian Benítez", 5)]),
        ("Christian Benítez (América) (5)", [("Christian Benítez", 5)]),
        ("Darwin Quintero – 5 goals", [("Darwin Quintero", 5)]),
        (
            "MEX Javier Martínez (3), MEX Fernando Enríquez (3)",
            [("Javier Martínez", 3), ("Fernando Enríquez", 3)],
        ),
        ("[[Oribe Peralta]] (6)", [("Oribe Peralta", 6)]),
        ("unknown", None),
    ],
)
def test_top_scorer_values(value, scorers):
    assert phrases.read_top_scorers(value) == scorers


@pytest.mark.parametrize(
    "heading,kind",
    [
        ("Quarter-finals", "quarter_final"),
        ("Quarterfinals", "quarter_final"),
        ("Quarter finals", "quarter_final"),
        ("Semi-finals", "semi_final"),
        ("Semifinals", "semi_final"),
        ("Semifinal round", "semi_final"),
        ("Final", "final"),
        ("Finals", "final"),
        ("Liguilla Final", "final"),
        ("Promotional Final", "promotional_final"),
        ("Final phase", None),  # a section grouping the rounds
        ("Goalscorers", None),
    ],
)
def test_round_headings(heading, kind):
    found = phrases.round_heading(heading) if phrases.section_of(heading) is None else None
    assert (found[0] if found else None) == kind


@pytest.mark.parametrize(
    "heading,number",
    [("First leg", 1), ("First Leg", 1), ("1st leg", 1), ("Leg 1", 1), ("First legs", 1),
     ("Second leg", 2), ("2nd leg", 2), ("Leg 2", 2), ("Second Leg", 2), ("Aggregate", None)],
)  # fmt: skip
def test_leg_headings(heading, number):
    assert phrases.leg_heading(heading) == number


@pytest.mark.parametrize(
    "line,competition,phase,kind",
    [
        ("= 2011 Liga de Ascenso Apertura Liguilla =", "Liga de Ascenso", "Apertura", "liguilla"),
        (
            "= 2012 Primera División de México Clausura Liguilla =",
            "Primera División de México",
            "Clausura",
            "liguilla",
        ),
        ("= Liguilla of the Clausura 2013 Liga MX =", "Liga MX", "Clausura", "liguilla"),
        ("= Apertura 2009 Liga de Ascenso Liguilla =", "Liga de Ascenso", "Apertura", "liguilla"),
        ("= Clausura 2012 Liguilla =", "", "Clausura", "liguilla"),
        (
            "= 2011–12 Liga de Ascenso Promotional Final =",
            "Liga de Ascenso",
            None,
            "promotional_final",
        ),
    ],
)
def test_title_lines(line, competition, phase, kind):
    _year, read_phase, read_kind, read_competition = article.read_title(line)
    assert (read_competition, read_phase, read_kind) == (competition, phase, kind)


@pytest.mark.parametrize(
    "cell,team,title",
    [
        ("Correcaminos 2nd Title", "Correcaminos", 2),
        ("América (11th title)", "América", 11),
        ("Santos Laguna Fourth Title", "Santos Laguna", 4),
        ("León, second title", "León", 2),
        ("León (promoted)", "León", None),
        ("León", "León", None),
    ],
)
def test_winner_lines(cell, team, title):
    assert phrases.read_titled_team(cell) == (team, title)


@pytest.mark.parametrize(
    "key,fact",
    [("Num Teams", "teams"), ("num_teams", "teams"), ("Matches played", "matches"),
     ("Goals scored", "goals"), ("Top Goal Scorer", "top_scorer"), ("top_scorer", "top_scorer"),
     ("Runners-up", "runner_up"), ("runner-up", "runner_up"), ("Champions", "champion"),
     ("Prevseason", ""), ("Attendance", ""), ("Mascot", None)],
)  # fmt: skip
def test_infobox_keys(key, fact):
    assert phrases.infobox_key(key) == fact


def test_the_parsers_import_no_django():
    import ast
    from pathlib import Path

    folder = Path(article.__file__).parent
    for name in ("article.py", "article_legs.py", "article_rules.py", "phrases.py", "records.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        modules = [
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        ] + [a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names]
        assert not [m for m in modules if m.startswith("django")], name


def test_a_promotional_final_section_in_a_liguilla_article_is_skipped_with_a_warning():
    text = APERTURA_2011.read_text(encoding="utf-8").replace(
        "==Goalscorers==",
        "==Promotional Final==\n===First leg===\nMay 16, 2012\nCorrecaminos 1 - 2 León\n\n"
        "==Goalscorers==",
    )
    record = ArticleParser(text, "apertura.txt").parse()
    assert [r.kind for r in record.rounds] == ["quarter_final", "semi_final", "final"]
    line = text.splitlines().index("==Promotional Final==") + 1
    assert record.warnings == [
        (
            line,
            "'Promotional Final': the promotional final is imported from its own article; "
            "this section is not read",
        )
    ]


def read_leg(*lines):
    """The second leg of a final written as `lines` (a score line, then scorer lines)."""
    body = "\n".join(lines)
    text = (
        f"= 2012 Primera División Clausura Liguilla =\n\n{TABLE}\n==Format==\n"
        "In the final, a level tie goes to extra time and then to penalties.\n\n==Final==\n"
        f"===Second leg===\nMay 20, 2012\n{body}\n"
    )
    record = ArticleParser(text, "leg.txt").parse()
    return record.rounds[0].legs[0], record.warnings


# (case, lines, (home, away, 90-minute score, extra time, shoot-out))
SCORE_LINES = [
    ("hyphen", ["América 0 - 1 Santos Laguna"], ("América", "Santos Laguna", (0, 1), None, None)),
    ("en_dash", ["América 0–1 Santos Laguna"], ("América", "Santos Laguna", (0, 1), None, None)),
    ("em_dash", ["América 0 — 1 Santos"], ("América", "Santos Laguna", (0, 1), None, None)),
    ("aet_after_the_teams", ["América 2–2 Santos Laguna (a.e.t.)", "  América: Benítez 50', 105'",
     "  Santos Laguna: 60' Peralta, 118' Quintero"],
     ("América", "Santos Laguna", (1, 1), (1, 1), None)),
    ("aet_after_the_score", ["América 1–1 (a.e.t.) Santos Laguna"],
     ("América", "Santos Laguna", (1, 1), (0, 0), None)),
    ("aet_and_shootout", ["América 1–1 Santos Laguna (a.e.t., 4–2 p)"],
     ("América", "Santos Laguna", (1, 1), (0, 0), (4, 2))),
    ("shootout_only", ["América 1–1 Santos Laguna (4–2 pen.)"],
     ("América", "Santos Laguna", (1, 1), None, (4, 2))),
]  # fmt: skip


@pytest.mark.parametrize(
    "lines,expected", [case[1:] for case in SCORE_LINES], ids=[case[0] for case in SCORE_LINES]
)
def test_score_lines(lines, expected):
    leg, warnings = read_leg(*lines)
    score = (leg.home_score, leg.away_score)
    assert (leg.home, leg.away, score, leg.extra_time, leg.penalties) == expected
    assert warnings == []


# (case, scorer line under "America 3 - 2 Santos Laguna", goals as (team, name, minute,
# added, penalty, own goal), bookings)
SCORER_LINES = [
    ("several_minutes_per_scorer", "  América: Benítez 12', 67', 80'",
     [("América", "Benítez", 12, None, False, False), ("América", "Benítez", 67, None, False,
      False), ("América", "Benítez", 80, None, False, False)], []),
    ("stoppage_time", "  América: Benítez 45+2', Vuoso 90 + 4', Layún 3'",
     [("América", "Benítez", 45, 2, False, False), ("América", "Vuoso", 90, 4, False, False),
      ("América", "Layún", 3, None, False, False)], []),
    ("penalty_pen_and_p", "  América: Benítez 12' (pen.), 67', Layún 80′ (p)",
     [("América", "Benítez", 12, None, True, False), ("América", "Benítez", 67, None, False,
      False), ("América", "Layún", 80, None, True, False)], []),
    ("away_side_minutes_first", "  Santos Laguna: 20', 55' Peralta, 70' (pen.) Quintero",
     [("Santos Laguna", "Peralta", 20, None, False, False), ("Santos Laguna", "Peralta", 55,
      None, False, False), ("Santos Laguna", "Quintero", 70, None, True, False)], []),
    ("own_goal_under_the_team_it_counts_for", "  Santos Laguna: 33' (o.g.) Mosquera",
     [("Santos Laguna", "Mosquera", 33, None, False, True)], []),
    ("a_name_without_minutes_is_a_booking", "  América: Benítez 12', Rosinei, Layún",
     [("América", "Benítez", 12, None, False, False)], ["Rosinei", "Layún"]),
]  # fmt: skip


@pytest.mark.parametrize(
    "line,goals,bookings",
    [case[1:] for case in SCORER_LINES],
    ids=[case[0] for case in SCORER_LINES],
)
def test_scorer_lines(line, goals, bookings):
    leg, _warnings = read_leg("América 3 - 2 Santos Laguna", line)
    assert [
        (g.team, g.written, g.minute, g.added_time, g.penalty, g.own_goal) for g in leg.goals
    ] == goals
    assert [b.written for b in leg.bookings] == bookings


@pytest.mark.parametrize(
    "line",
    ["Attendance: 45,000", "Referee: Marco Antonio Rodríguez", "Stadium: Estadio Azteca"],
)
def test_footballbox_lines_are_skipped_silently(line):
    _leg, warnings = read_leg("América 3 - 2 Santos Laguna", line)
    assert warnings == []


def test_unindented_scorer_lines_may_use_another_spelling_of_the_team():
    leg, warnings = read_leg("America 3 - 2 Santos Laguna", "América: Benítez 12', 67', 80'",
                             "Santos: 20', 55' Peralta")  # fmt: skip
    assert [(g.team, g.minute) for g in leg.goals] == [
        ("América", 12), ("América", 67), ("América", 80),
        ("Santos Laguna", 20), ("Santos Laguna", 55),
    ]  # fmt: skip
    assert warnings == []
