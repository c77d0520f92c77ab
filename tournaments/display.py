"""Page wording: how the site puts the rules' results into words, in the reader's language.

The models decide (who advanced, by which rule, what kind of round); this module names
those things. No queries here and no model imports: it reads the objects it is given.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .vocabulary import RoundKind

ROUND_NAMES = {
    RoundKind.ROUND: _("Round %(number)s"),
    RoundKind.PLAY_IN: _("Play-in"),
    RoundKind.RECLASSIFICATION: _("Reclassification"),
    RoundKind.ROUND_OF_64: _("Round of 64"),
    RoundKind.ROUND_OF_32: _("Round of 32"),
    RoundKind.ROUND_OF_16: _("Round of 16"),
    RoundKind.QUARTER_FINAL: _("Quarter-finals"),
    RoundKind.SEMI_FINAL: _("Semi-finals"),
    RoundKind.FINAL: _("Final"),
    RoundKind.PROMOTIONAL_FINAL: _("Promotional final"),
}


def round_name(kind: str, number: int) -> str:
    """Round-naming rule, the only one: a round is named by its kind ("Quarter-finals"), a
    numbered round by its number ("Round 2"), in the language active when it is shown."""
    return str(ROUND_NAMES[RoundKind(kind)] % {"number": number})
