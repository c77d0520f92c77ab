"""Change history (django-simple-history): who changed what and when."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import receiver
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history import register as register_history
from simple_history.signals import pre_create_historical_record

from .competition import Competition, Person, Season, Team, TeamAlias
from .events import Booking, Goal
from .knockout import Round, Tie
from .legs import Leg
from .tournament import SquadMember, Tournament, TournamentEntry

# --------------------------------------------------------------------------------------
# Change history (django-simple-history): who changed what and when, revertible in the admin
# --------------------------------------------------------------------------------------
# Registered here rather than as fields so the models above stay about football. The leg's
# version is a lock counter, not a fact: a reverted leg keeps the current version, so the
# revert itself passes the optimistic-locking check.


def _names(model):
    """ "Historial de partidos", not simple-history's untranslatable "historical legs"."""
    return {
        "verbose_name": format_lazy(_("history of {}"), model._meta.verbose_name_plural),
        "verbose_name_plural": format_lazy(_("history of {}"), model._meta.verbose_name_plural),
    }


register_history(Leg, excluded_fields=["version"], **_names(Leg))
for _model in (
    Goal,
    Booking,
    Tie,
    Round,
    TournamentEntry,
    Tournament,
    SquadMember,
    Person,
    Team,
    TeamAlias,
    Season,
    Competition,
):
    register_history(_model, **_names(_model))
del _model

# The history's length limit for a change reason.
REASON_LENGTH = 100
_reason: ContextVar[str | None] = ContextVar("history_reason", default=None)


@contextmanager
def history_reason(reason: str):
    """Every history row written inside this block says what made the change, when
    nobody signed in made it (`import_season data/2011-apertura-liguilla.txt`). An
    explicit `_change_reason` on an object wins."""
    token = _reason.set(reason[:REASON_LENGTH])
    try:
        yield
    finally:
        _reason.reset(token)


# Bookkeeping of the audit trail, not a competition rule: a receiver is the one place that
# sees every history row, whichever write path (save, delete, a model method) made it.
@receiver(pre_create_historical_record)
def _fill_change_reason(sender, history_instance, **kwargs):
    reason = _reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
