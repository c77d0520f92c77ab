"""Single-match rounds in a Liguilla article: the reclassification (repechaje), the
Play-in, and any round the article plays as one match. Functions over the reader
(article.ArticleParser); pure, no Django.

How many legs a round's ties have is what the article says of that round ("the
reclassification is played as a single match"), else what its leg headings show (First
leg, Second leg), else what the catalogue of formats (tournaments/formats.py, the
football.txt importer's knowledge) plays in a round of that kind: the reclassification and
the Play-in are single matches in every format of it; else what the article says of every
round. The catalogue format that pairs the rounds is the one whose rounds, legs and
qualifiers the article shows: it holds the Play-in's seeding rule (the winner of 7th v 8th
is seed 7, the winner of the second match seed 8) and who joins the knockout where.
"""

from __future__ import annotations

from .. import formats
from ..vocabulary import Tiebreak
from . import phrases
from .article_grammar import CHAMPIONS_FINAL
from .records import RoundRecord

# Kinds of round the catalogue plays as single matches in every format that has them.
SINGLE_MATCH_KINDS = {
    spec.kind for fmt in formats.FORMATS.values() for spec in fmt.rounds if spec.kind != "round"
} - {spec.kind for fmt in formats.FORMATS.values() for spec in fmt.rounds if spec.legs != 1}


def is_single(round_: RoundRecord) -> bool:
    return round_.legs_per_tie == 1


def split_play_in(reader):
    """One Play-in heading over its three matches: 7th v 8th and 9th v 10th, then the
    loser of the first against the winner of the second. The first match of a club that
    has already played in the round starts the Play-in's second round (for seed 8)."""
    rounds = reader.record.rounds
    for round_ in list(rounds):
        if round_.kind != "play_in" or _next_is_play_in(rounds, round_):
            continue
        seen, pairings = set(), set()
        for position, leg in enumerate(round_.legs):
            if leg.teams not in pairings and leg.teams & seen:
                second = RoundRecord(line=leg.line, name=round_.name, kind=round_.kind)
                second.legs = round_.legs[position:]
                round_.legs = round_.legs[:position]
                moved = {leg.teams for leg in second.legs}
                second.outcomes = [o for o in round_.outcomes if o.teams in moved]
                round_.outcomes = [o for o in round_.outcomes if o.teams not in moved]
                rounds.insert(rounds.index(round_) + 1, second)
                reader.legged_rounds.discard(id(second))
                break
            seen |= leg.teams
            pairings.add(leg.teams)


def _next_is_play_in(rounds, round_) -> bool:
    after = rounds[rounds.index(round_) + 1 :]
    return bool(after) and after[0].kind == "play_in"


def legs_per_tie(reader):
    """Each round's legs per tie (see the module's docstring); a single-match round in
    which a pairing meets twice is an error naming the second match."""
    specific, general = {}, None
    for number, text, under in reader.rule_text:
        if under == "teams":
            continue
        for sentence in phrases.sentences(text):
            read = phrases.read_legs_sentence(sentence)
            if read is None:
                continue
            legs, kinds = read
            kinds = kinds or ({under} if under else None)
            if kinds is None:
                general = general or (number, legs)
            for kind in kinds or ():
                specific.setdefault(kind, (number, legs))
    for round_ in reader.record.rounds:
        if round_.legs_per_tie:
            continue
        if round_.kind in specific:
            round_.legs_per_tie = specific[round_.kind][1]
        elif id(round_) in reader.legged_rounds:
            round_.legs_per_tie = 2
        elif round_.kind in SINGLE_MATCH_KINDS or _one_champions_match(reader, round_):
            round_.legs_per_tie = 1
        elif general is not None:
            round_.legs_per_tie = general[1]
        if is_single(round_):
            _one_match_each(reader, round_)


def _one_champions_match(reader, round_) -> bool:
    """Campeón de Campeones as one match: the article gives one result, no leg heading."""
    return reader.record.kind == CHAMPIONS_FINAL and len(round_.legs) == 1


def _one_match_each(reader, round_):
    met = {}
    for leg in round_.legs:
        if leg.teams in met:
            first = met[leg.teams]
            reader.fail(
                leg.line,
                f"{leg.label()}: {first.home} and {first.away} already met in the "
                f"{round_.name} (line {first.line}), a round of single matches",
            )
        met[leg.teams] = leg
        leg.number = 1


def check_deciding(reader):
    """Extra time and a shoot-out follow a tie's deciding match: its second leg, or its
    one match in a single-match round."""
    for number, leg, what in reader.deciding:
        round_ = next(r for r in reader.record.rounds if leg in r.legs)
        deciding = round_.legs_per_tie or 2
        if leg.number != deciding:
            reader.fail(
                number,
                f"{what} after a first leg ({leg.label()}, {round_.name}): it follows "
                "a tie's second leg, or the one match of a single-match round",
            )


def single_match_default(round_) -> set[str]:
    """A single-match round whose article states no rule and whose results show none:
    the catalogue's rule for such rounds, a level match going straight to penalties."""
    spec = next(
        (
            spec
            for fmt in formats.FORMATS.values()
            for spec in fmt.rounds
            if spec.kind == round_.kind and spec.legs == 1
        ),
        None,
    )
    rules = spec.tiebreak if spec else formats.SINGLE_SHOOTOUT
    return set(rules) - {Tiebreak.AGGREGATE.value}


def choose_format(reader):
    """The catalogue format whose rounds (kind and legs) and qualifiers the article
    shows, where it has a reclassification or a Play-in; among several (with and without
    away goals) the one whose two-legged rounds use away goals as the article's do. A
    Play-in no format of the catalogue plays is an error naming its heading."""
    record = reader.record
    if reader.promotional or not {r.kind for r in record.rounds} & SINGLE_MATCH_KINDS:
        return
    shape = [(r.kind, r.legs_per_tie or 2) for r in record.rounds]
    candidates = [
        fmt
        for fmt in formats.FORMATS.values()
        if [(spec.kind, spec.legs) for spec in fmt.rounds] == shape
        and fmt.qualifiers == len(record.entries)
        and fmt.points == formats.POINTS
    ]
    if not candidates:
        play_in = next((r for r in record.rounds if r.kind == "play_in"), None)
        if play_in is None:
            return  # the bracket with byes pairs a reclassification (12 clubs: 4 byes)
        rounds = ", ".join(
            f"{r.name} ({'single matches' if is_single(r) else 'two legs'})" for r in record.rounds
        )
        reader.fail(
            play_in.line,
            f"{len(record.entries)} clubs in {rounds}: no knockout format the site knows "
            "plays such a Play-in (tournaments/formats.py: the top ten, 7th v 8th and 9th "
            "v 10th, then the loser of the first against the winner of the second)",
        )
    away = Tiebreak.AWAY_GOALS.value

    def agrees(fmt):
        return all(
            (away in spec.tiebreak) == (away in (round_.tiebreak or []))
            for spec, round_ in zip(fmt.rounds, record.rounds, strict=True)
            if spec.legs == 2 and round_.kind != "final"
        )

    record.knockout_format = next((f for f in candidates if agrees(f)), candidates[0]).key
