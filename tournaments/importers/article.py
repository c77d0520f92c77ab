"""Parse a Liguilla article (the wiki-like text of data/*.txt) into a TournamentRecord.

Pure: text in, records out, no database. Every malformed line raises ImportFailed with its
line number; facts the article states twice (infobox, winners box, goalscorers list,
"advanced" lines) are kept as `Fact`/`OutcomeRecord` for the loader to check against the
domain rules. docs/import-formats.md describes the format.
"""

from __future__ import annotations

import datetime
import itertools
import re
import zoneinfo

from django.utils.text import slugify

from ..vocabulary import Tiebreak, normalize_name
from .records import (
    BookingRecord,
    EntryRecord,
    Fact,
    GoalRecord,
    ImportFailed,
    LegRecord,
    OutcomeRecord,
    PersonRef,
    RoundRecord,
    ScorerListRecord,
    TournamentRecord,
)

PHASES = {"apertura": 1, "clausura": 2, "bicentenario": 1, "invierno": 1, "verano": 2}
TITLE_RE = re.compile(
    r"^=\s*(?P<year>\d{4})\s+(?P<competition>.+?)\s+(?P<phase>"
    + "|".join(PHASES)
    + r")\s+Liguilla\s*=$",
    re.IGNORECASE,
)
HEADING_RE = re.compile(r"^(?P<level>={2,3})\s*(?P<name>[^=]+?)\s*(?P=level)$")
INFOBOX_RE = re.compile(r"^-\s*(?P<key>[^:]+?)\s*:\s*(?P<value>.*)$")
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
DATE_RE = re.compile(
    r"^(?P<month>[A-Za-z]+)\s+(?P<day>\d{1,2}),\s*(?P<year>\d{4})"
    r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
    r"(?:\s*\(UTC\s*(?P<offset>[+-]\d{1,2})(?::(?P<offset_minutes>\d{2}))?\))?$"
)
OFFSET_RE = re.compile(r"UTC\s*(?P<offset>[+-]\d{1,2})(?::(?P<offset_minutes>\d{2}))?")
SCORE_RE = re.compile(
    r"^(?P<home>\S.*?)\s+(?P<hs>\d+)\s*-\s*(?P<as>\d+)\s+(?P<away>.*?\S)"
    r"(?:\s*\((?P<aet>a\.?e\.?t\.?)\))?$",
    re.IGNORECASE,
)
FIXTURE_RE = re.compile(r"^(?P<home>\S.*?)\s+(?:v|vs\.?)\s+(?P<away>.*?\S)$")
SCORER_LINE_RE = re.compile(r"^(?P<team>[^:']+?):\s*(?P<items>.*)$")
MINUTE_RE = re.compile(
    r"(?P<minute>\d+)(?:\s*\+\s*(?P<added>\d+))?\s*'"
    r"(?:\s*\((?P<kind>pen\.?|o\.?g\.?)\))?",
    re.IGNORECASE,
)
LEG_HEADINGS = {"first leg": 1, "1st leg": 1, "leg 1": 1, "second leg": 2, "2nd leg": 2, "leg 2": 2}
OUTCOMES = [
    (
        re.compile(r"^(?P<team>.+?) advanced (?P<a>\d+) - (?P<b>\d+) on aggregate$"),
        Tiebreak.AGGREGATE,
    ),
    (
        re.compile(
            r"^(?P<team>.+?) advanced (?:(?P<a>\d+) - (?P<b>\d+) )?"
            r"(?:on aggregate )?on (?:the )?away goals?(?: rule)?$"
        ),
        Tiebreak.AWAY_GOALS,
    ),
    (
        re.compile(
            r"^(?P<team>.+?) advanced (?:because of|on|thanks to) (?:their|its|the) "
            r"(?:better|higher) (?:position|place|seed)(?: on| in)?(?: the)?"
            r"(?: league| general)?(?: table)?$"
        ),
        Tiebreak.TABLE_POSITION,
    ),
    (
        re.compile(r"^(?P<team>.+?) (?:won|advanced) (?P<a>\d+) - (?P<b>\d+) on penalties$"),
        Tiebreak.PENALTIES,
    ),
    (
        re.compile(
            r"^(?P<team>.+?) (?:won|advanced) (?P<a>\d+) - (?P<b>\d+) "
            r"(?:after|in) extra time(?: on aggregate)?$"
        ),
        Tiebreak.EXTRA_TIME,
    ),
]
LEVEL_RE = re.compile(
    r"^(?P<a>\d+) - (?P<b>\d+) on aggregate(?:[;,] (?P<noet>no goals in extra time))?$"
)
WINNERS_RE = re.compile(r"^(?P<team>.+?)\s+(?P<n>\d+)(?:st|nd|rd|th)\s+title$", re.IGNORECASE)
TITLE_NUMBER_RE = re.compile(r"^(?P<team>.+?)\s*\((?P<n>\d+)(?:st|nd|rd|th)\s+title\)$", re.I)
GROUP_RE = re.compile(
    r"^;\s*(?:(?P<n>\d+)\s+goals?|(?P<own>(?:\d+\s+)?own goals?))\s*$", re.IGNORECASE
)
LIST_ENTRY_RE = re.compile(
    r"^-\s*(?:(?P<nat>[A-Z]{3})\s+)?(?P<name>[^()]+?)\s*\((?P<team>[^()]+)\)"
    r"(?:\s*\((?P<count>\d+)\))?$"
)
TOP_SCORER_RE = re.compile(r"(?:(?P<nat>[A-Z]{3})\s+)?(?P<name>[^,;()]+?)\s*\((?P<n>\d+)\)")
SECTIONS = {
    "teams": "teams",
    "qualified teams": "teams",
    "participants": "teams",
    "bracket": "bracket",
    "format": "bracket",
    "goalscorers": "goalscorers",
    "top goalscorers": "goalscorers",
    "scorers": "goalscorers",
    "references": "other",
    "see also": "other",
    "external links": "other",
}


def parse_article(text: str, source: str) -> TournamentRecord:
    return ArticleParser(text, source).parse()


def _dashes(text: str) -> str:
    """One kind of dash and single spaces, so "3 – 0" and "3 - 0" read alike."""
    return " ".join(re.sub(r"[–—−]", "-", text).split())


def _person(cell: str) -> PersonRef | None:
    """`MEX Cristóbal Ortega` -> PersonRef("Cristóbal Ortega", "MEX")."""
    cell = cell.strip()
    if not cell or cell in {"-", "–", "?"}:
        return None
    match = re.match(r"^(?P<nat>[A-Z]{3})\s+(?P<name>.+)$", cell)
    if match:
        return PersonRef(match["name"].strip(), match["nat"])
    return PersonRef(cell)


class ArticleParser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = text.splitlines()
        self.record: TournamentRecord | None = None
        self.infobox: dict[str, tuple[int, str]] = {}
        self.bracket_text: list[tuple[int, str]] = []
        self.table_teams: list[str] = []
        self.written_teams: list[tuple[int, str]] = []
        # Unreadable lines since the last fact of the general table or the goalscorers
        # list: [first line, its text, how many, section]. An error if another fact
        # follows (they sit inside the list), a warning if the section ends first.
        self.unreadable = None

    def fail(self, line, message):
        raise ImportFailed(self.source, line, message)

    def _nonblank(self, after=0):
        """(line number, text) of each non-blank line after line `after`. Blank lines are
        skipped at C speed (itertools), and nothing is copied per line: 20 MB of blank
        lines cost a fraction of a second and no more memory than the text."""
        lines = itertools.islice(self.lines, after, None)
        numbered = itertools.islice(enumerate(self.lines, start=1), after, None)
        return itertools.compress(numbered, map(str.strip, lines))

    def _unreadable_line(self, number, line, section):
        if self.unreadable is None:
            self.unreadable = [number, line, 0, section]
        self.unreadable[2] += 1

    def _fact_line(self):
        """A row of a list of facts: unreadable lines before it sat inside the list."""
        if self.unreadable is not None:
            number, line, count, section = self.unreadable
            more = f" (and {count - 1} more unreadable lines after it)" if count > 1 else ""
            self.fail(number, f"unreadable line {line[:60]!r} inside the {section}{more}")

    def _end_of_section(self):
        """Unreadable lines after the last fact of a list: ignored, with one warning."""
        if self.unreadable is not None:
            number, line, count, section = self.unreadable
            what = f"{count} unreadable lines" if count > 1 else f"unreadable line {line[:60]!r}"
            self.record.warnings.append((number, f"{what} after the {section}, ignored"))
            self.unreadable = None

    # -- driver -------------------------------------------------------------------------

    def parse(self) -> TournamentRecord:
        first = next(self._nonblank(), None)
        if first is None:
            self.fail(None, "the file is empty")
        first_line, title = first
        self.record = self._title(first_line, title.strip())
        section, round_ = "intro", None
        leg_number = None
        state = LegState()
        for number, raw in self._nonblank(after=first_line):
            line = raw.strip()
            heading = HEADING_RE.match(line)
            if heading and heading["level"] == "==":
                self._end_of_section()
                name = heading["name"]
                section = SECTIONS.get(normalize_name(name), "round")
                round_, leg_number, state = None, None, LegState()
                if section == "round":
                    round_ = RoundRecord(line=number, name=name)
                    self.record.rounds.append(round_)
                continue
            if heading:
                if section != "round":
                    self.fail(number, f"leg heading {line!r} outside a round section")
                leg_number = LEG_HEADINGS.get(normalize_name(heading["name"]))
                if leg_number is None:
                    self.fail(number, f"unknown leg heading {line!r} (First leg / Second leg)")
                state = LegState(offset=state.offset)
                continue
            if section == "intro":
                self._intro(number, line)
            elif section == "teams":
                self._table_row(number, line)
            elif section == "bracket":
                self.bracket_text.append((number, line))
            elif section == "goalscorers":
                self._scorer_list(number, line)
            elif section == "round":
                self._round_line(number, raw, line, round_, leg_number, state)
        self._end_of_section()
        if self.record.entries == []:
            self.fail(None, "no general table (==Teams== with one row per qualifier)")
        if not self.record.rounds:
            self.fail(None, "no rounds (==Quarter-finals== and so on)")
        self._finish()
        return self.record

    def _title(self, number, line) -> TournamentRecord:
        match = TITLE_RE.match(line)
        if not match:
            self.fail(
                number,
                f"expected the title line '= YEAR COMPETITION Apertura|Clausura Liguilla =', "
                f"got {line[:60]!r}",
            )
        year, phase = int(match["year"]), match["phase"].capitalize()
        order = PHASES[phase.lower()]
        start = year if order == 1 else year - 1
        name = f"{phase} {year}"
        return TournamentRecord(
            source=self.source,
            line=number,
            competition=match["competition"].strip(),
            season_name=f"{start}–{str(start + 1)[-2:]}",
            season_start_year=start,
            name=name,
            slug=slugify(name),
            order=order,
        )

    # -- infobox ------------------------------------------------------------------------

    def _intro(self, number, line):
        if line.lower() == "infobox":
            return
        match = INFOBOX_RE.match(line)
        if line.startswith("-"):
            if not match:
                self.fail(number, f"malformed infobox line {line!r} (expected '- Key: Value')")
            # "- Count: 2 | runner-up = La Piedad": more keys after a bar.
            value, *more = match["value"].split("|")
            self._infobox_value(number, match["key"], value)
            for extra in more:
                key, equals, value = extra.partition("=")
                if not equals:
                    self.fail(number, f"malformed infobox field {extra.strip()!r} (key = value)")
                self._infobox_value(number, key, value)
        # Anything else in the introduction is prose.

    def _infobox_value(self, number, key, value):
        key = re.sub(r"[^a-z]", "", normalize_name(key))
        self.infobox[key] = (number, value.strip())

    def _infobox_int(self, key):
        if key not in self.infobox:
            return None
        number, value = self.infobox[key]
        if not re.fullmatch(r"\d+", value):
            self.fail(number, f"infobox {key}: expected a number, got {value!r}")
        return number, int(value)

    # -- general table ------------------------------------------------------------------

    def _table_row(self, number, line):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        while cells and cells[-1] == "":
            cells.pop()
        if not line.startswith("|") or not cells or not re.fullmatch(r"\d+", cells[0]):
            # Prose about who qualified and header rows come before the table's rows.
            if self.record.entries:
                self._unreadable_line(number, line, "general table")
            return
        self._fact_line()
        numbers = cells[-8:]
        names = cells[1:-8]
        if len(cells) < 10 or not 1 <= len(names) <= 3:
            self.fail(
                number,
                f"malformed table row: expected position, team, [manager, captain], "
                f"Pld W D L GF GA GD Pts; got {len(cells)} cells",
            )
        values = []
        labels = ["Pld", "W", "D", "L", "GF", "GA", "GD", "Pts"]
        for label, cell in zip(labels, numbers, strict=True):
            if not re.fullmatch(r"[+-−]?\d+", cell):
                self.fail(number, f"malformed table row: {label} is {cell!r}, not a number")
            values.append(int(cell.replace("−", "-")))
        team = names[0]
        if not team:
            self.fail(number, "malformed table row: no team name")
        pld, w, d, lost, gf, ga, gd, pts = values
        entry = EntryRecord(
            line=number,
            position=int(cells[0]),
            team=team,
            manager=_person(names[1]) if len(names) > 1 else None,
            captain=_person(names[2]) if len(names) > 2 else None,
            played=pld,
            won=w,
            drawn=d,
            lost=lost,
            goals_for=gf,
            goals_against=ga,
            goal_difference=gd,
            points=pts,
        )
        if any(e.team == team for e in self.record.entries):
            self.fail(number, f"{team} appears twice in the general table")
        if self.record.entries and entry.position <= self.record.entries[-1].position:
            previous = self.record.entries[-1]
            self.fail(
                number,
                f"table position {entry.position} of {team} does not follow position "
                f"{previous.position} of {previous.team}",
            )
        self.record.entries.append(entry)
        self.table_teams.append(team)

    # -- rounds ---------------------------------------------------------------------------

    def _round_line(self, number, raw, line, round_, leg_number, state):
        if line.startswith("|"):
            self._box_line(number, line)
            return
        if leg_number is None:
            # Prose before the legs; it may state the time zone of kickoffs.
            if offset := OFFSET_RE.search(line):
                state.offset = _offset(offset)
            return
        flat = _dashes(line)
        if date := DATE_RE.match(flat):
            state.date, state.kickoff = self._date(number, date, state.offset)
            return
        indented = raw[:1].isspace()
        scorer = SCORER_LINE_RE.match(line)
        if scorer and state.leg is not None and (indented or self._is_leg_team(scorer, state)):
            self._scorer_line(number, scorer, state.leg)
            return
        for pattern, rule in OUTCOMES:
            if match := pattern.match(flat):
                self._outcome(number, match, rule, round_, state.leg, flat)
                return
        if match := LEVEL_RE.match(flat):
            self._level(number, match, round_, state.leg, flat)
            return
        if (result := SCORE_RE.match(flat)) or (result := FIXTURE_RE.match(flat)):
            state.leg = self._leg(number, result, leg_number, state)
            round_.legs.append(state.leg)
            state.date = state.kickoff = None
            return
        self.fail(number, f"unrecognised line in {round_.name}: {line[:80]!r}")

    def _date(self, number, match, offset):
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
        name = normalize_name(scorer["team"])
        return name in {normalize_name(state.leg.home), normalize_name(state.leg.away)}

    def _leg(self, number, match, leg_number, state) -> LegRecord:
        home, away = self._team(number, match["home"]), self._team(number, match["away"])
        if home == away:
            self.fail(number, f"{match['home']} cannot play itself ({match['away']})")
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
            if match["aet"]:
                if leg_number != 2:
                    self.fail(number, "(a.e.t.) after a first leg: extra time follows a 2nd leg")
                leg.extra_time = (0, 0)  # split from the scorers' minutes in _finish
                leg.after_extra_time = True
        return leg

    def _scorer_line(self, number, match, leg):
        team = self._team(number, match["team"])
        if team not in leg.teams:
            self.fail(number, f"{match['team']} did not play {leg.label()}")
        leg.scorer_lines = True
        items = match["items"].strip()
        if not items:
            return
        side_first = "name" if team == leg.home else "minutes"
        groups = _group_scorers(items, side_first)
        if groups is None:
            groups = _group_scorers(items, "minutes" if side_first == "name" else "name")
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

    def _outcome(self, number, match, rule, round_, leg, text):
        if leg is None:
            self.fail(number, f"{text!r} before any result")
        winner = self._team(number, match["team"])
        if winner not in leg.teams:
            self.fail(number, f"{match['team']} did not play {leg.label()}")
        loser = next(iter(leg.teams - {winner}))
        aggregate = None
        if rule == Tiebreak.PENALTIES:
            a, b = int(match["a"]), int(match["b"])
            if leg.number != 2 or not leg.is_played:
                self.fail(number, "a shoot-out follows a played second leg")
            leg.penalties = (a, b) if winner == leg.home else (b, a)
        elif match.groupdict().get("a") is not None:
            aggregate = {winner: int(match["a"]), loser: int(match["b"])}
        round_.outcomes.append(
            OutcomeRecord(number, leg.teams, winner, rule.value, aggregate, text=text)
        )

    def _level(self, number, match, round_, leg, text):
        if leg is None:
            self.fail(number, f"{text!r} before any result")
        a, b = int(match["a"]), int(match["b"])
        if a != b:
            self.fail(number, f"{text!r}: a level aggregate needs equal scores, not {a}–{b}")
        if match["noet"]:
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
        cell = line.strip("|").strip()
        if not cell or cell in {"}", "-"} or cell.endswith(":") or "winners" in cell.lower():
            return
        if match := WINNERS_RE.match(cell):
            team = self._team(number, match["team"])
            self.record.facts.append(Fact(number, "champion", team))
            self.record.facts.append(Fact(number, "champion_title", int(match["n"])))
            return
        self.fail(number, f"unrecognised box line {line[:80]!r}")

    # -- goalscorers list --------------------------------------------------------------

    def _scorer_list(self, number, line):
        if not line.startswith((";", "-")):
            # Prose may introduce the list; after its first heading, a line is a fact.
            if getattr(self, "group", None) is not None:
                self._unreadable_line(number, line, "goalscorers list")
            return
        self._fact_line()
        if line.startswith(";"):
            match = GROUP_RE.match(line)
            if not match:
                self.fail(number, f"malformed goalscorers heading {line!r} (;N goals, ;Own goals)")
            self.group = ("own", 1) if match["own"] else ("goals", int(match["n"]))
            return
        match = LIST_ENTRY_RE.match(line)
        if not match:
            self.fail(number, f"malformed goalscorer {line!r} (expected '- NAT Name (Team)')")
        group = getattr(self, "group", None)
        if group is None:
            self.fail(number, "goalscorer before any ';N goals' heading")
        kind, goals = group
        if match["count"]:
            goals = int(match["count"])
        self.record.scorer_list.append(
            ScorerListRecord(
                line=number,
                player=match["name"].strip(),
                nationality=match["nat"] or "",
                team=self._team(number, match["team"]),
                goals=goals,
                own_goals=kind == "own",
            )
        )

    # -- teams ---------------------------------------------------------------------------

    def _team(self, number, written) -> str:
        """The general table's name for a team the article writes `written`; other
        spellings ("Santos" for "Santos Laguna") are matched word by word and remembered
        so the loader can record them as aliases."""
        written = written.strip()
        if not self.table_teams:
            self.fail(number, f"{written} is named before the general table")
        wanted = normalize_name(written)
        for team in self.table_teams:
            if normalize_name(team) == wanted:
                return team
        words = set(wanted.split())
        close = [
            team
            for team in self.table_teams
            if words <= set(normalize_name(team).split())
            or set(normalize_name(team).split()) <= words
        ]
        if len(close) == 1:
            self.record.team_variants[written] = close[0]
            return close[0]
        if close:
            self.fail(number, f"{written!r} could be any of {', '.join(close)}")
        self.fail(number, f"{written!r} is not a team of the general table")

    # -- after reading everything ------------------------------------------------------

    def _finish(self):
        self._infobox_facts()
        self._tiebreaks()
        self._extra_time_split()
        self._squads()

    def _infobox_facts(self):
        record, box = self.record, self.infobox
        if "title" in box:
            number, title = box["title"]
            if normalize_name(title) != normalize_name(record.competition):
                self.fail(
                    number, f"infobox title {title!r} vs the article's {record.competition!r}"
                )
        if "country" in box:
            record.country = box["country"][1]
        for key, fact in [("numteams", "teams"), ("matches", "matches"), ("goals", "goals")]:
            if (value := self._infobox_int(key)) is not None:
                record.facts.append(Fact(value[0], fact, value[1]))
        if "champions" in box or "champion" in box:
            number, value = box.get("champions") or box["champion"]
            if match := TITLE_NUMBER_RE.match(value):
                record.facts.append(Fact(number, "champion_title", int(match["n"])))
                value = match["team"]
            record.facts.append(Fact(number, "champion", self._team(number, value)))
        if (value := self._infobox_int("count")) is not None:
            record.facts.append(Fact(value[0], "champion_title", value[1]))
        for key in ("runnerup", "runnersup"):
            if key in box:
                number, value = box[key]
                record.facts.append(Fact(number, "runner_up", self._team(number, value)))
        if "topgoalscorer" in box or "topscorer" in box:
            number, value = box.get("topgoalscorer") or box["topscorer"]
            scorers = [(m["name"].strip(), int(m["n"])) for m in TOP_SCORER_RE.finditer(value)]
            if not scorers:
                self.fail(number, f"top scorer {value!r}: expected 'NAT Name (goals)'")
            record.facts.append(Fact(number, "top_scorers", scorers))
        titles = [f for f in record.facts if f.key == "champion_title"]
        if titles:
            record.champion_title = titles[0].value

    def _tiebreaks(self):
        """Read the tiebreak rules stated in words in ==Bracket== into each round's list.

        A sentence that names rounds ("in the quarter- and semi-finals", "in the final")
        applies to those rounds; one that names none applies to every round. A round's own
        decisive rule (penalties) replaces the general one (the higher seed advances).
        """
        general, specific, line_of = [], {}, None
        for number, text in self.bracket_text:
            for sentence in re.split(r"(?<=[.;])\s+", text.lstrip("-* ")):
                rules = _rules_in(sentence)
                if not rules:
                    continue
                line_of = line_of or number
                scopes = [r for r in self.record.rounds if _names_round(sentence, r.name)]
                if not scopes:
                    general.extend(rules)
                for round_ in scopes:
                    specific.setdefault(round_.name, []).extend(rules)
        if not general and not specific:
            return
        order = [t.value for t in Tiebreak]
        for round_ in self.record.rounds:
            own = specific.get(round_.name, [])
            decisive = {Tiebreak.PENALTIES.value, Tiebreak.TABLE_POSITION.value}
            rules = set(own)
            if not rules & decisive:
                rules |= set(general)
            else:
                rules |= set(general) - decisive
            rules.add(Tiebreak.AGGREGATE.value)
            round_.tiebreak = sorted(rules, key=order.index)
            round_.tiebreak_line = line_of

    def _extra_time_split(self):
        """`(a.e.t.)` gives the score after 120 minutes; goals after the 90th minute are
        the extra period's."""
        for round_ in self.record.rounds:
            for leg in round_.legs:
                if not leg.after_extra_time:
                    continue
                extra = [g for g in leg.goals if g.minute > 90]
                home = sum(1 for g in extra if g.team == leg.home)
                away = len(extra) - home
                if home > leg.home_score or away > leg.away_score:
                    self.fail(
                        leg.line,
                        f"{leg.label()} (a.e.t.): {home + away} goals after 90' exceed the score",
                    )
                leg.extra_time = (home, away)
                leg.home_score -= home
                leg.away_score -= away

    def _squads(self):
        """Link the match lines' surnames to the full names the goalscorers list and the
        table give, within each team (León's Torres is not Correcaminos' Torres)."""
        record = self.record
        for entry in record.entries:
            if entry.captain:
                record.squad_member(entry.team, entry.captain.name, entry.captain.nationality)
        for scorer in record.scorer_list:
            player_team = scorer.team
            record.squad_member(player_team, scorer.player, scorer.nationality)
        for round_ in record.rounds:
            for leg in round_.legs:
                for goal in leg.goals:
                    team = leg.scorer_team(goal)
                    goal.player = self._link(goal.line, team, goal.written)
                    record.squad_member(team, goal.player)
                for booking in leg.bookings:
                    booking.player = self._link(booking.line, booking.team, booking.written)
                    record.squad_member(booking.team, booking.player)

    def _link(self, number, team, written):
        known = [p.name for p in self.record.squads.get(team, [])]
        matches = [name for name in known if _same_player(written, name)]
        exact = [name for name in matches if normalize_name(name) == normalize_name(written)]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            self.record.warnings.append(
                (number, f"{written} ({team}) could be {' or '.join(matches)}; kept as written")
            )
        return written


class LegState:
    """What the lines read so far say about the leg being read."""

    def __init__(self, offset=None):
        self.offset = offset
        self.date = None
        self.kickoff = None
        self.leg = None


def _offset(match) -> datetime.timezone:
    hours = int(match["offset"])
    minutes = int(match["offset_minutes"] or 0) * (-1 if hours < 0 else 1)
    return datetime.timezone(datetime.timedelta(hours=hours, minutes=minutes))


def _group_scorers(items, first):
    """Split `Pacheco 7', 13', Collazo` (names first: home team) or `41', 47' Padilla,
    Mejía` (minutes first: away team) into (name, [(minute, added, kind)]) pairs; a name
    without minutes is a booking. None when the minutes cannot be attached that way."""
    tokens = []
    position = 0
    for match in MINUTE_RE.finditer(items):
        tokens.extend(_names(items[position : match.start()]))
        kind = (match["kind"] or "").lower().replace(".", "")
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
    return [part.strip() for part in text.split(",") if part.strip()]


def _same_player(written, full):
    """Does `J. Sánchez` or `Torres` name `Jesús Armando Sánchez` / `Gregorio Torres`?
    The surname words must appear in the full name after its first word, and any
    initials must match its first words."""
    words = normalize_name(written).replace(".", ". ").split()
    initials = [w[0] for w in words if w.endswith(".")]
    surname = [w for w in words if not w.endswith(".")]
    names = normalize_name(full).split()
    if not surname:
        return False
    if words == names:
        return True
    if any(i >= len(names) or names[i][0] != initial for i, initial in enumerate(initials)):
        return False
    start = max(1, len(initials))
    return any(
        names[i : i + len(surname)] == surname for i in range(start, len(names) - len(surname) + 1)
    )


def _rules_in(sentence) -> list[str]:
    text = normalize_name(sentence)
    rules = []
    if "away goal" in text:
        rules.append(Tiebreak.AWAY_GOALS.value)
    if "extra time" in text or "overtime" in text:
        rules.append(Tiebreak.EXTRA_TIME.value)
    if re.search(r"penalt|shoot-?out", text):
        rules.append(Tiebreak.PENALTIES.value)
    if re.search(r"(higher|better)[ -](seed|placed|position)\w*[^.]*\badvances?\b", text) or (
        re.search(r"\badvances?\b", text) and re.search(r"better (league |table )?position", text)
    ):
        rules.append(Tiebreak.TABLE_POSITION.value)
    return rules


def _names_round(sentence, round_name) -> bool:
    """Does the sentence name this round? ("quarter- and semi-finals" names both.)"""
    text = normalize_name(sentence)
    name = normalize_name(round_name)
    if "quarter" in name:
        return "quarter" in text
    if "semi" in name:
        return "semi" in text
    if re.fullmatch(r"finals?", name):
        return bool(re.search(r"(?<![\w-])finals?\b", text.replace("promotional final", "")))
    return name in text
