"""The tournament domain: who played whom, what happened, and the rules that say who advanced.

Stored facts are the general table, the pairings and what happened in each leg (scores,
goals, bookings). Everything else (aggregates, winners, reasons, the next round's pairings,
the champion, scorer tables) is derived here, in model and QuerySet methods, so that there
is one place for each competition rule.
"""

from __future__ import annotations

import unicodedata
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history import register as register_history

from . import bracket


def normalize_name(name: str) -> str:
    """Fold a name for matching: no accents, no case, single spaces ("León " == "leon")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def validate_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}) from exc


nationality_validator = RegexValidator(
    r"^[A-Z]{3}$", _("Nationality is a three-letter code such as MEX, ARG or BRA.")
)


class Tiebreak(models.TextChoices):
    """How a tie is decided, in the order a round lists them (also a tie's `decided_by`)."""

    AGGREGATE = "aggregate", _("aggregate")
    AWAY_GOALS = "away_goals", _("away goals")
    EXTRA_TIME = "extra_time", _("extra time")
    PENALTIES = "penalties", _("penalties")
    TABLE_POSITION = "table_position", _("table position")


# Rules after which no tie can still be level: the higher seed or a shoot-out settles it.
DECISIVE_TIEBREAKS = {Tiebreak.TABLE_POSITION, Tiebreak.PENALTIES}
LIGUILLA_TIEBREAK = [Tiebreak.AGGREGATE.value, Tiebreak.TABLE_POSITION.value]
CUP_FINAL_TIEBREAK = [
    Tiebreak.AGGREGATE.value,
    Tiebreak.EXTRA_TIME.value,
    Tiebreak.PENALTIES.value,
]


class AdvanceError(ValidationError):
    """The next round cannot be created yet (a tie is undecided, or nothing is left)."""


class CorrectionRefused(ValidationError):
    """A corrected result would change pairings of a round that already has results."""


class StaleEdit(ValidationError):
    """Someone saved the leg after this edit began; saving would overwrite their change."""


# --------------------------------------------------------------------------------------
# QuerySets
# --------------------------------------------------------------------------------------


class TournamentQuerySet(models.QuerySet):
    def with_bracket(self):
        """Everything the bracket rules read, in a fixed number of queries."""
        return self.select_related("season__competition").prefetch_related(
            models.Prefetch("rounds", queryset=Round.objects.order_by("number")),
            models.Prefetch(
                "rounds__ties",
                queryset=Tie.objects.select_related("higher_seed", "lower_seed").order_by(
                    "position"
                ),
            ),
            models.Prefetch("rounds__ties__legs", queryset=Leg.objects.order_by("number")),
        )

    def with_results(self):
        """Everything the results pages show (teams of each leg, scorers, bookings), in a
        fixed number of queries whatever the size of the tournament."""
        people = ("player", "team")
        return self.select_related("season__competition").prefetch_related(
            models.Prefetch("rounds", queryset=Round.objects.order_by("number")),
            models.Prefetch(
                "rounds__ties",
                queryset=Tie.objects.select_related("higher_seed", "lower_seed").order_by(
                    "position"
                ),
            ),
            models.Prefetch(
                "rounds__ties__legs",
                queryset=Leg.objects.select_related("home", "away").order_by("number"),
            ),
            models.Prefetch(
                "rounds__ties__legs__goals", queryset=Goal.objects.select_related(*people)
            ),
            models.Prefetch(
                "rounds__ties__legs__bookings", queryset=Booking.objects.select_related(*people)
            ),
        )

    def liguillas(self):
        return self.filter(kind=Tournament.Kind.LIGUILLA)

    def chronological(self):
        return self.order_by("season__start_year", "season__slug", "order")


class EntryQuerySet(models.QuerySet):
    def seeded(self):
        """Seeding rule: the general table ordered by points, then goal difference, then
        goals for; the stated table position breaks what is still level (2011: León,
        Irapuato and Necaxa all on 23 points are 4th, 5th and 6th on goal difference)."""
        return self.annotate(gd=F("goals_for") - F("goals_against")).order_by(
            "-points", "-gd", "-goals_for", "position"
        )


class TieQuerySet(models.QuerySet):
    def for_team(self, team):
        """Every tie a club played, with its legs and their teams, oldest first."""
        return (
            self.filter(Q(higher_seed=team) | Q(lower_seed=team))
            .select_related("round__tournament__season__competition", "higher_seed", "lower_seed")
            .prefetch_related(
                models.Prefetch(
                    "legs", queryset=Leg.objects.select_related("home", "away").order_by("number")
                )
            )
            .order_by(
                "round__tournament__season__start_year",
                "round__tournament__order",
                "round__number",
            )
        )

    def finals(self):
        """Finals of Liguillas: the only tie of its tournament's last round, oldest first,
        with what deciding them needs (two queries however many tournaments)."""
        candidates = (
            self.filter(round__tournament__kind=Tournament.Kind.LIGUILLA)
            .annotate(ties_in_round=Count("round__ties"))
            .filter(ties_in_round=1)
            .select_related("round__tournament__season__competition", "higher_seed", "lower_seed")
            .prefetch_related("legs")
            .order_by(
                "round__tournament__season__start_year",
                "round__tournament__season__slug",
                "round__tournament__order",
            )
        )
        return [tie for tie in candidates if tie.round.number == tie.round.tournament.round_count()]

    def for_bracket(self, tournament):
        """A tournament's ties with teams, round and legs, in bracket order."""
        return (
            self.filter(round__tournament=tournament)
            .select_related("round", "higher_seed", "lower_seed")
            .prefetch_related(models.Prefetch("legs", queryset=Leg.objects.order_by("number")))
            .order_by("round__number", "position")
        )


class LegQuerySet(models.QuerySet):
    def for_tournament(self, tournament):
        return self.filter(tie__round__tournament=tournament)

    def for_match_page(self):
        """A leg with its tie, both legs of the tie (for the aggregate), scorers and
        bookings, in a fixed number of queries."""
        people = ("player", "team")
        return self.select_related(
            "home",
            "away",
            "tie__higher_seed",
            "tie__lower_seed",
            "tie__round__tournament__season__competition",
        ).prefetch_related(
            models.Prefetch("goals", queryset=Goal.objects.select_related(*people)),
            models.Prefetch("bookings", queryset=Booking.objects.select_related(*people)),
            models.Prefetch("tie__legs", queryset=Leg.objects.order_by("number")),
        )

    def played(self):
        return self.filter(home_score__isnull=False)

    def scorers_incomplete(self):
        """Legs with a score but fewer goals recorded than it (see Leg.scorers_incomplete)."""
        return (
            self.played()
            .annotate(recorded_goals=Count("goals"))
            .filter(
                recorded_goals__lt=F("home_score")
                + F("away_score")
                + Coalesce("extra_time_home_score", 0)
                + Coalesce("extra_time_away_score", 0)
            )
        )

    def totals(self):
        """Matches played and goals scored (extra time included, shoot-out kicks not)."""
        played = self.played()
        sums = played.aggregate(
            matches=Count("id"),
            regular=Coalesce(Sum(F("home_score") + F("away_score")), 0),
            extra=Coalesce(
                Sum(
                    F("extra_time_home_score") + F("extra_time_away_score"),
                    filter=Q(extra_time_home_score__isnull=False),
                ),
                0,
            ),
        )
        return sums["matches"], sums["regular"] + sums["extra"]


@dataclass
class ScorerRow:
    """One line of a goalscorers table (own goals never count for a player)."""

    player_id: int
    player_name: str
    player_slug: str
    nationality: str
    team_id: int
    team_name: str
    team_slug: str
    goals: int
    penalties: int
    rank: int = 0


class GoalQuerySet(models.QuerySet):
    def for_tournament(self, tournament):
        return self.filter(leg__tie__round__tournament=tournament)

    def for_season(self, season):
        return self.filter(leg__tie__round__tournament__season=season)

    def for_competition(self, competition):
        return self.filter(leg__tie__round__tournament__season__competition=competition)

    def by_match(self):
        """A player's goals with the match each came in, oldest first."""
        return self.select_related(
            "team", "leg__home", "leg__away", "leg__tie__round__tournament__season__competition"
        ).order_by(
            "leg__tie__round__tournament__season__start_year",
            "leg__tie__round__tournament__order",
            "leg__tie__round__number",
            "leg__number",
            "minute",
            "added_time",
        )

    def scorer_table(self):
        """Goalscorers: goals per player and team, own goals excluded, most goals first;
        players level on goals share a rank (4, 3, 3 → ranks 1, 2, 2)."""
        rows = (
            self.filter(own_goal=False)
            .values(
                "player_id",
                "player__name",
                "player__slug",
                "player__nationality",
                "team_id",
                "team__name",
                "team__slug",
            )
            .annotate(goals=Count("id"), penalties=Count("id", filter=Q(penalty=True)))
            .order_by("-goals", "player__name", "team__name")
        )
        table = [
            ScorerRow(
                player_id=r["player_id"],
                player_name=r["player__name"],
                player_slug=r["player__slug"],
                nationality=r["player__nationality"],
                team_id=r["team_id"],
                team_name=r["team__name"],
                team_slug=r["team__slug"],
                goals=r["goals"],
                penalties=r["penalties"],
            )
            for r in rows
        ]
        for index, row in enumerate(table):
            previous = table[index - 1] if index else None
            row.rank = previous.rank if previous and previous.goals == row.goals else index + 1
        return table

    def top_scorers(self):
        """Every player tied for the most goals."""
        table = self.scorer_table()
        return [row for row in table if row.rank == 1]


# --------------------------------------------------------------------------------------
# Competitions, clubs and people
# --------------------------------------------------------------------------------------


class Competition(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tournaments:competition", kwargs={"competition": self.slug})

    def champions(self) -> list[ChampionRecord]:
        """Champions history with title numbers (see `champion_histories`)."""
        if "_champions" not in self.__dict__:
            self._champions = Competition.champion_histories([self]).get(self.pk, [])
        return self._champions

    @staticmethod
    def champion_histories(competitions=None) -> dict[int, list[ChampionRecord]]:
        """Title-count rule: a club's title count in a competition goes up by one with each
        final it wins; a title number stated for a tournament (history before the site's
        records) takes precedence and the count goes on from it.

        Competition id → its champions, oldest first; one read of the finals for all of
        `competitions` (every competition when None).
        """
        finals = Tie.objects.all()
        if competitions is not None:
            finals = finals.filter(round__tournament__season__competition__in=competitions)
        titles: dict[tuple[int, int], int] = {}
        histories: dict[int, list[ChampionRecord]] = {}
        for final in finals.finals():
            tournament = final.round.tournament
            records = histories.setdefault(tournament.season.competition_id, [])
            winner = final.winner
            if winner is None:
                records.append(ChampionRecord(tournament, None, None, None))
                continue
            key = (tournament.season.competition_id, winner.pk)
            title = tournament.champion_title_override or titles.get(key, 0) + 1
            titles[key] = title
            records.append(ChampionRecord(tournament, winner, final.loser, title))
        return histories

    def title_counts(self) -> list[tuple[Team, int]]:
        """Clubs by the titles they hold in this competition, most first."""
        latest: dict[int, tuple[Team, int]] = {}
        for record in self.champions():
            if record.champion:
                latest[record.champion.pk] = (record.champion, record.title)
        return sorted(latest.values(), key=lambda pair: (-pair[1], pair[0].name))

    @classmethod
    def latest_champions(cls, limit=6) -> list[ChampionRecord]:
        """The most recent champions of every competition together, latest first (titles
        as Competition.champions counts them)."""
        records = [
            record
            for history in cls.champion_histories().values()
            for record in history
            if record.champion
        ]
        records.sort(
            key=lambda r: (
                r.tournament.season.start_year,
                r.tournament.season.slug,
                r.tournament.order,
            ),
            reverse=True,
        )
        return records[:limit]


@dataclass
class ChampionRecord:
    tournament: Tournament
    champion: Team | None
    runner_up: Team | None
    title: int | None


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
        return reverse(
            "tournaments:season",
            kwargs={"competition": self.competition.slug, "season": self.slug},
        )

    def liguillas(self):
        return self.tournaments.liguillas().with_bracket().order_by("order")

    def promotional_final(self):
        return self.tournaments.filter(kind=Tournament.Kind.PROMOTIONAL_FINAL).first()

    def promotion(self) -> Promotion:
        """Promotional final rule: the Apertura and Clausura champions meet in a two-legged
        final; if one club won both, it is promoted without a final."""
        champions = [t.champion() for t in self.liguillas()]
        if len(champions) < 2 or None in champions:
            return Promotion(status=Promotion.PENDING, champions=champions)
        if len({c.pk for c in champions}) == 1:
            return Promotion(status=Promotion.DIRECT, champions=champions, promoted=champions[0])
        final = self.promotional_final()
        promoted = final.champion() if final else None
        return Promotion(
            status=Promotion.DECIDED if promoted else Promotion.FINAL,
            champions=champions,
            promoted=promoted,
            final=final,
        )

    def create_promotional_final(self, tiebreak=None):
        """Create the promotional final between two different champions.

        Seeding rule for the final: the champion with more points over the season's
        general tables is the higher seed (hosts the second leg); then goal difference,
        then goals for, then the later tournament's champion.
        """
        promotion = self.promotion()
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
            final = Tournament.objects.create(
                season=self,
                name=str(_("Promotional final")),
                slug="promotional-final",
                order=order,
                kind=Tournament.Kind.PROMOTIONAL_FINAL,
                qualifiers=2,
                timezone=self.tournaments.first().timezone,
            )
            for position, (_index, team) in enumerate(ranked, start=1):
                TournamentEntry.objects.create(tournament=final, team=team, position=position)
            Round.objects.create(
                tournament=final,
                number=1,
                name="Promotional final",
                tiebreak=list(tiebreak or CUP_FINAL_TIEBREAK),
            )
            final.advance()
        return final

    create_promotional_final.alters_data = True


@dataclass
class Promotion:
    PENDING = "pending"
    DIRECT = "direct"
    FINAL = "final"
    DECIDED = "decided"

    status: str
    champions: list = field(default_factory=list)
    promoted: Team | None = None
    final: Tournament | None = None


def search_by_name(queryset, text, limit=50):
    """Name search that ignores accents and case ("leon" finds León), matching every
    word of `text` anywhere in the name."""
    words = normalize_name(text).split()
    if not words:
        return queryset.none()
    ids = [
        pk
        for pk, name in queryset.values_list("pk", "name")
        if all(word in normalize_name(name) for word in words)
    ][:limit]
    return queryset.filter(pk__in=ids)


class TeamQuerySet(models.QuerySet):
    def search(self, text):
        return search_by_name(self, text)

    def matching(self, name):
        """Teams whose name or a known alias is `name`, ignoring accents and case."""
        wanted = normalize_name(name)
        candidates = self.prefetch_related("aliases")
        return [
            team
            for team in candidates
            if wanted
            in {normalize_name(team.name)}
            | {normalize_name(alias.name) for alias in team.aliases.all()}
        ]


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
        return reverse("tournaments:team", kwargs={"team": self.slug})

    def titles(self) -> list[ChampionRecord]:
        """The titles this club won, with which title each was (counted by
        Competition.champions), oldest first."""
        competitions = Competition.objects.filter(
            seasons__tournaments__entries__team=self
        ).distinct()
        return [
            record
            for competition in competitions
            for record in competition.champions()
            if record.champion and record.champion.pk == self.pk
        ]


class TeamAlias(models.Model):
    """Another way sources write a club's name ("Santos" for "Santos Laguna")."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("team")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team alias")
        verbose_name_plural = _("team aliases")

    def __str__(self):
        return f"{self.name} → {self.team}"


class PersonQuerySet(models.QuerySet):
    def search(self, text):
        return search_by_name(self, text)


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
        return reverse("tournaments:player", kwargs={"player": self.slug})

    @staticmethod
    def unique_slug(name, taken=()):
        """A slug for `name` not used by another person (gonzalez, gonzalez-2, …)."""
        base = slugify(name) or "person"
        slug, n = base, 1
        while slug in taken or Person.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


# --------------------------------------------------------------------------------------
# Tournaments and their general table
# --------------------------------------------------------------------------------------


class Tournament(models.Model):
    class Kind(models.TextChoices):
        LIGUILLA = "liguilla", _("Liguilla")
        PROMOTIONAL_FINAL = "promotional_final", _("Promotional final")

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
        return f"{self.season.competition} {self.name}"

    def get_absolute_url(self):
        return reverse("tournaments:tournament", kwargs=self.url_kwargs())

    def url_kwargs(self):
        return {
            "competition": self.season.competition.slug,
            "season": self.season.slug,
            "tournament": self.slug,
        }

    # -- seeding ------------------------------------------------------------------------

    def seeds(self) -> list[TournamentEntry]:
        """Seeding rule: the top `qualifiers` entries of the general table, best first.
        Read once per instance (`forget_seeds()` after changing the table)."""
        if "_seeds" not in self.__dict__:
            self._seeds = list(
                self.entries.seeded().select_related("team", "manager", "captain")[
                    : self.qualifiers
                ]
            )
        return self._seeds

    def seed_numbers(self) -> dict[int, int]:
        """Team id → seed (1 is the best)."""
        return {entry.team_id: n for n, entry in enumerate(self.seeds(), start=1)}

    def forget_seeds(self):
        self.__dict__.pop("_seeds", None)

    def bye_teams(self) -> list[Team]:
        """Bye rule: the bracket is the next power of two and the top seeds fill the gap
        (7 qualifiers: seed 1 goes straight to the semi-finals; 12: seeds 1-4)."""
        byes, _playing = bracket.split_byes([e.team for e in self.seeds()])
        return byes

    def round_count(self) -> int:
        return bracket.round_count(self.qualifiers)

    def neighbours(self) -> tuple[Tournament | None, Tournament | None]:
        """The previous and next Liguilla of the same competition, in season order."""
        siblings = list(
            Tournament.objects.liguillas()
            .filter(season__competition_id=self.season.competition_id)
            .select_related("season__competition")
            .chronological()
        )
        index = next((i for i, t in enumerate(siblings) if t.pk == self.pk), None)
        if index is None:
            return None, None
        previous = siblings[index - 1] if index > 0 else None
        following = siblings[index + 1] if index + 1 < len(siblings) else None
        return previous, following

    def bracket_columns(self) -> list[BracketColumn]:
        """The bracket as columns, one per round of the knockout: the ties drawn so far,
        the teams with a bye in the first round, and empty slots for ties not yet drawn
        (a round has half as many ties as the one before; byes fill the first)."""
        rounds = {r.number: r for r in self.rounds.all()}
        size = bracket.bracket_size(self.qualifiers)
        byes = self.bye_teams()
        columns = []
        for number in range(1, self.round_count() + 1):
            round_ = rounds.get(number)
            ties = list(round_.ties.all()) if round_ else []
            expected = size // 2**number - (len(byes) if number == 1 else 0)
            columns.append(
                BracketColumn(
                    number=number,
                    name=round_.name if round_ else bracket.round_name(size // 2 ** (number - 1)),
                    round=round_,
                    ties=ties,
                    byes=byes if number == 1 else [],
                    pending=max(expected - len(ties), 0),
                )
            )
        return columns

    # -- pairings -----------------------------------------------------------------------

    def rounds_in_order(self) -> list[Round]:
        return sorted(self.rounds.all(), key=lambda r: r.number)

    def teams_for_round(self, number: int) -> list[Team] | None:
        """The teams that play round `number`, best seed first, or None while the round
        before it is undecided. Round 1 is the qualifiers without byes; every later round
        is the previous round's winners plus, in round 2, the teams that had byes."""
        seeds = self.seed_numbers()
        entries = self.seeds()
        if number == 1:
            _byes, playing = bracket.split_byes([e.team for e in entries])
            return playing
        previous = next((r for r in self.rounds.all() if r.number == number - 1), None)
        ties = list(previous.ties.all()) if previous else []
        if not ties or any(not tie.is_decided for tie in ties):
            return None
        teams = [tie.winner for tie in ties]
        if number == 2:
            teams += self.bye_teams()
        return sorted(teams, key=lambda team: seeds[team.pk])

    def expected_pairings(self, number: int) -> list[tuple[Team, Team]] | None:
        """Re-seeding rule: each round pairs the best remaining seed with the worst, the
        second-best with the second-worst, and so on; (higher seed, lower seed) pairs."""
        teams = self.teams_for_round(number)
        return None if teams is None else bracket.pair_best_with_worst(teams)

    def next_round_number(self) -> int | None:
        """The first round that has no ties yet, or None when every round is drawn."""
        for number in range(1, self.round_count() + 1):
            round_ = next((r for r in self.rounds.all() if r.number == number), None)
            if round_ is None or not round_.ties.exists():
                return number
        return None

    def advance(self, number: int | None = None) -> list[Tie]:
        """Advancing rule: once every tie of a round is decided, create the next round's
        ties from its winners (plus the teams that had byes), re-seeded, best against
        worst, the lower seed at home in the first leg and the higher seed in the second.

        `number` is the round to create (default: the first round without ties). Creating a
        round that already has its ties returns [] and changes nothing, so a repeated or
        concurrent request is harmless; the tournament row is locked while it runs and
        unique constraints on (round, team) back this up. Raises AdvanceError, with the
        undecided ties and what they miss, while the previous round is unfinished.
        """
        with transaction.atomic():
            locked = Tournament.objects.select_for_update().get(pk=self.pk)
            # Fresh reads inside the lock; nothing cached from before it.
            locked = Tournament.objects.with_bracket().get(pk=locked.pk)
            if number is None:
                number = locked.next_round_number()
                if number is None:
                    raise AdvanceError(_("Every round of this tournament has been drawn."))
            if not 1 <= number <= locked.round_count():
                raise AdvanceError(
                    _("This tournament has %(count)s rounds; there is no round %(number)s."),
                    params={"count": locked.round_count(), "number": number},
                )
            round_ = next((r for r in locked.rounds.all() if r.number == number), None)
            if round_ is not None and round_.ties.exists():
                return []
            pairings = locked.expected_pairings(number)
            if pairings is None:
                previous = next(r for r in locked.rounds.all() if r.number == number - 1)
                raise AdvanceError(previous.unfinished_message())
            if round_ is None:
                round_ = locked._create_round(number)
            created = round_.create_ties(pairings)
        self.forget_seeds()
        return created

    advance.alters_data = True

    def _create_round(self, number):
        """A round not planned in advance takes its name from the bracket and the
        tiebreak of the round before it (the Liguilla default for the first round)."""
        previous = next((r for r in self.rounds.all() if r.number == number - 1), None)
        slots = bracket.bracket_size(self.qualifiers) // 2 ** (number - 1)
        return Round.objects.create(
            tournament=self,
            number=number,
            name=bracket.round_name(slots),
            tiebreak=list(previous.tiebreak if previous else LIGUILLA_TIEBREAK),
        )

    def refresh_pairings(self) -> list[str]:
        """Correction rule: after a result changes, every later round's pairings must still
        follow from the rounds before it. A round whose pairings no longer follow and that
        has no results yet is redrawn (or cleared, if the round before is now undecided);
        one that already has results is never touched: CorrectionRefused is raised and the
        surrounding transaction rolls back, so nothing is silently lost.

        Returns a line per change made.
        """
        changes = []
        with transaction.atomic():
            Tournament.objects.select_for_update().get(pk=self.pk)
            fresh = Tournament.objects.with_bracket().get(pk=self.pk)
            for round_ in fresh.rounds_in_order()[1:]:
                ties = list(round_.ties.all())
                if not ties:
                    continue
                expected = fresh.expected_pairings(round_.number)
                actual = [(tie.higher_seed, tie.lower_seed) for tie in ties]
                if expected == actual:
                    continue
                if round_.has_results():
                    raise CorrectionRefused(
                        _(
                            "This correction changes who plays in the %(round)s, which "
                            "already has results. Clear those results first."
                        ),
                        params={"round": round_.name},
                    )
                round_.ties.all().delete()
                changes.append(f"{round_.name}: pairings cleared")
                if expected is not None:
                    round_.create_ties(expected)
                    changes.append(
                        f"{round_.name}: redrawn as "
                        + "; ".join(f"{h} v {lo}" for h, lo in expected)
                    )
                # Later rounds follow from this one: re-read before checking them.
                fresh = Tournament.objects.with_bracket().get(pk=self.pk)
        self.forget_seeds()
        return changes

    refresh_pairings.alters_data = True

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
        if self.champion_title_override and self.champion():
            return self.champion_title_override
        for record in self.season.competition.champions():
            if record.tournament.pk == self.pk:
                return record.title
        return None

    def summary(self) -> TournamentSummary:
        """Outcome rule: champion, runner-up, matches played, goals scored (extra time
        included, shoot-outs not) and the top scorer(s), own goals excluded."""
        matches, goals = Leg.objects.for_tournament(self).totals()
        return TournamentSummary(
            champion=self.champion(),
            champion_title=self.champion_title(),
            runner_up=self.runner_up(),
            matches=matches,
            goals=goals,
            top_scorers=Goal.objects.for_tournament(self).top_scorers(),
        )


@dataclass
class BracketColumn:
    number: int
    name: str
    round: Round | None
    ties: list
    byes: list
    pending: int

    @property
    def pending_slots(self):
        return range(self.pending)


@dataclass
class TournamentSummary:
    champion: Team | None
    champion_title: int | None
    runner_up: Team | None
    matches: int
    goals: int
    top_scorers: list[ScorerRow]

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
                condition=Q(points=3 * F("won") + F("drawn") - F("points_deducted")),
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
        """Table arithmetic: W + D + L = Pld and Pts = 3W + D less any recorded deduction."""
        errors = {}
        if self.won + self.drawn + self.lost != self.played:
            errors["played"] = _("Won + drawn + lost is %(sum)s, but played is %(played)s.") % {
                "sum": self.won + self.drawn + self.lost,
                "played": self.played,
            }
        expected = 3 * self.won + self.drawn - self.points_deducted
        if self.points != expected:
            errors["points"] = _(
                "3 × won + drawn%(less)s is %(expected)s, but points is %(points)s."
            ) % {
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


# --------------------------------------------------------------------------------------
# Rounds, ties, legs and what happened in them
# --------------------------------------------------------------------------------------


class Round(models.Model):
    tournament = models.ForeignKey(
        Tournament, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("tournament")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=60)
    tiebreak = models.JSONField(
        _("tiebreak"),
        default=list,
        help_text=_(
            "How ties are decided, in order: aggregate, then any of away_goals, extra_time, "
            "penalties, table_position."
        ),
    )

    class Meta:
        ordering = ["tournament", "number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["tournament", "number"], name="round_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
        ]

    def __str__(self):
        return f"{self.tournament.name} {self.name}"

    def clean(self):
        """A round's tiebreak list starts with the aggregate, names each rule once, plays
        extra time before penalties, and ends with a rule that cannot leave a tie level."""
        rules = self.tiebreak
        valid = set(Tiebreak.values)
        if not isinstance(rules, list) or not rules:
            raise ValidationError({"tiebreak": _("List how ties are decided.")})
        unknown = [r for r in rules if r not in valid]
        if unknown:
            raise ValidationError(
                {"tiebreak": _("Unknown tiebreak: %(rules)s.") % {"rules": ", ".join(unknown)}}
            )
        if rules[0] != Tiebreak.AGGREGATE:
            raise ValidationError({"tiebreak": _("The aggregate score always decides first.")})
        if len(set(rules)) != len(rules):
            raise ValidationError({"tiebreak": _("Each tiebreak may appear once.")})
        if rules[-1] not in DECISIVE_TIEBREAKS:
            raise ValidationError(
                {"tiebreak": _("The last tiebreak must be penalties or table position.")}
            )
        if (
            Tiebreak.EXTRA_TIME in rules
            and Tiebreak.PENALTIES in rules
            and rules.index(Tiebreak.PENALTIES) < rules.index(Tiebreak.EXTRA_TIME)
        ):
            raise ValidationError({"tiebreak": _("Extra time comes before penalties.")})

    def has_results(self) -> bool:
        return any(leg.is_played for tie in self.ties.all() for leg in tie.legs.all())

    def is_finished(self) -> bool:
        ties = list(self.ties.all())
        return bool(ties) and all(tie.is_decided for tie in ties)

    def undecided_ties(self) -> list[Tie]:
        return [tie for tie in self.ties.all() if not tie.is_decided]

    def unfinished_message(self) -> str:
        undecided = self.undecided_ties()
        if not undecided:
            return str(_("The %(round)s has no ties yet.") % {"round": self.name})
        details = "; ".join(f"{tie.pairing_label()}: {tie.missing}" for tie in undecided)
        return str(
            _("The %(round)s is not finished. Undecided: %(details)s.")
            % {"round": self.name, "details": details}
        )

    def create_ties(self, pairings) -> list[Tie]:
        """Create one tie per (higher seed, lower seed) pair with both legs: the lower
        seed hosts the first leg, the higher seed the second (home-and-away rule)."""
        created = []
        for position, (higher, lower) in enumerate(pairings, start=1):
            tie = Tie.objects.create(
                round=self, position=position, higher_seed=higher, lower_seed=lower
            )
            Leg.objects.create(tie=tie, number=1, home=lower, away=higher)
            Leg.objects.create(tie=tie, number=2, home=higher, away=lower)
            created.append(tie)
        return created

    create_ties.alters_data = True

    def bye_teams(self) -> list[Team]:
        return self.tournament.bye_teams() if self.number == 1 else []

    def leg_days(self) -> list[tuple[int, list[Leg]]]:
        """The round's matches as a fixture list: every first leg, then every second
        leg, each in tie order: [(1, [legs]), (2, [legs])]."""
        by_number: dict[int, list[Leg]] = {}
        for tie in self.ties.all():
            for leg in tie.legs.all():
                by_number.setdefault(leg.number, []).append(leg)
        return sorted(by_number.items())


@dataclass
class TieLine:
    team: Team
    seed: int | None
    legs: list
    aggregate: int | None
    advanced: bool


@dataclass(frozen=True)
class Decision:
    """How a tie stands: its winner and the rule that decided it, or what is missing."""

    winner: Team | None = None
    loser: Team | None = None
    decided_by: str | None = None
    missing: str = ""


class Tie(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="ties", verbose_name=_("round")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("Order within the round, 1 is the best seed's tie.")
    )
    higher_seed = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("higher seed")
    )
    lower_seed = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", verbose_name=_("lower seed")
    )

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["round", "position"]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")
        constraints = [
            models.CheckConstraint(
                condition=~Q(higher_seed=F("lower_seed")), name="tie_team_cannot_play_itself"
            ),
            models.UniqueConstraint(fields=["round", "higher_seed"], name="tie_unique_higher"),
            models.UniqueConstraint(fields=["round", "lower_seed"], name="tie_unique_lower"),
            models.UniqueConstraint(fields=["round", "position"], name="tie_unique_position"),
        ]

    def __str__(self):
        return f"{self.pairing_label()} ({self.round.name})"

    def pairing_label(self):
        return f"{self.higher_seed} v {self.lower_seed}"

    def clean(self):
        if self.higher_seed_id and self.higher_seed_id == self.lower_seed_id:
            raise ValidationError({"lower_seed": _("A team cannot play itself.")})

    # Legs are read through the (prefetchable) related manager so a bracket page costs
    # the same number of queries for 7 teams as for 64.
    def legs_by_number(self, legs=None) -> dict[int, Leg]:
        return {leg.number: leg for leg in (self.legs.all() if legs is None else legs)}

    @property
    def first_leg(self) -> Leg | None:
        return self.legs_by_number().get(1)

    @property
    def second_leg(self) -> Leg | None:
        return self.legs_by_number().get(2)

    def goals_for(self, team_id, legs=None, *, extra_time=True) -> int:
        total = 0
        for leg in self.legs_by_number(legs).values():
            if leg.is_played:
                total += leg.goals_of(team_id, extra_time=extra_time)
        return total

    def away_goals_for(self, team_id, legs=None) -> int:
        """Goals a team scored as the visitor, in regular time."""
        return sum(
            leg.goals_of(team_id, extra_time=False)
            for leg in self.legs_by_number(legs).values()
            if leg.is_played and leg.away_id == team_id
        )

    def aggregate(self, legs=None) -> tuple[int, int] | None:
        """(higher seed's goals, lower seed's goals) over the legs played, extra time
        included; None before any leg has a result."""
        if not any(leg.is_played for leg in self.legs_by_number(legs).values()):
            return None
        return (
            self.goals_for(self.higher_seed_id, legs),
            self.goals_for(self.lower_seed_id, legs),
        )

    def decision(self, legs=None) -> Decision:
        """Deciding rule: the aggregate score over both legs; when it is level, the round's
        ordered tiebreak list decides: away goals, extra time after the second leg, a
        penalty shoot-out, or the higher seed's better table position.

        `legs` lets a form ask what a not-yet-saved result would mean.
        """
        by_number = self.legs_by_number(legs)
        first, second = by_number.get(1), by_number.get(2)
        if first is None or not first.is_played:
            return Decision(missing=str(_("the first leg has no result yet")))
        if second is None or not second.is_played:
            return Decision(missing=str(_("the second leg has no result yet")))
        higher, lower = self.higher_seed, self.lower_seed

        def win(team, rule):
            return Decision(winner=team, loser=lower if team == higher else higher, decided_by=rule)

        def by_count(high, low, rule):
            if high != low:
                return win(higher if high > low else lower, rule)
            return None

        for rule in self.round.tiebreak:
            if rule == Tiebreak.AGGREGATE:
                result = by_count(
                    self.goals_for(higher.pk, by_number.values(), extra_time=False),
                    self.goals_for(lower.pk, by_number.values(), extra_time=False),
                    rule,
                )
            elif rule == Tiebreak.AWAY_GOALS:
                result = by_count(
                    self.away_goals_for(higher.pk, by_number.values()),
                    self.away_goals_for(lower.pk, by_number.values()),
                    rule,
                )
            elif rule == Tiebreak.EXTRA_TIME:
                if not second.has_extra_time:
                    return Decision(missing=str(_("level on aggregate: extra time not entered")))
                result = by_count(
                    self.goals_for(higher.pk, by_number.values()),
                    self.goals_for(lower.pk, by_number.values()),
                    rule,
                )
            elif rule == Tiebreak.PENALTIES:
                if not second.has_penalties:
                    return Decision(missing=str(_("level: penalty shoot-out not entered")))
                result = by_count(
                    second.penalties_of(higher.pk), second.penalties_of(lower.pk), rule
                )
            elif rule == Tiebreak.TABLE_POSITION:
                result = win(higher, rule)
            else:  # pragma: no cover - Round.clean() rejects unknown rules
                result = None
            if result:
                return result
        return Decision(missing=str(_("still level after every tiebreak of the round")))

    @property
    def _decision(self) -> Decision:
        # Cached per instance: a page asks for winner, reason and loser of the same tie.
        if "_decision_cache" not in self.__dict__:
            self.__dict__["_decision_cache"] = self.decision()
        return self.__dict__["_decision_cache"]

    @property
    def winner(self) -> Team | None:
        return self._decision.winner

    @property
    def loser(self) -> Team | None:
        return self._decision.loser

    @property
    def decided_by(self) -> str | None:
        return self._decision.decided_by

    @property
    def is_decided(self) -> bool:
        return self._decision.winner is not None

    @property
    def missing(self) -> str:
        return self._decision.missing

    # -- how a fan reads the tie --------------------------------------------------------

    @property
    def higher_seed_number(self) -> int | None:
        return self.round.tournament.seed_numbers().get(self.higher_seed_id)

    @property
    def lower_seed_number(self) -> int | None:
        return self.round.tournament.seed_numbers().get(self.lower_seed_id)

    def lines(self) -> list[TieLine]:
        """The tie as two lines, higher seed first: each team's seed, its goals in each
        leg (None for a leg not yet played; extra time counts in the second leg), its
        aggregate and whether it went through."""
        legs = [self.first_leg, self.second_leg]
        aggregate = self.aggregate()
        result = []
        for index, (team, seed) in enumerate(
            ((self.higher_seed, self.higher_seed_number), (self.lower_seed, self.lower_seed_number))
        ):
            result.append(
                TieLine(
                    team=team,
                    seed=seed,
                    legs=[leg.goals_of(team.pk) if leg and leg.is_played else None for leg in legs],
                    aggregate=aggregate[index] if aggregate else None,
                    advanced=self.winner is not None and self.winner.pk == team.pk,
                )
            )
        return result

    def upcoming_legs(self) -> list[Leg]:
        """The legs still to be played, for an undecided tie ("2nd leg: 27 Nov")."""
        return [leg for leg in self.legs.all() if not leg.is_played]

    def winner_score(self) -> str:
        """The aggregate from the winner's side ("3–0"), extra time included."""
        high, low = self.aggregate() or (0, 0)
        if self.winner is not None and self.winner.pk == self.lower_seed_id:
            high, low = low, high
        return f"{high}–{low}"

    def shootout_score(self) -> str:
        """The penalty shoot-out from the winner's side ("4–3"), or ""."""
        second = self.second_leg
        if self.winner is None or second is None or not second.has_penalties:
            return ""
        return f"{second.penalties_of(self.winner.pk)}–{second.penalties_of(self.loser.pk)}"

    def reason(self) -> str:
        """Why the winner went through when the aggregate alone did not say it ("on table
        position", "on penalties 4–3"); "" for a plain aggregate win or an open tie."""
        reasons = {
            Tiebreak.TABLE_POSITION: _("on table position"),
            Tiebreak.AWAY_GOALS: _("on away goals"),
            Tiebreak.EXTRA_TIME: _("after extra time"),
        }
        if self.decided_by == Tiebreak.PENALTIES:
            return str(_("on penalties %(score)s") % {"score": self.shootout_score()})
        return str(reasons.get(self.decided_by, ""))

    def outcome(self) -> str:
        """The tie's outcome line ("León advanced 3–0 on aggregate"; "Correcaminos
        advanced on their better position in the table, 2–2 on aggregate"), "" while
        the tie is undecided."""
        if self.winner is None:
            return ""
        params = {
            "team": self.winner.name,
            "score": self.winner_score(),
            "shootout": self.shootout_score(),
        }
        lines = {
            Tiebreak.AGGREGATE: _("%(team)s advanced %(score)s on aggregate"),
            Tiebreak.TABLE_POSITION: _(
                "%(team)s advanced on their better position in the table, %(score)s on aggregate"
            ),
            Tiebreak.AWAY_GOALS: _("%(team)s advanced on away goals, %(score)s on aggregate"),
            Tiebreak.EXTRA_TIME: _("%(team)s advanced %(score)s on aggregate after extra time"),
            Tiebreak.PENALTIES: _(
                "%(team)s advanced %(shootout)s on penalties, %(score)s on aggregate"
            ),
        }
        return str(lines[self.decided_by] % params)


class Leg(models.Model):
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
                condition=Q(extra_time_home_score__isnull=True, extra_time_away_score__isnull=True)
                | Q(
                    extra_time_home_score__isnull=False,
                    extra_time_away_score__isnull=False,
                    home_score__isnull=False,
                    number=2,
                ),
                name="leg_extra_time_complete",
            ),
            models.CheckConstraint(
                condition=Q(penalties_home__isnull=True, penalties_away__isnull=True)
                | Q(
                    penalties_home__isnull=False,
                    penalties_away__isnull=False,
                    home_score__isnull=False,
                    number=2,
                ),
                name="leg_penalties_complete",
            ),
        ]

    def __str__(self):
        score = f"{self.home_score}–{self.away_score}" if self.is_played else "v"
        ordinal = _("1st leg") if self.number == 1 else _("2nd leg")
        return f"{self.home} {score} {self.away} ({self.tie.round.name}, {ordinal})"

    def get_absolute_url(self):
        tie = self.tie
        return reverse(
            "tournaments:leg",
            kwargs={
                **tie.round.tournament.url_kwargs(),
                "round": tie.round.number,
                "tie": tie.position,
                "leg": self.number,
            },
        )

    @property
    def is_played(self) -> bool:
        return self.home_score is not None and self.away_score is not None

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
        if {self.home_id, self.away_id} != teams:
            errors["home"] = _("Home and away must be the tie's two teams.")
        elif self.number == 1 and self.home_id != tie.lower_seed_id:
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
        errors.update(self._clean_extra_time(others))
        errors.update(self._clean_goal_tally())
        if errors:
            raise ValidationError(errors)
        self.check_correction(others)

    def goal_tally_errors(self, goals) -> dict[str, str]:
        """Tally rule: a team's recorded goals never outnumber its score, in regular time
        (minutes up to 90) and in extra time separately; fewer is allowed (scorers often
        come later). `goals` may be unsaved (an admin formset); returns errors keyed by
        the score field that is too low."""
        counts = {}
        for goal in goals:
            period = "extra" if goal.in_extra_time else "regular"
            counts[goal.team_id, period] = counts.get((goal.team_id, period), 0) + 1
        errors = {}
        sides = [
            (self.home_id, "home_score", self.home_score, "extra_time_home_score"),
            (self.away_id, "away_score", self.away_score, "extra_time_away_score"),
        ]
        for team_id, field_name, score, extra_field in sides:
            team = self.home if team_id == self.home_id else self.away
            for period, name, allowed in (
                ("regular", field_name, score),
                ("extra", extra_field, getattr(self, extra_field)),
            ):
                recorded = counts.get((team_id, period), 0)
                if recorded and recorded > (allowed or 0):
                    errors[name] = _(
                        "%(team)s has %(recorded)s goals recorded in %(period)s, more than "
                        "this score allows (%(allowed)s); remove scorers first."
                    ) % {
                        "team": team,
                        "recorded": recorded,
                        "period": _("extra time") if period == "extra" else _("regular time"),
                        "allowed": allowed or 0,
                    }
        return errors

    def _clean_extra_time(self, others):
        errors = {}
        rules = self.tie.round.tiebreak
        legs = [*others, self]
        if self.has_extra_time or (self.extra_time_away_score is not None):
            if self.number != 2 or not self.is_played:
                errors["extra_time_home_score"] = _("Extra time is played after a second leg.")
            elif Tiebreak.EXTRA_TIME not in rules:
                errors["extra_time_home_score"] = _("This round has no extra time.")
            elif self.extra_time_away_score is None or self.extra_time_home_score is None:
                errors["extra_time_away_score"] = _("Enter both extra-time scores, or neither.")
            elif not self._level_before(Tiebreak.EXTRA_TIME, legs):
                errors["extra_time_home_score"] = _(
                    "Extra time is only played when the tie is level after the second leg."
                )
        if self.has_penalties or self.penalties_away is not None:
            if self.number != 2 or not self.is_played:
                errors["penalties_home"] = _("A shoot-out only follows a second leg.")
            elif Tiebreak.PENALTIES not in rules:
                errors["penalties_home"] = _("This round has no penalty shoot-out.")
            elif self.penalties_away is None or self.penalties_home is None:
                errors["penalties_away"] = _("Enter both shoot-out scores, or neither.")
            elif Tiebreak.EXTRA_TIME in rules and not self.has_extra_time:
                errors["penalties_home"] = _("Enter extra time before the shoot-out.")
            elif not self._level_before(Tiebreak.PENALTIES, legs):
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
        return self.goal_tally_errors(self.goals.all())

    def _level_before(self, rule, legs) -> bool:
        """Is the tie still level when the round's tiebreak list reaches `rule`?"""
        tie = self.tie
        rules = tie.round.tiebreak
        earlier = rules[: rules.index(rule)]
        h, lo = tie.higher_seed_id, tie.lower_seed_id
        for step in earlier:
            if step == Tiebreak.AGGREGATE and tie.goals_for(
                h, legs, extra_time=False
            ) != tie.goals_for(lo, legs, extra_time=False):
                return False
            if step == Tiebreak.AWAY_GOALS and tie.away_goals_for(h, legs) != tie.away_goals_for(
                lo, legs
            ):
                return False
            if step == Tiebreak.EXTRA_TIME and tie.goals_for(h, legs) != tie.goals_for(lo, legs):
                return False
        return True

    def check_correction(self, others=None):
        """Correction rule, asked before saving: a result that changes who advances from
        this tie is refused once the next round already has results."""
        tie = self.tie
        if self.pk is None:
            return
        others = [leg for leg in tie.legs.all() if leg.pk != self.pk] if others is None else others
        before = tie.decision()
        after = tie.decision(legs=[*others, self])
        if before.winner == after.winner:
            return
        later = Round.objects.filter(
            tournament_id=tie.round.tournament_id, number__gt=tie.round.number
        ).prefetch_related("ties__legs")
        for round_ in later:
            if round_.has_results():
                raise CorrectionRefused(
                    _(
                        "This result changes who advances from %(tie)s, but the %(round)s "
                        "already has results. Clear those results first."
                    ),
                    params={"tie": tie.pairing_label(), "round": round_.name},
                )

    def record_result(self, home_score, away_score, *, extra_time=None, penalties=None):
        """Enter or correct a leg's score (extra time and penalties as (home, away) pairs),
        validate it like a form would, save it, and bring later rounds in line."""
        self.home_score, self.away_score = home_score, away_score
        self.extra_time_home_score, self.extra_time_away_score = extra_time or (None, None)
        self.penalties_home, self.penalties_away = penalties or (None, None)
        with transaction.atomic():
            self.full_clean()
            self.version = F("version") + 1
            self.save()
            self.refresh_from_db()
            return self.tie.round.tournament.refresh_pairings()

    record_result.alters_data = True

    def check_version(self, expected_version: int):
        """Optimistic locking, asked before saving (a form's clean): StaleEdit when someone
        saved the leg since the edit began at `expected_version`."""
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

    def save_edit(self, expected_version: int):
        """Optimistic locking rule: an edit begun when the leg was at `expected_version` is
        saved only if nobody saved the leg since; otherwise StaleEdit, and nothing changes.

        The version is claimed with a conditional UPDATE, so of two simultaneous edits
        begun at the same version exactly one wins: on PostgreSQL the second UPDATE waits
        for the first transaction's row lock, then finds the version moved on. Call it
        inside the transaction that also saves the leg's goals and bookings."""
        with transaction.atomic():
            claimed = Leg.objects.filter(pk=self.pk, version=expected_version).update(
                version=F("version") + 1
            )
            if not claimed:
                raise self._stale()
            self.version = expected_version + 1
            self.save()

    save_edit.alters_data = True


@dataclass
class LegSide:
    team: Team
    score: int | None
    goals: list
    bookings: list


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
        return f"{self.player.name} {self.minute_label()} ({self.team})"

    def minute_label(self) -> str:
        label = f"{self.minute}+{self.added_time}'" if self.added_time else f"{self.minute}'"
        if self.penalty:
            label += " (pen.)"
        if self.own_goal:
            label += " (o.g.)"
        return label

    @property
    def in_extra_time(self) -> bool:
        return self.minute > 90

    def clean(self):
        """A goal is credited to one of the leg's teams; the scorer plays for that team
        (for an own goal, for the other); a leg never has more goals than its score."""
        if self.leg_id is None:
            return
        errors = {}
        leg = self.leg
        if self.team_id not in (leg.home_id, leg.away_id):
            errors["team"] = _("The team credited must be one of the leg's two teams.")
        elif not leg.is_played:
            errors["team"] = _("Enter the leg's score before its scorers.")
        else:
            errors.update(self._clean_tally(leg))
            errors.update(self._clean_scorer(leg))
        if errors:
            raise ValidationError(errors)

    def _clean_tally(self, leg):
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
        siblings = leg.goals.filter(team_id=self.team_id).exclude(pk=self.pk)
        siblings = siblings.filter(minute__gt=90) if extra else siblings.filter(minute__lte=90)
        if siblings.count() + 1 > allowed:
            return {
                "team": _("%(team)s scored %(allowed)s in %(period)s; this would be goal %(n)s.")
                % {
                    "team": self.team,
                    "allowed": allowed,
                    "period": _("extra time") if extra else _("regular time"),
                    "n": siblings.count() + 1,
                }
            }
        return {}

    def _clean_scorer(self, leg):
        other = leg.away_id if self.team_id == leg.home_id else leg.home_id
        plays_for = other if self.own_goal else self.team_id
        tournament_id = leg.tie.round.tournament_id
        squads = SquadMember.objects.filter(tournament_id=tournament_id, person_id=self.player_id)
        if squads.exists() and not squads.filter(team_id=plays_for).exists():
            if self.own_goal:
                return {"player": _("An own goal is scored by a player of the other team.")}
            return {"player": _("The scorer does not play for the team credited.")}
        return {}


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
        minute = f" {self.minute}'" if self.minute else ""
        return f"{self.player.name} ({self.team}) {self.get_colour_display()}{minute}"

    def clean(self):
        """A booked player plays for one of the leg's two teams."""
        if self.leg_id is None:
            return
        errors = {}
        leg = self.leg
        if self.team_id not in (leg.home_id, leg.away_id):
            errors["team"] = _("The team must be one of the leg's two teams.")
        else:
            squads = SquadMember.objects.filter(
                tournament_id=leg.tie.round.tournament_id, person_id=self.player_id
            )
            if squads.exists() and not squads.filter(team_id=self.team_id).exists():
                errors["player"] = _("This player does not play for that team.")
        if errors:
            raise ValidationError(errors)


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
