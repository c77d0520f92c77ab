"""What each side of a tie needs from its deciding match: the structured result of the
scenario rule (Tie.needs, next to Tie.decision), which display.py puts into words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..vocabulary import HIGHER_SEED, LOWER_SEED, Tiebreak

if TYPE_CHECKING:
    from .competition import Team


@dataclass(frozen=True)
class LevelBand:
    """At the goal difference that levels the aggregate: the outcome when the visitor of
    the deciding match scores from `goals_from` to `goals_to` goals (None: no limit)."""

    goals_from: int
    goals_to: int | None
    outcome: str  # HIGHER_SEED, LOWER_SEED, Tiebreak.EXTRA_TIME or Tiebreak.PENALTIES

    def holds(self, goals: int) -> bool:
        return goals >= self.goals_from and (self.goals_to is None or goals <= self.goals_to)


@dataclass(frozen=True)
class SideNeed:
    """What one side needs from the deciding match's 90 minutes, in its goal difference in
    that match (its goals minus the other side's): it goes through with `margin` or more.
    With `margin - 1` (the aggregate level) it goes through only when the visitor's goals
    are within `level_goals` (the away-goals rule), or never (None)."""

    team: Team
    home: bool  # hosts the deciding match
    margin: int
    level_goals: LevelBand | None = None


@dataclass(frozen=True)
class Needs:
    """What each side of a tie needs from its deciding match (the second leg, or a single
    match), written by Tie.needs from the round's tiebreak list. `level_difference` is the
    host's goal difference in the match that levels the aggregate; `level` says what
    happens then, by the visitor's goals. `score` is the deciding match's score so far
    while it is being played (home, away), and `to_go` what each side then still needs."""

    higher: SideNeed
    lower: SideNeed
    single: bool
    level_difference: int
    level: tuple[LevelBand, ...]
    after_extra_time: tuple[str, ...]  # the tiebreaks after extra time, if it is reached
    score: tuple[int, int] | None = None
    to_go: tuple[ToGo, ...] = ()

    def outcome(self, home_goals: int, away_goals: int) -> str:
        """What a final score of the deciding match's 90 minutes (host's goals, visitor's
        goals) leads to: HIGHER_SEED or LOWER_SEED through, or the tiebreak it goes to."""
        difference = home_goals - away_goals
        if difference != self.level_difference:
            return HIGHER_SEED if difference > self.level_difference else LOWER_SEED
        return next(band.outcome for band in self.level if band.holds(away_goals))

    @property
    def current(self) -> str | None:
        """What the score so far would mean if the match ended now."""
        return None if self.score is None else self.outcome(*self.score)

    def sides(self) -> list[SideNeed]:
        """The two sides, the one that needs less first."""
        return sorted((self.higher, self.lower), key=lambda side: side.margin)


@dataclass(frozen=True)
class ToGo:
    """During the deciding match: the goals `team` still needs (the other side scoring no
    more) to take the tie to its next tiebreak (`to_level`, 0 when scoring would go
    straight through) and to go through (`to_win`)."""

    team: Team
    to_level: int
    to_win: int
    level_outcome: str | None  # Tiebreak.EXTRA_TIME or Tiebreak.PENALTIES


def level_bands(rules, lead: int, host_away_goals: int) -> tuple[LevelBand, ...]:
    """What a level aggregate leads to, by the visitor's goals in the deciding match (the
    host's goals are then the visitor's plus `lead`, so the visitor scores at least
    -lead). Away goals compare the host's from the first leg with the visitor's now."""
    fewest = max(0, -lead)
    where = {
        Tiebreak.TABLE_POSITION: HIGHER_SEED,
        Tiebreak.EXTRA_TIME: Tiebreak.EXTRA_TIME,
        Tiebreak.PENALTIES: Tiebreak.PENALTIES,
    }
    after = rules[1:]
    if after[0] != Tiebreak.AWAY_GOALS:
        return (LevelBand(fewest, None, where[after[0]]),)
    bands = [
        LevelBand(fewest, host_away_goals - 1, HIGHER_SEED),
        LevelBand(host_away_goals, host_away_goals, where[after[1]]),
        LevelBand(host_away_goals + 1, None, LOWER_SEED),
    ]
    merged: list[LevelBand] = []
    for band in bands:
        start = max(band.goals_from, fewest)
        if band.goals_to is not None and band.goals_to < start:
            continue
        if merged and merged[-1].outcome == band.outcome:
            start = merged.pop().goals_from
        merged.append(LevelBand(start, band.goals_to, band.outcome))
    return tuple(merged)


def to_go(needs: Needs, score) -> tuple[ToGo, ...]:
    """For each side the score so far does not send through: how many more goals it needs
    (the other side scoring no more) to reach the next tiebreak and to go through."""
    current = needs.outcome(*score)
    sides = ((needs.higher, HIGHER_SEED, (1, 0)), (needs.lower, LOWER_SEED, (0, 1)))
    result = []
    for side, through, (home_step, away_step) in sides:
        if current == through:
            continue
        to_level, level_outcome = 0, None
        for goals in range(1, 100):
            outcome = needs.outcome(score[0] + goals * home_step, score[1] + goals * away_step)
            if outcome == through:
                break
            if outcome not in (HIGHER_SEED, LOWER_SEED) and not to_level and outcome != current:
                to_level, level_outcome = goals, outcome
        result.append(ToGo(side.team, to_level, goals, level_outcome))
    return tuple(result)
