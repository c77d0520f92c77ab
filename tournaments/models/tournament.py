"""A tournament, its general table (entries) and squads; rules of a whole tournament."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import bracket, formats
from .. import table as table_rules
from ..display import round_name
from ..reversing import cached_reverse
from ..vocabulary import RoundKind
from .competition import Person, Season, Team, validate_timezone
from .errors import AdvanceError, CorrectionRefused
from .querysets import EntryQuerySet, ScorerRow, TournamentQuerySet

if TYPE_CHECKING:
    from .knockout import Round, Tie

# --------------------------------------------------------------------------------------
# Tournaments and their general table
# --------------------------------------------------------------------------------------


class Tournament(models.Model):
    class Kind(models.TextChoices):
        LIGUILLA = "liguilla", _("Liguilla")
        PROMOTIONAL_FINAL = "promotional_final", _("Promotional final")
        CHAMPIONS_FINAL = "champions_final", _("Champion of champions")

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
        choices=[(f.key, f.key) for f in formats.FORMATS.values()],
        help_text=_(
            "A format of the catalogue (play-in, reclassification…); empty: the top "
            "qualifiers in a bracket with byes, best against worst."
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

    # -- seeding ------------------------------------------------------------------------

    def seeds(self) -> list[TournamentEntry]:
        """Seeding rule: the top `qualifiers` entries of the general table, best first.
        Read once per instance (`forget_seeds()` after changing the table)."""
        return self._seeds

    @cached_property
    def _seeds(self) -> list[TournamentEntry]:
        entries = self.entries.seeded().select_related("team", "manager", "captain")
        return list(entries[: self.qualifiers])

    def barred_team(self) -> Team | None:
        """The club the relegation-table rule keeps out of the knockout (the last of the
        relegation table, in a season's Clausura), or None."""
        return self._barred

    @cached_property
    def _barred(self) -> Team | None:
        from .league import relegation_table

        table = relegation_table(self)
        return table[0][0] if table else None

    def full_table(self) -> list[TournamentEntry]:
        """The whole general table, best first (read once per instance)."""
        return self._table

    @cached_property
    def _table(self) -> list[TournamentEntry]:
        return list(self.entries.seeded().select_related("team"))

    def seed_numbers(self) -> dict[int, int]:
        """Team id → seed (1 is the best)."""
        return {entry.team_id: n for n, entry in enumerate(self.seeds(), start=1)}

    def seeded_teams(self) -> list[Team]:
        """The qualified clubs in seed order (the seeding rule of `seeds`) without their
        table lines or staff: what a bracket shows (its seeds and byes), in one light
        query (a 64-team bracket built 256 instances for it). Read once per instance."""
        if "_seeds" in self.__dict__:
            return [entry.team for entry in self._seeds]
        return self._seeded_teams

    @cached_property
    def _seeded_teams(self) -> list[Team]:
        fields = ["id", "name", "slug"]
        rows = self.entries.seeded().values_list("team_id", "team__name", "team__slug")
        return [Team.from_db(self.entries.db, fields, row) for row in rows[: self.qualifiers]]

    def forget_seeds(self):
        for memo in ("_seeds", "_seeded_teams", "_table", "_barred"):
            self.__dict__.pop(memo, None)

    def bye_teams(self) -> list[Team]:
        """Bye rule: the bracket is the next power of two and the top seeds fill the gap
        (7 qualifiers: seed 1 goes straight to the semi-finals; 12: seeds 1-4). A format of
        the catalogue says itself who joins which round."""
        if self.knockout_format():
            return []
        byes, _playing = bracket.split_byes(self.seeded_teams())
        return byes

    def round_count(self) -> int:
        fmt = self.knockout_format()
        return len(fmt.rounds) if fmt else bracket.round_count(self.qualifiers)

    def knockout_format(self) -> formats.Format | None:
        """The catalogue's format this tournament is played in (tournaments/formats.py)."""
        return formats.FORMATS.get(self.format)

    def knockout_plan(self, number: int) -> formats.Plan:
        """Pairing rule of a catalogue format (formats.plan): round `number`'s pairings
        from the general table and the winners of the rounds before it."""
        rounds = {r.number: r for r in self.rounds.all()}

        def winners(n):
            ties = list(rounds[n].ties.all()) if n in rounds else []
            return [(t.higher_seed, t.lower_seed, t.winner) for t in ties] or None

        barred = self.barred_team()
        table = [entry.team for entry in self.full_table() if entry.team != barred]
        return formats.plan(self.knockout_format(), table, winners, number)

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

    def bracket_columns(self) -> list[BracketColumn]:
        """The bracket as columns, one per round of the knockout: the ties drawn so far,
        the teams with a bye in the first round, and empty slots for ties not yet drawn
        (a round has half as many ties as the one before; byes fill the first)."""
        rounds = {r.number: r for r in self.rounds.all()}
        fmt = self.knockout_format()
        if fmt:
            return [
                BracketColumn(
                    number=number,
                    name=rounds[number].name if number in rounds else round_name(spec.kind, number),
                    round=rounds.get(number),
                    ties=list(rounds[number].ties.all()) if number in rounds else [],
                    byes=[],
                    pending=max(
                        count - (rounds[number].ties.count() if number in rounds else 0), 0
                    ),
                )
                for number, (spec, count) in enumerate(
                    zip(fmt.rounds, formats.tie_counts(fmt), strict=True), start=1
                )
            ]
        size = bracket.bracket_size(self.qualifiers)
        byes = self.bye_teams()
        columns = []
        for number in range(1, self.round_count() + 1):
            round_ = self.round(number)
            ties = list(round_.ties.all()) if round_ else []
            expected = size // 2**number - (len(byes) if number == 1 else 0)
            columns.append(
                BracketColumn(
                    number=number,
                    name=round_.name if round_ else self.planned_round_name(number),
                    round=round_,
                    ties=ties,
                    byes=byes if number == 1 else [],
                    pending=max(expected - len(ties), 0),
                )
            )
        return columns

    # -- pairings -----------------------------------------------------------------------

    def round(self, number: int) -> Round | None:
        """Round `number` of this tournament, read from the (prefetchable) rounds."""
        return next((r for r in self.rounds.all() if r.number == number), None)

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
        previous = self.round(number - 1)
        ties = list(previous.ties.all()) if previous else []
        if not ties or any(not tie.is_decided for tie in ties):
            return None
        teams = [tie.winner for tie in ties]
        if number == 2:
            teams += self.bye_teams()
        return sorted(teams, key=lambda team: seeds[team.pk])

    def expected_pairings(self, number: int) -> list[tuple[Team, Team]] | None:
        """Re-seeding rule: each round pairs the best remaining seed with the worst, the
        second-best with the second-worst, and so on; (higher seed, lower seed) pairs. A
        catalogue format pairs as it declares (the play-in, for one)."""
        if self.knockout_format():
            return self.knockout_plan(number).pairings
        teams = self.teams_for_round(number)
        return None if teams is None else bracket.pair_best_with_worst(teams)

    def next_round_number(self) -> int | None:
        """The first round that has no ties yet, or None when every round is drawn."""
        for number in range(1, self.round_count() + 1):
            round_ = self.round(number)
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
            round_ = locked.round(number)
            if round_ is not None and round_.ties.exists():
                return []
            pairings = locked.expected_pairings(number)
            if pairings is None:
                previous = locked.round(number - 1)
                raise AdvanceError(previous.unfinished_message())
            if round_ is None:
                round_ = locked._create_round(number)
            created = round_.create_ties(pairings)
        self.forget_seeds()
        return created

    advance.alters_data = True

    def planned_round_kind(self, number: int) -> RoundKind:
        """A round not planned in advance is named by the bracket slots it has (8 slots:
        the quarter-finals), round 1 being the whole bracket."""
        return RoundKind.for_teams(bracket.bracket_size(self.qualifiers) // 2 ** (number - 1))

    def planned_round_name(self, number: int) -> str:
        return round_name(self.planned_round_kind(number), number)

    def _create_round(self, number):
        """A round not planned in advance takes its kind from the bracket and its
        tiebreak from the competition's rules (default_tiebreak)."""
        from .knockout import Round

        fmt = self.knockout_format()
        if fmt:
            spec = fmt.rounds[number - 1]
            return Round.objects.create(
                tournament=self,
                number=number,
                kind=spec.kind,
                legs=spec.legs,
                tiebreak=list(spec.tiebreak),
            )
        return Round.objects.create(
            tournament=self,
            number=number,
            kind=self.planned_round_kind(number),
            tiebreak=self.default_tiebreak(number),
        )

    def default_tiebreak(self, number: int) -> list[str]:
        """A new round's tiebreak comes from the competition's rules (its final's for the
        last round), not from the round before it."""
        competition = self.season.competition
        return competition.tiebreak_for(final=number == self.round_count())

    @staticmethod
    def table_errors(entries) -> list[str]:
        """General table rules, as the importer checks them: positions run 1, 2, 3, … with
        no gap or repeat, and the order follows points, then goal difference, then goals
        for (the seeding rule); only teams level on all three may be listed either way.
        `entries` may be unsaved (an admin formset)."""
        errors = []
        positions = sorted(entry.position for entry in entries)
        if positions != list(range(1, len(positions) + 1)):
            errors.append(
                _(
                    "Table positions must run 1 to %(count)s without gaps or repeats; "
                    "they are %(positions)s."
                )
                % {"count": len(positions), "positions": ", ".join(map(str, positions))}
            )
            return errors

        def record(entry):
            return (entry.points, entry.goal_difference, entry.goals_for)

        listed = sorted(entries, key=lambda entry: entry.position)
        for above, below in zip(listed, listed[1:], strict=False):
            if record(below) > record(above):
                errors.append(
                    _(
                        "%(below)s (%(b_pts)s pts, GD %(b_gd)+d, GF %(b_gf)s) is placed "
                        "%(b_pos)s, below %(above)s (%(a_pts)s pts, GD %(a_gd)+d, GF %(a_gf)s): "
                        "the table is ordered by points, then goal difference, then goals for."
                    )
                    % {
                        "below": below.team,
                        "b_pos": below.position,
                        "b_pts": below.points,
                        "b_gd": below.goal_difference,
                        "b_gf": below.goals_for,
                        "above": above.team,
                        "a_pts": above.points,
                        "a_gd": above.goal_difference,
                        "a_gf": above.goals_for,
                    }
                )
                break
        return errors

    def refresh_pairings(self, *, first_round: int = 2) -> list[str]:
        """Correction rule: after a result changes, every later round's pairings must still
        follow from the rounds before it. A round whose pairings no longer follow and that
        has no results yet is redrawn (or cleared, if the round before is now undecided);
        one that already has results is never touched: CorrectionRefused is raised and the
        surrounding transaction rolls back, so nothing is silently lost. The first round
        follows from the general table: `first_round=1` after a table edit.

        Returns a line per change made.
        """
        changes = []
        with transaction.atomic():
            Tournament.objects.select_for_update().get(pk=self.pk)
            fresh = Tournament.objects.with_bracket().get(pk=self.pk)
            for round_ in fresh.rounds_in_order():
                if round_.number < first_round:
                    continue
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
                if expected is None:
                    changes.append(
                        str(
                            _("%(round)s: pairings cleared until the round before is decided.")
                            % {"round": round_.name}
                        )
                    )
                else:
                    round_.create_ties(expected)
                    changes.append(
                        str(
                            _("%(round)s: redrawn as %(pairings)s.")
                            % {
                                "round": round_.name,
                                "pairings": "; ".join(f"{h} v {lo}" for h, lo in expected),
                            }
                        )
                    )
                # Later rounds follow from this one: re-read before checking them.
                fresh = Tournament.objects.with_bracket().get(pk=self.pk)
        self.forget_seeds()
        return changes

    refresh_pairings.alters_data = True

    # -- regular season -----------------------------------------------------------------

    def standings(self) -> list[table_rules.Row]:
        """General table rule: computed from the regular season's results (awarded ones
        as given): 3 points a win, 1 a draw; ranked by the format's criteria (points, goal
        difference, goals for, head-to-head, away goals: formats.TABLE_ORDER)."""
        from .league import LeagueMatch

        matches = LeagueMatch.objects.filter(tournament=self).select_related("home", "away")
        teams, results = {}, []
        for match in matches:
            teams[match.home_id], teams[match.away_id] = match.home, match.away
            if match.is_played:
                results.append(
                    table_rules.Result(match.home, match.away, match.home_score, match.away_score)
                )
        fmt = self.knockout_format()
        order = fmt.table_order if fmt else formats.TABLE_ORDER
        return table_rules.compute(teams.values(), results, order, name=lambda t: t.name)

    def refresh_table(self) -> bool:
        """Store the computed general table as the tournament's entries (what seeding, the
        bracket and the pages read); True if anything changed. The one place the table
        cache is written."""
        rows = self.standings()
        existing = {e.team_id: e for e in self.entries.all()}
        wanted = {}
        for row in rows:
            wanted[row.team.pk] = {
                "position": row.position,
                "played": row.played,
                "won": row.won,
                "drawn": row.drawn,
                "lost": row.lost,
                "goals_for": row.goals_for,
                "goals_against": row.goals_against,
                "points": row.points,
            }
        same = set(existing) == set(wanted) and all(
            all(getattr(existing[pk], k) == v for k, v in values.items())
            for pk, values in wanted.items()
        )
        if same:
            return False
        with transaction.atomic():
            self.entries.exclude(team_id__in=wanted).delete()
            # Positions are unique per tournament: park the moved rows before renumbering.
            for entry in existing.values():
                TournamentEntry.objects.filter(pk=entry.pk).update(position=10000 + entry.pk)
            created = []
            for team_id, values in wanted.items():
                entry = existing.get(team_id) or TournamentEntry(tournament=self, team_id=team_id)
                for key, value in values.items():
                    setattr(entry, key, value)
                # The table's own rules (W+D+L = Pld, 3W+D = Pts); keys and uniqueness are
                # the database's (one query each otherwise, for every row of every table).
                entry.full_clean(
                    exclude=["tournament", "team", "manager", "captain"],
                    validate_unique=False,
                    validate_constraints=False,
                )
                if entry.pk:
                    entry.save()
                else:
                    created.append(entry)
            TournamentEntry.objects.bulk_create(created)
        self.forget_seeds()
        return True

    refresh_table.alters_data = True

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
        record = self.champion_record()
        return record.title if record else None

    def champion_title_stated(self) -> bool:
        """Whether the title number rests on a stated count (else: in the site's records)."""
        record = self.champion_record()
        return bool(record and record.stated)

    def champion_record(self):
        if self.champion_title_override and self.champion():
            from .competition import ChampionRecord

            return ChampionRecord(
                self, self.champion(), self.runner_up(), self.champion_title_override, True
            )
        for record in self.season.competition.champions():
            if record.tournament.pk == self.pk:
                return record
        return None

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
            top_scorers=top_scorers,
            scorer_data=self.has_scorer_data(goals_scored=goals, recorded=bool(top_scorers)),
        )

    def has_scorer_data(self, *, goals_scored: int | None = None, recorded: bool = False) -> bool:
        """False when goals were scored but no scorer is recorded (the scorer-data rule,
        TournamentQuerySet.without_scorer_data). A page that has already counted the
        goals (`goals_scored`) or seen a recorded goal (`recorded`) answers without a
        query when that settles it: no goal scored, or one recorded, means data."""
        if goals_scored == 0 or recorded:
            return True
        return not Tournament.objects.filter(pk=self.pk).without_scorer_data().exists()


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
    champion_title_stated: bool
    runner_up: Team | None
    matches: int
    goals: int
    top_scorers: list[ScorerRow]
    scorer_data: bool = True

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
