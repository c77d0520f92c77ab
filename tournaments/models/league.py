"""The regular season: its matches, the stored facts the general table is computed from."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..vocabulary import score_text
from .competition import Team
from .tournament import Tournament


class LeagueMatchQuerySet(models.QuerySet):
    def played(self):
        return self.filter(home_score__isnull=False, cancelled=False)

    def for_results_page(self, tournament):
        """Every match of a regular season by matchday, with both clubs (one query)."""
        return self.filter(tournament=tournament).select_related("home", "away")


class LeagueMatch(models.Model):
    """A match of a tournament's regular season (the general table's facts)."""

    # Where a regular season stands (Tournament.regular_season_state, and across many
    # tournaments EntryQuerySet.with_regular_season_state): a match still to play keeps
    # it unfinished; a match called off means it was cut short.
    TO_PLAY = Q(home_score__isnull=True, cancelled=False)
    CALLED_OFF = Q(cancelled=True)

    tournament = models.ForeignKey(
        Tournament,
        on_delete=models.CASCADE,
        related_name="league_matches",
        verbose_name=_("tournament"),
    )
    matchday = models.PositiveSmallIntegerField(_("matchday"), validators=[MinValueValidator(1)])
    date = models.DateField(_("date"), null=True, blank=True)
    kickoff = models.DateTimeField(_("kickoff"), null=True, blank=True)
    home = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("home team")
    )
    away = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("away team")
    )
    home_score = models.PositiveSmallIntegerField(_("home score"), null=True, blank=True)
    away_score = models.PositiveSmallIntegerField(_("away score"), null=True, blank=True)
    awarded = models.BooleanField(
        _("awarded"), default=False, help_text=_("A result given by the league; it counts.")
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = LeagueMatchQuerySet.as_manager()

    class Meta:
        ordering = ["tournament", "matchday", "date", "kickoff", "pk"]
        verbose_name = _("league match")
        verbose_name_plural = _("league matches")
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "home", "away"], name="league_match_unique_pairing"
            ),
            models.CheckConstraint(
                condition=~Q(home=F("away")), name="league_match_team_cannot_play_itself"
            ),
            models.CheckConstraint(
                condition=Q(home_score__isnull=True, away_score__isnull=True)
                | Q(home_score__isnull=False, away_score__isnull=False),
                name="league_match_score_complete",
            ),
            models.CheckConstraint(
                condition=Q(awarded=False) | Q(home_score__isnull=False),
                name="league_match_awarded_has_score",
            ),
            models.CheckConstraint(
                condition=Q(cancelled=False) | Q(home_score__isnull=True),
                name="league_match_cancelled_has_no_score",
            ),
        ]

    def __str__(self):
        score = score_text(self.home_score, self.away_score) if self.is_played else "v"
        return f"{self.home} {score} {self.away} ({_('matchday')} {self.matchday})"

    @property
    def is_played(self) -> bool:
        return self.home_score is not None and not self.cancelled

    @property
    def is_missing(self) -> bool:
        """Source rule: a match dated before today without a result was played, but its
        result is missing from the source (it stops there), not still to come."""
        return (
            not self.is_played
            and not self.cancelled
            and self.date is not None
            and self.date < timezone.localdate()
        )

    def clean(self):
        if self.home_id and self.home_id == self.away_id:
            raise ValidationError({"away": _("A team cannot play itself.")})
        if (self.home_score is None) != (self.away_score is None):
            raise ValidationError({"away_score": _("Enter both scores, or neither.")})
        if self.awarded and self.home_score is None:
            raise ValidationError({"awarded": _("An awarded result needs its score.")})
        if self.cancelled and self.home_score is not None:
            raise ValidationError({"cancelled": _("A cancelled match has no score.")})


@dataclass(frozen=True)
class RelegationSpan:
    first: int  # start year of the span's first season
    last: int
    missing: tuple[int, ...]  # start years of the span's seasons not on the site

    @property
    def complete(self) -> bool:
        return not self.missing


def relegation_span(tournament) -> RelegationSpan | None:
    """The seasons a Clausura's relegation table spans (Competition.relegation_seasons) and
    which of them the site lacks; None where the rule does not apply (a competition
    without one, a tournament that is not a season's Clausura)."""
    if not tournament.relegation_rule_applies():
        return None
    span = tournament.season.competition.relegation_seasons
    first = tournament.season.start_year - span + 1
    known = set(
        Tournament.objects.filter(
            Exists(LeagueMatch.objects.filter(tournament=OuterRef("pk"))),
            season__competition_id=tournament.season.competition_id,
            season__start_year__gte=first,
            season__start_year__lte=tournament.season.start_year,
        )
        .order_by()
        .values_list("season__start_year", flat=True)
    )
    years = range(first, tournament.season.start_year + 1)
    return RelegationSpan(
        first, tournament.season.start_year, tuple(y for y in years if y not in known)
    )


def relegation_table(tournament, span: RelegationSpan | None = None) -> list[tuple] | None:
    """Relegation-table rule (Competition.relegation_seasons): the clubs of a Clausura's table
    by points per match over the competition's last seasons (the general tables' points,
    bonus points and deductions included), worst first, as (team, points, matches); None
    for a competition without one, a tournament that is not a season's Clausura, or where
    a season of the span is not in the database."""
    from .tournament import TournamentEntry

    span = span or relegation_span(tournament)
    if span is None or not span.complete:
        return None
    # The tournaments with a regular season of their own, asked with EXISTS: a join to
    # every league match, then DISTINCT, cost ten times as much (a Liga MX Clausura page).
    totals = (
        TournamentEntry.objects.filter(
            Exists(LeagueMatch.objects.filter(tournament=OuterRef("tournament"))),
            tournament__season__competition_id=tournament.season.competition_id,
            tournament__season__start_year__gte=span.first,
            tournament__season__start_year__lte=span.last,
        )
        .order_by()
        .values_list("team_id", "points", "played")
    )
    points, played = {}, {}
    for team, pts, matches in totals:
        points[team] = points.get(team, 0) + pts
        played[team] = played.get(team, 0) + matches
    clubs = [entry.team for entry in tournament.full_table()]
    rows = [(team, points.get(team.pk, 0), played.get(team.pk, 0)) for team in clubs]
    return sorted(rows, key=lambda row: (row[1] / row[2] if row[2] else 0, row[0].name))


def relegation_last(table: list[tuple]) -> list:
    """The clubs sharing the last place of a relegation table (equal points per match):
    one club, or several where the catalogue's rule alone cannot tell them apart."""
    if not table:
        return []
    _worst, points, matches = table[0]
    # points / matches == worst points / worst matches, compared without rounding
    return [team for team, pts, played in table if pts * matches == points * played]
