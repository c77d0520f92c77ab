"""Parse openfootball's football.txt files (Liga MX, Liga de Expansión MX) into records.

Pure: text in, records out, no Django. Both generations of the layout are read, told apart
by their content:

- older: one file per stage, its title says which (``= Liga MX 2013/14, Apertura`` for the
  regular season, ``= Liga MX 2013/14, Apertura - Liguilla`` for the knockout), Spanish
  headings (``Jornada 1``, ``Cuartos de Final``) and dates (``[Sáb. 19.11.]``);
- newer: one file per season (``= Liga MX 2023/24``) with ``== Apertura``,
  ``== Apertura - Liguilla`` / ``== Apertura Playoffs`` and ``== Campeón`` sections, English
  headings (``Matchday 1``, ``Play-in round 1``) and dates (``[Fri Jun/30]``).

A match line is ``[time]  Home  score  Away  [note]`` with two or more spaces between its
parts. Scores: ``2-1 (1-0)``, ``0-0``, ``3-0 a.e.t. (0-0)``, ``2-4 pen. (2-2, 1-0)``,
``4-3 pen. 1-0 a.e.t. (1-0, 0-0)``, ``3-0 [awarded]``, ``-`` (no result yet). With ``a.e.t.``
or ``pen.`` the first bracketed score is the one after 90 minutes and the second the
half-time score; otherwise the bracketed score is the half-time score.

The files name clubs in many ways (``Club América``, ``CF América``); `ClubIndex` reads
openfootball's ``clubs.txt`` lists and folds every spelling to one club.

Every malformed line raises ImportFailed naming FILE:LINE. Whether a result obeys the rules
(a shoot-out after a level match, and so on) is the domain's business, checked when loading.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from typing import NamedTuple

from ..vocabulary import RoundKind, normalize_name
from .records import ImportFailed, LegRecord, MatchRecord, RoundRecord, TournamentRecord

TIMEZONE = "America/Mexico_City"
PHASES = {"apertura": 1, "clausura": 2}
TITLE_RE = re.compile(
    r"^=\s+(?P<competition>.+?)\s+(?P<start>\d{4})/(?P<end>\d{2})(?:,\s*(?P<stage>.+?))?\s*$"
)
SECTION_RE = re.compile(r"^==\s+(?P<stage>[^=].*?)\s*$")
MATCHDAY_RE = re.compile(r"^(?:Jornada|Matchday)\s+(?P<n>\d+)\s*$", re.IGNORECASE)
OLD_DATE_RE = re.compile(
    r"^\[\s*\w+\.?\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})?\s*\]$"
)
NEW_DATE_RE = re.compile(
    r"^\[\s*\w+\s+(?P<month>[A-Za-z]{3})/(?P<day>\d{1,2})(?:\s+(?P<year>\d{4}))?\s*\]$"
)
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
MATCH_RE = re.compile(
    r"^\s+(?:(?P<hour>\d{1,2})[.:](?P<minute>\d{2})\s+)?(?P<home>\S.*?)\s{2,}"
    r"(?P<score>-|\d+-\d+(?: \S+)*)\s{2,}(?P<away>\S.*?)"
    r"(?:\s+\[(?P<note>[^\]]+)\])?\s*$"
)
SCORE_RE = re.compile(
    r"^(?:(?P<p1>\d+)-(?P<p2>\d+)\s+pen\.?\s*)?"
    r"(?:(?P<e1>\d+)-(?P<e2>\d+)\s+a\.?e\.?t\.?\s*)?"
    r"(?:(?P<s1>\d+)-(?P<s2>\d+)\s*)?"
    r"(?:\((?P<b1>\d+)-(?P<b2>\d+)(?:,\s*(?P<h1>\d+)-(?P<h2>\d+))?\))?$"
)
NOTES = {"awarded", "cancelled", "canceled", "postponed", "abandoned"}

KNOCKOUT_SUFFIXES = ("- liguilla", "liguilla", "playoffs", "play-offs", "- playoffs")
CHAMPIONS_FINAL = {"campeon", "campeon de campeones"}
GENERIC_WORDS = {"club", "cf", "fc", "cd", "futbol", "sad", "ac", "f c", "deportivo"}


def _fold(text: str) -> str:
    return "".join(c for c in normalize_name(text) if c.isalnum() or c == " ")


def sniff(text: str) -> str | None:
    """ "footballtxt", "clubs" or None (some other format), from the text alone."""
    lines = [line for line in text.splitlines() if line.strip()]
    meaningful = [line for line in lines if not line.lstrip().startswith("#")]
    if not meaningful:
        return None
    first = meaningful[0].strip()
    if TITLE_RE.match(first) and not first.endswith("="):
        if any(OLD_DATE_RE.match(x.strip()) or NEW_DATE_RE.match(x.strip()) for x in lines):
            return "footballtxt"
        if any(MATCHDAY_RE.match(x.strip()) for x in lines):
            return "footballtxt"
    if not first.startswith("=") and any(CLUB_RE.match(x) for x in meaningful):
        return "clubs"
    return None


# --------------------------------------------------------------------------------------
# Clubs and their names
# --------------------------------------------------------------------------------------

CLUB_RE = re.compile(r"^\s*(?P<names>[^,#]+?)\s*,\s*(?P<year>\d{4})\b(?P<rest>[^#]*)")


@dataclass
class Club:
    line: int
    name: str
    variants: list[str]
    words: set[str] = field(default_factory=set)  # every word its entry uses (city too)


def _expand(variant: str) -> list[str]:
    """``Tiburones Rojos (de Veracruz)`` → both ``Tiburones Rojos`` and the long form."""
    variant = variant.replace("_", " ").strip()
    match = re.match(r"^(?P<head>.*?)\s*\((?P<opt>[^)]*)\)\s*$", variant)
    if not match:
        return [variant]
    return [match["head"].strip(), f"{match['head'].strip()} {match['opt'].strip()}"]


def parse_clubs(text: str, source: str) -> list[Club]:
    """openfootball's club list: ``Name|Variant|Variant (optional part), founded`` with
    the club's city and links on the lines after it."""
    clubs: list[Club] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        match = CLUB_RE.match(line)
        if match:
            variants = [v for part in match["names"].split("|") for v in _expand(part) if v]
            club = Club(number, variants[0], variants)
            for variant in variants:
                club.words.update(_fold(variant).split())
            club.words.update(_fold(match["rest"].replace("city:", " ")).split())
            clubs.append(club)
        elif clubs and line.strip().startswith("city:"):
            clubs[-1].words.update(_fold(line.strip()[5:]).split())
    if not clubs:
        raise ImportFailed(source, None, "no club lines (Name|Variant, year) in a clubs list")
    return clubs


def name_key(name: str) -> tuple[str, ...]:
    """A club name without the words every club wears: ``CF América`` → ("america",)."""
    words = _fold(name.replace(".", " ")).split()
    key = tuple(w for w in words if w not in GENERIC_WORDS)
    return key or tuple(words)


class ClubIndex:
    """Every spelling a football.txt file uses → one club: the first name of its entry in
    clubs.txt. Matching, in order: the same words as a variant (any order, without
    "Club", "CF", "FC", "Deportivo"…); or a variant followed only by words of the club's
    own entry ("Atlas Guadalajara", "Tiburones Rojos Veracruz"). A name no entry claims is
    its own club, and its spellings fold together the same way ("Venados FC", "Venados")."""

    def __init__(self, clubs: list[Club] = ()):
        self.clubs = list(clubs)
        self.exact: dict[frozenset, Club] = {}
        for club in self.clubs:
            for variant in club.variants:
                self.exact.setdefault(frozenset(name_key(variant)), club)

    def resolve(self, name: str) -> str:
        """The club's name for a spelling (the spelling itself when no entry claims it)."""
        key = name_key(name)
        club = self.exact.get(frozenset(key))
        if club is None:
            best, best_len = None, 0
            for candidate in self.clubs:
                for variant in candidate.variants:
                    vkey = name_key(variant)
                    rest = key[len(vkey) :]
                    if (
                        len(vkey) > best_len
                        and key[: len(vkey)] == vkey
                        and rest
                        and all(w in candidate.words or w == "de" for w in rest)
                    ):
                        best, best_len = candidate, len(vkey)
            club = best
        return club.name if club else name


# --------------------------------------------------------------------------------------
# Season files
# --------------------------------------------------------------------------------------


class Score(NamedTuple):
    """A score cell read: each part a (home, away) pair, None where the cell has none."""

    regular: tuple[int, int]  # after 90 minutes
    extra: tuple[int, int] | None  # the extra period alone
    shootout: tuple[int, int] | None
    half_time: tuple[int, int] | None


def read_score(text: str) -> Score:
    """The parts of a score cell (``2-1 (1-0)``, ``3-0 a.e.t. (0-0)``, ``2-4 pen. (2-2,
    1-0)``); ValueError saying what is wrong otherwise. Without ``a.e.t.`` or ``pen.`` the
    bracketed score is the half-time score; with them the first bracketed score is the one
    after 90 minutes and the second, where given, the half-time score."""
    text = " ".join(text.split())
    parsed = SCORE_RE.match(text)
    if not parsed or text == "":
        raise ValueError(f"cannot read the score {text!r}")

    def pair(a, b):
        return (int(parsed[a]), int(parsed[b])) if parsed[a] is not None else None

    shootout, after_extra, written = pair("p1", "p2"), pair("e1", "e2"), pair("s1", "s2")
    bracket, second_bracket = pair("b1", "b2"), pair("h1", "h2")
    if shootout or after_extra:
        if written is not None:
            raise ValueError(f"cannot read the score {text!r}")
        regular, half_time = bracket, second_bracket
        if regular is None:
            raise ValueError(f"{text!r}: the score after 90 minutes is missing, as in '(1-1)'")
    else:
        regular, half_time = written, bracket
        if regular is None:
            raise ValueError(f"cannot read the score {text!r}")
        if second_bracket is not None:
            raise ValueError(
                f"{text!r}: two bracketed scores (after 90 minutes, half time) need "
                "'a.e.t.' or 'pen.' before them"
            )
    if half_time and (half_time[0] > regular[0] or half_time[1] > regular[1]):
        raise ValueError(
            f"{text!r}: {half_time[0]}-{half_time[1]} at half time is more goals than "
            f"{regular[0]}-{regular[1]} after 90 minutes"
        )
    extra = None
    if after_extra:
        extra = (after_extra[0] - regular[0], after_extra[1] - regular[1])
        if min(extra) < 0:
            raise ValueError(
                f"{text!r}: {after_extra[0]}-{after_extra[1]} after extra time is fewer goals "
                f"than {regular[0]}-{regular[1]} after 90 minutes"
            )
    return Score(regular, extra, shootout, half_time)


@dataclass
class _Stage:
    line: int
    tournament: str  # "Apertura", "Clausura", "" for the season's champions final
    part: str  # "regular", "knockout", "champions_final"
    matches: list = field(default_factory=list)
    rounds: list = field(default_factory=list)


def parse_footballtxt(text: str, source: str) -> list[TournamentRecord]:
    return FootballTxtParser(text, source).parse()


class FootballTxtParser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = text.splitlines()

    def fail(self, line, message):
        raise ImportFailed(self.source, line, message)

    def parse(self) -> list[TournamentRecord]:
        stages: list[_Stage] = []
        stage = None
        matchday = None
        round_ = None
        date = None
        title_seen = False
        for number, raw in enumerate(self.lines, start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if not title_seen:
                title = TITLE_RE.match(line)
                if not title or line.startswith("=="):
                    self.fail(number, f"expected a title like '= Liga MX 2013/14', got {line!r}")
                title_seen = True
                self.competition = title["competition"].strip()
                self.start_year = int(title["start"])
                end = int(title["end"])
                if (self.start_year + 1) % 100 != end:
                    self.fail(number, f"season {title['start']}/{title['end']} is not one year")
                if title["stage"]:
                    stage = self._stage(number, title["stage"])
                    stages.append(stage)
                continue
            section = SECTION_RE.match(line)
            if section and line.startswith("=="):
                stage = self._stage(number, section["stage"])
                stages.append(stage)
                matchday = round_ = date = None
                continue
            if line.startswith("="):
                self.fail(number, f"a second title {line!r}")
            if stage is None:
                self.fail(number, f"{line!r} before any '== Apertura' or '== Clausura' section")
            if line.startswith("["):
                date = self._date(number, line, stage)
                continue
            if not raw[:1].isspace():
                # A heading: a matchday of the regular season or a round of the knockout.
                date = None
                heading = MATCHDAY_RE.match(line)
                if stage.part == "regular":
                    if not heading:
                        self.fail(number, f"unknown heading {line!r} in a regular season")
                    matchday = int(heading["n"])
                else:
                    kind = self._round_kind(number, line)
                    round_ = RoundRecord(line=number, name=line, kind=kind)
                    stage.rounds.append(round_)
                continue
            match = MATCH_RE.match(raw)
            if not match:
                self.fail(number, f"cannot read this match line: {line!r}")
            if date is None:
                self.fail(
                    number, "a match line before any date line ([Sáb. 19.11.] / [Fri Jun/30])"
                )
            if stage.part == "regular":
                if matchday is None:
                    self.fail(number, "a match before any 'Jornada N' / 'Matchday N' heading")
                stage.matches.append(self._match(number, match, date, matchday))
            else:
                if round_ is None:
                    self.fail(number, "a knockout match before any round heading")
                round_.legs.append(self._leg(number, match, date))
        if not title_seen:
            self.fail(None, "no title line ('= Liga MX 2013/14, Apertura')")
        if not stages:
            self.fail(None, "no stage: neither '== Apertura' sections nor a stage in the title")
        return [self._record(s) for s in stages]

    # -- headings -----------------------------------------------------------------------

    def _stage(self, number, text) -> _Stage:
        folded = _fold(text.replace("-", " "))
        if folded in CHAMPIONS_FINAL or _fold(text) in CHAMPIONS_FINAL:
            return _Stage(number, "", "champions_final")
        words = folded.split()
        if not words or words[0] not in PHASES:
            self.fail(number, f"unknown stage {text!r} (Apertura, Clausura, … Liguilla, Campeón)")
        rest = " ".join(words[1:])
        if not rest:
            part = "regular"
        elif rest in {"liguilla", "playoffs", "play offs"}:
            part = "knockout"
        else:
            self.fail(number, f"unknown stage {text!r} (Apertura, Clausura, … Liguilla, Campeón)")
        return _Stage(number, words[0].capitalize(), part)

    def _round_kind(self, number, line) -> str:
        """The round kind a heading names, by the one vocabulary of round headings
        (`RoundKind.from_name`: "Quarterfinals", "Cuartos de Final", "Reclassification",
        "Recalificación", "Play-in round 1", "Round 2"…)."""
        kind = RoundKind.from_name(line)
        if kind is None:
            self.fail(number, f"unknown round heading {line!r}")
        return kind.value

    # -- dates and matches --------------------------------------------------------------

    def _date(self, number, line, stage) -> datetime.date:
        old, new = OLD_DATE_RE.match(line), NEW_DATE_RE.match(line)
        if old:
            day, month, year = int(old["day"]), int(old["month"]), old["year"]
        elif new:
            month = MONTHS.get(new["month"].lower())
            if month is None:
                self.fail(number, f"unknown month in {line!r}")
            day, year = int(new["day"]), new["year"]
        else:
            self.fail(number, f"cannot read this date line: {line!r}")
        if year is None:
            # Apertura: July to December of the first year (from late June); Clausura and
            # the champions' final: January to July of the second.
            if stage.tournament == "Apertura":
                year = self.start_year if month >= 6 else self.start_year + 1
            else:
                year = self.start_year + 1 if month <= 7 else self.start_year
        try:
            return datetime.date(int(year), month, day)
        except ValueError:
            self.fail(number, f"no such date: {line!r}")

    def _kickoff(self, match, date):
        if not match["hour"]:
            return None
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise ValueError
        zone = zoneinfo.ZoneInfo(TIMEZONE)
        return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=zone)

    def _common(self, number, match, date):
        note = (match["note"] or "").strip().lower()
        if note and note not in NOTES:
            self.fail(number, f"unknown note [{match['note']}]")
        try:
            kickoff = self._kickoff(match, date)
        except ValueError:
            self.fail(number, f"no such kickoff time {match['hour']}.{match['minute']}")
        home, away = match["home"].strip(), match["away"].strip()
        if normalize_name(home) == normalize_name(away):
            self.fail(number, f"{home} cannot play itself")
        return note, kickoff, home, away

    def _score(self, number, text):
        try:
            return read_score(text)
        except ValueError as exc:
            self.fail(number, str(exc))

    def _match(self, number, match, date, matchday) -> MatchRecord:
        note, kickoff, home, away = self._common(number, match, date)
        record = MatchRecord(
            line=number,
            matchday=matchday,
            home=home,
            away=away,
            date=date,
            kickoff=kickoff,
            score_written=" ".join(match["score"].split()),
        )
        if note in {"cancelled", "canceled", "postponed", "abandoned"}:
            if match["score"] != "-":
                self.fail(number, f"a score for a match marked [{match['note']}]")
            record.status = "cancelled"
            return record
        if match["score"] == "-":
            return record
        score = self._score(number, match["score"])
        if score.extra or score.shootout:
            self.fail(number, "extra time or penalties in a regular-season match")
        record.home_score, record.away_score = score.regular
        record.awarded = note == "awarded"
        return record

    def _leg(self, number, match, date) -> LegRecord:
        note, kickoff, home, away = self._common(number, match, date)
        leg = LegRecord(
            line=number,
            number=1,
            home=home,
            away=away,
            date=date,
            kickoff=kickoff,
            score_written=" ".join(match["score"].split()),
        )
        if note in {"cancelled", "canceled", "abandoned"}:
            self.fail(number, f"a knockout match marked [{match['note']}]")
        if match["score"] != "-":
            score = self._score(number, match["score"])
            leg.home_score, leg.away_score = score.regular
            leg.extra_time, leg.penalties = score.extra, score.shootout
            leg.half_time = score.half_time
            leg.after_extra_time = score.extra is not None
            leg.awarded = note == "awarded"
        return leg

    # -- records ------------------------------------------------------------------------

    def _record(self, stage: _Stage) -> TournamentRecord:
        start = self.start_year
        season_name = f"{start}–{str(start + 1)[-2:]}"
        if stage.part == "champions_final":
            name, slug, order = "Campeón de Campeones", "campeon-de-campeones", 3
        else:
            year = start if stage.tournament == "Apertura" else start + 1
            name = f"{stage.tournament} {year}"
            slug = f"{stage.tournament.lower()}-{year}"
            order = PHASES[stage.tournament.lower()]
        record = TournamentRecord(
            source=self.source,
            competition=self.competition,
            season_name=season_name,
            season_start_year=start,
            name=name,
            line=stage.line,
            slug=slug,
            order=order,
            country="Mexico",
            kind="champions_final" if stage.part == "champions_final" else "liguilla",
            timezone=TIMEZONE,
            layout="footballtxt",
            part=stage.part,
            matches=stage.matches,
        )
        if stage.part == "regular" and not stage.matches:
            self.fail(stage.line, f"{name}: a regular season without matches")
        for round_ in stage.rounds:
            if not round_.legs:
                self.fail(round_.line, f"{round_.name}: a round without matches")
            self._number_legs(round_)
        if stage.part != "regular" and not stage.rounds:
            self.fail(stage.line, f"{name}: a knockout stage without rounds")
        record.rounds = stage.rounds
        return record

    def _number_legs(self, round_: RoundRecord):
        """A pairing's first match in the file is its first leg, the next its second; a
        third meeting of the same two clubs in one round is an error."""
        seen: dict[frozenset, int] = {}
        for leg in round_.legs:
            key = frozenset((normalize_name(leg.home), normalize_name(leg.away)))
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 2:
                self.fail(leg.line, f"{leg.label()}: a third match of one pairing in a round")
            leg.number = seen[key]
        counts = set(seen.values())
        round_.legs_per_tie = max(counts)
