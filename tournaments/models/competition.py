"""Competitions, seasons, clubs, their aliases and people; titles and the promotional final."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import formats
from ..display import ERA_NAMES
from ..reversing import cached_reverse
from ..vocabulary import (
    LIGUILLA_TIEBREAK,
    RoundKind,
    differing_characters,
    slugify,
    unique_slug,
)
from .club_querysets import PersonQuerySet, TeamQuerySet
from .errors import AdvanceError
from .querysets import CompetitionQuerySet
from .titles import ChampionRecord, TitleCount

if TYPE_CHECKING:
    from .records import ClubHistory, HeadToHead
    from .tournament import Tournament


def validate_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}) from exc


def name_slug(name: str) -> str:
    """A URL slug for a name, any dash kept as a hyphen: "2012–13" → "2012-13"."""
    return slugify(re.sub(r"[\u2010-\u2015\u2212/]", "-", name))


nationality_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Nationality is a three-letter code such as MEX, ARG or BRA.")
)


# --------------------------------------------------------------------------------------
# Competitions, clubs and people
# --------------------------------------------------------------------------------------


def liguilla_tiebreak() -> list[str]:
    return list(LIGUILLA_TIEBREAK)


class Competition(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=60, blank=True)
    format_era = models.CharField(
        _("formats over the years"),
        max_length=40,
        blank=True,
        choices=[(key, ERA_NAMES[key]) for key in formats.ERAS],
        help_text=_(
            "The catalogue's formats this competition has played, season by season; a new "
            "tournament starts in the format of its season. Empty: staff choose each time."
        ),
    )
    relegation_seasons = models.PositiveSmallIntegerField(
        _("seasons of the relegation table"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The club last in the points per match over this many seasons may not play the "
            "Clausura's knockout (3 in the Liga MX). Empty: no relegation table."
        ),
    )
    season_final = models.CharField(
        _("final of the season's champions"),
        max_length=20,
        blank=True,
        choices=[
            (formats.PROMOTIONAL, _("Promotional final (as in the Liga de Ascenso)")),
            (formats.CHAMPIONS, _("Champion of champions, promoting nobody")),
        ],
        help_text=_(
            "Whether the champions of a season's two tournaments meet in a final. Empty "
            "for a top division such as the Liga MX."
        ),
    )
    round_tiebreak = models.JSONField(
        _("tiebreak of the rounds before the final"),
        default=liguilla_tiebreak,
        help_text=_(
            "For a tournament without a format of the catalogue (a format gives each of its "
            "rounds its own tiebreak); a round can change its own."
        ),
    )
    final_tiebreak = models.JSONField(
        _("tiebreak of the final"),
        default=liguilla_tiebreak,
        help_text=_("Likewise, for the final of a tournament without a format of the catalogue."),
    )

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("tournaments:competition", self.slug)

    def clean(self):
        """Both tiebreak lists follow the rules of a round's list (Round.clean)."""
        from .knockout import Round

        errors = {}
        for field_name in ("round_tiebreak", "final_tiebreak"):
            try:
                Round(tiebreak=getattr(self, field_name)).clean()
            except ValidationError as refused:
                errors[field_name] = refused.message_dict.get("tiebreak", refused.messages)
        if errors:
            raise ValidationError(errors)

    @property
    def results_until(self):
        """The date of the last result on the site (CompetitionQuerySet.with_results_until):
        how far its data goes."""
        dates = [getattr(self, name, None) for name in ("last_match_date", "last_leg_date")]
        dates = [date for date in dates if date is not None]
        return max(dates) if dates else None

    @classmethod
    def with_known_rules(cls, name: str, slug: str, country: str = "") -> Competition:
        """A new competition (not saved) with the rules the catalogue knows for its slug
        (formats.KNOWN_COMPETITIONS: the Liga MX's format era and relegation table, the
        Liga de Ascenso's promotional final); none for any other."""
        rules = formats.KNOWN_COMPETITIONS.get(slug, formats.CompetitionRules())
        competition = cls(
            name=name,
            slug=slug,
            country=country,
            format_era=rules.format_era,
            relegation_seasons=rules.relegation_seasons,
            season_final=rules.season_final,
        )
        current = competition.format_for()
        if current:  # a tournament without a format plays its rounds as the current one
            competition.round_tiebreak = list(current.rounds[-2].tiebreak)
            competition.final_tiebreak = list(current.rounds[-1].tiebreak)
        return competition

    def format_for(self, start_year: int | None = None) -> formats.Format | None:
        """The format of the competition's era (format_era) in the season starting in
        `start_year`, or its current format; None without an era."""
        return formats.era_format(self.format_era, start_year)

    @property
    def promotes(self) -> bool:
        """Promotional-final rule: the season's two champions meet for promotion."""
        return self.season_final == formats.PROMOTIONAL

    def season_final_rules(self) -> formats.SeasonFinal | None:
        """The final of the season's champions this competition plays, or None."""
        return formats.SEASON_FINALS.get(self.season_final)

    def tiebreak_for(self, *, final: bool) -> list[str]:
        """The competition's rule for a new round's tiebreak: its final's, or its other
        rounds' (Liguilla: aggregate, then table position; a Liga MX final: extra time
        and penalties)."""
        return list(self.final_tiebreak if final else self.round_tiebreak)

    def champions(self) -> list[ChampionRecord]:
        """Champions history with title numbers (the title-count rule: titles.py),
        oldest first, read once per instance."""
        return self._champions

    @cached_property
    def _champions(self) -> list[ChampionRecord]:
        count = TitleCount()
        return count.records([row for row in count.rows if row.competition_id == self.pk])

    def list_of_champions(self):
        """The sourced list of champions (models/honours.py TitleList), or None; read with
        the competition when it was selected with select_related("title_list")."""
        from .honours import TitleList

        try:
            return self.title_list
        except TitleList.DoesNotExist:
            return None

    def roll_of_honour(self):
        """Every season of the competition's sourced list of champions (data/titles/),
        each champion's title numbered (models/honours.py); [] without a list. One query."""
        from .honours import LeagueTitle, numbered

        return numbered(LeagueTitle.objects.filter(competition=self).roll())

    def title_counts(self, roll=None):
        """Clubs by the titles they hold in this competition, most first: the count of
        the sourced list of champions (`roll`, as roll_of_honour gives it), and the
        site's own finals beyond it (Competition.champions)."""
        from .honours import ClubTitles

        roll = self.roll_of_honour() if roll is None else roll
        clubs: dict[object, ClubTitles] = {}
        for honour in roll:
            if honour.title:
                name = honour.champion.name if honour.champion else honour.champion_name
                clubs[honour.club_key] = ClubTitles(honour.champion, name, honour.title)
        for record in self.champions():
            if record.champion and record.title:
                known = clubs.get(record.champion.pk)
                if known is None or known.titles < record.title:
                    clubs[record.champion.pk] = ClubTitles(
                        record.champion, record.champion.name, record.title
                    )
        return sorted(clubs.values(), key=lambda club: (-club.titles, club.name))

    @classmethod
    def latest_champions(cls, limit=6) -> list[ChampionRecord]:
        """The most recent champions of every competition together, latest first (titles
        as Competition.champions counts them)."""
        count = TitleCount()
        won = count.by_competition(row for row in count.rows if row.champion_id)
        won.sort(key=lambda row: row.played, reverse=True)
        return count.records(won[:limit])


class Season(models.Model):
    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="seasons", verbose_name=_("competition")
    )
    name = models.CharField(_("name"), max_length=20, help_text=_("For example 2011–12."))
    slug = models.SlugField(_("slug"), max_length=20)
    start_year = models.PositiveSmallIntegerField(_("start year"))

    class Meta:
        ordering = ["competition", "start_year"]
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "slug"], name="season_unique_slug_per_competition"
            )
        ]

    def __str__(self):
        return f"{self.competition} {self.name}"

    def get_absolute_url(self):
        return cached_reverse("tournaments:season", self.competition.slug, self.slug)

    def liguillas(self):
        """The season's Liguillas in order, read for their champions (with_final)."""
        return self.tournaments.liguillas().with_final().order_by("order")

    def promotional_final(self):
        from .tournament import Tournament

        return self.tournaments.filter(
            kind__in=[Tournament.Kind.PROMOTIONAL_FINAL, Tournament.Kind.CHAMPIONS_FINAL]
        ).first()

    def promotion(self, liguillas=None, final=None) -> Promotion:
        """Promotional final rule: the Apertura and Clausura champions meet in a two-legged
        final; if one club won both, it is promoted without a final. Only in a competition
        whose seasons end in such a final (Competition.season_final: the Liga de Ascenso's
        promotional final, or the Liga de Expansión's Campeón de Campeones, which promotes
        nobody). `liguillas`: the season's Liguillas when the caller has read them already
        (`liguillas()`); `final`: likewise the season's final, when it has one."""
        if not self.competition.season_final:
            return Promotion(status=Promotion.NONE)
        champions = [t.champion() for t in (self.liguillas() if liguillas is None else liguillas)]
        if len(champions) < 2 or None in champions:
            return Promotion(status=Promotion.PENDING, champions=champions)
        if len({c.pk for c in champions}) == 1:
            return Promotion(status=Promotion.DIRECT, champions=champions, promoted=champions[0])
        final = final or self.promotional_final()
        promoted = final.champion() if final else None
        return Promotion(
            status=Promotion.DECIDED if promoted else Promotion.FINAL,
            champions=champions,
            promoted=promoted,
            final=final,
        )

    def create_promotional_final(self, tiebreak=None):
        """Create the final between two different champions: the promotional final, or,
        where the final promotes nobody, the champion-of-champions final
        (Competition.season_final names which; formats.SEASON_FINALS its name and
        tiebreak).

        Seeding rule for the final: the champion with more points over the season's
        general tables is the higher seed (hosts the second leg); then goal difference,
        then goals for, then the later tournament's champion.
        """
        from .knockout import Round
        from .tournament import Tournament, TournamentEntry

        promotion = self.promotion()
        if promotion.status == Promotion.NONE:
            raise AdvanceError(
                _("%(competition)s has no promotional final."),
                params={"competition": self.competition},
            )
        if promotion.status == Promotion.DIRECT:
            raise AdvanceError(
                _("%(team)s won both tournaments and is promoted without a final."),
                params={"team": promotion.promoted},
            )
        if promotion.status == Promotion.PENDING:
            raise AdvanceError(_("Both tournaments need a champion before the final."))
        if promotion.final:
            return promotion.final
        tables = TournamentEntry.objects.filter(
            tournament__season=self, tournament__kind=Tournament.Kind.LIGUILLA
        )

        def season_record(index_and_team):
            index, team = index_and_team
            rows = tables.filter(team=team).aggregate(
                points=Coalesce(Sum("points"), 0),
                gd=Coalesce(Sum(F("goals_for") - F("goals_against")), 0),
                gf=Coalesce(Sum("goals_for"), 0),
            )
            return (rows["points"], rows["gd"], rows["gf"], index)

        ranked = sorted(enumerate(promotion.champions), key=season_record, reverse=True)
        with transaction.atomic():
            order = (self.tournaments.aggregate(m=models.Max("order"))["m"] or 0) + 1
            rules = self.competition.season_final_rules()
            kind = (
                Tournament.Kind.PROMOTIONAL_FINAL
                if rules.promotes
                else Tournament.Kind.CHAMPIONS_FINAL
            )
            name = rules.name
            final = Tournament.objects.create(
                season=self,
                name=name,  # stored in English; shown as display_name
                slug=slugify(name),
                order=order,
                kind=kind,
                qualifiers=2,
                timezone=self.tournaments.first().timezone,
            )
            for position, (_index, team) in enumerate(ranked, start=1):
                TournamentEntry.objects.create(tournament=final, team=team, position=position)
            Round.objects.create(
                tournament=final,
                number=1,
                kind=RoundKind.PROMOTIONAL_FINAL
                if kind == Tournament.Kind.PROMOTIONAL_FINAL
                else RoundKind.FINAL,
                tiebreak=list(tiebreak or rules.tiebreak),
            )
            final.advance()
        return final

    create_promotional_final.alters_data = True


@dataclass
class Promotion:
    NONE = "none"
    PENDING = "pending"
    DIRECT = "direct"
    FINAL = "final"
    DECIDED = "decided"

    status: str
    champions: list = field(default_factory=list)
    promoted: Team | None = None
    final: Tournament | None = None


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("tournaments:team", self.slug)

    @cached_property
    def url(self):
        """get_absolute_url, built once per instance: a page holds one instance per club
        (tournaments/fetch.py) and links it many times."""
        return self.get_absolute_url()

    @staticmethod
    def unique_slug(name):
        """A slug for `name` not used by another club (atlante, atlante-2, …)."""
        return unique_slug(name, lambda slug: Team.objects.filter(slug=slug).exists(), "team")

    @staticmethod
    def refuse_lookalike(name, *, team=None):
        """Look-alike rule: a new club's name, or a new name of `team`, must not be taken
        for another club's ("Cоrrecaminos" with a Cyrillic о beside Correcaminos: same
        Unicode skeleton, TeamQuerySet.lookalike), or it would make a second club that
        fans cannot tell apart and search does not find. Raises ValidationError (code
        "lookalike") naming the club it looks like. Staff who confirm that it is a
        different club do not call this."""
        found = Team.objects.lookalike(name, other_than=team)
        if found is None:
            return
        club, written = found
        params = {"name": name, "club": club.name, "written": written}
        if written == club.name:
            message = _("“%(name)s” looks like the existing club %(club)s.") % params
        else:
            message = (
                _("“%(name)s” looks like the existing club %(club)s (written “%(written)s”).")
                % params
            )
        characters = differing_characters(name, written)
        if characters:
            message += " " + _("It differs in %(characters)s.") % {
                "characters": ", ".join(characters)
            }
        raise ValidationError(message, code="lookalike")

    def titles(self) -> list[ChampionRecord]:
        """The titles this club won, with which title each was (counted by
        Competition.champions), oldest first."""
        count = TitleCount()
        won = count.by_competition(row for row in count.rows if row.champion_id == self.pk)
        return count.records(won)

    def honours(self):
        """Every league title of the club, by competition: the seasons of the sourced
        lists of champions (data/titles/) it won, numbered, then the site's own titles
        beyond them (Team.titles), oldest first. Kept with the title count, until the next
        write (models/titles.py `remember`), per language (a promotional final's season is
        named in the reader's): every page of the club shows them."""
        from . import titles

        return titles.remember(f"honours:{self.pk}:{get_language()}", self.read_honours)

    def read_honours(self):
        from .honours import Honour, LeagueTitle, numbered

        honours = numbered(LeagueTitle.objects.filter(champion=self).roll())
        covered = {h.tournament.pk for h in honours if h.tournament}
        for record in self.titles():
            if record.tournament.pk not in covered:
                honours.append(
                    Honour(
                        competition=record.tournament.season.competition,
                        season=record.tournament.display_name,
                        champion=self,
                        champion_name="",
                        title=record.title,
                        tournament=record.tournament,
                        stated=record.stated,
                    )
                )
        return honours

    def knockout_history(self) -> ClubHistory:
        """Every tournament the club played, its record against each opponent (see
        records.ClubHistory)."""
        from .records import ClubHistory

        return ClubHistory.for_team(self)

    def head_to_head(self, other: Team) -> HeadToHead:
        """Every tie between this club and `other`, with both records."""
        from .records import HeadToHead

        return HeadToHead.between(self, other)


class TeamAlias(models.Model):
    """Another name of a club: how a source writes it ("Santos" for "Santos Laguna"), or
    how fans call it (`nickname`: "Chivas", "Rayados"; data/nicknames.toml). Both find the
    club in the search and in imports."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    nickname = models.BooleanField(
        _("nickname"),
        default=False,
        help_text=_("A name fans use (Chivas, Rayados), shown on the club's page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team alias")
        verbose_name_plural = _("team aliases")

    def __str__(self):
        return f"{self.name} → {self.team}"


class Person(models.Model):
    """A player, captain or manager; one row however many roles and clubs."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    nationality = models.CharField(
        _("nationality"), max_length=3, blank=True, validators=[nationality_validator]
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(nationality="") | Q(nationality__regex=r"^[A-Z]{3}$"),
                name="person_nationality_three_letters",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.nationality})" if self.nationality else self.name

    def get_absolute_url(self):
        return cached_reverse("tournaments:player", self.slug)

    @cached_property
    def url(self):
        """get_absolute_url, built once per instance: a page holds one instance per player
        (tournaments/fetch.py) and links it many times."""
        return self.get_absolute_url()

    @staticmethod
    def unique_slug(name, taken=()):
        """A slug for `name` not used by another person (gonzalez, gonzalez-2, …)."""
        return unique_slug(
            name, lambda slug: slug in taken or Person.objects.filter(slug=slug).exists(), "person"
        )
