"""A leg (one match) and the rules that check and record its result."""

from __future__ import annotations

import copy
import zoneinfo
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import display
from ..reversing import cached_reverse
from ..vocabulary import Tiebreak
from .competition import Team
from .errors import CorrectionRefused, StaleEdit
from .knockout import Round, Tie
from .live import LIVE_CONSTRAINTS, LegSchedule
from .querysets import LegQuerySet
from .removed import RemovedLeg, history_of_deleted, removed_tie
from .tournament_knockout import Redraw


class Leg(LegSchedule):
    """One match of a tie: its fixture, its live state while it is played (live.py), its
    result and what happened in it."""

    tie = models.ForeignKey(
        Tie, on_delete=models.CASCADE, related_name="legs", verbose_name=_("tie")
    )
    number = models.PositiveSmallIntegerField(
        _("leg"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    home = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="home_legs", verbose_name=_("home team")
    )
    away = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="away_legs", verbose_name=_("away team")
    )
    date = models.DateField(_("date"), null=True, blank=True)
    kickoff = models.DateTimeField(
        _("kickoff"), null=True, blank=True, help_text=_("Stored in UTC; shown in local time.")
    )
    home_score = models.PositiveSmallIntegerField(_("home score"), null=True, blank=True)
    away_score = models.PositiveSmallIntegerField(_("away score"), null=True, blank=True)
    half_time_home_score = models.PositiveSmallIntegerField(
        _("home score at half time"), null=True, blank=True
    )
    half_time_away_score = models.PositiveSmallIntegerField(
        _("away score at half time"), null=True, blank=True
    )
    extra_time_home_score = models.PositiveSmallIntegerField(
        _("home goals in extra time"), null=True, blank=True
    )
    extra_time_away_score = models.PositiveSmallIntegerField(
        _("away goals in extra time"), null=True, blank=True
    )
    penalties_home = models.PositiveSmallIntegerField(
        _("home penalties scored"), null=True, blank=True
    )
    penalties_away = models.PositiveSmallIntegerField(
        _("away penalties scored"), null=True, blank=True
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every save; a stale edit is refused.")
    )

    objects = LegQuerySet.as_manager()

    class Meta:
        ordering = ["tie", "number"]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        constraints = [
            models.UniqueConstraint(fields=["tie", "number"], name="leg_unique_number"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="leg_at_most_two"),
            models.CheckConstraint(
                condition=~Q(home=F("away")), name="leg_team_cannot_play_itself"
            ),
            models.CheckConstraint(
                condition=Q(home_score__isnull=True, away_score__isnull=True)
                | Q(home_score__isnull=False, away_score__isnull=False),
                name="leg_score_complete",
            ),
            models.CheckConstraint(
                condition=Q(half_time_home_score__isnull=True, half_time_away_score__isnull=True)
                | Q(
                    half_time_home_score__isnull=False,
                    half_time_away_score__isnull=False,
                    home_score__isnull=False,
                    half_time_home_score__lte=F("home_score"),
                    half_time_away_score__lte=F("away_score"),
                ),
                name="leg_half_time_within_the_score",
            ),
            models.CheckConstraint(
                condition=Q(extra_time_home_score__isnull=True, extra_time_away_score__isnull=True)
                | Q(
                    extra_time_home_score__isnull=False,
                    extra_time_away_score__isnull=False,
                    home_score__isnull=False,
                ),
                name="leg_extra_time_complete",
            ),
            models.CheckConstraint(
                condition=Q(penalties_home__isnull=True, penalties_away__isnull=True)
                | Q(
                    penalties_home__isnull=False,
                    penalties_away__isnull=False,
                    home_score__isnull=False,
                ),
                name="leg_penalties_complete",
            ),
            *LIVE_CONSTRAINTS,
        ]

    def __str__(self):
        return (
            f"{self.home} {display.score(self)} {self.away} "
            f"({self.tie.round.name}, {display.leg_name(self.number, self.tie.round.legs)})"
        )

    def get_absolute_url(self):
        tie = self.tie
        return cached_reverse(
            "tournaments:leg",
            *tie.round.tournament.url_kwargs().values(),
            tie.round.number,
            tie.position,
            self.number,
        )

    @cached_property
    def url(self):
        """get_absolute_url, built once per instance (a results page links a leg twice)."""
        return self.get_absolute_url()

    @property
    def is_played(self) -> bool:
        return self.home_score is not None and self.away_score is not None

    @property
    def has_half_time(self) -> bool:
        return self.half_time_home_score is not None

    @property
    def has_extra_time(self) -> bool:
        return self.extra_time_home_score is not None

    @property
    def has_penalties(self) -> bool:
        return self.penalties_home is not None

    def goals_of(self, team_id, *, extra_time=True) -> int:
        if not self.is_played:
            return 0
        if team_id == self.home_id:
            return self.home_score + (self.extra_time_home_score or 0 if extra_time else 0)
        if team_id == self.away_id:
            return self.away_score + (self.extra_time_away_score or 0 if extra_time else 0)
        return 0

    def penalties_of(self, team_id) -> int:
        return self.penalties_home if team_id == self.home_id else self.penalties_away

    def events_by_team(self) -> list[LegSide]:
        """Goals and bookings per team, home first. A goal is listed under the team it
        counts for (an own goal under the team that benefits)."""
        goals, bookings = list(self.goals.all()), list(self.bookings.all())
        return [
            LegSide(
                team=team,
                score=score,
                goals=[g for g in goals if g.team_id == team.pk],
                bookings=[b for b in bookings if b.team_id == team.pk],
            )
            for team, score in ((self.home, self.home_score), (self.away, self.away_score))
        ]

    def local_kickoff(self):
        """The kickoff in the tournament's own time zone."""
        if self.kickoff is None:
            return None
        zone = zoneinfo.ZoneInfo(self.tie.round.tournament.timezone)
        return self.kickoff.astimezone(zone)

    def scorers_incomplete(self, goals=None) -> bool:
        """Scorers are often entered after the score: fewer goals than the score is allowed
        and flagged, never an error."""
        if not self.is_played:
            return False
        goals = list(self.goals.all()) if goals is None else goals
        total = self.home_score + self.away_score
        total += (self.extra_time_home_score or 0) + (self.extra_time_away_score or 0)
        return len(goals) < total

    def clean(self):
        """Rules of a leg's facts: the tie's two teams, the lower seed at home first and the
        higher seed at home second; a second leg's score only after the first leg's; extra
        time only after a level second leg when the round allows it; penalties only after
        a level extra time (or a level aggregate where the round has no extra time); and a
        correction may not change who advanced once the next round has results."""
        if self.tie_id is None:
            return  # the form reports the missing tie
        errors = {}
        tie = self.tie
        teams = {tie.higher_seed_id, tie.lower_seed_id}
        single = tie.round.legs == 1
        if {self.home_id, self.away_id} != teams:
            errors["home"] = _("Home and away must be the tie's two teams.")
        elif single and self.number != 1:
            errors["number"] = _("A single-match round has one leg.")
        elif single and self.home_id != tie.higher_seed_id:
            errors["home"] = _("The higher seed (%(team)s) hosts a single match.") % {
                "team": tie.higher_seed
            }
        elif self.number == 1 and not single and self.home_id != tie.lower_seed_id:
            errors["home"] = _("The lower seed (%(team)s) hosts the first leg.") % {
                "team": tie.lower_seed
            }
        elif self.number == 2 and self.home_id != tie.higher_seed_id:
            errors["home"] = _("The higher seed (%(team)s) hosts the second leg.") % {
                "team": tie.higher_seed
            }
        if (self.home_score is None) != (self.away_score is None):
            field_name = "away_score" if self.away_score is None else "home_score"
            errors[field_name] = _("Enter both scores, or neither.")
        others = [leg for leg in tie.legs.all() if leg.pk != self.pk]
        if self.number == 2 and self.is_played:
            first = next((leg for leg in others if leg.number == 1), None)
            if first is None or not first.is_played:
                errors["home_score"] = _("Enter the first leg's score before the second leg's.")
        if self.number == 1 and not self.is_played:
            second = next((leg for leg in others if leg.number == 2), None)
            if second is not None and second.is_played:
                errors["home_score"] = _(
                    "The second leg has a score; clear it before clearing the first leg's."
                )
        errors.update(self._clean_half_time())
        errors.update(self._clean_extra_time(others))
        errors.update(self._clean_goal_tally())
        if errors:
            raise ValidationError(errors)
        self.check_correction(others)

    def goal_tally_excess(self, goals) -> list[TallyExcess]:
        """Tally rule: a team's recorded goals never outnumber its score, in regular time
        (minutes up to 90) and in extra time separately; fewer is allowed (scorers often
        come later). `goals` may be unsaved (an admin formset); returns each team and
        period with more goals than its score, and those goals."""
        recorded = {}
        for goal in goals:
            period = TallyExcess.EXTRA if goal.in_extra_time else TallyExcess.REGULAR
            recorded.setdefault((goal.team_id, period), []).append(goal)
        excess = []
        sides = [
            (self.home, "home_score", "extra_time_home_score"),
            (self.away, "away_score", "extra_time_away_score"),
        ]
        for team, score_field, extra_field in sides:
            for period, field_name in (
                (TallyExcess.REGULAR, score_field),
                (TallyExcess.EXTRA, extra_field),
            ):
                team_goals = recorded.get((team.pk, period), [])
                allowed = getattr(self, field_name) or 0
                if len(team_goals) > allowed:
                    excess.append(TallyExcess(team, period, field_name, allowed, team_goals))
        return excess

    def goal_tally_errors(self, goals) -> dict[str, str]:
        """The tally rule's refusals keyed by the score field that is too low, for a save
        that does not show the goals (they are removed on the leg's own page)."""
        return {
            excess.score_field: display.tally_excess(excess, where=display.ELSEWHERE)
            for excess in self.goal_tally_excess(goals)
        }

    def _clean_half_time(self):
        """Half-time rule: the score at the break is part of the 90-minute score, so
        neither side has more goals at half time than at full time; both or neither."""
        home, away = self.half_time_home_score, self.half_time_away_score
        if home is None and away is None:
            return {}
        if home is None or away is None:
            field_name = "half_time_away_score" if away is None else "half_time_home_score"
            return {field_name: _("Enter both half-time scores, or neither.")}
        if not self.is_played:
            return {"half_time_home_score": _("Enter the final score with the half-time score.")}
        errors = {}
        for field_name, at_half_time, at_full_time in (
            ("half_time_home_score", home, self.home_score),
            ("half_time_away_score", away, self.away_score),
        ):
            if at_half_time > at_full_time:
                errors[field_name] = _(
                    "More goals at half time (%(half)s) than after 90 minutes (%(full)s)."
                ) % {"half": at_half_time, "full": at_full_time}
        return errors

    def _clean_extra_time(self, others):
        errors = {}
        rules = self.tie.round.tiebreak
        legs = [*others, self]
        last = self.tie.round.legs
        if self.has_extra_time or (self.extra_time_away_score is not None):
            if self.number != last or not self.is_played:
                errors["extra_time_home_score"] = _("Extra time is played after a second leg.")
            elif Tiebreak.EXTRA_TIME not in rules:
                errors["extra_time_home_score"] = _("This round has no extra time.")
            elif self.extra_time_away_score is None or self.extra_time_home_score is None:
                errors["extra_time_away_score"] = _("Enter both extra-time scores, or neither.")
            elif not self.tie.level_before(Tiebreak.EXTRA_TIME, legs):
                errors["extra_time_home_score"] = _(
                    "Extra time is only played when the tie is level after the second leg."
                )
        if self.has_penalties or self.penalties_away is not None:
            if self.number != last or not self.is_played:
                errors["penalties_home"] = _("A shoot-out only follows a second leg.")
            elif Tiebreak.PENALTIES not in rules:
                errors["penalties_home"] = _("This round has no penalty shoot-out.")
            elif self.penalties_away is None or self.penalties_home is None:
                errors["penalties_away"] = _("Enter both shoot-out scores, or neither.")
            elif Tiebreak.EXTRA_TIME in rules and not self.has_extra_time:
                errors["penalties_home"] = _("Enter extra time before the shoot-out.")
            elif not self.tie.level_before(Tiebreak.PENALTIES, legs):
                errors["penalties_home"] = _(
                    "A shoot-out is only held when the tie is still level."
                )
            elif self.penalties_home == self.penalties_away:
                errors["penalties_home"] = _(
                    "A shoot-out has a winner: the scores cannot be level."
                )
        return errors

    def _clean_goal_tally(self):
        """A score may not drop below the goals already recorded for that team (the tally
        rule, goal_tally_errors). Reads self.goals.all(), so a caller that knows the goals
        as they will be (the admin's goal formset) can hand them over as a prefetch."""
        if self.pk is None:
            return {}
        return (self.scored() or self).goal_tally_errors(self.goals.all())

    def check_correction(self, others=None):
        """Correction rule, asked before saving: a result that changes who advances from
        this tie is refused when the redraw it brings would remove a later tie that
        already has results (Tournament.redraw_later_rounds keeps the ties whose pairing
        still follows, played or not). Asked of the one write path itself, on a copy
        rolled back (redraw_preview), only once a later round has results."""
        tie = self.tie
        if self.pk is None or getattr(self, "_in_dry_run", False):
            return
        others = [leg for leg in tie.legs.all() if leg.pk != self.pk] if others is None else others
        before = tie.decision()
        after = tie.decision(legs=[*others, self])
        if before.winner == after.winner:
            return
        later = Round.objects.filter(
            tournament_id=tie.round.tournament_id, number__gt=tie.round.number
        ).prefetch_related("ties__legs")
        played = next((round_ for round_ in later if round_.has_results()), None)
        if played is None:
            return
        try:
            self._dry_run(
                self.home_score,
                self.away_score,
                self._pair_or_none(self.extra_time_home_score, self.extra_time_away_score),
                self._pair_or_none(self.penalties_home, self.penalties_away),
                None,
            )
        except CorrectionRefused as refused:
            raise CorrectionRefused(
                _(
                    "This result changes who advances from %(tie)s, but the %(round)s "
                    "already has results. Clear those results first."
                ),
                params={"tie": tie.pairing_label(), "round": played.name},
            ) from refused
        except ValidationError:
            return  # the leg's own rules refuse it, and say so

    @staticmethod
    def _pair_or_none(home, away):
        return None if (home, away) == (None, None) else (home, away)

    def record_result(
        self, home_score, away_score, *, extra_time=None, penalties=None, expected_version=None
    ) -> list[str]:
        """Result-entry rule, the one path by which a leg's result is entered or corrected,
        by staff in the admin, by the importer and by the tests alike.

        The score, with extra time and a shoot-out as (home, away) pairs, is checked as a
        form would (full_clean: the leg's own rules and the correction rule); other facts
        already set on the leg (date, kickoff) are saved with it. Optimistic locking: the
        edit began at `expected_version` (by default the version this leg was read at) and
        is refused with StaleEdit if someone saved the leg since. A result ends the live
        state (live.py) of a leg being played. The version is claimed
        with a conditional UPDATE, so of two simultaneous edits exactly one wins (on
        PostgreSQL the second waits for the first's row lock, then finds the version moved
        on). Later rounds are then brought in line (Tournament.redraw_later_rounds: the
        ties of pairings that still follow are kept, with their legs), or the correction
        is refused with CorrectionRefused. All or nothing, in one transaction.

        The half-time score is one of those other facts; clearing the score clears it.

        Returns a line per round redrawn or cleared."""
        redraws = self._record(home_score, away_score, extra_time, penalties, expected_version)
        return [str(redraw) for redraw in redraws]

    record_result.alters_data = True

    def _record(self, home_score, away_score, extra_time, penalties, expected_version):
        self.home_score, self.away_score = home_score, away_score
        if home_score is None:
            self.half_time_home_score = self.half_time_away_score = None
        self.extra_time_home_score, self.extra_time_away_score = extra_time or (None, None)
        self.penalties_home, self.penalties_away = penalties or (None, None)
        if home_score is not None:
            self.clear_live()  # the result ends the match
        with self.claimed(expected_version):
            self.full_clean()
            self.save()
            return self.tie.round.tournament.redraw_later_rounds()

    _record.alters_data = True

    def redraw_preview(
        self, home_score, away_score, *, extra_time=None, penalties=None, expected_version=None
    ) -> list[Redraw]:
        """Correction rule, asked before a correction is saved so that staff confirm it:
        the later rounds that record_result would redraw or clear, with the ties and legs
        that would go (Redraw). Only a result that changes who advances from this tie,
        while a later round is drawn, can do that; then the one write path runs on a
        fresh copy of this leg in a transaction that is rolled back (as an import's dry
        run), so the preview is exactly what the save would do and nothing is saved. A
        result the rules refuse previews nothing: the save itself says why."""
        if self.pk is None or home_score is None:
            return []
        stored = Leg.objects.select_related("tie__round__tournament").get(pk=self.pk)
        probe = copy.copy(stored)
        probe.home_score, probe.away_score = home_score, away_score
        probe.extra_time_home_score, probe.extra_time_away_score = extra_time or (None, None)
        probe.penalties_home, probe.penalties_away = penalties or (None, None)
        tie = stored.tie
        others = [leg for leg in tie.legs.all() if leg.pk != stored.pk]
        if tie.decision().winner == tie.decision(legs=[*others, probe]).winner:
            return []
        later = Tie.objects.filter(
            round__tournament_id=tie.round.tournament_id, round__number__gt=tie.round.number
        )
        if not later.exists():
            return []
        try:
            return self._dry_run(home_score, away_score, extra_time, penalties, expected_version)
        except ValidationError:
            return []

    def _dry_run(self, home_score, away_score, extra_time, penalties, expected_version):
        """record_result on a fresh copy of this leg, rolled back: the redraws it makes, or
        the ValidationError it raises. Its correction rule is the redraw's own (no
        recursion into check_correction)."""
        stored = Leg.objects.select_related("tie__round__tournament").get(pk=self.pk)
        stored._in_dry_run = True
        # The scorers are judged by the form with its rows as they will be (GoalFormSet).
        stored._prefetched_objects_cache = {"goals": stored.goals.none()}
        with transaction.atomic():
            redraws = stored._record(
                home_score,
                away_score,
                extra_time,
                penalties,
                stored.version if expected_version is None else expected_version,
            )
            transaction.set_rollback(True)
        return redraws

    @classmethod
    def removed_by_redraw(cls, leg_id) -> RemovedLeg | None:
        """Redraw rule, for whoever still has open a leg that a redraw removed
        (Tournament.redraw_later_rounds): the leg as it was, read from its history, and
        the same leg of the pairing now in its place (removed_tie), or None for the leg
        when the round was cleared. None when `leg_id` names no leg removed with its tie."""
        gone = history_of_deleted(cls, leg_id)
        removed = removed_tie(gone.tie_id) if gone else None
        if removed is None:
            return None
        legs = removed.tie.legs_by_number() if removed.tie else {}
        return RemovedLeg(
            number=gone.number,
            higher_seed=removed.higher_seed,
            lower_seed=removed.lower_seed,
            round=removed.round,
            removed_at=gone.history_date,
            tie=removed.tie,
            leg=legs.get(gone.number) or legs.get(1),
        )

    def check_version(self, expected_version: int):
        """Optimistic locking, asked before saving (a form's clean): StaleEdit when someone
        saved the leg since the edit began at `expected_version` (record_result closes the
        race that remains between this check and the save)."""
        current = Leg.objects.filter(pk=self.pk).values_list("version", flat=True).first()
        if current is not None and current != expected_version:
            raise self._stale()

    def _stale(self):
        return StaleEdit(
            _(
                "Someone else saved this leg while you were editing it. Your changes were "
                "not saved: reload the page to see theirs, then enter yours again."
            ),
            code="stale",
        )


@dataclass
class TallyExcess:
    """A team's goals recorded in one period of a leg beyond its score there (the tally
    rule, Leg.goal_tally_excess)."""

    REGULAR = "regular"
    EXTRA = "extra"

    team: Team
    period: str  # REGULAR or EXTRA
    score_field: str  # the leg's score field that is too low
    allowed: int
    goals: list

    @property
    def extra(self) -> int:
        """How many goals too many."""
        return len(self.goals) - self.allowed


@dataclass
class LegSide:
    team: Team
    score: int | None
    goals: list
    bookings: list
