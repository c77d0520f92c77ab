"""A tournament, its general table (entries) and squads; the outcome of a whole tournament.
The rules of its table and of its knockout are mixins (tournament_table.py,
tournament_knockout.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import formats
from ..display import FORMAT_NAMES
from ..reversing import cached_reverse
from ..vocabulary import normalize_name
from .competition import Person, Season, Team, validate_timezone
from .querysets import EntryQuerySet, ScorerRow, TournamentQuerySet
from .tournament_knockout import BracketColumn, TournamentKnockout
from .tournament_table import TournamentTable

if TYPE_CHECKING:
    from .knockout import Tie

__all__ = ["BracketColumn", "SquadMember", "Tournament", "TournamentEntry", "TournamentSummary"]

# --------------------------------------------------------------------------------------
# Tournaments and their general table
# --------------------------------------------------------------------------------------


class Tournament(TournamentTable, TournamentKnockout, models.Model):
    """A Liguilla (or a promotional final) of a season. Its rules live in three modules:
    the general table and seeding (tournament_table.py), the knockout's format, pairings
    and drawing (tournament_knockout.py), and its outcome here."""

    class Kind(models.TextChoices):
        LIGUILLA = "liguilla", _("Liguilla")
        PROMOTIONAL_FINAL = "promotional_final", _("Promotional final")
        CHAMPIONS_FINAL = "champions_final", _("Champion of Champions")

    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="tournaments", verbose_name=_("season")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example Apertura 2011."))
    slug = models.SlugField(_("slug"), max_length=100)
    order = models.PositiveSmallIntegerField(
        _("order in season"), default=1, help_text=_("1 for the Apertura, 2 for the Clausura.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.LIGUILLA)
    qualifiers = models.PositiveSmallIntegerField(
        _("qualifiers"),
        validators=[MinValueValidator(2)],
        help_text=_("How many of the general table's top teams play the knockout."),
    )
    format = models.CharField(
        _("knockout format"),
        max_length=40,
        blank=True,
        choices=[(key, FORMAT_NAMES[key]) for key in formats.FORMATS],
        help_text=_(
            "A format of the catalogue (play-in, reclassification…); empty: the top "
            "qualifiers in a bracket with byes, best against worst."
        ),
    )
    relegation_barred = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last in the relegation table (as stated)"),
        help_text=_(
            "The club the relegation table keeps out of this Clausura's knockout, when the "
            "site cannot tell it: a season the table spans is not on the site, or clubs "
            "share its last place. Ignored when the site can compute it."
        ),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="America/Mexico_City",
        validators=[validate_timezone],
        help_text=_("Kickoffs are shown in this zone."),
    )
    champion_title_override = models.PositiveSmallIntegerField(
        _("champion's title number (as stated)"),
        null=True,
        blank=True,
        help_text=_(
            "Which title in this competition this is for the champion, when a source states "
            "it (history before the site's records). Leave empty to count titles the site knows."
        ),
    )

    objects = TournamentQuerySet.as_manager()

    # What a link to a tournament reads (its URL and display_name), for lists of links.
    LINK_FIELDS = (
        "name", "slug", "kind", "order", "season__slug", "season__start_year",
        "season__competition__slug",
    )  # fmt: skip

    class Meta:
        ordering = ["season__start_year", "order"]
        verbose_name = _("tournament")
        verbose_name_plural = _("tournaments")
        constraints = [
            models.UniqueConstraint(fields=["season", "slug"], name="tournament_unique_slug"),
            models.UniqueConstraint(fields=["season", "order"], name="tournament_unique_order"),
            models.CheckConstraint(condition=Q(qualifiers__gte=2), name="tournament_two_teams"),
        ]

    def __str__(self):
        return f"{self.season.competition} {self.display_name}"

    def get_absolute_url(self):
        return cached_reverse("tournaments:tournament", *self.url_kwargs().values())

    def url_kwargs(self):
        return {
            "competition": self.season.competition.slug,
            "season": self.season.slug,
            "tournament": self.slug,
        }

    @property
    def display_name(self) -> str:
        """The name a page shows: a Liguilla's own ("Apertura 2011", the same in every
        language); a promotional final's from its kind, in the reader's language."""
        if self.kind in (self.Kind.PROMOTIONAL_FINAL, self.Kind.CHAMPIONS_FINAL):
            return str(self.Kind(self.kind).label)
        return self.name

    @property
    def is_season_final(self) -> bool:
        """A final of the season's two champions (promotional, or Campeón de Campeones):
        no general table, no regular season, no seeding of its own."""
        return self.kind != self.Kind.LIGUILLA

    def neighbours(self) -> tuple[Tournament | None, Tournament | None]:
        """The previous and next Liguilla of the same competition, in season order."""
        siblings = list(
            Tournament.objects.liguillas()
            .filter(season__competition_id=self.season.competition_id)
            .select_related("season__competition")
            .only(*self.LINK_FIELDS)
            .chronological()
        )
        index = next((i for i, t in enumerate(siblings) if t.pk == self.pk), None)
        if index is None:
            return None, None
        previous = siblings[index - 1] if index > 0 else None
        following = siblings[index + 1] if index + 1 < len(siblings) else None
        return previous, following

    # -- outcome ------------------------------------------------------------------------

    def final_tie(self) -> Tie | None:
        rounds = self.rounds_in_order()
        if len(rounds) != self.round_count():
            return None
        ties = list(rounds[-1].ties.all())
        return ties[0] if len(ties) == 1 else None

    def champion(self) -> Team | None:
        """The winner of the final, once it is decided."""
        final = self.final_tie()
        return final.winner if final else None

    def runner_up(self) -> Team | None:
        final = self.final_tie()
        return final.loser if final else None

    def champion_title(self) -> int | None:
        """Which title in this competition the win is for the champion ("Correcaminos, 2nd
        title"); see Competition.champions for how titles are counted."""
        title, _stated = self._title
        return title

    def champion_title_stated(self) -> bool:
        """Whether the title number rests on a stated count (else: in the site's records)."""
        _title, stated = self._title
        return stated

    @cached_property
    def _title(self) -> tuple[int | None, bool]:
        """(title number, stated): a stated number needs no count; else this final's row
        of the title count (titles.py, cached under the data version)."""
        if self.champion_title_override and self.champion():
            return self.champion_title_override, True
        from .titles import TitleCount

        row = TitleCount().row_for(self.pk)
        return (row.title, row.stated) if row else (None, False)

    def summary(self) -> TournamentSummary:
        """Outcome rule: champion, runner-up, matches played, goals scored (extra time
        included, shoot-outs not) and the top scorer(s), own goals excluded."""
        from .events import Goal
        from .legs import Leg

        matches, goals = Leg.objects.for_tournament(self).totals()
        top_scorers = Goal.objects.for_tournament(self).top_scorers()
        return TournamentSummary(
            champion=self.champion(),
            champion_title=self.champion_title(),
            champion_title_stated=self.champion_title_stated(),
            runner_up=self.runner_up(),
            matches=matches,
            goals=goals,
            leaders=top_scorers,
            scorer_data=self.has_scorer_data(goals_scored=goals, recorded=bool(top_scorers)),
        )

    def has_scorer_data(self, *, goals_scored: int | None = None, recorded: bool = False) -> bool:
        """False when goals were scored but no scorer is recorded (the scorer-data rule,
        TournamentQuerySet.without_scorer_data). A page that has already counted the
        goals (`goals_scored`) or seen a recorded goal (`recorded`) answers without a
        query when that settles it: no goal scored, or one recorded, means data; so does
        a tournament read with its facts annotated (with_scorer_data)."""
        known = self.__dict__.get("_scorer_data")
        if known is None:
            if goals_scored == 0 or recorded:
                known = True
            elif hasattr(self, "has_goals"):  # read with TournamentQuerySet.with_scorer_data
                known = self.has_scorers or not self.has_goals
            else:
                known = not Tournament.objects.filter(pk=self.pk).without_scorer_data().exists()
            self._scorer_data = known  # the page's menu asks again
        return known


@dataclass
class TournamentSummary:
    champion: Team | None
    champion_title: int | None
    champion_title_stated: bool
    runner_up: Team | None
    matches: int
    goals: int
    leaders: list[ScorerRow]  # every player tied for the most goals, by name as read
    scorer_data: bool = True

    @property
    def top_scorers(self) -> list[ScorerRow]:
        """The players tied for the most goals, by name; a player who scored for two clubs,
        by club: ordered when asked, as an overview's kept data is taken with its clubs'
        names as they are now (views.TournamentView)."""
        return [
            row
            for _player, rows in groupby(self.leaders, key=lambda row: row.player_id)
            for row in sorted(rows, key=lambda row: normalize_name(row.team_name))
        ]

    @property
    def goals_per_match(self) -> float | None:
        return self.goals / self.matches if self.matches else None


class TournamentEntry(models.Model):
    """A team's line in a tournament's general table."""

    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="entries", verbose_name=_("tournament")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="entries", verbose_name=_("team")
    )
    position = models.PositiveSmallIntegerField(_("table position"))
    manager = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_entries",
        verbose_name=_("manager"),
    )
    captain = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="captained_entries",
        verbose_name=_("captain"),
    )
    played = models.PositiveSmallIntegerField(_("played"), default=0)
    won = models.PositiveSmallIntegerField(_("won"), default=0)
    drawn = models.PositiveSmallIntegerField(_("drawn"), default=0)
    lost = models.PositiveSmallIntegerField(_("lost"), default=0)
    goals_for = models.PositiveSmallIntegerField(_("goals for"), default=0)
    goals_against = models.PositiveSmallIntegerField(_("goals against"), default=0)
    points = models.SmallIntegerField(_("points"), default=0)
    bonus_points = models.PositiveSmallIntegerField(
        _("bonus points"),
        default=0,
        help_text=_(
            "Points beyond 3 a win and 1 a draw that the competition's rules award "
            "(Liga de Expansión 2020–22: one more point for an away win)."
        ),
    )
    points_deducted = models.PositiveSmallIntegerField(_("points deducted"), default=0)
    deduction_reason = models.CharField(_("reason for the deduction"), max_length=200, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["tournament", "position"]
        verbose_name = _("general table entry")
        verbose_name_plural = _("general table entries")
        constraints = [
            models.UniqueConstraint(fields=["tournament", "team"], name="entry_unique_team"),
            models.UniqueConstraint(
                fields=["tournament", "position"], name="entry_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(played=F("won") + F("drawn") + F("lost")),
                name="entry_results_add_up",
            ),
            models.CheckConstraint(
                condition=Q(
                    points=3 * F("won") + F("drawn") + F("bonus_points") - F("points_deducted")
                ),
                name="entry_points_add_up",
            ),
            models.CheckConstraint(
                condition=Q(points_deducted=0) | ~Q(deduction_reason=""),
                name="entry_deduction_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.team} ({self.points} pts)"

    @property
    def goal_difference(self) -> int:
        return self.goals_for - self.goals_against

    def clean(self):
        """Table arithmetic: W + D + L = Pld and Pts = 3W + D, plus any bonus points the
        competition awards, less any recorded deduction."""
        errors = {}
        if self.won + self.drawn + self.lost != self.played:
            errors["played"] = _("Won + drawn + lost is %(sum)s, but played is %(played)s.") % {
                "sum": self.won + self.drawn + self.lost,
                "played": self.played,
            }
        expected = 3 * self.won + self.drawn + self.bonus_points - self.points_deducted
        if self.points != expected:
            errors["points"] = _(
                "3 × won + drawn%(plus)s%(less)s is %(expected)s, but points is %(points)s."
            ) % {
                "plus": _(" + bonus") if self.bonus_points else "",
                "less": _(" − deduction") if self.points_deducted else "",
                "expected": expected,
                "points": self.points,
            }
        if self.points_deducted and not self.deduction_reason.strip():
            errors["deduction_reason"] = _("Say why the points were deducted.")
        if errors:
            raise ValidationError(errors)


class SquadMember(models.Model):
    """A person registered to play for a team in a tournament (limits admin choices and
    lets the importer tell León's Torres from Correcaminos' Torres)."""

    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="squads", verbose_name=_("tournament")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="squads", verbose_name=_("team")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="squads", verbose_name=_("person")
    )

    class Meta:
        ordering = ["tournament", "team", "person__name"]
        verbose_name = _("squad member")
        verbose_name_plural = _("squad members")
        constraints = [
            models.UniqueConstraint(
                fields=["tournament", "team", "person"], name="squad_unique_member"
            )
        ]

    def __str__(self):
        return f"{self.person.name} ({self.team}, {self.tournament.name})"
