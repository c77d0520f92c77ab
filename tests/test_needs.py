"""What each side needs (Tie.needs, put into words by display_needs): named cases, then the
property that what the sentences claim agrees with Tie.decision for every second-leg score
up to 6–6, in every tiebreak era (every list Round.clean accepts), in English and Spanish.

The sentences are read back by a small parser below, so a wrong word (a "two" that should
be "three", "win" for "lose") fails the property, not only a wrong structure."""

from __future__ import annotations

import itertools
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from tournaments import formats
from tournaments.display_needs import needs_text
from tournaments.export import export_tournament
from tournaments.models import Leg, Round, Team, Tie
from tournaments.vocabulary import HIGHER_SEED, LOWER_SEED, Tiebreak

from .builders import make_tournament, play

AGG, AWAY, ET, PENS, TABLE = (
    Tiebreak.AGGREGATE,
    Tiebreak.AWAY_GOALS,
    Tiebreak.EXTRA_TIME,
    Tiebreak.PENALTIES,
    Tiebreak.TABLE_POSITION,
)
HOST, VISITOR = "Cruz Azul", "Pumas"  # the higher seed hosts the deciding match


def valid_lists():
    """Every tiebreak list Round.clean accepts: the aggregate first, each rule once, extra
    time before penalties, a decisive rule last."""
    rest = [AWAY, ET, PENS, TABLE]
    found = []
    for size in range(1, len(rest) + 1):
        for order in itertools.permutations(rest, size):
            rules = [AGG, *order]
            if rules[-1] not in (PENS, TABLE):
                continue
            if ET in rules and PENS in rules and rules.index(PENS) < rules.index(ET):
                continue
            found.append(tuple(rules))
    return found


ALL_LISTS = valid_lists()
CATALOGUE_LISTS = sorted(
    {tuple(r.tiebreak) for f in formats.FORMATS.values() for r in f.rounds}
    | {formats.FINAL, formats.SINGLE_SHOOTOUT, formats.SINGLE_EXTRA_TIME}
)


def build_tie(rules, first=None, legs=2):
    """A tie in memory (no database): Cruz Azul the higher seed, Pumas the lower; `first`
    the first leg's score (Pumas at home, Cruz Azul's goals second)."""
    host, visitor = Team(pk=1, name=HOST), Team(pk=2, name=VISITOR)
    round_ = Round(number=1, legs=legs, tiebreak=list(rules))
    tie = Tie(round=round_, higher_seed=host, lower_seed=visitor)
    played = []
    if legs == 2:
        home_score, away_score = first if first else (None, None)
        played.append(
            Leg(
                tie=tie,
                number=1,
                home=visitor,
                away=host,
                home_score=home_score,
                away_score=away_score,
            )
        )
    tie._prefetched_objects_cache = {
        "legs": played + [Leg(tie=tie, number=legs, home=host, away=visitor)]
    }
    return tie


def decided(tie, host_goals, visitor_goals):
    """What Tie.decision makes of the deciding match ending host_goals–visitor_goals after
    90 minutes: a side through, or the tiebreak the tie reaches (checked to play out)."""
    legs = [leg for leg in tie.leg_list() if leg.number == 1 and tie.round.legs == 2]
    deciding = Leg(
        tie=tie,
        number=tie.round.legs,
        home=tie.higher_seed,
        away=tie.lower_seed,
        home_score=host_goals,
        away_score=visitor_goals,
    )
    legs.append(deciding)
    decision = tie.decision(legs=legs)
    if decision.winner is not None:
        return HIGHER_SEED if decision.winner == tie.higher_seed else LOWER_SEED
    rules = tie.round.tiebreak
    if ET in rules and tie.level_before(ET, legs):
        # Extra time is reached: a goal in it decides; a goalless one goes on down the list.
        deciding.extra_time_home_score, deciding.extra_time_away_score = 1, 0
        assert tie.decision(legs=legs).decided_by == ET
        deciding.extra_time_home_score = 0
        return ET
    assert PENS in rules and tie.level_before(PENS, legs), decision.missing
    return PENS


# -- reading the sentences back --------------------------------------------------------

WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    "es": [
        "cero",
        "uno",
        "dos",
        "tres",
        "cuatro",
        "cinco",
        "seis",
        "siete",
        "ocho",
        "nueve",
        "diez",
    ],
}
TEAM = f"(?P<team>{HOST}|{VISITOR})"
OTHER = f"(?P<other>{HOST}|{VISITOR})"


def number(word, lang):
    return int(word) if word.isdigit() else WORDS[lang].index(word)


SIDE_MAIN = {
    "en": [
        (rf"{TEAM} need to win by (?P<n>\w+) goals", ("win", "n")),
        (rf"{TEAM} need a win", ("win", 1)),
        (rf"A draw is enough for {TEAM}", (None, 0)),
        (rf"{TEAM} can afford to lose by one goal", ("lose", 1)),
        (rf"{TEAM} can afford to lose by (?P<n>\w+) goals", ("lose", "n")),
    ],
    "es": [
        (rf"{TEAM} necesita ganar por (?P<n>\w+) goles", ("win", "n")),
        (rf"{TEAM} necesita ganar", ("win", 1)),
        (rf"A {TEAM} le basta el empate", (None, 0)),
        (rf"A {TEAM} le alcanza incluso perdiendo por un gol", ("lose", 1)),
        (rf"A {TEAM} le alcanza incluso perdiendo por (?P<n>\w+) goles", ("lose", "n")),
    ],
}
SIDE_ALTERNATIVE = {
    "en": [
        (r"or a draw", 0),
        (r"or even a one-goal defeat", -1),
        (r"or by one", "one"),
        (r"or by (?P<l>\w+)", "n"),
    ],
    "es": [
        (r"o empatar", 0),
        (r"o incluso perder por un gol", -1),
        (r"o por (?P<l>\w+)", "n"),
    ],
}
CONDITION = {
    "en": [
        (r"scoring (?P<g>\w+) or more", "own"),
        (rf"if {OTHER} do not score", "none"),
        (rf"if {OTHER} score no more than (?P<g>\w+)", "other"),
    ],
    "es": [
        (r"marcando (?P<g>\w+) o más", "own"),
        (rf"si {OTHER} no anota más de (?P<g>\w+)", "other"),
        (rf"si {OTHER} no anota", "none"),
    ],
}
LEVEL_RESULT = {
    "en": [
        (r"A draw", ("margin", 0)),
        (r"A (?P<a>\d+)–(?P<b>\d+) draw", ("exact", None)),
        (rf"A one-goal win for {TEAM}", ("margin", 1)),
        (rf"A (?P<n>\w+)-goal win for {TEAM}", ("margin", "n")),
        (rf"A (?P<a>\d+)–(?P<b>\d+) win for {TEAM}", ("exact", None)),
    ],
    "es": [
        (r"Un empate", ("margin", 0)),
        (r"Un empate (?P<a>\d+)–(?P<b>\d+)", ("exact", None)),
        (rf"Un triunfo de {TEAM} por un gol", ("margin", 1)),
        (rf"Un triunfo de {TEAM} por (?P<n>\w+) goles", ("margin", "n")),
        (rf"Un triunfo de {TEAM} por (?P<a>\d+)–(?P<b>\d+)", ("exact", None)),
    ],
}
LEVEL_DESTINATION = {
    "en": [
        (r"sends the (tie|match) to penalties", PENS),
        (r"sends the (tie|match) to extra time and, if still level, to penalties", ET),
        (
            rf"sends the (tie|match) to extra time; if still level, {TEAM} go through on "
            "table position",
            ET,
        ),
        (r"sends the (tie|match) to extra time, then .+", ET),
    ],
    "es": [
        (r"lleva (la serie|el partido) a penales", PENS),
        (r"lleva (la serie|el partido) a tiempo extra y, si sigue empatad[ao], a penales", ET),
        (
            rf"lleva (la serie|el partido) a tiempo extra; si sigue empatad[ao], avanza {TEAM} "
            "por su posición en la tabla",
            ET,
        ),
        (r"lleva (la serie|el partido) a tiempo extra; después: .+", ET),
    ],
}


def first_match(patterns, text):
    """The pattern that reads `text` whole (its groups, its meaning), or fail."""
    for pattern, meaning in patterns:
        found = re.fullmatch(pattern, text)
        if found:
            return found, meaning
    raise AssertionError(f"unreadable: {text!r}")


def claims_of(lines, lang):
    """Each sentence as a predicate over the deciding match's 90 minutes (host's goals,
    visitor's goals) and the outcome it claims when the predicate holds."""
    claims = []
    for line in lines:
        assert line.endswith("."), line
        body = line[:-1]
        try:
            claims.append(level_claim(body, lang))
        except AssertionError:
            claims.append(side_claim(body, lang))
    return claims


def goals_of(team, host_goals, visitor_goals):
    return (host_goals, visitor_goals) if team == HOST else (visitor_goals, host_goals)


def side_claim(body, lang):
    main, _, alternative = body.partition(", ")
    found, meaning = first_match(SIDE_MAIN[lang], main)
    team = found["team"]
    verb, size = meaning
    size = number(found["n"], lang) if size == "n" else size
    margin = -size if verb == "lose" else size
    level = condition = None
    if alternative:
        level, condition = alternative_claim(alternative, lang, verb, team)

    def holds(host_goals, visitor_goals):
        mine, theirs = goals_of(team, host_goals, visitor_goals)
        if mine - theirs >= margin:
            return True
        return level is not None and mine - theirs == level and condition(mine, theirs)

    return holds, HIGHER_SEED if team == HOST else LOWER_SEED, body


def alternative_claim(text, lang, verb, team):
    for pattern, meaning in SIDE_ALTERNATIVE[lang]:
        found = re.match(pattern + " ", text)
        if not found:
            continue
        rest = text[found.end() :]
        try:
            cond, kind = first_match(CONDITION[lang], rest)
        except AssertionError:
            continue
        if meaning == "one":
            level = 1 if verb == "win" else -1
        elif meaning == "n":
            level = number(found["l"], lang) * (1 if verb == "win" else -1)
        else:
            level = meaning
        if kind != "own":
            assert cond["other"] != team, text
        # "or by two" takes its verb from the main clause ("win by three", "lose by one").
        assert verb is not None or meaning not in ("one", "n"), text
        goals = number(cond["g"], lang) if "g" in cond.groupdict() and cond["g"] else 0
        return level, condition_of(kind, goals)
    raise AssertionError(f"unreadable alternative: {text!r}")


def condition_of(kind, goals):
    """The away-goals condition of an alternative, on (my goals, their goals)."""
    return {
        "own": lambda mine, theirs: mine >= goals,
        "none": lambda mine, theirs: theirs == 0,
        "other": lambda mine, theirs: theirs <= goals,
    }[kind]


def level_claim(body, lang):
    for destination, outcome in LEVEL_DESTINATION[lang]:  # noqa: B007 (used below)
        found = re.fullmatch(f"(?P<result>.+?) {destination}", body)
        if found and any(re.fullmatch(p, found["result"]) for p, _ in LEVEL_RESULT[lang]):
            break
    else:
        raise AssertionError(f"not a level line: {body!r}")
    if "team" in found.groupdict() and found["team"]:
        assert found["team"] == HOST, body  # only the higher seed wins on table position
    result, (kind, value) = first_match(LEVEL_RESULT[lang], found["result"])
    team = result.groupdict().get("team")
    if kind == "margin":
        margin = number(result["n"], lang) if value == "n" else value

        def holds(host_goals, visitor_goals):
            if team is None:
                return host_goals == visitor_goals
            mine, theirs = goals_of(team, host_goals, visitor_goals)
            return mine - theirs == margin

    else:
        winner_goals, loser_goals = int(result["a"]), int(result["b"])

        def holds(host_goals, visitor_goals):
            if team is None:
                return host_goals == visitor_goals == winner_goals
            return goals_of(team, host_goals, visitor_goals) == (winner_goals, loser_goals)

    return holds, outcome, body


def check_sentences(tie, lang, scores=range(7)):
    with translation.override(lang):
        text = needs_text(tie.needs())
    claims = claims_of(text.lines, lang)
    for host_goals, visitor_goals in itertools.product(scores, scores):
        said = [
            (outcome, line) for holds, outcome, line in claims if holds(host_goals, visitor_goals)
        ]
        truth = decided(tie, host_goals, visitor_goals)
        first = tie.leg_list()[0]
        context = f"{tie.round.tiebreak} first leg {first.home_score}-{first.away_score} "
        assert len(said) == 1, (
            f"{context}{host_goals}-{visitor_goals}: {said or 'nothing'} in {text.lines}"
        )
        assert said[0][0] == truth, f"{context}{host_goals}-{visitor_goals}: {said[0]} but {truth}"


# -- the property ----------------------------------------------------------------------


def test_every_list_of_the_catalogue_is_a_valid_list():
    assert set(CATALOGUE_LISTS) <= set(ALL_LISTS)


@pytest.mark.parametrize("rules", CATALOGUE_LISTS, ids="-".join)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_era_every_first_leg_every_second_leg(rules, lang):
    """The eras' own lists, exhaustively: every first leg up to 4–4, every second leg up to
    6–6; and the single match."""
    for first in itertools.product(range(5), range(5)):
        check_sentences(build_tie(rules, first), lang)
    check_sentences(build_tie(rules, legs=1), lang)


@settings(max_examples=150, deadline=None)
@given(
    rules=st.sampled_from(ALL_LISTS),
    first=st.tuples(st.integers(0, 6), st.integers(0, 6)),
    legs=st.sampled_from([1, 2]),
    lang=st.sampled_from(["en", "es"]),
)
def test_what_the_sentences_claim_is_what_the_rules_decide(rules, first, legs, lang):
    check_sentences(build_tie(rules, first, legs), lang)


@settings(max_examples=150, deadline=None)
@given(
    rules=st.sampled_from(ALL_LISTS),
    first=st.tuples(st.integers(0, 5), st.integers(0, 5)),
    now=st.tuples(st.integers(0, 5), st.integers(0, 5)),
    legs=st.sampled_from([1, 2]),
)
def test_during_the_match_if_it_ends_like_this_and_what_is_still_needed(rules, first, now, legs):
    """ "If it ends like this" is what the rules decide for the score so far; a side told it
    needs n more goals goes through with n and not with n - 1 (the other side scoring no
    more), and reaches the tiebreak it is told with the goals it is told."""
    tie = build_tie(rules, first, legs)
    needs = tie.needs(score=now)
    assert needs.current == decided(tie, *now)
    for to_go in needs.to_go:
        step = (1, 0) if to_go.team == tie.higher_seed else (0, 1)
        through = HIGHER_SEED if to_go.team == tie.higher_seed else LOWER_SEED

        def after(goals, step=step):
            return decided(tie, now[0] + goals * step[0], now[1] + goals * step[1])

        assert after(to_go.to_win) == through
        assert all(after(goals) != through for goals in range(to_go.to_win))
        if to_go.to_level:
            assert after(to_go.to_level) == to_go.level_outcome
            assert all(after(goals) != to_go.level_outcome for goals in range(1, to_go.to_level))
    assert {t.team.pk for t in needs.to_go} == {
        side.team.pk
        for side in (needs.higher, needs.lower)
        if (HIGHER_SEED if side is needs.higher else LOWER_SEED) != needs.current
    }


# -- named cases -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "first", "lang", "lines"),
    [
        # Pumas 1–2 Cruz Azul in the first leg, away goals then table position (the Liga MX
        # 2012–2020 Liguilla): the issue's own sentence.
        (
            formats.LIGUILLA_AWAY_GOALS,
            (1, 2),
            "es",
            [
                "A Cruz Azul le basta el empate, o incluso perder por un gol si Pumas no anota "
                "más de dos.",
                "Pumas necesita ganar por dos goles, o por uno marcando tres o más.",
            ],
        ),
        # 0–0 in the first leg, no away goals (the Liguilla today): the higher seed hosts
        # the second leg and a draw sends it through.
        (
            formats.LIGUILLA,
            (0, 0),
            "en",
            ["A draw is enough for Cruz Azul.", "Pumas need a win."],
        ),
        # A final: Pumas won the first leg 2–1; a one-goal win for Cruz Azul means extra time.
        (
            formats.FINAL,
            (2, 1),
            "es",
            [
                "A Pumas le basta el empate.",
                "Cruz Azul necesita ganar por dos goles.",
                "Un triunfo de Cruz Azul por un gol lleva la serie a tiempo extra y, si sigue "
                "empatada, a penales.",
            ],
        ),
        # Pumas won 3–0 at home, away goals: one away goal of theirs makes a 4–1 enough.
        (
            formats.LIGUILLA_AWAY_GOALS,
            (3, 0),
            "en",
            [
                "Pumas can afford to lose by two goals, or by three scoring one or more.",
                "Cruz Azul need to win by four goals, or by three if Pumas do not score.",
            ],
        ),
    ],
)
def test_named_second_legs(rules, first, lang, lines):
    with translation.override(lang):
        assert needs_text(build_tie(rules, first).needs()).lines == lines


def test_a_play_in_match_level_after_90_minutes_goes_to_penalties():
    with translation.override("es"):
        text = needs_text(build_tie(formats.SINGLE_SHOOTOUT, legs=1).needs())
    assert text.lines == [
        "Cruz Azul necesita ganar.",
        "Pumas necesita ganar.",
        "Un empate lleva el partido a penales.",
    ]


def test_live_second_leg_of_a_final_says_who_would_be_champion():
    tie = build_tie(formats.FINAL, (2, 1))
    with translation.override("es"):
        text = needs_text(tie.needs(score=(1, 0)), final=True)
        assert text.now == "Si termina así, la serie se va a tiempo extra."
        assert text.lines == [
            "Cruz Azul necesita un gol más para ser campeón.",
            "Pumas necesita un gol más para ser campeón.",
        ]
        text = needs_text(tie.needs(score=(0, 1)), final=True)
        assert text.now == "Si termina así, Pumas es campeón."
        assert text.lines == [
            "Cruz Azul necesita dos goles más para forzar el tiempo extra y tres goles más "
            "para ser campeón."
        ]


def test_nothing_to_say_before_the_first_leg_or_after_the_second():
    assert build_tie(formats.LIGUILLA).needs() is None
    tie = build_tie(formats.LIGUILLA, (1, 1))
    tie.leg_list()[1].home_score = tie.leg_list()[1].away_score = 0
    assert tie.needs() is None


# -- in the season JSON ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_season_json_says_what_each_side_needs_and_imports_back(tmp_path):
    """A semi-final between the first and second legs: the document carries the scenario
    (structure and English lines); importing the document back ignores it (derived)."""
    tournament = make_tournament(
        [HOST, VISITOR], rounds=[("Semi-finals", formats.LIGUILLA_AWAY_GOALS)]
    )
    tournament.advance(1)
    play(tournament, VISITOR, 1, 2, HOST)
    tie = export_tournament(tournament)["rounds"][0]["ties"][0]
    assert tie["winner"] is None
    assert tie["needs"] == {
        "level_difference": -1,
        "higher_seed": {"team": HOST, "margin": 0, "level_visitor_goals": [1, 2]},
        "lower_seed": {"team": VISITOR, "margin": 2, "level_visitor_goals": [3, None]},
        "level": [
            {"visitor_goals": [1, 2], "outcome": "higher_seed"},
            {"visitor_goals": [3, None], "outcome": "lower_seed"},
        ],
        "lines": [
            "A draw is enough for Cruz Azul, or even a one-goal defeat if Pumas score no more "
            "than two.",
            "Pumas need to win by two goals, or by one scoring three or more.",
        ],
    }
    path = tmp_path / "season.json"
    path.write_text(json.dumps(export_tournament(tournament)), encoding="utf-8")
    call_command("import_season", str(path), stdout=StringIO(), stderr=StringIO())
    assert export_tournament(tournament)["rounds"][0]["ties"][0]["needs"] == tie["needs"]
    play(tournament, HOST, 0, 0, VISITOR)
    assert export_tournament(tournament)["rounds"][0]["ties"][0]["needs"] is None
