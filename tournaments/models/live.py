"""A leg before and while it is played: its fixture (kick-off, venue) and its live state
(the period, the minute, the score so far), changed from the match desk one fact at a
time (it goes live, a goal, a card, the minute), until its result is recorded through
the one write path, Leg.record_result, which ends the live state.

The live score is kept apart from the result: nothing the rules derive (aggregates,
winners, the next round's draw) reads it, so a leg being played never decides a tie.
`provisional()` shows the live score as a result, for "if it ends like this" and for the
tally rule of goals entered while it is played.
"""

from __future__ import annotations

import copy
import zoneinfo
from contextlib import contextmanager
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..vocabulary import Tiebreak


class LegStatus(StrEnum):
    """Where a leg stands, derived from its facts (never stored): a fixture still to be
    played (its kick-off may be known), being played now, or played (it has a result)."""

    UPCOMING = "upcoming"
    LIVE = "live"
    PLAYED = "played"


class LivePeriod(models.TextChoices):
    FIRST_HALF = "first_half", _("first half")
    HALF_TIME = "half_time", _("half-time")
    SECOND_HALF = "second_half", _("second half")
    EXTRA_TIME = "extra_time", _("extra time")
    PENALTIES = "penalties", _("penalty shoot-out")


# The periods of the 90 minutes, whose score the scenario rule reads (Tie.needs_now).
REGULAR_TIME_PERIODS = (LivePeriod.FIRST_HALF, LivePeriod.HALF_TIME, LivePeriod.SECOND_HALF)

# The minutes a period's clock can show (added time is typed apart: 45+2').
PERIOD_MINUTES = {
    LivePeriod.FIRST_HALF: (1, 45),
    LivePeriod.HALF_TIME: (45, 45),
    LivePeriod.SECOND_HALF: (46, 90),
    LivePeriod.EXTRA_TIME: (91, 120),
    LivePeriod.PENALTIES: (120, 120),
}

LIVE_FIELDS = (
    "live_period",
    "live_minute",
    "live_added_time",
    "live_home_score",
    "live_away_score",
    "live_extra_time_home_score",
    "live_extra_time_away_score",
)

LIVE_CONSTRAINTS = [
    # A leg with a result is no longer being played.
    models.CheckConstraint(
        condition=Q(live_period="") | Q(home_score__isnull=True), name="leg_live_has_no_result"
    ),
    # Live, it has a score so far (0–0 at kick-off); not live, it has none.
    models.CheckConstraint(
        condition=Q(
            live_period="",
            live_home_score__isnull=True,
            live_away_score__isnull=True,
            live_extra_time_home_score__isnull=True,
            live_extra_time_away_score__isnull=True,
            live_minute__isnull=True,
        )
        | (
            ~Q(live_period="")
            & Q(live_home_score__isnull=False, live_away_score__isnull=False)
            & (
                Q(live_extra_time_home_score__isnull=True, live_extra_time_away_score__isnull=True)
                | Q(
                    live_extra_time_home_score__isnull=False,
                    live_extra_time_away_score__isnull=False,
                )
            )
        ),
        name="leg_live_score_complete",
    ),
]


class LegSchedule(models.Model):
    """The fixture and live-state fields of Leg (an abstract base of it) and the rules
    that change them."""

    venue = models.CharField(
        _("venue"), max_length=120, blank=True, help_text=_("The stadium, if known.")
    )
    live_period = models.CharField(
        _("live"),
        max_length=12,
        choices=LivePeriod,
        blank=True,
        default="",
        help_text=_("Empty unless the match is being played now."),
    )
    live_minute = models.PositiveSmallIntegerField(
        _("live minute"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    live_added_time = models.PositiveSmallIntegerField(
        _("live added time"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    live_home_score = models.PositiveSmallIntegerField(
        _("home goals so far"), null=True, blank=True
    )
    live_away_score = models.PositiveSmallIntegerField(
        _("away goals so far"), null=True, blank=True
    )
    live_extra_time_home_score = models.PositiveSmallIntegerField(
        _("home goals so far in extra time"), null=True, blank=True
    )
    live_extra_time_away_score = models.PositiveSmallIntegerField(
        _("away goals so far in extra time"), null=True, blank=True
    )

    class Meta:
        abstract = True

    # -- reading -------------------------------------------------------------------------

    @property
    def is_live(self) -> bool:
        return bool(self.live_period)

    @property
    def status(self) -> LegStatus:
        """Status rule: a leg with a result is played; one with a live state is being
        played; any other is a fixture still to come."""
        if self.is_played:
            return LegStatus.PLAYED
        if self.is_live:
            return LegStatus.LIVE
        return LegStatus.UPCOMING

    def live_score(self) -> tuple[int, int] | None:
        """(home, away) so far, extra time included, as a scoreboard shows it; None
        unless live."""
        if not self.is_live:
            return None
        return (
            self.live_home_score + (self.live_extra_time_home_score or 0),
            self.live_away_score + (self.live_extra_time_away_score or 0),
        )

    def provisional(self):
        """The leg as if it ended now: an unsaved copy whose result is the live score
        (the tie's `decision(legs=…)` then says who would go through). A leg not being
        played is returned as it is."""
        if not self.is_live:
            return self
        leg = copy.copy(self)
        leg.__dict__.pop("_prefetched_objects_cache", None)
        leg.home_score, leg.away_score = self.live_home_score, self.live_away_score
        leg.extra_time_home_score = self.live_extra_time_home_score
        leg.extra_time_away_score = self.live_extra_time_away_score
        leg.penalties_home = leg.penalties_away = None
        leg.live_period = ""
        return leg

    def scored(self):
        """What a goal must fit (the tally rule): the result once played, the live score
        while being played, None before."""
        if self.is_played:
            return self
        if self.is_live:
            return self.provisional()
        return None

    def live_periods(self) -> list[str]:
        """The periods this leg can be in: extra time and a shoot-out only after the
        round's last leg and only where the round has them."""
        rules = self.tie.round.tiebreak
        last = self.number == self.tie.round.legs
        periods = [LivePeriod.FIRST_HALF, LivePeriod.HALF_TIME, LivePeriod.SECOND_HALF]
        if last and Tiebreak.EXTRA_TIME in rules:
            periods.append(LivePeriod.EXTRA_TIME)
        if last and Tiebreak.PENALTIES in rules:
            periods.append(LivePeriod.PENALTIES)
        return [str(p) for p in periods]

    # -- the fixture ---------------------------------------------------------------------

    def schedule(self, kickoff, venue: str = "", *, date=None, expected_version=None) -> bool:
        """Fixture rule: a leg's kick-off (an aware datetime) and venue; its date is the
        kick-off's date where the tournament is played. Without a kick-off time, `date`
        alone (the time to be confirmed). Claims the version as a result does (a stale
        edit is refused). Returns whether anything changed."""
        venue = (venue or "").strip()
        if kickoff is not None:
            date = kickoff.astimezone(zoneinfo.ZoneInfo(self.tie.round.tournament.timezone))
            date = date.date()
        if (self.kickoff, self.date, self.venue) == (kickoff, date, venue):
            return False
        with self.claimed(expected_version):
            self.kickoff, self.date, self.venue = kickoff, date, venue
            self.full_clean()
            self.save(update_fields=["kickoff", "date", "venue", "version"])
        return True

    schedule.alters_data = True

    # -- the live state ------------------------------------------------------------------

    def start_live(self, *, expected_version=None):
        """Kick-off: the leg is being played, 0–0 in the first minute. Not for a leg
        with a result, nor for a second leg before the first has one (the same order as
        results: Leg.clean)."""
        if self.is_played:
            raise ValidationError(_("This match already has its result."))
        if self.is_live:
            raise ValidationError(_("This match is already being played."))
        first = self.tie.first_leg if self.number == 2 else None
        if first is not None and not first.is_played:
            raise ValidationError(_("Enter the first leg's result before the second leg starts."))
        with self.claimed(expected_version):
            self.live_period = LivePeriod.FIRST_HALF
            self.live_minute, self.live_added_time = 1, None
            self.live_home_score = self.live_away_score = 0
            self.live_extra_time_home_score = self.live_extra_time_away_score = None
            self._save_live()

    start_live.alters_data = True

    def set_clock(self, period, minute=None, added_time=None, *, expected_version=None):
        """The period and the minute on the clock. Extra time begins 0–0 in extra time,
        only after the round's last leg, where the round has it and the tie is level
        (Tie.level_before, on the score so far); a shoot-out likewise."""
        self._require_live()
        period = LivePeriod(period)
        errors = {}
        if str(period) not in self.live_periods():
            errors["period"] = _("This match has no %(period)s.") % {"period": period.label}
        low, high = PERIOD_MINUTES[period]
        if minute is None:
            minute = low
        if not low <= minute <= high:
            errors["minute"] = _("%(period)s: the minute is %(low)s to %(high)s.") % {
                "period": capfirst(period.label),
                "low": low,
                "high": high,
            }
        tie = self.tie
        if not errors and period in (LivePeriod.EXTRA_TIME, LivePeriod.PENALTIES):
            others = [leg for leg in tie.leg_list() if leg.pk != self.pk]
            rule = Tiebreak.EXTRA_TIME if period == LivePeriod.EXTRA_TIME else Tiebreak.PENALTIES
            if not tie.level_before(rule, [*others, self.provisional()]):
                errors["period"] = _("Only when the tie is level.")
        if errors:
            raise ValidationError(errors)
        with self.claimed(expected_version):
            self.live_period, self.live_minute = period, minute
            self.live_added_time = added_time or None
            if period == LivePeriod.EXTRA_TIME and self.live_extra_time_home_score is None:
                self.live_extra_time_home_score = self.live_extra_time_away_score = 0
            self._save_live()

    set_clock.alters_data = True

    def add_live_goal(self, goal, *, expected_version=None):
        """A goal while the leg is played: the score so far goes up for the team credited
        (in extra time after the 90th minute), the clock moves on to the goal's minute,
        and the goal is recorded when its scorer is known (`goal.player`; a goal without
        one is counted and its scorer entered later, as after any result). The goal is
        checked as any goal (Goal.clean: the tally against the score so far, the squads)."""
        self._require_live()
        extra = goal.minute is not None and goal.minute > 90
        if extra and self.live_period not in (LivePeriod.EXTRA_TIME, LivePeriod.PENALTIES):
            raise ValidationError({"minute": _("A goal after the 90th minute is in extra time.")})
        if goal.team_id not in (self.home_id, self.away_id):
            raise ValidationError(
                {"team": _("The team credited must be one of the leg's two teams.")}
            )
        home = goal.team_id == self.home_id
        field = ("live_extra_time_" if extra else "live_") + (
            "home_score" if home else "away_score"
        )
        with self.claimed(expected_version):
            setattr(self, field, getattr(self, field) + 1)
            if goal.minute and self.live_period != LivePeriod.HALF_TIME:
                self.live_minute = max(self.live_minute or 0, goal.minute)
            self._save_live()
            if goal.player_id is not None:
                goal.leg = self
                goal.full_clean()
                goal.save()

    add_live_goal.alters_data = True

    def cancel_live_goal(self, team_id, *, extra_time=False, goal=None, expected_version=None):
        """A goal disallowed (or entered by mistake) while the leg is played: the score so
        far goes down for `team_id` and the goal's record, if it has one, is deleted. The
        goals recorded must still fit the lower score (remove the scorer's goal with it)."""
        self._require_live()
        home = team_id == self.home_id
        field = ("live_extra_time_" if extra_time else "live_") + (
            "home_score" if home else "away_score"
        )
        if not getattr(self, field):
            raise ValidationError(_("That side has no goal to take away."))
        with self.claimed(expected_version):
            setattr(self, field, getattr(self, field) - 1)
            if goal is not None:
                goal.delete()
            errors = self.provisional().goal_tally_errors(self.goals.all())
            if errors:
                raise ValidationError(
                    _("A recorded scorer no longer fits the score: take away that goal instead.")
                )
            self._save_live()

    cancel_live_goal.alters_data = True

    def add_live_booking(self, booking, *, expected_version=None):
        """A card while the leg is played, checked as any booking (Booking.clean); the
        clock moves on to its minute."""
        self._require_live()
        with self.claimed(expected_version):
            if booking.minute and self.live_period != LivePeriod.HALF_TIME:
                self.live_minute = max(self.live_minute or 0, booking.minute)
            self._save_live()
            booking.leg = self
            booking.full_clean()
            booking.save()

    add_live_booking.alters_data = True

    def stop_live(self, *, expected_version=None):
        """Undo a kick-off entered by mistake: only while the score so far is 0–0 (a
        result with goals is ended through record_result)."""
        self._require_live()
        if self.live_score() != (0, 0):
            raise ValidationError(
                _("Goals have been entered: record the final result, or take the goals away.")
            )
        with self.claimed(expected_version):
            self.clear_live()
            self._save_live()

    stop_live.alters_data = True

    def clear_live(self):
        """Forget the live state (the result recorded ends it)."""
        self.live_period = ""
        for name in LIVE_FIELDS[1:]:
            setattr(self, name, None)

    def final_score_proposal(self) -> dict:
        """The result the live state proposes when the leg ends: the score so far, with
        extra time apart (the result form's initial values)."""
        return {
            "home_score": self.live_home_score,
            "away_score": self.live_away_score,
            "extra_time_home_score": self.live_extra_time_home_score,
            "extra_time_away_score": self.live_extra_time_away_score,
        }

    # -- helpers -------------------------------------------------------------------------

    def _require_live(self):
        if not self.is_live:
            raise ValidationError(_("This match is not being played now."))

    def _save_live(self):
        self.full_clean(exclude=["tie", "home", "away"])
        self.save(update_fields=[*LIVE_FIELDS, "version"])

    @contextmanager
    def claimed(self, expected_version=None):
        """Optimistic locking, around a write in one transaction: claim the next version
        with a conditional UPDATE, or raise StaleEdit when someone saved the leg since the
        edit began at `expected_version` (by default, the version this instance was read
        at). Of two simultaneous edits exactly one wins (on PostgreSQL the second waits
        for the first's row lock, then finds the version moved on). A write refused
        inside the block rolls back and leaves this instance at the version it had."""
        expected = self.version if expected_version is None else expected_version
        with transaction.atomic():
            if self.pk is not None:
                claimed = (
                    type(self)
                    .objects.filter(pk=self.pk, version=expected)
                    .update(version=F("version") + 1)
                )
                if not claimed:
                    raise self._stale()
                self.version = expected + 1
            try:
                yield
            except BaseException:
                self.version = expected
                raise
