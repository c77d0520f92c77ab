"""Parse a season JSON document (docs/import-formats.md, `liguilla-season/1`) into a
TournamentRecord. Pure: no database.

Derived values in the document (aggregate, winner, decided_by, summary) become facts the
loader checks against the domain rules; they are never stored as given.
"""

from __future__ import annotations

import datetime
import json
import json.decoder
import json.scanner
import re
import zoneinfo

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

FORMAT = "liguilla-season/1"


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
        raise ImportFailed(
            source, exc.line, f"the key {exc.key!r} is given twice in this object"
        ) from exc
    except RecursionError:
        raise ImportFailed(
            source, None, "not a season document: arrays or objects nested too deeply"
        ) from None
    return DocumentParser(source).parse(document)


class DocumentParser:
    def __init__(self, source):
        self.source = source

    def fail(self, obj, message):
        raise ImportFailed(self.source, getattr(obj, "line", None), message)

    def get(self, obj, key, kind, *, required=True, default=None):
        if not isinstance(obj, dict):
            self.fail(obj, f"expected an object, got {type(obj).__name__}")
        if key not in obj or obj[key] is None:
            if required:
                self.fail(obj, f"missing {key!r}")
            return default
        value = obj[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(k.__name__ for k in kinds)
            self.fail(obj, f"{key!r} should be {names}, got {value!r}")
        return value

    def strings(self, obj, key, *, required=True):
        """A list of strings (team names, tiebreak rules)."""
        values = self.get(obj, key, list, required=required)
        if values is not None and not all(isinstance(v, str) for v in values):
            self.fail(obj, f"{key!r} should be a list of strings, got {values!r}")
        return values

    def parse(self, doc) -> TournamentRecord:
        if not isinstance(doc, dict):
            self.fail(None, "expected a JSON object at the top")
        fmt = self.get(doc, "format", str)
        if fmt != FORMAT:
            self.fail(doc, f"unknown format {fmt!r}; expected {FORMAT!r}")
        season = self.get(doc, "season", str)
        start = self.get(doc, "season_start_year", int, required=False)
        if start is None:
            found = re.match(r"^(\d{4})", season)
            if not found:
                self.fail(doc, f"season {season!r} does not start with a year")
            start = int(found[1])
        timezone = self.get(doc, "timezone", str, required=False, default="America/Mexico_City")
        try:
            zone = zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            self.fail(doc, f"unknown time zone {timezone!r}")
        record = TournamentRecord(
            source=self.source,
            line=doc.line,
            competition=self.get(doc, "competition", str),
            country=self.get(doc, "country", str, required=False, default=""),
            season_name=season,
            season_start_year=start,
            name=self.get(doc, "tournament", str),
            slug=self.get(doc, "slug", str),
            order=self.get(doc, "order", int, required=False, default=1),
            kind=self.get(doc, "kind", str, required=False, default="liguilla"),
            timezone=timezone,
            qualifiers=self.get(doc, "qualifiers", int, required=False),
            champion_title=self.get(doc, "champion_title_override", int, required=False),
            knockout_format=self.get(doc, "knockout_format", str, required=False),
            relegation_barred=self.get(doc, "relegation_barred", str, required=False),
        )
        self.record, self.zone = record, zone
        for row in self.get(doc, "standings", list):
            record.entries.append(self._entry(row))
        for squad in self.get(doc, "squads", list, required=False, default=[]):
            team = self.get(squad, "team", str)
            for player in self.get(squad, "players", list):
                record.squad_member(
                    team,
                    self.get(player, "name", str),
                    self.get(player, "nationality", str, required=False, default=""),
                )
        for match in self.get(doc, "league_matches", list, required=False, default=[]):
            record.matches.append(self._match(match))
        for round_ in self.get(doc, "rounds", list):
            record.rounds.append(self._round(round_))
        summary = self.get(doc, "summary", dict, required=False)
        if summary:
            self._summary(summary)
        return record

    def _person(self, row, key):
        name = self.get(row, key, str, required=False)
        if not name:
            return None
        nationality = self.get(row, f"{key}_nationality", str, required=False, default="")
        return PersonRef(name, nationality)

    def _entry(self, row) -> EntryRecord:
        numbers = {
            key: self.get(row, key, int)
            for key in ("played", "won", "drawn", "lost", "goals_for", "goals_against", "points")
        }
        entry = EntryRecord(
            line=row.line,
            position=self.get(row, "position", int),
            team=self.get(row, "team", str),
            manager=self._person(row, "manager"),
            captain=self._person(row, "captain"),
            goal_difference=self.get(row, "goal_difference", int, required=False),
            bonus_points=self.get(row, "bonus_points", int, required=False, default=0),
            points_deducted=self.get(row, "points_deducted", int, required=False, default=0),
            deduction_reason=self.get(row, "deduction_reason", str, required=False, default=""),
            **numbers,
        )
        if entry.captain:
            self.record.squad_member(entry.team, entry.captain.name, entry.captain.nationality)
        return entry

    def _match(self, obj) -> MatchRecord:
        """A regular-season match (optional `league_matches`)."""
        date = self._date(obj)
        match = MatchRecord(
            line=obj.line,
            matchday=self.get(obj, "matchday", int),
            home=self.get(obj, "home", str),
            away=self.get(obj, "away", str),
            home_score=self.get(obj, "home_score", int, required=False),
            away_score=self.get(obj, "away_score", int, required=False),
            date=date,
            kickoff=self._kickoff(obj, date),
            awarded=self.get(obj, "awarded", bool, required=False, default=False),
            status="cancelled"
            if self.get(obj, "cancelled", bool, required=False, default=False)
            else "scheduled",
        )
        if match.home == match.away:
            self.fail(obj, f"{match.home} cannot play itself")
        if (match.home_score is None) != (match.away_score is None):
            self.fail(obj, "give both scores or neither")
        return match

    def _round(self, obj) -> RoundRecord:
        tiebreak = self.strings(obj, "tiebreak", required=False)
        legs = self.get(obj, "legs", int, required=False)
        if legs not in (None, 1, 2):
            self.fail(obj, f"'legs' should be 1 (single matches) or 2, got {legs!r}")
        round_ = RoundRecord(
            line=obj.line,
            name=self.get(obj, "name", str),
            tiebreak=tiebreak,
            tiebreak_line=obj.line if tiebreak is not None else None,
            legs_per_tie=legs,
        )
        if "byes" in obj:
            round_.byes = Fact(obj.line, "byes", self.strings(obj, "byes"))
        for tie in self.get(obj, "ties", list):
            self._tie(tie, round_)
        return round_

    def _tie(self, tie, round_):
        higher = self.get(tie, "higher_seed", str)
        lower = self.get(tie, "lower_seed", str)
        legs = [self._leg(leg) for leg in self.get(tie, "legs", list)]
        for leg in legs:
            if leg.teams != {higher, lower}:
                self.fail(tie, f"leg {leg.label()} is not {higher} v {lower}")
        # Extra time and a shoot-out follow the deciding leg: the second, or a single match.
        deciding = round_.legs_per_tie or 2
        second = next((leg for leg in legs if leg.number == deciding), None)
        for key in ("extra_time", "penalties"):
            value = self.get(tie, key, dict, required=False)
            if value is None:
                continue
            if second is None:
                where = "a second leg" if deciding == 2 else "its match"
                self.fail(tie, f"{key} without {where}")
            names = ("home_score", "away_score") if key == "extra_time" else ("home", "away")
            setattr(second, key, tuple(self.get(value, name, int) for name in names))
        round_.legs.extend(legs)
        aggregate = self.get(tie, "aggregate", list, required=False)
        if aggregate is not None:
            if len(aggregate) != 2 or not all(isinstance(n, int) for n in aggregate):
                self.fail(tie, f"aggregate should be [higher, lower], got {aggregate!r}")
            aggregate = {higher: aggregate[0], lower: aggregate[1]}
        if "winner" in tie or aggregate is not None:
            round_.outcomes.append(
                OutcomeRecord(
                    line=tie.line,
                    teams=frozenset((higher, lower)),
                    winner=self.get(tie, "winner", str, required=False),
                    decided_by=self.get(tie, "decided_by", str, required=False),
                    aggregate=aggregate,
                    claims_decision="winner" in tie,
                    text=f"{higher} v {lower}",
                )
            )

    def _date(self, obj):
        date = self.get(obj, "date", str, required=False)
        if date is not None:
            try:
                date = datetime.date.fromisoformat(date)
            except ValueError:
                self.fail(obj, f"{date!r} is not a date (YYYY-MM-DD)")
        return date

    def _kickoff(self, obj, date):
        """The local kickoff time (HH:MM, the tournament's time zone), as an aware UTC time."""
        kickoff = self.get(obj, "kickoff", str, required=False)
        if kickoff is None:
            return None
        if date is None:
            self.fail(obj, "a kickoff time needs a date")
        try:
            time = datetime.time.fromisoformat(kickoff)
        except ValueError:
            self.fail(obj, f"kickoff {kickoff!r} is not a time (HH:MM)")
        local = datetime.datetime.combine(date, time, tzinfo=self.zone)
        return local.astimezone(datetime.UTC)

    def _leg(self, obj) -> LegRecord:
        number = self.get(obj, "leg", int)
        date = self._date(obj)
        leg = LegRecord(
            line=obj.line,
            number=number,
            home=self.get(obj, "home", str),
            away=self.get(obj, "away", str),
            home_score=self.get(obj, "home_score", int, required=False),
            away_score=self.get(obj, "away_score", int, required=False),
            date=date,
        )
        if leg.home == leg.away:
            self.fail(obj, f"{leg.home} cannot play itself")
        if (leg.home_score is None) != (leg.away_score is None):
            self.fail(obj, "give both scores or neither")
        leg.kickoff = self._kickoff(obj, date)
        half_time = self.get(obj, "half_time", dict, required=False)
        if half_time is not None:
            if leg.home_score is None:
                self.fail(obj, "a half-time score without the leg's score")
            leg.half_time = (
                self.get(half_time, "home_score", int),
                self.get(half_time, "away_score", int),
            )
        for goal in self.get(obj, "goals", list, required=False, default=[]):
            leg.goals.append(self._goal(goal, leg))
        for card in self.get(obj, "cards", list, required=False, default=[]):
            booking = BookingRecord(
                line=card.line,
                team=self.get(card, "team", str),
                player=self.get(card, "player", str),
                colour=self.get(card, "colour", str, required=False, default="yellow"),
                minute=self.get(card, "minute", int, required=False),
            )
            self.record.squad_member(booking.team, booking.player)
            leg.bookings.append(booking)
        leg.scorer_lines = bool(leg.goals or leg.bookings)
        return leg

    def _goal(self, obj, leg) -> GoalRecord:
        goal = GoalRecord(
            line=obj.line,
            team=self.get(obj, "team", str),
            player=self.get(obj, "player", str),
            minute=self.get(obj, "minute", int),
            added_time=self.get(obj, "added_time", int, required=False),
            penalty=self.get(obj, "penalty", bool, required=False, default=False),
            own_goal=self.get(obj, "own_goal", bool, required=False, default=False),
        )
        goal.written = goal.player
        if goal.team not in leg.teams:
            self.fail(obj, f"{goal.team} did not play {leg.label()}")
        self.record.squad_member(leg.scorer_team(goal), goal.player)
        return goal

    def _summary(self, summary):
        facts = self.record.facts
        for key in ("champion", "runner_up", "matches", "goals", "champion_title"):
            if summary.get(key) is not None:
                facts.append(Fact(summary.line, key, summary[key]))
        if "top_scorers" in summary:
            scorers = [
                (self.get(row, "player", str), self.get(row, "goals", int))
                for row in self.get(summary, "top_scorers", list)
            ]
            facts.append(Fact(summary.line, "top_scorers", scorers))
