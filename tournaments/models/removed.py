"""What a redraw removed, read from the history (Tournament.redraw_later_rounds): a tie
and a leg as they were, when they went, and what stands in their place now, for whoever
still has one of them open. Kept apart from legs.py, which records results."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..display import versus
from .competition import Team
from .knockout import Round, Tie

if TYPE_CHECKING:
    from .legs import Leg


def history_of_deleted(model, object_id):
    """The history's record of the deletion of `object_id`, or None."""
    try:
        object_id = int(object_id)
    except (TypeError, ValueError):
        return None
    records = model.history.filter(id=object_id, history_type="-")
    return records.order_by("-history_id").first()


def removed_tie(tie_id) -> RemovedTie | None:
    """Redraw rule, for whoever still has open a tie a redraw removed: its pairing and
    round, read from its history, and the round's tie now in its place (the one with the
    removed tie's higher seed, else with its lower seed; None when the round was
    cleared). None when `tie_id` names no removed tie of a round that still exists."""
    gone = history_of_deleted(Tie, tie_id)
    round_ = (
        Round.objects.select_related("tournament").filter(pk=gone.round_id).first()
        if gone
        else None
    )
    if round_ is None:
        return None
    ties = list(round_.ties.select_related("higher_seed", "lower_seed").prefetch_related("legs"))
    old = (gone.higher_seed_id, gone.lower_seed_id)
    teams = {team.pk: team for team in Team.objects.filter(pk__in=old)}
    return RemovedTie(
        higher_seed=teams[old[0]],
        lower_seed=teams[old[1]],
        round=round_,
        removed_at=gone.history_date,
        tie=next(
            (t for team in old for t in ties if team in (t.higher_seed_id, t.lower_seed_id)),
            None,
        ),
    )


@dataclass
class RemovedTie:
    """A tie a redraw removed (removed_tie): its pairing and round, when it went, and the
    tie in its place (None: the round was cleared)."""

    higher_seed: Team
    lower_seed: Team
    round: Round
    removed_at: datetime.datetime
    tie: Tie | None

    def pairing_label(self) -> str:
        return versus(self.higher_seed, self.lower_seed)


@dataclass
class RemovedLeg:
    """A leg a redraw removed with its tie (Leg.removed_by_redraw): its pairing and
    round, when it went, and the same leg of the pairing in its place (None: cleared)."""

    number: int
    higher_seed: Team
    lower_seed: Team
    round: Round
    removed_at: datetime.datetime
    tie: Tie | None
    leg: Leg | None

    def pairing_label(self) -> str:
        return versus(self.higher_seed, self.lower_seed)
