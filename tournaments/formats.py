"""The knockout formats of each competition and era, in one readable catalogue, and the
pure arithmetic that turns a general table and the results so far into the next round's
pairings. No ORM here (as bracket.py): the models call it with their own objects.

A format lists its rounds in order. Each round says what it is (`kind`, a RoundKind value),
how many legs a tie has, the ordered tiebreak list that settles a level tie, which table
positions join the knockout at that round (`enter`), and how its ties are paired:

- ``best_v_worst``: the teams still in and those joining now, ordered by seed, best
  against worst (the Liguilla's re-seeding rule);
- ``play_in_first``: 7th v 8th and 9th v 10th; the winner of 7 v 8 is seed 7;
- ``play_in_second``: the loser of 7 v 8 hosts the winner of 9 v 10; the winner is seed 8.

Single matches are hosted by the higher seed; two legs by the lower seed first.

The rules were read from the competitions' regulations and checked against every
Liguilla of the openfootball files: the import's cross-check proves, tie by tie, that the
team these rules send through is the team the file shows in the next round.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .bracket import pair_best_with_worst
from .vocabulary import Tiebreak

T = TypeVar("T", bound=Hashable)

BEST_V_WORST = "best_v_worst"
PLAY_IN_FIRST = "play_in_first"
PLAY_IN_SECOND = "play_in_second"

AGG = Tiebreak.AGGREGATE.value
TABLE = Tiebreak.TABLE_POSITION.value
ET = Tiebreak.EXTRA_TIME.value
PENS = Tiebreak.PENALTIES.value

AWAY = Tiebreak.AWAY_GOALS.value
# Two legs, level on aggregate: the better-placed club in the general table goes through.
LIGUILLA = (AGG, TABLE)
LIGUILLA_AWAY_GOALS = (AGG, AWAY, TABLE)
# The final: extra time after a level second leg, then a shoot-out.
FINAL = (AGG, ET, PENS)
# A single match of the reclassification or the play-in: level after 90 minutes, a
# shoot-out straight away.
SINGLE_SHOOTOUT = (AGG, PENS)
# A single match with extra time before the shoot-out (Liga de Expansión 2020–21).
SINGLE_EXTRA_TIME = (AGG, ET, PENS)

# How the general table counts points: 3 a win, 1 a draw; or the same with the away-win
# bonus (table.away_win_bonus: a fourth point for an away win, in each club's first N away
# matches, N the fewest away matches of any club). Ascenso MX from Apertura 2019 and the
# Liga de Expansión MX 2020–21 and 2021–22 (Guard1anes 2020: Tampico Madero 6th on 26
# points, 23 of them from results, ahead of Mineros 25 and Tepatitlán 24).
POINTS = "3-1-0"
AWAY_WIN_BONUS = "away-win-bonus"

# The general table: points, then goal difference, then goals scored; then the results
# between the clubs still level, then goals scored away.
TABLE_ORDER = ("points", "goal_difference", "goals_for", "head_to_head", "away_goals")


@dataclass(frozen=True)
class RoundFormat:
    kind: str
    legs: int
    tiebreak: tuple[str, ...]
    enter: tuple[int, int] | None = None  # table positions joining here (inclusive)
    pairing: str = BEST_V_WORST


@dataclass(frozen=True)
class Format:
    key: str
    description: str
    rounds: tuple[RoundFormat, ...]
    table_order: tuple[str, ...] = TABLE_ORDER
    points: str = POINTS

    @property
    def qualifiers(self) -> int:
        return max(r.enter[1] for r in self.rounds if r.enter)


@dataclass(frozen=True)
class SeasonFinal:
    """The two-legged final between a season's Apertura and Clausura champions."""

    name: str
    promotes: bool
    tiebreak: tuple[str, ...] = FINAL
    # The second leg is hosted by the champion with more points over the season's two
    # general tables (Season.create_promotional_final): the Liga de Ascenso's promotional
    # final and the Liga de Expansión's Campeón de Campeones alike (Atlético Morelia 59
    # over Atlante 58 in 2022 with the away-win bonus; Atlante over Tapatío in 2023).


def _knockout_rounds(enter, tiebreak):
    """Quarter-finals (`enter`: the table positions that join there), semi-finals and
    final, re-seeded best against worst, two legs each."""
    return (
        RoundFormat("quarter_final", 2, tiebreak, enter=enter),
        RoundFormat("semi_final", 2, tiebreak),
        RoundFormat("final", 2, FINAL),
    )


AWAY_GOALS_WORDS = (
    "a level aggregate going to the club with more away goals, then to the better-placed club"
)
TABLE_WORDS = "a level aggregate going to the better-placed club (no away goals)"


def _eight(key, tiebreak, words):
    return Format(
        key,
        "The top eight of the general table; quarter-finals 1 v 8, 2 v 7, 3 v 6, 4 v 5 and "
        f"semi-finals re-seeded best against worst, over two legs, {words}; a two-legged "
        "final with extra time and penalties.",
        _knockout_rounds((1, 8), tiebreak),
    )


def _reclassification(key, tiebreak, words, points=POINTS):
    return Format(
        key,
        "The top twelve: 5th to 12th play the reclassification, single matches at the "
        "better-placed club's ground, 5 v 12, 6 v 11, 7 v 10, 8 v 9, a level match going "
        "straight to penalties; its four winners join the top four in quarter-finals "
        f"re-seeded by table position; two legs from there on, {words}; a two-legged final "
        "with extra time and penalties.",
        (
            RoundFormat("reclassification", 1, SINGLE_SHOOTOUT, enter=(5, 12)),
            *_knockout_rounds((1, 4), tiebreak),
        ),
        points=points,
    )


EIGHT = _eight("liguilla-8", LIGUILLA, TABLE_WORDS)
EIGHT_AWAY_GOALS = _eight("liguilla-8-away-goals", LIGUILLA_AWAY_GOALS, AWAY_GOALS_WORDS)
RECLASSIFICATION_AWAY_GOALS = _reclassification(
    "reclassification-12-away-goals", LIGUILLA_AWAY_GOALS, AWAY_GOALS_WORDS
)
RECLASSIFICATION = _reclassification("reclassification-12", LIGUILLA, TABLE_WORDS)
RECLASSIFICATION_AWAY_WIN_BONUS = _reclassification(
    "reclassification-12-away-win-bonus",
    LIGUILLA,
    TABLE_WORDS + "; an away win is worth four points in the general table",
    points=AWAY_WIN_BONUS,
)
PLAY_IN = Format(
    "play-in-10",
    "The top ten: the play-in, single matches at the better-placed club's ground and "
    "penalties after a level match: 7th v 8th (the winner is seed 7) and 9th v 10th; then "
    "the loser of the first hosts the winner of the second for seed 8. Quarter-finals 1 v 8, "
    f"2 v 7, 3 v 6, 4 v 5 and semi-finals re-seeded, over two legs, {TABLE_WORDS}; a "
    "two-legged final with extra time and penalties.",
    (
        RoundFormat("play_in", 1, SINGLE_SHOOTOUT, enter=(7, 10), pairing=PLAY_IN_FIRST),
        RoundFormat("play_in", 1, SINGLE_SHOOTOUT, pairing=PLAY_IN_SECOND),
        *_knockout_rounds((1, 6), LIGUILLA),
    ),
)
EXPANSION_2020 = Format(
    "expansion-2020",
    "Liga de Expansión 2020–21: the top twelve. 3rd to 12th play a first round of single "
    "matches at the better-placed club's ground (3 v 12 … 7 v 8), extra time and penalties "
    "after a level match; the five winners and the 2nd play a second round over two legs, "
    "re-seeded best against worst; its three winners and the 1st play the semi-finals; "
    f"{AWAY_GOALS_WORDS}; the final goes to extra time and penalties. An away win is "
    "worth four points in the general table.",
    (
        RoundFormat("round", 1, SINGLE_EXTRA_TIME, enter=(3, 12)),
        RoundFormat("round", 2, LIGUILLA_AWAY_GOALS, enter=(2, 2)),
        RoundFormat("semi_final", 2, LIGUILLA_AWAY_GOALS, enter=(1, 1)),
        RoundFormat("final", 2, FINAL),
    ),
    points=AWAY_WIN_BONUS,
)

# Smaller and larger Liguillas, for a competition outside the eras below. The leader waits
# in the semi-finals of a Liguilla of seven: the Liga de Ascenso's Apertura 2011 (León,
# first, joined the semi-finals; its final, level on aggregate, went to the better-placed
# club, as every round of that Liguilla).
SEVEN_WITH_A_BYE = Format(
    "liguilla-7-bye",
    "The top seven: the leader waits for the semi-finals; quarter-finals 2 v 7, 3 v 6, "
    "4 v 5 and semi-finals re-seeded best against worst, all over two legs, the final too, "
    f"{TABLE_WORDS} (the Liga de Ascenso, Apertura 2011).",
    (
        RoundFormat("quarter_final", 2, LIGUILLA, enter=(2, 7)),
        RoundFormat("semi_final", 2, LIGUILLA, enter=(1, 1)),
        RoundFormat("final", 2, LIGUILLA),
    ),
)
SIX_WITH_BYES = Format(
    "liguilla-6-byes",
    "The top six: the first two wait for the semi-finals; quarter-finals 3 v 6 and 4 v 5, "
    f"semi-finals re-seeded best against worst, over two legs, {TABLE_WORDS}; a two-legged "
    "final with extra time and penalties.",
    (
        RoundFormat("quarter_final", 2, LIGUILLA, enter=(3, 6)),
        RoundFormat("semi_final", 2, LIGUILLA, enter=(1, 2)),
        RoundFormat("final", 2, FINAL),
    ),
)
FOUR = Format(
    "liguilla-4",
    f"The top four: semi-finals 1 v 4 and 2 v 3 over two legs, {TABLE_WORDS}; a two-legged "
    "final with extra time and penalties.",
    (
        RoundFormat("semi_final", 2, LIGUILLA, enter=(1, 4)),
        RoundFormat("final", 2, FINAL),
    ),
)
SIXTEEN = Format(
    "liguilla-16",
    "The top sixteen: round of 16 (1 v 16 … 8 v 9), quarter-finals and semi-finals "
    f"re-seeded best against worst, over two legs, {TABLE_WORDS}; a two-legged final with "
    "extra time and penalties.",
    (
        RoundFormat("round_of_16", 2, LIGUILLA, enter=(1, 16)),
        *_knockout_rounds(None, LIGUILLA),
    ),
)

# In the order staff see them when starting a tournament.
FORMATS = {
    f.key: f
    for f in (
        PLAY_IN,
        RECLASSIFICATION,
        RECLASSIFICATION_AWAY_GOALS,
        RECLASSIFICATION_AWAY_WIN_BONUS,
        EIGHT,
        EIGHT_AWAY_GOALS,
        EXPANSION_2020,
        SEVEN_WITH_A_BYE,
        SIX_WITH_BYES,
        FOUR,
        SIXTEEN,
    )
}

# Format eras: a competition's formats over the years, [(first season's start year, format
# key)], latest last. A competition names its era in a field (Competition.format_era), so its
# display name decides nothing.
# Away goals: the Liga MX did not count them in 2010–11 and 2011–12 (Monterrey over
# Pachuca, Apertura 2010; Santos over Morelia, Apertura 2011; Santos over Tigres, Clausura
# 2012: all on table position), counted them from 2012–13 to 2020–21 (León over Cruz Azul,
# Clausura 2014; Pachuca over América, Clausura 2021) and not from 2021–22 (Pachuca over
# Tigres on table position, Apertura 2022; Cruz Azul over Monterrey, Clausura 2024).
LIGA_MX_ERA = "liga-mx"
EXPANSION_ERA = "liga-de-expansion-mx"
# The second division before the Liga de Expansión (Liga de Ascenso, then Ascenso MX): its
# Liguilla of seven, the leader waiting for the semi-finals, as the Apertura 2011 played it
# (data/2011-apertura-liguilla.txt: "The first team in the general table qualified for the
# semi-finals. The six next best teams ... to the quarter-finals"). Only what a source in
# data/ shows is listed: a season before 2011 has no format of its own (staff choose).
ASCENSO_ERA = "liga-de-ascenso"
ERAS = {
    LIGA_MX_ERA: [
        (2010, EIGHT.key),
        (2012, EIGHT_AWAY_GOALS.key),
        (2020, RECLASSIFICATION_AWAY_GOALS.key),
        (2021, RECLASSIFICATION.key),
        (2023, PLAY_IN.key),
    ],
    EXPANSION_ERA: [
        (2020, EXPANSION_2020.key),
        (2021, RECLASSIFICATION_AWAY_WIN_BONUS.key),
        (2022, RECLASSIFICATION.key),
        (2023, PLAY_IN.key),
    ],
    ASCENSO_ERA: [
        (2011, SEVEN_WITH_A_BYE.key),
    ],
}

# Relegation table (tabla de cocientes): at the end of a season, the club with the fewest
# points per match over its last N seasons in the league (Competition.relegation_seasons)
# may not play the Clausura's Liguilla; the next club takes its place (Querétaro, Clausura
# 2013: 8th in the table, last in the relegation table, relegated; Monterrey, 9th, played
# the Liguilla). The Liga MX's table spans three seasons; the Liga de Expansión's the season
# alone (its Article 23 likewise: Pumas Tabasco, last on 29 points in 29 matches of
# 2020–21, 12th in the Clausura 2021, and last again in 2022–23, 11th: both times out of
# the reclassification, the next club in).
LIGA_MX_RELEGATION_SEASONS = 3
EXPANSION_RELEGATION_SEASONS = 1

# The champions of a season's two tournaments meet in a two-legged final
# (Competition.season_final names one of these).
PROMOTIONAL = "promotional"
CHAMPIONS = "champions"
SEASON_FINALS = {
    PROMOTIONAL: SeasonFinal("Promotional final", promotes=True),
    CHAMPIONS: SeasonFinal("Campeón de Campeones", promotes=False),
}


@dataclass(frozen=True)
class CompetitionRules:
    """The rules a competition is created with: its format era, how many seasons its
    relegation table spans (None: no relegation table) and its season final ("": none)."""

    format_era: str = ""
    relegation_seasons: int | None = None
    season_final: str = ""


# The rules of the competitions the catalogue knows, by the slug a new competition is
# given: read once, when an importer creates the competition; from then on the
# competition's own fields hold them, and renaming it changes none.
KNOWN_COMPETITIONS = {
    "liga-mx": CompetitionRules(LIGA_MX_ERA, LIGA_MX_RELEGATION_SEASONS),
    "liga-de-expansion-mx": CompetitionRules(
        EXPANSION_ERA, EXPANSION_RELEGATION_SEASONS, CHAMPIONS
    ),
    "liga-de-ascenso": CompetitionRules(ASCENSO_ERA, season_final=PROMOTIONAL),
    "ascenso-mx": CompetitionRules(ASCENSO_ERA, season_final=PROMOTIONAL),
    "liga-de-ascenso-mx": CompetitionRules(ASCENSO_ERA, season_final=PROMOTIONAL),
}


def kind_ordinal(kinds: Sequence[str], number: int) -> tuple[int, int]:
    """Round `number` (1-based) of rounds of these `kinds`, in order: its place among the
    rounds of its kind and how many rounds have that kind (the second of two play-in
    rounds: (2, 2); a "Round 1" after a play-in is still round 1 of its kind)."""
    kind = kinds[number - 1]
    same = [n for n, k in enumerate(kinds, start=1) if k == kind]
    return same.index(number) + 1, len(same)


def era_format(era: str, start_year: int | None = None) -> Format | None:
    """The format of era `era` in the season starting in `start_year` (None: the era's
    current format), or None for no era or a season before it."""
    eras = ERAS.get(era)
    if not eras:
        return None
    if start_year is None:
        return FORMATS[eras[-1][1]]
    chosen = None
    for first, key in eras:
        if start_year >= first:
            chosen = key
    return FORMATS[chosen] if chosen else None


# --------------------------------------------------------------------------------------
# Pairings
# --------------------------------------------------------------------------------------


@dataclass
class Plan:
    """Where the knockout stands: the pairings of round `number` (None while an earlier
    round is undecided) and each team's Liguilla seed so far."""

    pairings: list[tuple] | None
    seeds: dict


def plan(
    fmt: Format,
    table: Sequence[T],
    winners: Callable[[int], list[tuple[T, T, T | None]] | None],
    number: int,
) -> Plan:
    """The pairings of round `number` (1-based) as (higher seed, lower seed) pairs.

    `table` is the general table, best first (at least the qualifiers). `winners(n)` gives
    round n's ties as (higher seed, lower seed, winner or None), in tie order, or None
    when round n has no ties yet.
    """
    seed: dict = {team: position for position, team in enumerate(table, start=1)}
    if len(table) < fmt.qualifiers:
        return Plan(None, seed)  # too few clubs for the format: nothing can be drawn
    waiting: list = []  # still in, for the next round
    qualified: list = []  # through the play-in, waiting for the first bracket round
    for index, spec in enumerate(fmt.rounds, start=1):
        fresh = list(table[spec.enter[0] - 1 : spec.enter[1]]) if spec.enter else []
        if spec.pairing == PLAY_IN_FIRST:
            order = sorted(fresh, key=seed.__getitem__)
            pairings = [(order[0], order[1]), (order[2], order[3])]
        elif spec.pairing == PLAY_IN_SECOND:
            pairings = [(waiting[0], waiting[1])]
        else:
            teams = sorted(waiting + qualified + fresh, key=seed.__getitem__)
            pairings = pair_best_with_worst(teams)
        if index == number:
            return Plan(pairings, seed)
        ties = winners(index)
        if ties is None or len(ties) != len(pairings) or any(w is None for *_p, w in ties):
            return Plan(None, seed)
        if spec.pairing == PLAY_IN_FIRST:
            (h1, l1, w1), (_h2, _l2, w2) = ties
            seed[w1] = seed[pairings[0][0]]
            qualified = [w1]
            waiting = [l1 if w1 == h1 else h1, w2]
        elif spec.pairing == PLAY_IN_SECOND:
            ((_h, _l, w),) = ties
            seed[w] = max(seed[t] for t in qualified) + 1
            qualified = [*qualified, w]
            waiting = []
        else:
            waiting = [w for *_pair, w in ties]
            qualified = []
    return Plan(None, seed)


@dataclass(frozen=True)
class RoundPreview:
    """One round of a format as it will be drawn from a table: the pairings where the
    table alone decides them (the first round), the clubs of the table that wait until
    this round (`joining`), and how many ties it has."""

    number: int
    spec: RoundFormat
    ties: int
    pairings: list[tuple] | None
    joining: list


@dataclass(frozen=True)
class Preview:
    """What a format draws from a pasted table, before anything is saved."""

    format: Format
    qualified: list
    left_out: list
    rounds: list[RoundPreview]


def preview(fmt: Format, table: Sequence[T]) -> Preview | None:
    """The knockout `fmt` draws from `table` (best first): who qualifies, who is left out,
    and each round's pairings, waiting clubs and ties; None when the table has fewer
    clubs than the format's qualifiers. (A Clausura's relegation-table bar is applied
    when the tournament is drawn, not here.)"""
    if len(table) < fmt.qualifiers:
        return None
    rounds = []
    for number, (spec, ties) in enumerate(zip(fmt.rounds, tie_counts(fmt), strict=True), 1):
        pairings = plan(fmt, table, lambda _n: None, number).pairings
        joining = [] if number == 1 or not spec.enter else table[spec.enter[0] - 1 : spec.enter[1]]
        rounds.append(RoundPreview(number, spec, ties, pairings, list(joining)))
    return Preview(fmt, list(table[: fmt.qualifiers]), list(table[fmt.qualifiers :]), rounds)


def first_round_byes(fmt: Format, table: Sequence[T]) -> list[T]:
    """The clubs of `table` (the qualified, best first) that skip the first round and join
    the second: a bracket shows them beside the first round, "straight into the next round"
    (the Liga de Ascenso's leader in 2011, waiting for the semi-finals; the top four of a
    reclassification). Clubs that join later (the Play-In's top six, the Liga de
    Expansión's leader) are not shown there: the next round is not theirs."""
    if len(fmt.rounds) < 2 or not fmt.rounds[1].enter or len(table) < fmt.qualifiers:
        return []
    first, last = fmt.rounds[1].enter
    return list(table[first - 1 : last])


def tie_counts(fmt: Format) -> list[int]:
    """How many ties each round of a format has (the higher seed winning every tie)."""
    table = list(range(1, fmt.qualifiers + 1))
    drawn: dict[int, list] = {}

    def winners(n):
        return [(h, lo, h) for h, lo in drawn[n]] if n in drawn else None

    for number in range(1, len(fmt.rounds) + 1):
        drawn[number] = plan(fmt, table, winners, number).pairings
    return [len(drawn[n]) for n in sorted(drawn)]
