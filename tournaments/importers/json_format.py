"""Parse a season JSON document (docs/import-formats.md, `liguilla-season/1`) into a
TournamentRecord. Pure: no database.

The document's shape is declared once, as pydantic models (season_schema.py), and
validated by pydantic; its messages are put in the importer's words with the
line where the JSON object holding the value starts (`FILE:LINE: 'home_score' should be
int, got '2'`). What the shape cannot say (a team playing itself, a kick-off without a
date, a half-time score without a score) is checked while the record is built, with the
same FILE:LINE. Derived values in the document (aggregate, winner, decided_by, summary)
become facts the loader checks against the domain rules; they are never stored as given.
"""

from __future__ import annotations

import datetime
import json
import json.decoder
import json.scanner
import re
import zoneinfo

from pydantic import ValidationError

from .records import (
    BookingRecord,
    EntryRecord,
    Fact,
    GoalRecord,
    ImportFailed,
    LegRecord,
    MatchRecord,
    OutcomeRecord,
    PersonRef,
    RoundRecord,
    TournamentRecord,
)
from .season_schema import Document, LeagueMatch, Leg, Round, Standing, Summary, Tie
from .season_schema import Goal as GoalShape

FORMAT = "liguilla-season/1"
FORMAT_VERSION = re.compile(r"liguilla-season/\d{1,3}")
DECLARES_FORMAT = re.compile(r'"format"\s*:\s*"liguilla-season/1"')
NOT_A_SEASON = f'not a season document (no "format": "{FORMAT}")'


# -- reading the text with lines -------------------------------------------------------------


class Located(dict):
    """A JSON object that remembers the line it starts on."""

    line = None


class DuplicateKey(ValueError):
    def __init__(self, key, line):
        self.key, self.line = key, line
        super().__init__(key)


class _LocatingDecoder(json.JSONDecoder):
    """json's pure-Python scanner, with objects that know their line (for FILE:LINE) and
    refuse a key given twice (json would silently keep the last value).

    Objects are met in the order they start, so the line is counted forward from the last
    object's start: linear time and no per-line index, whatever the number of lines."""

    def __init__(self, text):
        super().__init__(object_pairs_hook=list)
        plain = json.decoder.JSONObject
        cursor = {"offset": 0, "line": 1}

        def parse_object(s_and_end, *args):
            start = s_and_end[1]
            cursor["line"] += text.count("\n", cursor["offset"], start)
            cursor["offset"] = start
            line = cursor["line"]
            pairs, end = plain(s_and_end, *args)
            located = Located()
            for key, value in pairs:
                if key in located:
                    raise DuplicateKey(key, line)
                located[key] = value
            located.line = line
            return located, end

        self.parse_object = parse_object
        self.scan_once = json.scanner.py_make_scanner(self)


def parse_document(text: str, source: str) -> TournamentRecord:
    try:
        document = _LocatingDecoder(text).decode(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(source, exc.lineno, f"not valid JSON: {exc.msg}") from exc
    except DuplicateKey as exc:
        if not DECLARES_FORMAT.search(text):
            raise ImportFailed(source, None, NOT_A_SEASON) from None
        raise ImportFailed(
            source, exc.line, f"the key {exc.key!r} is given twice in this object"
        ) from exc
    except RecursionError:
        raise ImportFailed(
            source, None, "not a season document: arrays or objects nested too deeply"
        ) from None
    if not isinstance(document, dict):
        raise ImportFailed(source, None, "expected a JSON object at the top")
    fmt = document.get("format")
    if fmt != FORMAT:
        # Nothing of a document not known to be a season is quoted (it may be any file,
        # linked by mistake), but another version of this format is named.
        if isinstance(fmt, str) and FORMAT_VERSION.fullmatch(fmt):
            raise ImportFailed(
                source, document.line, f"format {fmt!r}, but this site reads {FORMAT!r}"
            )
        raise ImportFailed(source, document.line, NOT_A_SEASON)
    try:
        valid = Document.model_validate(document)
    except ValidationError as exc:
        errors = [_message(document, error) for error in exc.errors()]
        (line, message), *more = errors
        raise ImportFailed(
            source, line, message, more=[str(ImportFailed(source, *m)) for m in more]
        ) from None
    except RecursionError:
        raise ImportFailed(
            source, None, "not a season document: arrays or objects nested too deeply"
        ) from None
    return DocumentReader(source, document).read(valid)


# pydantic's error types, as the importer names the type it wanted.
EXPECTED = {
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "string_type": "str",
    "bool_type": "bool",
    "list_type": "list",
    "model_type": "an object",
    "dict_type": "an object",
}


def _message(document, error) -> tuple[int | None, str]:
    """(line, message) for one pydantic error: the line of the innermost JSON object on
    the error's path, the message naming the key ("'home_score' should be int, got '2'",
    "missing 'team'", "'tiebreak' should be a list of strings, got [None]")."""
    node, line, key, parent = document, document.line, None, None
    for step in error["loc"]:
        parent = node
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            key, node = step, node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            break
        if isinstance(node, Located) and node.line:
            line = node.line
    last = error["loc"][-1] if error["loc"] else None
    expected = EXPECTED.get(error["type"])
    if error["type"] == "missing":
        return line, f"missing {last!r}"
    if isinstance(last, int) and isinstance(parent, list) and key is not None:
        kind = {"str": "strings", "int": "numbers", "an object": "objects"}.get(expected, "values")
        return line, f"{key!r} should be a list of {kind}, got {parent!r}"
    if expected:
        return line, f"{last!r} should be {expected}, got {error['input']!r}"
    return line, f"{last!r}: {error['msg']}"


# -- the record ---------------------------------------------------------------------------------


class DocumentReader:
    """Builds the record from the validated document; `raw` is the same document as read,
    whose objects know their lines."""

    def __init__(self, source, raw):
        self.source = source
        self.raw = raw

    def fail(self, obj, message):
        raise ImportFailed(self.source, getattr(obj, "line", None), message)

    def read(self, doc: Document) -> TournamentRecord:
        raw = self.raw
        start = doc.season_start_year
        if start is None:
            found = re.match(r"^(\d{4})", doc.season)
            if not found:
                self.fail(raw, f"season {doc.season!r} does not start with a year")
            start = int(found[1])
        try:
            self.zone = zoneinfo.ZoneInfo(doc.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.fail(raw, f"unknown time zone {doc.timezone!r}")
        record = TournamentRecord(
            source=self.source,
            line=raw.line,
            competition=doc.competition,
            country=doc.country,
            season_name=doc.season,
            season_start_year=start,
            name=doc.tournament,
            slug=doc.slug,
            order=doc.order,
            kind=doc.kind,
            timezone=doc.timezone,
            qualifiers=doc.qualifiers,
            champion_title=doc.champion_title_override,
            knockout_format=doc.knockout_format,
            relegation_barred=doc.relegation_barred,
        )
        self.record = record
        for row, raw_row in zip(doc.standings, raw["standings"], strict=True):
            record.entries.append(self._entry(row, raw_row))
        for squad in doc.squads:
            for player in squad.players:
                record.squad_member(squad.team, player.name, player.nationality)
        raw_matches = raw.get("league_matches") or []
        for match, raw_match in zip(doc.league_matches, raw_matches, strict=True):
            record.matches.append(self._match(match, raw_match))
        for round_, raw_round in zip(doc.rounds, raw["rounds"], strict=True):
            record.rounds.append(self._round(round_, raw_round))
        if doc.summary:
            self._summary(doc.summary, raw["summary"])
        return record

    def _entry(self, row: Standing, raw) -> EntryRecord:
        def person(name, nationality):
            return PersonRef(name, nationality) if name else None

        entry = EntryRecord(
            line=raw.line,
            position=row.position,
            team=row.team,
            manager=person(row.manager, row.manager_nationality),
            captain=person(row.captain, row.captain_nationality),
            played=row.played,
            won=row.won,
            drawn=row.drawn,
            lost=row.lost,
            goals_for=row.goals_for,
            goals_against=row.goals_against,
            goal_difference=row.goal_difference,
            points=row.points,
            bonus_points=row.bonus_points,
            points_deducted=row.points_deducted,
            deduction_reason=row.deduction_reason,
        )
        if entry.captain:
            self.record.squad_member(entry.team, entry.captain.name, entry.captain.nationality)
        return entry

    def _match(self, match: LeagueMatch, raw) -> MatchRecord:
        """A regular-season match (optional `league_matches`)."""
        date = self._date(match.date, raw)
        found = MatchRecord(
            line=raw.line,
            matchday=match.matchday,
            home=match.home,
            away=match.away,
            home_score=match.home_score,
            away_score=match.away_score,
            date=date,
            kickoff=self._kickoff(match.kickoff, date, raw),
            awarded=match.awarded,
            status="cancelled" if match.cancelled else "scheduled",
        )
        if found.home == found.away:
            self.fail(raw, f"{found.home} cannot play itself")
        if (found.home_score is None) != (found.away_score is None):
            self.fail(raw, "give both scores or neither")
        return found

    def _round(self, round_: Round, raw) -> RoundRecord:
        if round_.legs not in (None, 1, 2):
            self.fail(raw, f"'legs' should be 1 (single matches) or 2, got {round_.legs!r}")
        found = RoundRecord(
            line=raw.line,
            name=round_.name,
            tiebreak=round_.tiebreak,
            tiebreak_line=raw.line if round_.tiebreak is not None else None,
            legs_per_tie=round_.legs,
        )
        if round_.byes is not None:
            found.byes = Fact(raw.line, "byes", round_.byes)
        for tie, raw_tie in zip(round_.ties, raw["ties"], strict=True):
            self._tie(tie, raw_tie, found)
        return found

    def _tie(self, tie: Tie, raw, round_: RoundRecord):
        higher, lower = tie.higher_seed, tie.lower_seed
        legs = [self._leg(leg, raw_leg) for leg, raw_leg in zip(tie.legs, raw["legs"], strict=True)]
        for leg in legs:
            if leg.teams != {higher, lower}:
                self.fail(raw, f"leg {leg.label()} is not {higher} v {lower}")
        # Extra time and a shoot-out follow the deciding leg: the second, or a single match.
        deciding = round_.legs_per_tie or 2
        second = next((leg for leg in legs if leg.number == deciding), None)
        for key, value in (("extra_time", tie.extra_time), ("penalties", tie.penalties)):
            if value is None:
                continue
            if second is None:
                where = "a second leg" if deciding == 2 else "its match"
                self.fail(raw, f"{key} without {where}")
            if key == "extra_time":
                second.extra_time = (value.home_score, value.away_score)
            else:
                second.penalties = (value.home, value.away)
        round_.legs.extend(legs)
        aggregate = None
        if tie.aggregate is not None:
            if len(tie.aggregate) != 2:
                self.fail(raw, f"aggregate should be [higher, lower], got {tie.aggregate!r}")
            aggregate = {higher: tie.aggregate[0], lower: tie.aggregate[1]}
        if "winner" in raw or aggregate is not None:
            round_.outcomes.append(
                OutcomeRecord(
                    line=raw.line,
                    teams=frozenset((higher, lower)),
                    winner=tie.winner,
                    decided_by=tie.decided_by,
                    aggregate=aggregate,
                    claims_decision="winner" in raw,
                    text=f"{higher} v {lower}",
                )
            )

    def _date(self, value, raw):
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(raw, f"{value!r} is not a date (YYYY-MM-DD)")

    def _kickoff(self, value, date, raw):
        """The local kickoff time (HH:MM, the tournament's time zone), as an aware UTC time."""
        if value is None:
            return None
        if date is None:
            self.fail(raw, "a kickoff time needs a date")
        try:
            time = datetime.time.fromisoformat(value)
        except ValueError:
            self.fail(raw, f"kickoff {value!r} is not a time (HH:MM)")
        local = datetime.datetime.combine(date, time, tzinfo=self.zone)
        return local.astimezone(datetime.UTC)

    def _leg(self, leg: Leg, raw) -> LegRecord:
        date = self._date(leg.date, raw)
        found = LegRecord(
            line=raw.line,
            number=leg.leg,
            home=leg.home,
            away=leg.away,
            home_score=leg.home_score,
            away_score=leg.away_score,
            date=date,
            venue=leg.venue,
        )
        if found.home == found.away:
            self.fail(raw, f"{found.home} cannot play itself")
        if (found.home_score is None) != (found.away_score is None):
            self.fail(raw, "give both scores or neither")
        found.kickoff = self._kickoff(leg.kickoff, date, raw)
        if leg.half_time is not None:
            if found.home_score is None:
                self.fail(raw, "a half-time score without the leg's score")
            found.half_time = (leg.half_time.home_score, leg.half_time.away_score)
        for goal, raw_goal in zip(leg.goals, raw.get("goals") or [], strict=True):
            found.goals.append(self._goal(goal, raw_goal, found))
        for card, raw_card in zip(leg.cards, raw.get("cards") or [], strict=True):
            booking = BookingRecord(
                line=raw_card.line,
                team=card.team,
                player=card.player,
                colour=card.colour,
                minute=card.minute,
            )
            self.record.squad_member(booking.team, booking.player)
            found.bookings.append(booking)
        found.scorer_lines = bool(found.goals or found.bookings)
        return found

    def _goal(self, goal: GoalShape, raw, leg: LegRecord) -> GoalRecord:
        found = GoalRecord(
            line=raw.line,
            team=goal.team,
            player=goal.player,
            minute=goal.minute,
            added_time=goal.added_time,
            penalty=goal.penalty,
            own_goal=goal.own_goal,
        )
        found.written = found.player
        if found.team not in leg.teams:
            self.fail(raw, f"{found.team} did not play {leg.label()}")
        self.record.squad_member(leg.scorer_team(found), found.player)
        return found

    def _summary(self, summary: Summary, raw):
        facts = self.record.facts
        for key in ("champion", "runner_up", "matches", "goals", "champion_title"):
            if (value := getattr(summary, key)) is not None:
                facts.append(Fact(raw.line, key, value))
        if summary.top_scorers is not None:
            scorers = [(row.player, row.goals) for row in summary.top_scorers]
            facts.append(Fact(raw.line, "top_scorers", scorers))
