"""Change history (django-simple-history): who changed what and when."""

from __future__ import annotations

from simple_history import register as register_history

from .competition import Person, Team
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
register_history(Leg, excluded_fields=["version"])
for _model in (Goal, Booking, Tie, Round, TournamentEntry, Tournament, SquadMember, Person, Team):
    register_history(_model)
del _model
