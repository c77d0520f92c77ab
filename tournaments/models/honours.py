"""A competition's roll of honour: every league champion from a sourced list
(data/titles/*.toml, loaded by `manage.py load_titles`), the seasons before the site's
own records included. Fans count every league title; the site's Liguillas stay the
detailed record of the seasons it holds."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..vocabulary import normalize_name
from .competition import Competition, Team
from .tournament import Tournament


class LeagueTitleQuerySet(models.QuerySet):
    def title_numbers(self) -> dict[int, tuple[int, int]]:
        """Title-count rule of a sourced list: a club's titles are counted in the list's
        order, so its nth season in the list is its nth title. For each of the site's
        tournaments in a list: (the listed champion's id, its title number). One query."""
        counts: dict[tuple, int] = {}
        numbers = {}
        rows = self.order_by("competition", "order").values_list(
            "competition_id", "champion_id", "champion_name", "tournament_id"
        )
        for competition_id, champion_id, champion_name, tournament_id in rows:
            if champion_id is None and not champion_name:
                continue  # a season without a champion
            club = (competition_id, champion_id or normalize_name(champion_name))
            counts[club] = counts.get(club, 0) + 1
            if tournament_id is not None and champion_id is not None:
                numbers[tournament_id] = (champion_id, counts[club])
        return numbers

    def roll(self):
        """In the order the titles were won, with the club and the site's tournament."""
        return self.select_related(
            "champion", "tournament__season__competition", "competition"
        ).order_by("competition", "order")


class TitleList(models.Model):
    """The sourced list of champions a competition's LeagueTitle rows come from: its
    name, its first season, and which counting choices it makes where published tables
    differ (`notes`, keys of TitleList.NOTES; display_titles puts them into words)."""

    PROFESSIONAL_ERA = "professional-era"  # amateur championships before it not counted
    SPECIAL_TOURNAMENTS = "special-tournaments"  # one-off tournaments in place of a season
    NOTES = (PROFESSIONAL_ERA, SPECIAL_TOURNAMENTS)

    competition = models.OneToOneField(
        Competition,
        on_delete=models.CASCADE,
        related_name="title_list",
        verbose_name=_("competition"),
    )
    label = models.CharField(_("name"), max_length=100)
    since = models.CharField(_("first season"), max_length=40)
    notes = models.JSONField(_("notes"), default=list, blank=True)

    class Meta:
        verbose_name = _("list of champions")
        verbose_name_plural = _("lists of champions")

    def __str__(self):
        return f"{self.label} ({self.since})"


class LeagueTitle(models.Model):
    """One season of a sourced list of champions: who won it (a club on the site, or only
    its name for a club the site has no record of: Asturias, Marte), where the site holds
    the same tournament, and the page that says so."""

    class NoChampion(models.TextChoices):
        CANCELLED = "cancelled", _("cancelled")

    competition = models.ForeignKey(
        Competition,
        on_delete=models.CASCADE,
        related_name="league_titles",
        verbose_name=_("competition"),
    )
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1 is the first season."))
    season = models.CharField(_("season"), max_length=40, help_text=_("As the league named it."))
    champion = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="league_titles",
        verbose_name=_("champion"),
    )
    champion_name = models.CharField(
        _("champion's name"), max_length=100, blank=True, help_text=_("As the list names it.")
    )
    no_champion = models.CharField(
        _("no champion"), max_length=20, blank=True, choices=NoChampion.choices
    )
    tournament = models.ForeignKey(
        Tournament,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tournament on this site"),
    )
    special = models.BooleanField(
        _("special tournament"),
        default=False,
        help_text=_("A one-off tournament played in place of a season (México 70)."),
    )
    source = models.URLField(_("source"), max_length=500)

    objects = LeagueTitleQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "order"]
        verbose_name = _("league title")
        verbose_name_plural = _("league titles")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "order"], name="league_title_unique_order"
            ),
            models.UniqueConstraint(
                fields=["competition", "season"], name="league_title_unique_season"
            ),
        ]

    def __str__(self):
        return f"{self.competition} {self.season}: {self.champion_label}"

    @property
    def champion_label(self) -> str:
        """The champion as the list names it ("Monarcas Morelia", the site's Morelia)."""
        return self.champion_name or (self.champion.name if self.champion else "")


@dataclass
class Honour:
    """A league title as the club and champions pages list it: the season, the champion
    (a club on the site, or only a name), which of the club's titles it was, the site's
    tournament when it has it, and the source (empty for a title only the site's own
    records hold). `no_champion`: a season without one (cancelled)."""

    competition: Competition
    season: str
    champion: Team | None
    champion_name: str
    title: int | None
    tournament: Tournament | None
    source: str = ""
    no_champion: str = ""
    special: bool = False
    # False for a number that only counts the site's own records (ChampionRecord.stated).
    stated: bool = True

    @property
    def club_key(self):
        return self.champion.pk if self.champion else normalize_name(self.champion_name)


def numbered(titles) -> list[Honour]:
    """LeagueTitle rows (in order) as Honours, each champion's titles counted in the
    order of its list (LeagueTitleQuerySet.title_numbers)."""
    counts: dict[tuple, int] = {}
    honours = []
    for row in titles:
        title = None
        if not row.no_champion:
            club = (row.competition_id, row.champion_id or normalize_name(row.champion_name))
            counts[club] = title = counts.get(club, 0) + 1
        honours.append(
            Honour(
                competition=row.competition,
                season=row.season,
                champion=row.champion,
                champion_name=row.champion_name,
                title=title,
                tournament=row.tournament,
                source=row.source,
                no_champion=row.no_champion,
                special=row.special,
            )
        )
    return honours


@dataclass
class ClubTitles:
    """A line of a competition's titles-by-club table."""

    team: Team | None
    name: str
    titles: int


def titles_by_competition(honours) -> list[tuple[Competition, int]]:
    """A club's titles counted per competition, in the order its honours list them: a
    top division's and a second division's titles are never added together (a fan
    counts Atlante's three Liga MX titles, not six)."""
    counts: dict[int, list] = {}
    for honour in honours:
        if honour.no_champion:
            continue
        entry = counts.setdefault(honour.competition.pk, [honour.competition, 0])
        entry[1] += 1
    return [(competition, count) for competition, count in counts.values()]
