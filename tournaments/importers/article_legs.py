"""The lines of a round in a Liguilla article: dates, results, scorers, who advanced and
the winners box. A mixin of ArticleParser (article.py); pure, no Django.

A line that states a fact and cannot be read (a result between two teams of the table,
a minute) is an error; prose the reader does not understand is a warning naming it; a line
that is not even prose is unreadable (an error if a fact of the round follows it).
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from ..vocabulary import Tiebreak
from . import phrases
from .phrases import flatten, fold
from .records import BookingRecord, Fact, GoalRecord, LegRecord, OutcomeRecord

# "(1-0)", "(HT 1-0)", "(1-0 h.t.)", "(half-time: 1-0)", "(medio tiempo 1-0)": the score at
# the break (dashes already flattened).
HALF_TIME_RE = re.compile(
    r"^(?:(?:ht|h\.t\.|half[- ]?time|medio tiempo|descanso)\s*:?\s*)?"
    r"(?P<h>\d{1,2})\s*-\s*(?P<a>\d{1,2})(?:\s*(?:ht|h\.t\.))?$",
    re.IGNORECASE,
)


class LegState:
    """What the lines read so far say about the leg being read."""

    def __init__(self, offset=None):
        self.offset = offset
        self.date = None
        self.kickoff = None
        self.leg = None


class RoundLines:
    """Reads one line inside a round section (see ArticleParser.parse)."""

    def _round_line(self, number, raw, line, round_, leg_number, state):
        from .article import (
            CHAMPIONS_LINE_RE,
            DATE_RES,
            FIXTURE_RE,
            FOOTBALLBOX_RE,
            OFFSET_RE,
            SCORE_RE,
            SCORER_LINE_RE,
        )

        if line.startswith(("|", "{")):
            self._box_line(number, line)
            return
        flat = flatten(line)
        date = next((m for pattern in DATE_RES if (m := pattern.match(flat))), None)
        result = SCORE_RE.match(flat) or FIXTURE_RE.match(flat)
        if result and not self._names_teams(result):
            result = None
        if leg_number is None and not (date or result or state.leg):
            # Prose before the legs: a time zone for kickoffs, perhaps the round's rules.
            if offset := OFFSET_RE.search(line):
                state.offset = _offset(offset)
            elif not phrases.is_prose(line):
                self._unreadable_line(number, line, round_.name)
                return
            self.rule_text.append((number, line, round_.kind))
            return
        if date:
            self._fact_line()
            state.date, state.kickoff = self._date(number, date, state.offset)
            return
        indented = raw[:1].isspace()
        scorer = SCORER_LINE_RE.match(line)
        if scorer and state.leg is not None and (indented or self._is_leg_team(scorer, state)):
            self._fact_line()
            self._scorer_line(number, scorer, state.leg)
            return
        if FOOTBALLBOX_RE.match(flat):
            return  # attendance, referee, stadium: not kept
        aggregate = phrases.read_team_aggregate(flat)
        if aggregate and self._names_a_team(aggregate[0]) and self._names_a_team(aggregate[3]):
            self._fact_line()
            self._team_aggregate(number, aggregate, round_, state.leg, flat)
            return
        if (outcome := phrases.read_outcome(flat)) and self._names_a_team(outcome.team):
            self._fact_line()
            self._outcome(number, outcome, round_, state.leg, flat)
            return
        if level := phrases.read_level(flat):
            self._fact_line()
            self._level(number, level, round_, state.leg, flat)
            return
        if result:
            self._fact_line()
            state.leg = self._leg(number, result, leg_number, round_, state)
            round_.legs.append(state.leg)
            state.date = state.kickoff = None
            return
        if champions := CHAMPIONS_LINE_RE.match(flat):
            self._champion_line(number, champions["rest"], line)
            return
        parts = re.split(r"(?<=[.;])\s+(?=[A-Z0-9])", flat)
        if len(parts) > 1:  # "3–3 on aggregate. Morelia advanced on away goals."
            for part in parts:
                self._round_line(number, part, part, round_, leg_number, state)
            return
        named = {team for team in self.table_teams if _mentions(flat, team)}
        if len(named) >= 2:
            self.fail(number, f"unrecognised line in {round_.name}: {line[:80]!r}")
        if phrases.is_prose(line):
            self.warn(number, f"line not understood in {round_.name}, skipped: {line[:80]!r}")
        else:
            self._unreadable_line(number, line, round_.name)

    def _names_teams(self, result) -> bool:
        """Both sides of a "Home 1 - 0 Away" line name a team (or, in a promotional
        final without a table, could)."""
        if self.promotional and len(self.table_teams) < 2:
            return True
        return self._names_a_team(result["home"]) and self._names_a_team(result["away"])

    def _date(self, number, match, offset):
        from .article import MONTHS

        month = match["month"].lower()
        if month not in MONTHS:
            self.fail(number, f"unknown month {match['month']!r}")
        text = f"{match['month']} {match['day']}, {match['year']}"
        try:
            date = datetime.date(int(match["year"]), MONTHS.index(month) + 1, int(match["day"]))
        except ValueError:
            self.fail(number, f"{text} is not a date")
        if match["hour"] is None:
            return date, None
        if match["offset"]:
            offset = _offset(match)
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            self.fail(number, f"{match['hour']}:{match['minute']} is not a time of day")
        zone = offset or zoneinfo.ZoneInfo(self.record.timezone)
        local = datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=zone)
        return date, local.astimezone(datetime.UTC)

    def _is_leg_team(self, scorer, state):
        """Does an unindented "Team: …" line name a team of the leg ("Santos" too)?"""
        named = self._teams_named(scorer["team"].strip())
        return len(named) == 1 and named[0] in state.leg.teams

    def _leg(self, number, match, leg_number, round_, state) -> LegRecord:
        from .article import AET_RE, SHOOTOUT_RE

        home = self._team(number, match["home"], new=True)
        away = self._team(number, match["away"], new=True)
        if home == away:
            self.fail(number, f"{match['home']} cannot play itself ({match['away']})")
        if leg_number is None:
            # No leg headings: a pairing's first line is its first leg.
            earlier = [leg for leg in round_.legs if leg.teams == {home, away}]
            leg_number = len(earlier) + 1
        leg = LegRecord(
            line=number,
            number=leg_number,
            home=home,
            away=away,
            date=state.date,
            kickoff=state.kickoff,
        )
        if "hs" in match.groupdict():
            leg.home_score, leg.away_score = int(match["hs"]), int(match["as"])
            notes = []
            for note in (match["mid"], match["end"]):
                if note and (half := HALF_TIME_RE.match(note.strip())):
                    leg.half_time = (int(half["h"]), int(half["a"]))
                elif note:
                    notes.append(note)
            notes = " ".join(notes)
            if AET_RE.search(notes):
                if leg_number != 2:
                    self.fail(number, "(a.e.t.) after a first leg: extra time follows a 2nd leg")
                leg.extra_time = (0, 0)  # split from the scorers' minutes in _finish
                leg.after_extra_time = True
            if shootout := SHOOTOUT_RE.search(notes):
                if leg_number != 2:
                    self.fail(number, "a shoot-out follows a played second leg")
                leg.penalties = (int(shootout[1]), int(shootout[2]))
            elif notes and not AET_RE.search(notes):
                self.warn(number, f"note ({notes}) after the score not understood; skipped")
        return leg

    def _scorer_line(self, number, match, leg):
        from .article import MINUTE_RE

        team = self._team(number, match["team"])
        if team not in leg.teams:
            self.fail(number, f"{match['team']} did not play {leg.label()}")
        leg.scorer_lines = True
        items = flatten(match["items"]).strip()
        if not items:
            return
        side_first = "name" if team == leg.home else "minutes"
        groups = _group_scorers(items, side_first, MINUTE_RE)
        if groups is None:
            other = "minutes" if side_first == "name" else "name"
            groups = _group_scorers(items, other, MINUTE_RE)
        if groups is None:
            self.fail(number, f"cannot tell which minutes belong to whom in {items!r}")
        for name, minutes in groups:
            if not minutes:
                leg.bookings.append(BookingRecord(number, team, name, written=name))
                continue
            for minute, added, kind in minutes:
                if not 1 <= minute <= 120:
                    self.fail(number, f"{name}: minute {minute}' is not in 1–120")
                leg.goals.append(
                    GoalRecord(
                        line=number,
                        team=team,
                        player=name,
                        written=name,
                        minute=minute,
                        added_time=added,
                        penalty=kind == "pen",
                        own_goal=kind == "og",
                    )
                )

    def _outcome(self, number, outcome, round_, leg, text):
        if leg is None:
            self.fail(number, f"{text!r} before any result")
        winner = self._team(number, outcome.team)
        if winner not in leg.teams:
            self.fail(number, f"{outcome.team} did not play {leg.label()}")
        loser = next(iter(leg.teams - {winner}))
        if outcome.loser and self._team(number, outcome.loser) != loser:
            self.fail(number, f"{outcome.loser} did not play {leg.label()}")
        if outcome.shootout:
            if leg.number != 2 or not leg.is_played:
                self.fail(number, "a shoot-out follows a played second leg")
            a, b = outcome.shootout
            leg.penalties = (a, b) if winner == leg.home else (b, a)
        aggregate = None
        if outcome.aggregate:
            aggregate = {winner: outcome.aggregate[0], loser: outcome.aggregate[1]}
        round_.outcomes.append(
            OutcomeRecord(number, leg.teams, winner, outcome.decided_by, aggregate, text=text)
        )

    def _team_aggregate(self, number, read, round_, leg, text):
        home, home_goals, away_goals, away = read
        teams = {self._team(number, home): home_goals, self._team(number, away): away_goals}
        if leg is None or set(teams) != set(leg.teams):
            self.fail(number, f"{text!r} does not follow a leg of {home} and {away}")
        round_.outcomes.append(
            OutcomeRecord(number, leg.teams, None, None, teams, claims_decision=False, text=text)
        )

    def _level(self, number, read, round_, leg, text):
        if leg is None:
            self.fail(number, f"{text!r} before any result")
        a, b, no_extra_time = read
        if a != b:
            self.warn(number, f"{text!r}: an aggregate without its teams is not checked")
            return
        if no_extra_time:
            if leg.number != 2 or not leg.is_played:
                self.fail(number, "extra time follows a played second leg")
            leg.extra_time = leg.extra_time or (0, 0)
        home, away = sorted(leg.teams)
        round_.outcomes.append(
            OutcomeRecord(
                number, leg.teams, None, None, {home: a, away: b}, claims_decision=False, text=text
            )
        )

    def _box_line(self, number, line):
        cell = flatten(line.strip("|{}").strip()).strip("|! ")
        if not cell or cell in {"-", "+"} or cell.endswith(":") or cell.startswith("class="):
            return
        if re.search(r"\b(?:winners?|champions?)\b", cell, re.I):
            if champions := re.search(r"\b(?:winners?|champions?)\s*:\s*(?P<rest>.+)$", cell, re.I):
                self._champion_line(number, champions["rest"], line)
            return
        self._champion_line(number, cell, line)

    def _champion_line(self, number, text, line):
        team, title = phrases.read_titled_team(text)
        if not self._names_a_team(team):
            self.warn(number, f"winners line {line[:60]!r} names no team of the table; not read")
            return
        self._fact_line()
        self.record.facts.append(Fact(number, "champion", self._team(number, team)))
        if title is not None:
            self.record.facts.append(Fact(number, "champion_title", title))


def _mentions(text, team) -> bool:
    return bool(re.search(rf"\b{re.escape(fold(team))}\b", fold(text)))


def _offset(match) -> datetime.timezone:
    hours = int(match["offset"])
    minutes = int(match["offset_minutes"] or 0) * (-1 if hours < 0 else 1)
    return datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))


def _group_scorers(items, first, minute_re):
    """Split `Pacheco 7', 13', Collazo` (names first: home team) or `41', 47' Padilla,
    Mejía` (minutes first: away team) into (name, [(minute, added, kind)]) pairs; a name
    without minutes is a booking. None when the minutes cannot be attached that way."""
    tokens = []
    position = 0
    for match in minute_re.finditer(items):
        tokens.extend(_names(items[position : match.start()]))
        kind = (match["kind"] or "").lower().replace(".", "").replace(" ", "")
        kind = {"p": "pen", "penalty": "pen", "owngoal": "og"}.get(kind, kind)
        added = int(match["added"]) if match["added"] else None
        tokens.append((int(match["minute"]), added, kind))
        position = match.end()
    tokens.extend(_names(items[position:]))
    groups = []
    if first == "name":
        for token in tokens:
            if isinstance(token, str):
                groups.append((token, []))
            elif not groups:
                return None
            else:
                groups[-1][1].append(token)
        return groups
    pending = []
    for token in tokens:
        if isinstance(token, str):
            groups.append((token, pending))
            pending = []
        else:
            pending.append(token)
    return None if pending else groups


def _names(text):
    return [part.strip() for part in re.split(r"[,;]", text) if part.strip(" .")]


__all__ = ["LegState", "RoundLines", "Tiebreak"]
