"""Records across tournaments: a club's knockout history, its record against each opponent,
head-to-head between two clubs, and how ties were decided.

Nothing here is stored: every figure comes from the stored legs through `Tie.decision`
(who went through and by which rule) and `Tie.is_final`, so these pages can never disagree
with a bracket. Each entry point reads its rows with a fixed recipe (a few queries however
many tournaments are loaded) and works on the instances in Python.

A club's pages are many (its page in each language and each order of its table of
opponents, a head-to-head per opponent) and a write to one of its legs makes them all cold
at once. So what they read is kept by `remember`, which the cache layer sets when the app
starts (apps.py: tournaments/cache.py `versioned_for_clubs`, kept under the versions of the
clubs' scopes): a club's ties as read (`club_ties`, shared by its page and its
head-to-heads) and its history as built (`ClubHistory.for_team`). Computed once per write
to the club, not once per page. Both are shared by the pages in every language, so they
hold no translated text: figures, model instances, rule names, and the ties' decisions,
whose `missing` is a lazy text translated where it is shown (knockout.Decision). Nor do
they hold a club's name other than in its `Team`, or an order made from names: a club
renamed keeps them, taken with their clubs as they are now (`fresh_clubs`), and what is
ordered by name is ordered when asked (ClubHistory.opponents). Without the cache,
computed every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..table import Tally
from ..vocabulary import Tiebreak, normalize_name, score_text

if TYPE_CHECKING:
    from .competition import Competition, Team
    from .knockout import Tie
    from .tournament import Tournament, TournamentEntry


def remember(key, compute, clubs, *, schedule=False, fresh_clubs=False):
    """`compute()` unless a store is set (apps.py sets the cache's): a value showing only
    what the clubs `clubs` (ids) played, kept until a write to one of them; with
    `schedule`, also until their legs' dates, kick-offs or venues change; with
    `fresh_clubs` (the value holds clubs only as `Team` instances and orders nothing by
    their names), kept when a club is renamed and taken with its clubs as they are now."""
    return compute()


def club_ties(team: Team) -> list[Tie]:
    """Every tie the club played, with its legs (TieQuerySet.for_team) and its round's size,
    oldest first, as read. With the legs' dates and kick-offs, which a head-to-head shows:
    kept until its schedule changes too."""
    from .knockout import Tie

    return remember(
        f"club-ties:{team.pk}",
        lambda: one_instance_each(list(Tie.objects.for_team(team).with_round_size())),
        clubs=[team.pk],
        schedule=True,
        fresh_clubs=True,
    )


def one_instance_each(ties: list[Tie]) -> list[Tie]:
    """Point the ties and their legs at one instance per club, tournament, season and
    competition (the query builds a copy per row: ~340 `Team`s for a club's 56 ties). So
    the kept ties pickle and load in a third of the time, and a page links each club and
    tournament from one instance. Returns `ties`."""
    from .competition import Season
    from .knockout import Round, Tie
    from .legs import Leg
    from .tournament import Tournament

    clubs = [Tie._meta.get_field(name) for name in ("higher_seed", "lower_seed")]
    leg_clubs = [Leg._meta.get_field(name) for name in ("home", "away")]
    chain = [
        Round._meta.get_field("tournament"),
        Tournament._meta.get_field("season"),
        Season._meta.get_field("competition"),
    ]
    shared: dict[tuple, object] = {}

    def share(fk, row):
        """Point `row`'s `fk` at the shared instance; return it."""
        instance = fk.get_cached_value(row)
        instance = shared.setdefault((type(instance), instance.pk), instance)
        fk.set_cached_value(row, instance)
        return instance

    for tie in ties:
        for fk in clubs:
            share(fk, tie)
        row = tie.round
        for fk in chain:
            row = share(fk, row)
        for leg in tie.legs.all():
            for fk in leg_clubs:
                share(fk, leg)
    return ties


# --------------------------------------------------------------------------------------
# Record of one club against others
# --------------------------------------------------------------------------------------


@dataclass
class Record:
    """Ties and legs from one club's side. A leg is won, drawn or lost on its goals,
    extra time included (`legs`, counted as a general table counts matches); a shoot-out
    decides the tie, not the leg. Undecided ties count as played, neither won nor lost."""

    team: Team
    opponent: Team | None = None
    ties: int = 0
    ties_won: int = 0
    ties_lost: int = 0
    legs: Tally = field(default_factory=Tally)
    finals: int = 0
    finals_won: int = 0
    last_tie: Tie | None = None

    def add(self, tie: Tie) -> None:
        me = self.team.pk
        them = tie.lower_seed_id if tie.higher_seed_id == me else tie.higher_seed_id
        self.ties += 1
        if tie.winner is not None:
            if tie.winner.pk == me:
                self.ties_won += 1
            else:
                self.ties_lost += 1
        if tie.is_final:
            self.finals += 1
            if tie.winner is not None and tie.winner.pk == me:
                self.finals_won += 1
        for leg in tie.legs.all():
            if not leg.is_played:
                continue
            self.legs.count(leg.goals_of(me), leg.goals_of(them))
        self.last_tie = tie


def opponent_of(tie: Tie, team_id: int) -> Team:
    return tie.lower_seed if tie.higher_seed_id == team_id else tie.higher_seed


# --------------------------------------------------------------------------------------
# A club's Liguillas
# --------------------------------------------------------------------------------------


@dataclass
class Run:
    """One tournament from a club's side: its seed, its ties in round order and how it
    ended. `result` is one of the constants below."""

    CHAMPION = "champion"
    RUNNER_UP = "runner_up"
    ELIMINATED = "eliminated"
    IN_PROGRESS = "in_progress"
    NOT_QUALIFIED = "not_qualified"
    REGULAR_SEASON = "regular_season"  # the regular season is still being played
    NO_LIGUILLA = "no_liguilla"  # the regular season was cut short: no knockout followed

    team: Team
    tournament: Tournament
    entry: TournamentEntry | None
    seed: int | None
    ties: list = field(default_factory=list)

    @property
    def last_tie(self) -> Tie | None:
        return self.ties[-1] if self.ties else None

    @cached_property
    def result(self) -> str:
        """Round-reached rule: a club that won the final is the champion and one that lost
        it the runner-up; otherwise it went out in the round of the last tie it lost. A
        club in the table but not among the seeds did not qualify; a seeded club whose
        last tie is undecided or won (the next round not drawn yet) is still in. Before
        any tie, a regular season with matches still to play is not over (its seeds are
        not settled), and one whose remaining matches were cancelled (Liga MX Clausura
        2020) had no Liguilla."""
        last = self.last_tie
        if last is None:
            if getattr(self.entry, "season_cancelled", False):
                return self.NO_LIGUILLA
            if getattr(self.entry, "season_unfinished", False):
                return self.REGULAR_SEASON
            return self.IN_PROGRESS if self.seed else self.NOT_QUALIFIED
        if last.winner is None:
            return self.IN_PROGRESS
        won = last.winner.pk == self.team.pk
        if last.is_final:
            return self.CHAMPION if won else self.RUNNER_UP
        return self.IN_PROGRESS if won else self.ELIMINATED

    @property
    def reached(self) -> str:
        """The name of the furthest round played (as stored), "" when none."""
        return self.last_tie.round.name if self.last_tie else ""

    @cached_property
    def decisive_tie(self) -> Tie | None:
        """The final a champion won or the tie the club went out in."""
        done = (self.CHAMPION, self.RUNNER_UP, self.ELIMINATED)
        return self.last_tie if self.result in done else None

    @cached_property
    def opponent(self) -> Team | None:
        tie = self.decisive_tie
        return opponent_of(tie, self.team.pk) if tie else None

    @cached_property
    def score(self) -> str:
        """The decisive tie's aggregate from the club's side ("1–3"), extra time included."""
        tie = self.decisive_tie
        if tie is None:
            return ""
        them = self.opponent.pk
        return score_text(tie.goals_for(self.team.pk), tie.goals_for(them))

    @property
    def is_liguilla(self) -> bool:
        from .tournament import Tournament

        return self.tournament.kind == Tournament.Kind.LIGUILLA


@dataclass
class ClubHistory:
    """Everything the club page says about a club's knockouts, newest tournament first."""

    team: Team
    runs: list[Run]
    records: list[Record]  # one per opponent, in no order
    total: Record

    @property
    def opponents(self) -> list[Record]:
        """The record against each opponent, the most ties first, then by name: ordered
        when asked, as the kept history is taken with its clubs' names as they are now
        (`for_team`)."""
        return sorted(self.records, key=lambda r: (-r.ties, r.opponent.name))

    @property
    def played(self) -> list[Run]:
        """The Liguillas the club played or is still playing (not a season without one)."""
        waiting = (Run.IN_PROGRESS,)
        return [run for run in self.runs if run.ties or (run.seed and run.result in waiting)]

    @property
    def finals_lost(self) -> list[Run]:
        return [run for run in self.runs if run.result == Run.RUNNER_UP and run.is_liguilla]

    @property
    def finals_won(self) -> list[Run]:
        return [run for run in self.runs if run.result == Run.CHAMPION and run.is_liguilla]

    @classmethod
    def for_team(cls, team: Team) -> ClubHistory:
        """The club's history, kept until a write to the club (`remember`, module
        docstring); a club renamed keeps it. Not until its schedule changes: its legs'
        dates are in it, but a club page shows none of them (TeamView.shows_schedule), so
        a kick-off moved keeps it."""
        return remember(
            f"club-history:{team.pk}", lambda: cls.read(team), clubs=[team.pk], fresh_clubs=True
        )

    @classmethod
    def read(cls, team: Team) -> ClubHistory:
        """Read a club's tournaments (general-table entries and ties) with a fixed recipe:
        its entries, the seeds of those tournaments, its ties and their legs."""
        from .tournament import TournamentEntry

        entries = list(
            TournamentEntry.objects.filter(team=team)
            .select_related("tournament__season__competition", "manager")
            .with_regular_season_state()
        )
        ties = club_ties(team)
        tournaments = {entry.tournament_id: entry.tournament for entry in entries}
        for tie in ties:
            tournaments.setdefault(tie.round.tournament_id, tie.round.tournament)
        seeds = TournamentEntry.objects.filter(tournament__in=list(tournaments)).seed_numbers()
        by_entry = {entry.tournament_id: entry for entry in entries}
        runs = {
            pk: Run(
                team=team,
                tournament=tournament,
                entry=by_entry.get(pk),
                seed=seeds.get(pk, {}).get(team.pk),
            )
            for pk, tournament in tournaments.items()
        }
        opponents: dict[int, Record] = {}
        total = Record(team=team)
        for tie in ties:  # oldest first, round by round
            runs[tie.round.tournament_id].ties.append(tie)
            opponent = opponent_of(tie, team.pk)
            opponents.setdefault(opponent.pk, Record(team=team, opponent=opponent)).add(tie)
            total.add(tie)
        ordered = sorted(
            runs.values(),
            key=lambda run: (
                run.tournament.season.start_year,
                run.tournament.season.slug,
                run.tournament.order,
            ),
            reverse=True,
        )
        return cls(
            team=team,
            runs=ordered,
            records=list(opponents.values()),
            total=total,
        )


# --------------------------------------------------------------------------------------
# Head-to-head
# --------------------------------------------------------------------------------------


@dataclass
class HeadToHead:
    """Every tie between two clubs, newest first, with the record from each side."""

    team: Team
    other: Team
    ties: list
    record: Record
    other_record: Record

    @property
    def records(self) -> list[Record]:
        return [self.record, self.other_record]

    @classmethod
    def between(cls, team: Team, other: Team) -> HeadToHead:
        """From `team`'s ties (`club_ties`, shared with its page and its other
        head-to-heads; two queries when not kept, as for the ties of the two alone)."""
        ties = [
            tie for tie in club_ties(team) if other.pk in (tie.higher_seed_id, tie.lower_seed_id)
        ]
        record, other_record = Record(team=team, opponent=other), Record(team=other, opponent=team)
        for tie in ties:
            record.add(tie)
            other_record.add(tie)
        return cls(
            team=team,
            other=other,
            ties=ties[::-1],
            record=record,
            other_record=other_record,
        )


# --------------------------------------------------------------------------------------
# How ties were decided
# --------------------------------------------------------------------------------------


@dataclass
class RuleCount:
    rule: str
    ties: list

    @property
    def count(self) -> int:
        return len(self.ties)


@dataclass
class DecidedBy:
    """How many decided ties each rule settled (`Tie.decided_by`), in the order rounds
    list the rules, with the ties themselves; undecided ties are counted apart."""

    competition: Competition | None
    rules: list[RuleCount]
    undecided: int = 0

    @property
    def decided(self) -> int:
        return sum(rule.count for rule in self.rules)

    def share(self, rule_count: RuleCount) -> float | None:
        return rule_count.count / self.decided if self.decided else None

    def rows(self) -> list[tuple[RuleCount, float | None]]:
        return [(rule, self.share(rule)) for rule in self.rules]

    def count_of(self, rule: str) -> int:
        return next((r.count for r in self.rules if r.rule == rule), 0)

    def beyond_aggregate(self) -> int:
        """Ties the aggregate alone did not settle."""
        return self.decided - self.count_of(Tiebreak.AGGREGATE)

    @classmethod
    def of(cls, ties, competition=None) -> DecidedBy:
        by_rule: dict[str, list] = {rule.value: [] for rule in Tiebreak}
        undecided = 0
        for tie in ties:
            if tie.decided_by is None:
                undecided += 1
            else:
                by_rule.setdefault(tie.decided_by, []).append(tie)
        return cls(
            competition=competition,
            rules=[RuleCount(rule, listed) for rule, listed in by_rule.items()],
            undecided=undecided,
        )

    @classmethod
    def by_competition(cls, ties) -> tuple[list[DecidedBy], DecidedBy]:
        """One summary per competition (alphabetical) and one over all of them."""
        ties = list(ties)
        groups: dict[int, list] = {}
        competitions = {}
        for tie in ties:
            competition = tie.round.tournament.season.competition
            competitions[competition.pk] = competition
            groups.setdefault(competition.pk, []).append(tie)
        summaries = [
            cls.of(groups[pk], competitions[pk])
            for pk in sorted(groups, key=lambda pk: normalize_name(competitions[pk].name))
        ]
        return summaries, cls.of(ties)
