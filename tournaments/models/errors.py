"""Errors the domain raises when a write would contradict the rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class AdvanceError(ValidationError):
    """The next round cannot be created yet (a tie is undecided, or nothing is left)."""


class CorrectionRefused(ValidationError):
    """A corrected result would change pairings of a round that already has results."""


class StaleEdit(ValidationError):
    """Someone saved the leg after this edit began; saving would overwrite their change."""


# --------------------------------------------------------------------------------------
# QuerySets
