"""The lines of a round in a Liguilla article: dates, results, scorers, who advanced and
the winners box. Functions over the reader (article.ArticleParser); pure, no Django.

A line that states a fact and cannot be read (a result between two teams of the table,
a minute) is an error; prose the reader does not understand is a warning naming it; a line
that is not even prose is unreadable (an error if a fact of the round follows it).
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from . import phrases
from .article_grammar import (
    AET_RE,
    CHAMPIONS_LINE_RE,
    DATE_RES,
    FIXTURE_RE,
    FOOTBALLBOX_RE,
    HALF_TIME_RE,
    MINUTE_RE,
    MONTHS,
    OFFSET_RE,
    PENALTIES_LINE_RE,
    SCORE_RE,
    SCORER_LINE_RE,
    SHOOTOUT_RE,
    shootout_score,
)
from .phrases import flatten, fold
from .records import BookingRecord, Fact, GoalRecord, LegRecord, OutcomeRecord


class LegState:
    """What the lines read so far say about the leg being read."""

    def __init__(self, offset=None):
        self.offset = offset
        self.date = None
        self.kickoff = None
        self.leg = None


def round_line(reader, number, raw, line, round_, leg_number, state):
    """Read one line inside a round section (see ArticleParser.parse)."""
    if line.startswith(("|", "{")):
        _box_line(reader, number, line)
        return
    flat = flatten(line)
    date = next((m for pattern in DATE_RES if (m := pattern.match(flat))), None)
    result = SCORE_RE.match(flat) or FIXTURE_RE.match(flat)
    if result and not _names_teams(reader, result):
        result = None
    if leg_number is None and not (date or result or state.leg):
        # Prose before the legs: a time zone for kickoffs, perhaps the round's rules.
        if offset := OFFSET_RE.search(line):
            state.offset = _offset(offset)
        elif not phrases.is_prose(line):
            reader.unreadable_line(number, line, round_.name)
            return
        reader.rule_text.append((number, line, round_.kind))
        return
    if date:
        reader.fact_line()
        state.date, state.kickoff = _read_date(reader, number, date, state.offset)
        return
    if (shootout := PENALTIES_LINE_RE.match(flat)) and state.leg is not None:
        reader.fact_line()
        _read_penalties_line(reader, number, shootout, state.leg)
        return
    indented = raw[:1].isspace()
    scorer = SCORER_LINE_RE.match(line)
    if scorer and state.leg is not None and (indented or _is_leg_team(reader, scorer, state)):
        reader.fact_line()
        _read_scorer_line(reader, number, scorer, state.leg)
        return
    if FOOTBALLBOX_RE.match(flat):
        return  # attendance, referee, stadium: not kept
    aggregate = phrases.read_team_aggregate(flat)
    if aggregate and reader.names_a_team(aggregate[0]) and reader.names_a_team(aggregate[3]):
        reader.fact_line()
        _read_team_aggregate(reader, number, aggregate, round_, state.leg, flat)
        return
    if (outcome := phrases.read_outcome(flat)) and reader.names_a_team(outcome.team):
        reader.fact_line()
        _read_outcome(reader, number, outcome, round_, state.leg, flat)
        return
    if level := phrases.read_level(flat):
        reader.fact_line()
        _read_level(reader, number, level, round_, state.leg, flat)
        return
    if result:
        reader.fact_line()
        state.leg = _read_leg(reader, number, result, leg_number, round_, state)
        round_.legs.append(state.leg)
        state.date = state.kickoff = None
        return
    if champions := CHAMPIONS_LINE_RE.match(flat):
        _champion_line(reader, number, champions["rest"], line)
        return
    parts = re.split(r"(?<=[.;])\s+(?=[A-Z0-9])", flat)
    if len(parts) > 1:  # "3–3 on aggregate. Morelia advanced on away goals."
        for part in parts:
            round_line(reader, number, part, part, round_, leg_number, state)
        return
    named = {team for team in reader.table_teams if _mentions(flat, team)}
    if len(named) >= 2:
        reader.fail(number, f"unrecognised line in {round_.name}: {line[:80]!r}")
    if phrases.is_prose(line):
        reader.warn(number, f"line not understood in {round_.name}, skipped: {line[:80]!r}")
    else:
        reader.unreadable_line(number, line, round_.name)


def _names_teams(reader, result) -> bool:
    """Both sides of a "Home 1 - 0 Away" line name a team (or, in a promotional
    final without a table, could)."""
    if reader.promotional and len(reader.table_teams) < 2:
        return True
    return reader.names_a_team(result["home"]) and reader.names_a_team(result["away"])


def _read_date(reader, number, match, offset):

    month = match["month"].lower()
    if month not in MONTHS:
        reader.fail(number, f"unknown month {match['month']!r}")
    text = f"{match['month']} {match['day']}, {match['year']}"
    try:
        date = datetime.date(int(match["year"]), MONTHS.index(month) + 1, int(match["day"]))
    except ValueError:
        reader.fail(number, f"{text} is not a date")
    if match["hour"] is None:
        return date, None
    if match["offset"]:
        offset = _offset(match)
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        reader.fail(number, f"{match['hour']}:{match['minute']} is not a time of day")
    zone = offset or zoneinfo.ZoneInfo(reader.record.timezone)
    local = datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=zone)
    return date, local.astimezone(datetime.UTC)


def _is_leg_team(reader, scorer, state):
    """Does an unindented "Team: …" line name a team of the leg ("Santos" too)?"""
    named = reader.teams_named(scorer["team"].strip())
    return len(named) == 1 and named[0] in state.leg.teams


def _read_leg(reader, number, match, leg_number, round_, state) -> LegRecord:

    home = reader.team(number, match["home"], new=True)
    away = reader.team(number, match["away"], new=True)
    if home == away:
        reader.fail(number, f"{match['home']} cannot play itself ({match['away']})")
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
            # Whether this is the deciding match (a second leg, or a single match) is
            # known once the round's rules are read (article_single.check_deciding).
            reader.deciding.append((number, leg, "extra time"))
            leg.extra_time = (0, 0)  # split from the scorers' minutes in _finish
            leg.after_extra_time = True
        if shootout := SHOOTOUT_RE.search(notes):
            reader.deciding.append((number, leg, "a shoot-out"))
            leg.penalties = _shootout_sides(reader, number, notes, shootout, leg)
        elif notes and not AET_RE.search(notes):
            reader.warn(number, f"note ({notes}) after the score not understood; skipped")
    return leg


def _read_penalties_line(reader, number, match, leg):
    """ "Penalties: 4-3" (the match's home side first), "Penalty shoot-out: Pachuca 3-4
    Santos" (as written), "Penales: Santos 4-3" (that club's score first)."""
    if not leg.is_played:
        reader.fail(number, "a shoot-out follows a played match")
    a, b = int(match["a"]), int(match["b"])
    first = reader.team(number, match["home"]) if match["home"] else leg.home
    if first not in leg.teams:
        reader.fail(number, f"{match['home']} did not play {leg.label()}")
    if match["away"] and reader.team(number, match["away"]) != next(iter(leg.teams - {first})):
        reader.fail(number, f"{match['away']} did not play {leg.label()} against {first}")
    leg.penalties = (a, b) if first == leg.home else (b, a)
    reader.deciding.append((number, leg, "a shoot-out"))


def _shootout_sides(reader, number, notes, shootout, leg):
    """(home, away) in the shoot-out: "(4-3 p)" gives them in the line's order, "(Juárez
    won 5-4 on penalties)" from the winner's side."""
    a, b = shootout_score(shootout)
    if (outcome := phrases.read_outcome(notes)) and reader.names_a_team(outcome.team):
        winner = reader.team(number, outcome.team)
        if winner not in leg.teams:
            reader.fail(number, f"{outcome.team} did not play {leg.label()}")
        high, low = max(a, b), min(a, b)
        return (high, low) if winner == leg.home else (low, high)
    return a, b


def _read_scorer_line(reader, number, match, leg):

    team = reader.team(number, match["team"])
    if team not in leg.teams:
        reader.fail(number, f"{match['team']} did not play {leg.label()}")
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
        reader.fail(number, f"cannot tell which minutes belong to whom in {items!r}")
    for name, minutes in groups:
        if not minutes:
            leg.bookings.append(BookingRecord(number, team, name, written=name))
            continue
        for minute, added, kind in minutes:
            if not 1 <= minute <= 120:
                reader.fail(number, f"{name}: minute {minute}' is not in 1–120")
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


def _read_outcome(reader, number, outcome, round_, leg, text):
    if leg is None:
        reader.fail(number, f"{text!r} before any result")
    winner = reader.team(number, outcome.team)
    if winner not in leg.teams:
        reader.fail(number, f"{outcome.team} did not play {leg.label()}")
    loser = next(iter(leg.teams - {winner}))
    if outcome.loser and reader.team(number, outcome.loser) != loser:
        reader.fail(number, f"{outcome.loser} did not play {leg.label()}")
    if outcome.shootout:
        if not leg.is_played:
            reader.fail(number, "a shoot-out follows a played match")
        reader.deciding.append((number, leg, "a shoot-out"))
        a, b = outcome.shootout
        leg.penalties = (a, b) if winner == leg.home else (b, a)
    aggregate = None
    if outcome.aggregate:
        aggregate = {winner: outcome.aggregate[0], loser: outcome.aggregate[1]}
    round_.outcomes.append(
        OutcomeRecord(
            number,
            leg.teams,
            winner,
            outcome.decided_by,
            aggregate,
            text=text,
            seed=outcome.seed,
        )
    )


def _read_team_aggregate(reader, number, read, round_, leg, text):
    home, home_goals, away_goals, away = read
    teams = {reader.team(number, home): home_goals, reader.team(number, away): away_goals}
    if leg is None or set(teams) != set(leg.teams):
        reader.fail(number, f"{text!r} does not follow a leg of {home} and {away}")
    round_.outcomes.append(
        OutcomeRecord(number, leg.teams, None, None, teams, claims_decision=False, text=text)
    )


def _read_level(reader, number, read, round_, leg, text):
    if leg is None:
        reader.fail(number, f"{text!r} before any result")
    a, b, no_extra_time = read
    if a != b:
        reader.warn(number, f"{text!r}: an aggregate without its teams is not checked")
        return
    if no_extra_time:
        if not leg.is_played:
            reader.fail(number, "extra time follows a played match")
        reader.deciding.append((number, leg, "extra time"))
        leg.extra_time = leg.extra_time or (0, 0)
    home, away = sorted(leg.teams)
    round_.outcomes.append(
        OutcomeRecord(
            number, leg.teams, None, None, {home: a, away: b}, claims_decision=False, text=text
        )
    )


def _box_line(reader, number, line):
    cell = flatten(line.strip("|{}").strip()).strip("|! ")
    if not cell or cell in {"-", "+"} or cell.endswith(":") or cell.startswith("class="):
        return
    if re.search(r"\b(?:winners?|champions?)\b", cell, re.I):
        if champions := re.search(r"\b(?:winners?|champions?)\s*:\s*(?P<rest>.+)$", cell, re.I):
            _champion_line(reader, number, champions["rest"], line)
        return
    _champion_line(reader, number, cell, line)


def _champion_line(reader, number, text, line):
    team, title = phrases.read_titled_team(text)
    if not reader.names_a_team(team):
        reader.warn(number, f"winners line {line[:60]!r} names no team of the table; not read")
        return
    reader.fact_line()
    reader.record.facts.append(Fact(number, "champion", reader.team(number, team)))
    if title is not None:
        reader.record.facts.append(Fact(number, "champion_title", title))


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
        kind = {
            "p": "pen",
            "penalty": "pen",
            "penal": "pen",
            "owngoal": "og",
            "ag": "og",
            "ec": "og",
            "autogol": "og",
        }.get(kind, kind)
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
    """The names between minutes: "Martín (10', 55'), Valdés (80')" and "Martín 10',
    55' y Valdés 80'" name Martín and Valdés."""
    parts = re.split(r"[,;]|\s(?:y|and|&)\s", f" {text} ")
    return [part.strip(" ()[]") for part in parts if part.strip(" .()[]")]
