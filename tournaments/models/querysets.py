"""Read recipes across rows: one select_related/prefetch_related recipe per page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from ..reversing import cached_reverse

if TYPE_CHECKING:
    from .competition import Team

# --------------------------------------------------------------------------------------


class CompetitionQuerySet(models.QuerySet):
    def with_results_until(self):
        """Annotate the date of each competition's last result on the site, league match
        or leg (`Competition.results_until` reads it): how far its data goes. No query of
        its own."""
        from .league import LeagueMatch
        from .legs import Leg

        def last(model, path):
            rows = model.objects.filter(**{path: OuterRef("pk")}, home_score__isnull=False)
            return Subquery(rows.order_by(F("date").desc(nulls_last=True)).values("date")[:1])

        return self.annotate(
            last_match_date=last(LeagueMatch, "tournament__season__competition"),
            last_leg_date=last(Leg, "tie__round__tournament__season__competition"),
        )


class TournamentQuerySet(models.QuerySet):
    def _rounds_and_ties(self, legs, ties=None):
        """The bracket's rows, rounds and ties in order with their teams, and `legs` (a
        Leg queryset) for each tie: the part every tournament page's recipe shares.
        `ties` narrows which ties are read (default: all)."""
        from .knockout import Round, Tie

        ties = Tie.objects.all() if ties is None else ties
        return self.select_related("season__competition").prefetch_related(
            models.Prefetch("rounds", queryset=Round.objects.order_by("number")),
            models.Prefetch(
                "rounds__ties",
                queryset=ties.select_related("higher_seed", "lower_seed").order_by("position"),
            ),
            models.Prefetch("rounds__ties__legs", queryset=legs.order_by("number")),
        )

    def with_bracket(self):
        """Everything the bracket rules read, in a fixed number of queries."""
        from .legs import Leg

        return self._rounds_and_ties(Leg.objects.all())

    def with_final(self):
        """The overview's read: the rounds (names and tiebreaks), and ties and legs only
        of the rounds with one tie, among them the final (Tournament.final_tie reads the
        last round's ties). The same four queries as with_bracket, without building every
        tie and leg of a big bracket (63 ties and 126 legs for 64 teams)."""
        from .knockout import Tie
        from .legs import Leg

        return self._rounds_and_ties(
            Leg.objects.all(), ties=Tie.objects.with_round_size().filter(ties_in_round=1)
        )

    def with_results(self):
        """Every leg with its clubs, scorers and bookings as model instances, in a fixed
        number of queries (the football.txt loader; the public pages read with_bracket
        and tournaments/fetch.py, which builds one instance per club and player)."""
        from .events import Booking, Goal
        from .legs import Leg

        people = ("player", "team")
        # Events ordered explicitly: their default Meta.ordering cascades through Leg →
        # Tie → Round → Tournament → Season (five JOINs and an 8-key ORDER BY).
        goals = Goal.objects.select_related(*people).order_by(*Goal.EVENT_ORDER)
        bookings = Booking.objects.select_related(*people).order_by(*Booking.EVENT_ORDER)
        return self._rounds_and_ties(Leg.objects.select_related("home", "away")).prefetch_related(
            models.Prefetch("rounds__ties__legs__goals", queryset=goals),
            models.Prefetch("rounds__ties__legs__bookings", queryset=bookings),
        )

    def liguillas(self):
        from .tournament import Tournament

        return self.filter(kind=Tournament.Kind.LIGUILLA)

    def chronological(self):
        return self.order_by("season__start_year", "season__slug", "order")

    def without_scorer_data(self):
        """Scorer-data rule: a tournament whose played legs have goals but none of whose
        goals has a recorded scorer (own goals count as recorded) has no goalscorer data,
        and its pages say so instead of showing an empty scorers table. Sources of whole
        histories (football.txt) give scores only."""
        scored, recorded = _scorer_data_subqueries()
        return self.filter(Exists(scored), ~Exists(recorded))

    def with_scorer_data(self):
        """The scorer-data rule's two facts annotated (`has_goals`, `has_scorers`), so
        Tournament.has_scorer_data answers without a query of its own."""
        scored, recorded = _scorer_data_subqueries()
        return self.annotate(has_goals=Exists(scored), has_scorers=Exists(recorded))


def _scorer_data_subqueries():
    """(its played legs with a goal, its goals with a recorded scorer) of the outer
    tournament."""
    from .events import Goal
    from .legs import Leg

    scored = (
        Leg.objects.filter(tie__round__tournament=OuterRef("pk"))
        .played()
        .filter(
            Q(home_score__gt=0)
            | Q(away_score__gt=0)
            | Q(extra_time_home_score__gt=0)
            | Q(extra_time_away_score__gt=0)
        )
    )
    recorded = Goal.objects.filter(leg__tie__round__tournament=OuterRef("pk"))
    return scored, recorded


class EntryQuerySet(models.QuerySet):
    def seeded(self):
        """Seeding rule: the general table ordered by points, then goal difference, then
        goals for; the stated table position breaks what is still level (2011: León,
        Irapuato and Necaxa all on 23 points are 4th, 5th and 6th on goal difference)."""
        return self.annotate(gd=F("goals_for") - F("goals_against")).order_by(
            "-points", "-gd", "-goals_for", "position"
        )

    def with_regular_season_state(self):
        """Each entry marked, in the same query, with whether its tournament's regular
        season still has matches to play (`season_unfinished`) or had matches cancelled
        (`season_cancelled`: cut short, as the Liga MX Clausura 2020)."""
        from .league import LeagueMatch

        matches = LeagueMatch.objects.filter(tournament=OuterRef("tournament_id"))
        return self.annotate(
            season_unfinished=Exists(matches.filter(LeagueMatch.TO_PLAY)),
            season_cancelled=Exists(matches.filter(LeagueMatch.CALLED_OFF)),
        )

    def seed_numbers(self) -> dict[int, dict[int, int]]:
        """The seeding rule of Tournament.seeds for many tournaments in one query:
        tournament id → {team id → seed}, the top `qualifiers` of each table."""
        seeds: dict[int, dict[int, int]] = {}
        rows = self.seeded().values_list("tournament_id", "team_id", "tournament__qualifiers")
        for tournament_id, team_id, qualifiers in rows:
            table = seeds.setdefault(tournament_id, {})
            if len(table) < qualifiers:
                table[team_id] = len(table) + 1
        return seeds


class TieQuerySet(models.QuerySet):
    def for_team(self, team):
        """Every tie a club played, with its legs and their teams, oldest first."""
        from .legs import Leg

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
                "round__tournament__season__slug",
                "round__tournament__order",
                "round__number",
            )
        )

    def on_now(self, today, days=7, limit=12):
        """The ties fans follow now (the home page): a leg being played, or a leg without
        its result dated from `today` to `days` ahead; live first, then the soonest; with
        what a tie box reads (round, tournament, clubs, legs, the round's size). Two
        queries."""
        from .legs import Leg

        unplayed = Q(legs__home_score__isnull=True)
        coming = Leg.objects.filter(home_score__isnull=True).filter(
            ~Q(live_period="") | Q(date__range=(today, today + datetime.timedelta(days=days)))
        )
        return (
            self.filter(pk__in=coming.values("tie_id"))
            .annotate(
                live=Count("legs", filter=unplayed & ~Q(legs__live_period=""), distinct=True),
                next_date=Min("legs__date", filter=unplayed),
                ties_in_round=Count("round__ties", distinct=True),
            )
            .select_related("round__tournament__season__competition", "higher_seed", "lower_seed")
            .prefetch_related(models.Prefetch("legs", queryset=Leg.objects.order_by("number")))
            .order_by("-live", "next_date", "round__tournament__order", "position")[:limit]
        )

    def with_round_size(self):
        """Annotate how many ties each tie's round has (`Tie.is_final` reads it)."""
        return self.annotate(ties_in_round=Count("round__ties"))

    def for_decisions(self):
        """Ties with what `Tie.decision` and a one-line listing need (round, tournament,
        teams, legs), oldest first: eight queries however many tournaments. The rounds,
        tournaments, seasons, competitions and clubs are prefetched, not joined: one
        instance each, shared by their ties (every competition's 325 ties built 2,900
        instances joined, 1,200 so)."""
        from .legs import Leg

        return self.prefetch_related(
            "round__tournament__season__competition",
            "higher_seed",
            "lower_seed",
            models.Prefetch("legs", queryset=Leg.objects.order_by("number")),
        ).order_by(
            "round__tournament__season__start_year",
            "round__tournament__season__slug",
            "round__tournament__order",
            "round__number",
            "position",
        )

    def finals(self):
        """Finals of Liguillas (`Tie.is_final`), oldest first, with what deciding them
        needs (two queries however many tournaments)."""
        from .tournament import Tournament

        candidates = (
            self.filter(round__tournament__kind=Tournament.Kind.LIGUILLA)
            .with_round_size()
            .filter(ties_in_round=1)
            .select_related("round__tournament__season__competition", "higher_seed", "lower_seed")
            .prefetch_related("legs")
            .order_by(
                "round__tournament__season__start_year",
                "round__tournament__season__slug",
                "round__tournament__order",
            )
        )
        return [tie for tie in candidates if tie.is_final]


class LegQuerySet(models.QuerySet):
    def for_tournament(self, tournament):
        return self.filter(tie__round__tournament=tournament)

    def for_match_page(self):
        """A leg with its tie and both legs of the tie (for the aggregate); its scorers
        and bookings come from fetch.leg_events. The leg's clubs are the tie's
        (fetch.share_teams), so they are not joined again. `ties_in_round`: the size of
        the tie's round (is it the final? Tie.is_final)."""
        from .knockout import Tie
        from .legs import Leg

        round_size = (
            Tie.objects.filter(round=OuterRef("tie__round"))
            .values("round")
            .annotate(ties=Count("pk"))
            .values("ties")
        )
        return (
            self.annotate(ties_in_round=Subquery(round_size))
            .select_related(
                "tie__higher_seed",
                "tie__lower_seed",
                "tie__round__tournament__season__competition",
            )
            .prefetch_related(
                models.Prefetch("tie__legs", queryset=Leg.objects.order_by("number")),
            )
        )

    def of_team(self, team):
        return self.filter(Q(home=team) | Q(away=team))

    def for_listing(self):
        """Legs each named on their own (a calendar's events, a feed's entries): both
        clubs and the leg's round, tournament, season and competition in one query."""
        return self.select_related("home", "away", "tie__round__tournament__season__competition")

    def in_fixture_order(self):
        """By kick-off (or date, for a leg whose time is unknown), then place."""
        return self.order_by(
            "date", "kickoff", "tie__round__tournament_id", "tie__round__number",
            "number", "tie__position",
        )  # fmt: skip

    def latest_results(self, limit):
        """The `limit` legs played last, newest first (a feed of results)."""
        return self.played().order_by(
            F("date").desc(nulls_last=True),
            F("kickoff").desc(nulls_last=True),
            "-tie__round__number",
            "-number",
            "-tie__position",
        )[:limit]

    def played(self):
        return self.filter(home_score__isnull=False)

    def event_counts(self, legs) -> dict[int, dict[str, int]]:
        """{leg id: {"goals": n, "bookings": n}} for `legs`, in two queries."""
        from .events import Booking, Goal

        counts = {leg.pk: {"goals": 0, "bookings": 0} for leg in legs}
        for key, model in (("goals", Goal), ("bookings", Booking)):
            rows = (
                model.objects.filter(leg_id__in=counts)
                .order_by()
                .values("leg_id")
                .annotate(n=models.Count("pk"))
            )
            for row in rows:
                counts[row["leg_id"]][key] = row["n"]
        return counts

    def next_to_enter(self):
        """The first leg without a score, in fixture order (round, then every first leg,
        then every second leg, in tie order), or None."""
        unplayed = self.filter(home_score__isnull=True)
        return unplayed.order_by("tie__round__number", "number", "tie__position").first()

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
    team: Team  # an instance (id, name, slug): kept data takes it as it is now
    goals: int
    penalties: int
    rank: int = 0

    @property
    def player_url(self):
        return cached_reverse("tournaments:player", self.player_slug)

    @property
    def team_id(self):
        return self.team.pk

    @property
    def team_name(self):
        return self.team.name

    @property
    def team_slug(self):
        return self.team.slug

    @property
    def team_url(self):
        return self.team.url


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
        from .competition import Team

        clubs = {}  # one instance per club

        def club(r):
            if r["team_id"] not in clubs:
                row = (r["team_id"], r["team__name"], r["team__slug"])
                clubs[r["team_id"]] = Team.from_db(self.db, ["id", "name", "slug"], row)
            return clubs[r["team_id"]]

        table = [
            ScorerRow(
                player_id=r["player_id"],
                player_name=r["player__name"],
                player_slug=r["player__slug"],
                nationality=r["player__nationality"],
                team=club(r),
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
