"""Words the rules and the parsers share, with no Django import: the tiebreak rules a round
can list and the folding that makes two spellings of a name match."""

from __future__ import annotations

import unicodedata
from enum import StrEnum


def normalize_name(name: str) -> str:
    """Fold a name for matching: no accents, no case, single spaces ("León " == "leon")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


class Tiebreak(StrEnum):
    """How a tie is decided, in the order a round lists them (also a tie's `decided_by`)."""

    AGGREGATE = "aggregate"
    AWAY_GOALS = "away_goals"
    EXTRA_TIME = "extra_time"
    PENALTIES = "penalties"
    TABLE_POSITION = "table_position"


# Rules after which no tie can still be level: the higher seed or a shoot-out settles it.
DECISIVE_TIEBREAKS = {Tiebreak.TABLE_POSITION, Tiebreak.PENALTIES}
LIGUILLA_TIEBREAK = [Tiebreak.AGGREGATE.value, Tiebreak.TABLE_POSITION.value]
CUP_FINAL_TIEBREAK = [
    Tiebreak.AGGREGATE.value,
    Tiebreak.EXTRA_TIME.value,
    Tiebreak.PENALTIES.value,
]
