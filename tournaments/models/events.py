"""What happened in a leg: goals and bookings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import display
from ..vocabulary import scorer_side
from .competition import Person, Team
from .legs import Leg
from .querysets import GoalQuerySet
from .tournament import SquadMember


class Goal(models.Model):
    leg = models.ForeignKey(
        Leg, on_delete=models.CASCADE, related_name="goals", verbose_name=_("leg")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("team credited"),
        help_text=_("For an own goal, the team that benefits."),
    )
    player = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="goals",
        verbose_name=_("scorer"),
        help_text=_("Who put the ball in the net (for an own goal, a player of the other team)."),
    )
    minute = models.PositiveSmallIntegerField(
        _("minute"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    added_time = models.PositiveSmallIntegerField(
        _("added time"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    penalty = models.BooleanField(_("penalty"), default=False)
    own_goal = models.BooleanField(_("own goal"), default=False)

    objects = GoalQuerySet.as_manager()

    # Within one leg, without the JOINs that ordering by "leg" (and its own ordering) adds.
    EVENT_ORDER = ("leg_id", "minute", "added_time", "id")

    # Set by a form that checks a leg's goals together (the leg page's goal formset):
    # the tally rule is then asked once for the set, not once per row (_clean_tally).
    tally_checked_with_the_leg = False

    class Meta:
        ordering = ["leg", "minute", "added_time", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(minute__gte=1, minute__lte=120), name="goal_minute_in_range"
            ),
            models.CheckConstraint(
                condition=Q(added_time__isnull=True) | Q(added_time__gte=1),
                name="goal_added_time_positive",
            ),
            models.CheckConstraint(
                condition=~Q(penalty=True, own_goal=True), name="goal_not_penalty_and_own_goal"
            ),
        ]

    def __str__(self):
        return f"{self.player.name} {display.goal_label(self)} ({self.team})"

    @property
    def scorer_team(self) -> Team:
        """The team the scorer plays for (for an own goal, the other one)."""
        leg = self.leg
        return scorer_side(self.team, leg.home, leg.away, self.own_goal)

    @property
    def in_extra_time(self) -> bool:
        return self.minute > 90

    def clean(self):
        """A goal is credited to one of the leg's teams; the scorer plays for that team
        (for an own goal, for the other); a leg never has more goals than its score (or,
        while it is played, than its score so far)."""
        if self.leg_id is None:
            return
        errors = {}
        leg = self.leg
        scored = leg.scored()  # the result, or the score so far of a leg being played
        if self.team_id not in (leg.home_id, leg.away_id):
            errors["team"] = _("The team credited must be one of the leg's two teams.")
        elif scored is None:
            errors["team"] = _("Enter the leg's score before its scorers.")
        else:
            errors.update(self._clean_tally(scored))
            errors.update(self._clean_scorer(leg))
        if errors:
            raise ValidationError(errors)

    def _clean_tally(self, leg):
        """Tally rule for one goal added on its own: its team has a goal left to record
        in that period (Leg.goal_tally_excess). A form that checks the leg's goals together
        (the leg page's) says so with tally_checked_with_the_leg, and asks it once."""
        extra = self.in_extra_time
        if extra:
            if not leg.has_extra_time:
                return {
                    "minute": _("This leg had no extra time; a goal after 90' is not possible.")
                }
            allowed = (
                leg.extra_time_home_score
                if self.team_id == leg.home_id
                else leg.extra_time_away_score
            )
        else:
            allowed = leg.home_score if self.team_id == leg.home_id else leg.away_score
        if self.tally_checked_with_the_leg:
            return {}
        siblings = Goal.objects.filter(leg_id=leg.pk, team_id=self.team_id).exclude(pk=self.pk)
        siblings = siblings.filter(minute__gt=90) if extra else siblings.filter(minute__lte=90)
        if siblings.count() < allowed:
            return {}
        words = {
            "team": self.team,
            "allowed": allowed,
            "period": _("extra time") if extra else _("regular time"),
        }
        if allowed == 0:
            return {
                "team": _("%(team)s scored no goal in %(period)s: correct the leg's score first.")
                % words
            }
        return {
            "team": ngettext(
                "%(team)s scored %(allowed)s goal in %(period)s and it is recorded already: "
                "correct the leg's score first.",
                "%(team)s scored %(allowed)s goals in %(period)s and all are recorded already: "
                "correct the leg's score first.",
                allowed,
            )
            % words
        }

    def _clean_scorer(self, leg):
        """Squad rule: the scorer is registered in the squad, for this tournament, of the
        team credited (for an own goal, of the other team)."""
        if self.player_id is None:
            return {}
        plays_for = scorer_side(self.team_id, leg.home_id, leg.away_id, self.own_goal)
        tournament_id = leg.tie.round.tournament_id
        squads = SquadMember.objects.filter(tournament_id=tournament_id, person_id=self.player_id)
        if squads.filter(team_id=plays_for).exists():
            return {}
        if not squads.exists():
            team = leg.home if plays_for == leg.home_id else leg.away
            return {
                "player": _(
                    "%(player)s is in no squad of this tournament: add them to %(team)s's "
                    "squad first."
                )
                % {"player": self.player.name, "team": team}
            }
        if self.own_goal:
            return {"player": _("An own goal is scored by a player of the other team.")}
        return {"player": _("The scorer does not play for the team credited.")}


class Booking(models.Model):
    class Colour(models.TextChoices):
        YELLOW = "yellow", _("yellow")
        SECOND_YELLOW = "second_yellow", _("second yellow")
        RED = "red", _("red")

    leg = models.ForeignKey(
        Leg, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("leg")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("team")
    )
    player = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("player")
    )
    colour = models.CharField(_("card"), max_length=15, choices=Colour, default=Colour.YELLOW)
    minute = models.PositiveSmallIntegerField(
        _("minute"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    EVENT_ORDER = ("leg_id", "minute", "id")

    class Meta:
        ordering = ["leg", "minute", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(minute__isnull=True) | Q(minute__gte=1, minute__lte=120),
                name="booking_minute_in_range",
            ),
        ]

    def __str__(self):
        label = f"{self.player.name} ({self.team}) {self.get_colour_display()}"
        return f"{label} {display.minute(self)}".rstrip()

    def clean(self):
        """Squad rule: a booked player is registered in the squad, for this tournament, of
        the team booked, one of the leg's two teams."""
        if self.leg_id is None:
            return
        errors = {}
        leg = self.leg
        if self.team_id not in (leg.home_id, leg.away_id):
            errors["team"] = _("The team must be one of the leg's two teams.")
        elif self.player_id is not None:
            squads = SquadMember.objects.filter(
                tournament_id=leg.tie.round.tournament_id, person_id=self.player_id
            )
            if not squads.filter(team_id=self.team_id).exists():
                errors["player"] = _("This player is not in that team's squad for this tournament.")
        if errors:
            raise ValidationError(errors)
