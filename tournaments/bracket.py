"""Pure bracket arithmetic: byes, round sizes and best-against-worst pairing.

No ORM here. Seeds are plain sortable values (1 is the best); the models call these
functions with their own objects, so the rules can be tested without a database.
"""

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def bracket_size(qualifiers: int) -> int:
    """The bracket is the next power of two at or above the number of qualifiers."""
    if qualifiers < 2:
        raise ValueError("A knockout needs at least two qualifiers.")
    size = 1
    while size < qualifiers:
        size *= 2
    return size


def bye_count(qualifiers: int) -> int:
    """Byes fill the bracket up to its power of two (7 qualifiers: 1 bye; 12: 4 byes)."""
    return bracket_size(qualifiers) - qualifiers


def round_count(qualifiers: int) -> int:
    """A knockout of N qualifiers lasts ceil(log2 N) rounds."""
    return bracket_size(qualifiers).bit_length() - 1


def split_byes(seeded: Sequence[T]) -> tuple[list[T], list[T]]:
    """The top seeds take the byes; the rest play the first round.

    Returns (teams with a bye, teams that play the first round), both in seed order.
    """
    byes = bye_count(len(seeded))
    return list(seeded[:byes]), list(seeded[byes:])


def pair_best_with_worst(seeded: Sequence[T]) -> list[tuple[T, T]]:
    """Re-seeding rule: best remaining against worst remaining, then second against
    second-worst, and so on (2011 quarter-finals 2-7, 3-6, 4-5; semi-finals 1-4, 2-3).

    `seeded` is in seed order, best first; each pair is (higher seed, lower seed).
    """
    if len(seeded) % 2:
        raise ValueError(f"Cannot pair an odd number of teams ({len(seeded)}).")
    half = len(seeded) // 2
    return [(seeded[i], seeded[-1 - i]) for i in range(half)]
