"""Pure general-table arithmetic: results in, ranked rows out. No ORM here.

Win 3 points, draw 1; an awarded result counts as it was given. Rows are ranked by the
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
    position: int = 0
    opponents: dict = field(default_factory=dict, repr=False)  # team -> [(for, against)]

    @property
    def points(self) -> int:
        return 3 * self.won + self.drawn

    def add(self, scored: int, conceded: int, opponent, *, away: bool):
        self.count(scored, conceded)
        if away:
            self.away_goals += scored
        self.opponents.setdefault(opponent, []).append((scored, conceded))


def compute(
    teams: Iterable[Hashable], results: Iterable[Result], order: Sequence[str], name=str
) -> list[Row]:
    """The general table, best first, each row's `position` set (1 is the best)."""
    rows = {team: Row(team) for team in teams}
    for r in results:
        rows.setdefault(r.home, Row(r.home)).add(r.home_score, r.away_score, r.away, away=False)
        rows.setdefault(r.away, Row(r.away)).add(r.away_score, r.home_score, r.home, away=True)
    ranked = _rank(list(rows.values()), list(order), name)
    for position, row in enumerate(ranked, start=1):
        row.position = position
    return ranked


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
