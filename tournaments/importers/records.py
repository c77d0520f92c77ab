"""Plain records that both parsers produce and the loader reads. No ORM here.

Every record carries the line of the source it came from, so that any error found later
(by the parser, or by the domain rules in the loader) can name FILE:LINE.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..vocabulary import minute_text, score_text, scorer_side


class ImportFailed(Exception):
    """A source cannot be imported: one line, naming the file and, where known, the line."""

    def __init__(self, source, line, message, *, more=(), stopped=False):
        self.source, self.line, self.message = str(source), line, message
        # Further contradictions found in the same source, each already "file:line: …".
        self.more = list(more)
        # True when checking stopped at the error limit (the rest was not checked).
        self.stopped = stopped
        super().__init__(str(self))

    def __str__(self):
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


@dataclass
class Fact:
    """A value the source states that the site can also derive (checked, never trusted)."""

    line: int
    key: str
    value: object


@dataclass
class PersonRef:
    name: str
    nationality: str = ""


@dataclass
class EntryRecord:
    line: int
    position: int
    team: str
    manager: PersonRef | None
    captain: PersonRef | None
    played: int
    won: int
    drawn: int
    lost: int
    goals_for: int
    goals_against: int
    points: int
    goal_difference: int | None = None  # as stated, checked against GF - GA
    bonus_points: int = 0
    points_deducted: int = 0
    deduction_reason: str = ""


@dataclass
class GoalRecord:
    line: int
    team: str  # the team credited (for an own goal, the team that benefits)
    player: str  # full name where the source links one, else as written
    minute: int
    added_time: int | None = None
    penalty: bool = False
    own_goal: bool = False
    written: str = ""  # the name as the match line writes it

    @property
    def label(self):
        return f"{self.player} {minute_text(self.minute, self.added_time)}"


@dataclass
class BookingRecord:
    line: int
    team: str
    player: str
    colour: str = "yellow"
    minute: int | None = None
    written: str = ""


@dataclass
class LegRecord:
    line: int
    number: int
    home: str
    away: str
    home_score: int | None = None  # 90 minutes
    away_score: int | None = None
    date: datetime.date | None = None
    kickoff: datetime.datetime | None = None  # aware; None when the source gives no time
    half_time: tuple[int, int] | None = None  # (home, away) at the break, where stated
    extra_time: tuple[int, int] | None = None  # (home, away) in the extra period alone
    penalties: tuple[int, int] | None = None  # (home, away) in the shoot-out
    goals: list[GoalRecord] = field(default_factory=list)
    bookings: list[BookingRecord] = field(default_factory=list)
    scorer_lines: bool = False  # whether the source lists scorers or bookings at all
    after_extra_time: bool = False  # the score as written includes extra time (a.e.t.)
    awarded: bool = False  # a result given by the league, not played out
    score_written: str = ""  # the score cell as football.txt writes it ("2-4 pen. (2-2, 1-0)")
    venue: str = ""  # the stadium, where the source names it

    @property
    def teams(self):
        return frozenset((self.home, self.away))

    @property
    def is_played(self):
        return self.home_score is not None

    def label(self):
        score = score_text(self.home_score, self.away_score) if self.is_played else "v"
        return f"{self.home} {score} {self.away}"

    def leg_fields(self, extra_time=None) -> dict:
        """The leg's stored fields as this record states them (`extra_time` overrides the
        record's own extra period where a loader has worked it out)."""
        extra = extra_time or self.extra_time or (None, None)
        penalties = self.penalties or (None, None)
        half_time = self.half_time or (None, None)
        return {
            "date": self.date,
            "kickoff": self.kickoff,
            "home_score": self.home_score,
            "away_score": self.away_score,
            "half_time_home_score": half_time[0],
            "half_time_away_score": half_time[1],
            "extra_time_home_score": extra[0],
            "extra_time_away_score": extra[1],
            "penalties_home": penalties[0],
            "penalties_away": penalties[1],
            # A source that names no venue leaves the one staff entered alone.
            **({"venue": self.venue} if self.venue else {}),
        }

    def scorer_team(self, goal: GoalRecord) -> str:
        """The team the goal's scorer plays for (the other one for an own goal)."""
        return scorer_side(goal.team, self.home, self.away, goal.own_goal)


@dataclass
class MatchRecord:
    """A regular-season match: its matchday, teams and, once played, its score."""

    line: int
    matchday: int
    home: str
    away: str
    home_score: int | None = None
    away_score: int | None = None
    date: datetime.date | None = None
    kickoff: datetime.datetime | None = None
    awarded: bool = False  # a result given by the league ("3-0 [awarded]"); it counts
    status: str = "scheduled"  # "scheduled" (played once it has a score) or "cancelled"
    score_written: str = ""  # the score cell as football.txt writes it ("2-1 (1-0)", "-")

    @property
    def is_played(self):
        return self.home_score is not None

    def label(self):
        score = score_text(self.home_score, self.away_score) if self.is_played else "v"
        return f"{self.home} {score} {self.away}"


@dataclass
class OutcomeRecord:
    """What the source says about how a tie ended ("León advanced 3 – 0 on aggregate")."""

    line: int
    teams: frozenset[str]
    winner: str | None  # None: the line only states a level aggregate
    decided_by: str | None  # None with a winner: the line gives no reason
    aggregate: dict[str, int] | None = None  # team -> goals over both legs
    claims_decision: bool = True  # False: only states a level aggregate
    text: str = ""
    seed: int | None = None  # "go through as the seventh seed": the seed stated


@dataclass
class RoundRecord:
    line: int
    name: str
    kind: str = ""  # quarter_final, semi_final, final, promotional_final… ("" unknown)
    tiebreak: list[str] | None = None  # None: the rules of the previous round
    tiebreak_line: int | None = None
    legs: list[LegRecord] = field(default_factory=list)
    outcomes: list[OutcomeRecord] = field(default_factory=list)
    byes: Fact | None = None  # stated teams with a bye (JSON), checked against the rules
    kind: str | None = None  # what the heading names (a RoundKind value), where it says
    legs_per_tie: int | None = None  # as the source plays them (football.txt)


@dataclass
class ScorerListRecord:
    """A line of the goalscorers list: a player, his club and his tally."""

    line: int
    player: str
    nationality: str
    team: str
    goals: int
    own_goals: bool = False
    for_team: str = ""  # an own goal's beneficiary, where the list names it


@dataclass
class TournamentRecord:
    source: str
    competition: str
    season_name: str
    season_start_year: int
    name: str
    line: int = 1
    slug: str = ""
    order: int = 1
    country: str = ""
    kind: str = "liguilla"  # or "promotional_final"
    competition_aliases: list[str] = field(default_factory=list)  # other names it goes by
    timezone: str = "America/Mexico_City"
    qualifiers: int | None = None  # None: every team of the general table
    champion_title: int | None = None  # as stated ("2nd Title"), a stored fact
    knockout_format: str | None = None  # a key of formats.FORMATS, where the source names one
    relegation_barred: str | None = None  # last in the relegation table, as stated
    entries: list[EntryRecord] = field(default_factory=list)
    rounds: list[RoundRecord] = field(default_factory=list)
    scorer_list: list[ScorerListRecord] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # Players each team fielded, full names where the source gives them.
    squads: dict[str, list[PersonRef]] = field(default_factory=dict)
    # Other spellings of a team met in the source -> the name in the general table.
    team_variants: dict[str, str] = field(default_factory=dict)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    # football.txt: which layout, which part of a tournament the record holds ("regular"
    # season, "knockout", or the season's "champions_final") and the regular season.
    layout: str = "article"
    part: str = "knockout"
    matches: list[MatchRecord] = field(default_factory=list)

    def squad_member(self, team, name, nationality=""):
        """Add a player to a team's squad once (keeping the first nationality known)."""
        squad = self.squads.setdefault(team, [])
        for person in squad:
            if person.name == name:
                if nationality and not person.nationality:
                    person.nationality = nationality
                return person
        person = PersonRef(name, nationality)
        squad.append(person)
        return person


@dataclass
class Fixtures:
    """A source's matches without a result, judged on the day of the import: one dated
    before `today` is a result missing from the source (it was played, the file does not
    say how it ended); one dated `today` or later is scheduled."""

    missing: list = field(default_factory=list)  # MatchRecord or LegRecord, source order
    scheduled: list = field(default_factory=list)

    @classmethod
    def of(cls, matches, today: datetime.date) -> Fixtures:
        fixtures = cls()
        for match in matches:
            if match.is_played or getattr(match, "status", "") == "cancelled":
                continue
            late = match.date is not None and match.date < today
            (fixtures.missing if late else fixtures.scheduled).append(match)
        return fixtures

    def missing_warning(self, what: str, today: datetime.date) -> tuple[int, str] | None:
        """(line, message) naming the results missing from the source, or None."""
        if not self.missing:
            return None
        first, last = self.missing[0], self.missing[-1]
        span = f"{first.date}" if first.date == last.date else f"{first.date} to {last.date}"
        return (
            first.line,
            f"{len(self.missing)} {what} dated before {today} ({span}) have no result: "
            f"missing from the source, imported as fixtures without a score "
            f"(first: {first.label()}; last on line {last.line})",
        )

    def words(self, what: str) -> str:
        """ ", 9 matches scheduled, 3 missing from the source" (empty when none)."""
        parts = []
        if self.scheduled:
            first = min((m.date for m in self.scheduled if m.date), default=None)
            since = f" from {first}" if first else ""
            parts.append(f"{len(self.scheduled)} {what} scheduled{since}")
        if self.missing:
            parts.append(f"{len(self.missing)} missing from the source")
        return "".join(f", {part}" for part in parts)
