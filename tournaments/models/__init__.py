"""The tournament domain: who played whom, what happened, and the rules that say who advanced.

Stored facts are the general table, the pairings and what happened in each leg (scores,
goals, bookings). Everything else (aggregates, winners, reasons, the next round's pairings,
the champion, scorer tables) is derived in model and QuerySet methods, one place for each
competition rule. One module per family of models (as pretix does), re-exported here.
"""

from ..vocabulary import (
    CUP_FINAL_TIEBREAK,
    DECISIVE_TIEBREAKS,
    LIGUILLA_TIEBREAK,
    Tiebreak,
    normalize_name,
)
from . import history  # noqa: E402,F401  (registers the history models)
from .club_querysets import search_by_name
from .competition import (
    ChampionRecord,
    Competition,
    Person,
    Promotion,
    Season,
    Team,
    TeamAlias,
    name_slug,
    nationality_validator,
    validate_timezone,
)
from .errors import AdvanceError, CorrectionRefused, StaleEdit
from .events import Booking, Goal
from .honours import LeagueTitle, TitleList
from .knockout import Decision, Round, Tie
from .league import LeagueMatch
from .legs import Leg, LegSide
from .querysets import ScorerRow
from .records import ClubHistory, DecidedBy, HeadToHead, Record, RuleCount, Run
from .removed import removed_tie
from .tournament import BracketColumn, SquadMember, Tournament, TournamentEntry, TournamentSummary
from .version import ScopeVersion

__all__ = [
    "Run",
    "RuleCount",
    "Record",
    "HeadToHead",
    "DecidedBy",
    "ClubHistory",
    "CUP_FINAL_TIEBREAK",
    "DECISIVE_TIEBREAKS",
    "LIGUILLA_TIEBREAK",
    "AdvanceError",
    "Booking",
    "BracketColumn",
    "ChampionRecord",
    "Competition",
    "CorrectionRefused",
    "ScopeVersion",
    "Decision",
    "Goal",
    "LeagueMatch",
    "LeagueTitle",
    "Leg",
    "name_slug",
    "LegSide",
    "removed_tie",
    "Person",
    "Promotion",
    "Round",
    "ScorerRow",
    "Season",
    "SquadMember",
    "StaleEdit",
    "Team",
    "TeamAlias",
    "Tie",
    "TitleList",
    "Tiebreak",
    "Tournament",
    "TournamentEntry",
    "TournamentSummary",
    "nationality_validator",
    "normalize_name",
    "search_by_name",
    "validate_timezone",
]
