"""The admin league staff use on match nights: type the facts (scores, scorers, bookings),
and the models derive the rest. Every page reads its related rows in a fixed number of
queries (list_select_related, prefetches, PreloadedAutocompleteSelect); every write goes
through the models' rules (clean(), Leg.record_result(), advance()).

One module per family (base, clubs, tournaments, knockout, events) and the staff setup pages
(setup); importing them registers every ModelAdmin."""

from . import base, clubs, events, knockout, setup, tournaments  # noqa: F401
from .knockout import LegAdmin, RoundAdmin, TieAdmin
from .tournaments import TournamentAdmin, TournamentEntryAdmin

__all__ = ["LegAdmin", "RoundAdmin", "TieAdmin", "TournamentAdmin", "TournamentEntryAdmin"]
