"""Pure general-table arithmetic: results in, ranked rows out. No ORM here.

Win 3 points, draw 1; an awarded result counts as it was given. Where the competition
says so (formats.AWAY_WIN_BONUS), an away win is worth one point more, in each club's
first N away matches by matchday, N being the fewest away matches any club has on the
schedule (so every club has the same number of chances). Rows are ranked by the
competition's ordered criteria (formats.TABLE_ORDER): points, goal difference, goals
for, then the results between the clubs still level (points, then goal difference in
those matches), then goals scored away; a tie on everything keeps the clubs in name order.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class Result:
    home: Hashable
    away: Hashable
    home_score: int
    away_score: int
    matchday: int = 0


@dataclass(frozen=True)
class Fixture:
    """A scheduled match, played or not (the away-win bonus counts a club's away
    matches on the schedule, not only those played so far)."""

    home: Hashable
    away: Hashable
    matchday: int


@dataclass(kw_only=True)
class Tally:
    """Matches counted from one club's side: won on more goals, drawn on as many, lost
    on fewer. A general table's row and a club's record of knockout legs alike."""

    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0

    @property
    def goal_difference(self) -> int:
        return self.goals_for - self.goals_against

    def count(self, scored: int, conceded: int) -> None:
        self.played += 1
        self.goals_for += scored
        self.goals_against += conceded
        if scored > conceded:
            self.won += 1
        elif scored == conceded:
            self.drawn += 1
        else:
            self.lost += 1


@dataclass
class Row(Tally):
    team: Hashable
    away_goals: int = 0
    bonus: int = 0  # points beyond 3 a win and 1 a draw (the away-win bonus)
    position: int = 0
    opponents: dict = field(default_factory=dict, repr=False)  # team -> [(for, against)]

    @property
    def points(self) -> int:
        return 3 * self.won + self.drawn + self.bonus

    def add(self, scored: int, conceded: int, opponent, *, away: bool):
        self.count(scored, conceded)
        if away:
            self.away_goals += scored
        self.opponents.setdefault(opponent, []).append((scored, conceded))


def compute(
    teams: Iterable[Hashable],
    results: Iterable[Result],
    order: Sequence[str],
    name=str,
    *,
    schedule: Iterable[Fixture] | None = None,
) -> list[Row]:
    """The general table, best first, each row's `position` set (1 is the best). With a
    `schedule` (every fixture, played or not), away wins earn the away-win bonus."""
    rows = {team: Row(team) for team in teams}
    results = list(results)
    for r in results:
        rows.setdefault(r.home, Row(r.home)).add(r.home_score, r.away_score, r.away, away=False)
        rows.setdefault(r.away, Row(r.away)).add(r.away_score, r.home_score, r.home, away=True)
    if schedule is not None:
        for team, bonus in away_win_bonus(schedule, results).items():
            rows[team].bonus = bonus
    ranked = _rank(list(rows.values()), list(order), name)
    for position, row in enumerate(ranked, start=1):
        row.position = position
    return ranked


def away_win_bonus(schedule: Iterable[Fixture], results: Iterable[Result]) -> dict:
    """Away-win bonus rule (Ascenso MX from Apertura 2019, Liga de Expansión MX 2020–22):
    a club that wins away earns a fourth point, but only in its first N away matches by
    matchday, N being the fewest away matches any club has on the schedule. Team →
    bonus points (0 for clubs without one)."""
    away: dict = {}
    for index, fixture in enumerate(schedule):
        away.setdefault(fixture.home, [])
        away.setdefault(fixture.away, []).append((fixture.matchday, index, fixture))
    if not away:
        return {}
    chances = min(len(fixtures) for fixtures in away.values())
    won = {(r.home, r.away, r.matchday) for r in results if r.away_score > r.home_score}
    bonus = {}
    for team, fixtures in away.items():
        first = sorted(fixtures, key=lambda item: item[:2])[:chances]
        bonus[team] = sum((f.home, f.away, f.matchday) in won for *_key, f in first)
    return bonus


def _simple_key(row: Row, criterion: str):
    return {
        "points": row.points,
        "goal_difference": row.goal_difference,
        "goals_for": row.goals_for,
        "away_goals": row.away_goals,
    }[criterion]


def _head_to_head(group: list[Row]) -> dict:
    teams = {row.team for row in group}
    keys = {}
    for row in group:
        points = difference = 0
        for opponent, games in row.opponents.items():
            if opponent in teams:
                for scored, conceded in games:
                    points += 3 if scored > conceded else 1 if scored == conceded else 0
                    difference += scored - conceded
        keys[row.team] = (points, difference)
    return keys


def _rank(rows: list[Row], order: list[str], name) -> list[Row]:
    if len(rows) <= 1:
        return rows
    if not order:
        return sorted(rows, key=lambda row: name(row.team))
    criterion, rest = order[0], order[1:]
    if criterion == "head_to_head":
        keys = _head_to_head(rows)
        value = keys.__getitem__
        groups: dict = {}
        for row in rows:
            groups.setdefault(value(row.team), []).append(row)
    else:
        groups = {}
        for row in rows:
            groups.setdefault(_simple_key(row, criterion), []).append(row)
    ranked = []
    for key in sorted(groups, reverse=True):
        ranked += _rank(groups[key], rest, name)
    return ranked
