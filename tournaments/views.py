"""The public site: thin class-based views. Each page fetches its data with one recipe of
QuerySet/model methods from models.py (so its query count does not grow with the size of
a tournament) and hands model instances to a template that only displays them."""

import datetime

from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView, View
from django_tables2 import RequestConfig

from . import display, fetch, fixtures, refresh
from .cache import (
    FIXTURES,
    LATEST,
    SITE,
    TEAMS,
    TITLES,
    CachedPageMixin,
    competition_scope,
    listing_scope,
    page_etag,
    pair_schedule_scope,
    person_scope,
    season_scope,
    team_scope,
    titles_scope,
    tournament_scope,
)
from .export import export_tournament
from .models import (
    Competition,
    DecidedBy,
    Goal,
    LeagueMatch,
    Leg,
    Person,
    Season,
    SquadMember,
    Team,
    Tie,
    Tournament,
)
from .models.honours import titles_by_competition
from .tables import OpponentTable, ScorerTable


def live_page(view, live: bool, kickoffs: bool = False, upcoming=()) -> dict:
    """The page's scripts, each only where it has work (every other page is served
    without JavaScript). A page showing a leg being played, or a leg still to come
    (`upcoming`: (date, kickoff, time zone) of each), refreshes itself: base.html marks
    its content with the hook of tournaments/refresh.py (the interval, the windows of the
    legs to come, the page's ETag read for the scopes the view showed), which
    static/js/live.js revalidates (a 304 while nothing changed, the new content on a
    200). A page with kick-off times gets static/js/localtime.js (the visitor's own time
    beside them)."""
    scripts = {"local_times": kickoffs or live}
    upcoming = list(upcoming)
    if live or refresh.windows(upcoming):
        etag = page_etag(getattr(view, "page_scopes", ()))
        scripts |= refresh.page_hook(live=live, upcoming=upcoming, etag=etag)
    return scripts


class Page(CachedPageMixin, TemplateView):
    """A page whose context comes from its URL's slugs (self.kwargs) through model
    methods; the slugs themselves are not passed on to the template. Cached and
    revalidated under the data version (tournaments/cache/). Written in Jinja2, as
    every public page (templates/jinja2/; liguilla/jinja2.py says why)."""

    template_engine = "jinja2"
    active = None  # the tournament menu's tab this page is (base.html)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())


class HomeView(Page):
    template_name = "tournaments/home.html"

    def get_context_data(self, **kwargs):
        self.shows(SITE, TEAMS, TITLES, FIXTURES, LATEST)
        on_now = fixtures.on_now(timezone.localdate())
        return super().get_context_data(
            competitions=Competition.objects.with_results_until().prefetch_related(
                Prefetch("seasons", queryset=Season.objects.order_by("-start_year")),
                Prefetch("seasons__tournaments", queryset=Tournament.objects.order_by("order")),
            ),
            latest_champions=Competition.latest_champions(),
            on_now=on_now,
            **live_page(
                self,
                any(row.live for row in on_now),
                kickoffs=display.any_kickoff(on_now),
                upcoming=refresh.of_tie_rows(on_now),
            ),
            **kwargs,
        )


def accept_table_query(view, table):
    """A table's `?page=` and `?sort=` are a page of their own only when they name a page
    the table has and columns it sorts by; anything else is not found (so made-up values
    are neither rendered for nothing nor kept by the page cache)."""
    query = view.request.GET
    if any(len(values) > 1 for _name, values in query.lists()):
        raise Http404("One page and one sort at a time.")
    if "page" in query:
        pages = table.paginator.num_pages if hasattr(table, "paginator") else 1
        if query["page"] not in {str(n) for n in range(1, pages + 1)}:
            raise Http404("No such page of this table.")
    if "sort" in query:
        sortable = {column.name for column in table.columns if column.orderable}
        if query["sort"].removeprefix("-") not in sortable:
            raise Http404("This table cannot be sorted that way.")
    view.accept_query()


class SearchView(Page):
    template_name = "tournaments/search.html"
    cache_page = False  # one page per query typed: not worth keeping

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        return super().get_context_data(
            query=query,
            teams=Team.objects.search(query),
            pair=Team.objects.pair_from_text(query),
            players=Person.objects.search(query),
            **kwargs,
        )


class CompetitionMixin:
    def get_competition(self):
        """The competition with its list of champions, if it has one (title_list)."""
        queryset = Competition.objects.with_results_until().select_related("title_list")
        competition = get_object_or_404(queryset, slug=self.kwargs["competition"])
        # The names of the clubs it shows are those of its tournaments' clubs: the
        # competition's names scope (shown with it), raised when one of them is renamed.
        self.shows(competition_scope(competition.pk), SITE, titles_scope(competition.pk))
        return competition


class CompetitionView(CompetitionMixin, Page):
    """A competition's seasons and its champions history with title counts."""

    template_name = "tournaments/competition.html"
    # Its seasons, champions and the date of its last result (LATEST), no leg's schedule.
    shows_schedule = False

    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        self.shows(LATEST)
        seasons = competition.seasons.order_by("-start_year").prefetch_related(
            Prefetch("tournaments", queryset=Tournament.objects.order_by("order"))
        )
        roll = competition.roll_of_honour()
        return super().get_context_data(
            competition=competition,
            seasons=seasons,
            history=competition.champions()[::-1],
            title_counts=competition.title_counts(roll),
            title_list=competition.list_of_champions(),
            **kwargs,
        )


class ChampionsView(CompetitionMixin, Page):
    """Every league champion of a competition from its sourced list (data/titles/), with
    each club's title number and each season's source, and the titles by club."""

    template_name = "tournaments/champions.html"
    shows_schedule = False  # seasons and clubs, no leg's date

    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        title_list = competition.list_of_champions()
        if title_list is None:
            raise Http404("This competition has no list of champions.")
        roll = competition.roll_of_honour()
        return super().get_context_data(
            competition=competition,
            title_list=title_list,
            notes=display.title_list_notes(title_list),
            roll=roll[::-1],
            title_counts=competition.title_counts(roll),
            **kwargs,
        )


class ScorersMixin:
    """Renders a goalscorers table: sortable by header, paginated when long."""

    template_name = "tournaments/scorers.html"
    shows_schedule = False  # goals and minutes, never when a leg was played

    def scorer_table(self, goals):
        table = ScorerTable(goals.scorer_table())
        RequestConfig(self.request, paginate={"per_page": 25}).configure(table)
        accept_table_query(self, table)
        return table

    def without_scorers(self, tournaments):
        """The tournaments of the page whose goals have no recorded scorer: named above
        the table, or said instead of an empty one."""
        return list(tournaments.without_scorer_data().select_related("season").chronological())


class CompetitionScorersView(CompetitionMixin, ScorersMixin, Page):
    def get_context_data(self, **kwargs):
        competition = self.get_competition()
        return super().get_context_data(
            competition=competition,
            table=self.scorer_table(Goal.objects.for_competition(competition)),
            without_scorers=self.without_scorers(
                Tournament.objects.filter(season__competition=competition)
            ),
            **kwargs,
        )


class SeasonMixin:
    # The page names clubs beyond those of the season's finals (its goalscorers' clubs):
    # it shows every club's name (TEAMS). The season's own page names only the clubs of
    # its finals, whose renames raise the season's scope (cache/invalidation.py).
    names_any_club = True

    def get_season(self):
        season = get_object_or_404(
            Season.objects.select_related("competition"),
            competition__slug=self.kwargs["competition"],
            slug=self.kwargs["season"],
        )
        # Its tournaments (their champions, the season's final, their goalscorers) and
        # its own and its competition's names and rules (a write to either raises the
        # season's scope); not the competition's other seasons, nor title counts.
        self.shows(season_scope(season.pk), SITE, *([TEAMS] if self.names_any_club else []))
        return season


class SeasonView(SeasonMixin, Page):
    """A season's tournaments and the final of its two champions: the promotional final
    (or the direct promotion), or the Campeón de Campeones."""

    template_name = "tournaments/season.html"
    names_any_club = False  # its champions and the clubs of its final

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.page_data(self.read), **kwargs)

    def read(self):
        """What the season's page reads from the database, the same in every language."""
        season = self.get_season()
        tournaments = list(season.tournaments.with_final().order_by("order"))
        liguillas = [t for t in tournaments if t.kind == Tournament.Kind.LIGUILLA]
        final = next((t for t in tournaments if t.kind != Tournament.Kind.LIGUILLA), None)
        rules = season.competition.season_final_rules()
        cut_short = [
            t.pk for t in liguillas if t.regular_season_state() == Tournament.SEASON_CUT_SHORT
        ]
        return {
            "season": season,
            "competition": season.competition,
            "tournaments": liguillas,
            "promotion": season.promotion(liguillas=liguillas, final=final),
            "final": final,
            "champions_final": rules is not None and not rules.promotes,
            "cut_short": cut_short,
        }


class SeasonScorersView(SeasonMixin, ScorersMixin, Page):
    def get_context_data(self, **kwargs):
        season = self.get_season()
        return super().get_context_data(
            season=season,
            competition=season.competition,
            table=self.scorer_table(Goal.objects.for_season(season)),
            without_scorers=self.without_scorers(season.tournaments.all()),
            **kwargs,
        )


class TournamentMixin:
    """Finds the tournament from its URL with the page's recipe (a TournamentQuerySet
    method name)."""

    recipe = "with_bracket"

    def get_tournament(self):
        queryset = (
            getattr(Tournament.objects, self.recipe)()
            .with_scorer_data()  # the menu's Goalscorers tab, without a query of its own
            .select_related("season__competition")
        )
        tournament = get_object_or_404(
            queryset,
            season__competition__slug=self.kwargs["competition"],
            season__slug=self.kwargs["season"],
            slug=self.kwargs["tournament"],
        )
        self.shows(tournament_scope(tournament.pk))
        return tournament

    def get_context_data(self, **kwargs):
        tournament = kwargs.pop("tournament", None) or self.get_tournament()
        return super().get_context_data(
            tournament=tournament,
            season=tournament.season,
            competition=tournament.season.competition,
            **kwargs,
        )


class TournamentView(TournamentMixin, Page):
    """The overview: facts box, the qualified teams' general table (the table so far
    while the regular season is played; where it stopped if it was cut short) and the
    format."""

    active = "overview"
    template_name = "tournaments/tournament.html"
    recipe = "with_final"

    def get_context_data(self, **kwargs):
        data = self.page_data(self.read, fresh_clubs=True)
        tournament, regular_season = data["tournament"], data["regular_season"]
        return super().get_context_data(
            **data,
            source_stopped=(
                display.source_stopped_note(data["summary_of_season"])
                if regular_season == Tournament.SEASON_SOURCE_STOPPED
                else ""
            ),
            source_table_caption=display.SOURCE_TABLE_CAPTION,
            qualified_caption=display.qualified_caption(tournament.qualifiers),
            qualifying_rule=display.qualifying_rule(tournament.qualifiers, tournament.kind),
            **kwargs,
        )

    def read(self):
        """What the overview reads from the database, the same in every language. Its clubs
        only as `Team` instances and nothing ordered by their names (the top scorers are
        ordered when shown: TournamentSummary.top_scorers), so a club renamed keeps it
        (`page_data`, fresh_clubs)."""
        tournament = self.get_tournament()
        # The champion's title number; the links to the previous and next Liguillas.
        competition = tournament.season.competition_id
        self.shows(titles_scope(competition), listing_scope(competition))
        previous, following = tournament.neighbours()
        regular_season = tournament.regular_season_state()
        finished = regular_season == Tournament.SEASON_FINISHED
        return {
            "tournament": tournament,
            "summary": tournament.summary(),
            # The qualified clubs in seed order; while nobody has qualified (a season
            # still being played or cut short), the whole table as it stands.
            "table": tournament.seeds() if finished else tournament.full_table(),
            "barred": None if finished else tournament.barred_team(),
            "last_qualified": (
                tournament.last_qualified_position()
                if regular_season
                in (Tournament.SEASON_UNFINISHED, Tournament.SEASON_SOURCE_STOPPED)
                else None
            ),
            "summary_of_season": (
                tournament.season_counts()
                if regular_season == Tournament.SEASON_SOURCE_STOPPED
                else {}
            ),
            "byes": tournament.bye_teams(),
            "rounds": tournament.rounds_in_order(),
            "regular_season": regular_season,
            "previous": previous,
            "next": following,
        }


class BracketView(TournamentMixin, Page):
    active = "bracket"
    template_name = "tournaments/bracket.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tournament = context["tournament"]
        fetch.knockout(tournament)
        seeds = {team.pk: n for n, team in enumerate(tournament.seeded_teams(), start=1)}
        columns = display.bracket_rows(
            tournament.bracket_columns(),
            lambda number: tournament.round_seed_numbers(number, seeds),
        )
        context.update(
            columns=columns,
            seeds=seeds,
            champion=tournament.champion(),
            regular_season=tournament.regular_season_state(),
            **live_page(
                self,
                any(row.live for _column, rows in columns for row in rows),
                kickoffs=display.any_kickoff(row for _column, rows in columns for row in rows),
                upcoming=refresh.of_tie_rows(row for _column, rows in columns for row in rows),
            ),
        )
        return context


class ResultsView(TournamentMixin, Page):
    active = "results"
    template_name = "tournaments/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tournament = context["tournament"]
        rounds = fetch.knockout(tournament)
        events = fetch.tournament_events(tournament)
        context["rounds"] = display.results_rounds(rounds, events)
        live, kickoffs = display.any_live(context["rounds"])
        matches = (m for round_ in context["rounds"] for _day, day in round_.days for m in day)
        context.update(live_page(self, live, kickoffs, upcoming=refresh.of_matches(matches)))
        context["scorer_data"] = tournament.has_scorer_data(recorded=bool(events.goals))
        # No round to show: say why (the regular season still being played, or cut short).
        context["regular_season"] = (
            tournament.SEASON_FINISHED if context["rounds"] else tournament.regular_season_state()
        )
        return context


class RegularSeasonView(TournamentMixin, Page):
    """The general table computed from the regular season, and its results by matchday."""

    active = "regular_season"
    template_name = "tournaments/regular_season.html"
    shows_schedule = False  # the league's own matches and dates, no leg of the Liguilla
    recipe = "all"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tournament = context["tournament"]
        matches = LeagueMatch.objects.for_results_page(tournament)
        regular_season = tournament.regular_season_state()
        context.update(
            source_stopped=(
                display.source_stopped_note(tournament.season_counts())
                if regular_season == Tournament.SEASON_SOURCE_STOPPED
                else ""
            ),
            has_results=any(match.is_played for match in matches),
            table=tournament.entries.order_by("position").select_related("team"),
            matchdays=matchdays(matches),
            barred=tournament.barred_team(),
            regular_season=regular_season,
            # Nobody qualified from a season cut short: no qualification line.
            last_qualified=(
                0
                if regular_season == Tournament.SEASON_CUT_SHORT
                else tournament.last_qualified_position()
            ),
        )
        return context


def matchdays(matches):
    """[(matchday, [matches])], matchdays in order, each one's matches by date."""
    by_day: dict[int, list] = {}
    for match in matches:
        by_day.setdefault(match.matchday, []).append(match)
    return [
        (day, sorted(games, key=lambda m: (m.date or datetime.date.min, m.kickoff is None)))
        for day, games in sorted(by_day.items())
    ]


class LegView(Page):
    """The match page of one leg."""

    active = "results"
    template_name = "tournaments/leg.html"

    def get_context_data(self, **kwargs):
        leg = get_object_or_404(
            Leg.objects.for_match_page(),
            tie__round__tournament__season__competition__slug=self.kwargs["competition"],
            tie__round__tournament__season__slug=self.kwargs["season"],
            tie__round__tournament__slug=self.kwargs["tournament"],
            tie__round__number=self.kwargs["round"],
            tie__position=self.kwargs["tie"],
            number=self.kwargs["leg"],
        )
        tie = leg.tie
        tie.ties_in_round = leg.ties_in_round
        tournament = tie.round.tournament
        self.shows(tournament_scope(tournament.pk))
        teams = fetch.share_teams([tie])
        leg.home, leg.away = teams[leg.home_id], teams[leg.away_id]
        goals, bookings = fetch.leg_events(leg).of(leg)
        seeds = {team.pk: n for n, team in enumerate(tournament.seeded_teams(), start=1)}
        tie_row = display.tie_row(tie, tournament.round_seed_numbers(tie.round.number, seeds))
        match = display.match_row(leg, goals, bookings)
        return super().get_context_data(
            leg=leg,
            match=match,
            tie_row=tie_row,
            **live_page(
                self,
                tie_row.live is not None,
                kickoffs=bool(leg.kickoff),
                upcoming=refresh.of_matches([match]),
            ),
            scorer_data=tournament.has_scorer_data(recorded=bool(goals)),
            tie=tie,
            tournament=tournament,
            season=tournament.season,
            competition=tournament.season.competition,
            **kwargs,
        )


class TournamentScorersView(TournamentMixin, ScorersMixin, Page):
    active = "scorers"
    recipe = "all"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tournament = context["tournament"]
        table = self.scorer_table(Goal.objects.for_tournament(tournament))
        context["table"] = table
        # A scorer in the table is a recorded goal: the tournament has scorer data.
        context["without_scorers"] = (
            [] if table.rows else self.without_scorers(Tournament.objects.filter(pk=tournament.pk))
        )
        return context


class TournamentJsonView(CachedPageMixin, TournamentMixin, View):
    """The season JSON document of one tournament (docs/import-formats.md, section 2)."""

    recipe = "all"

    def get(self, request, *args, **kwargs):
        tournament = self.get_tournament()
        return JsonResponse(
            export_tournament(tournament),
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )


class TeamsView(Page):
    """Every club, by the competitions it played in, with the names fans use for it."""

    template_name = "tournaments/teams.html"

    def get_context_data(self, **kwargs):
        self.shows(SITE, TEAMS)
        return super().get_context_data(competitions=Team.objects.by_competition(), **kwargs)


class TeamView(Page):
    """A club: titles and finals lost, every tournament it played (seed, round reached, how
    it went out) and its record against each opponent."""

    template_name = "tournaments/team.html"
    shows_schedule = False  # seeds, rounds and records: no leg's date, time or venue

    def get_context_data(self, **kwargs):
        team = get_object_or_404(Team, slug=self.kwargs["team"])
        nicknames = [alias.name for alias in team.aliases.all() if alias.nickname]
        history = team.knockout_history()
        honours = team.honours()
        # Its titles' numbers; a first title comes with a final it played (team scope).
        self.shows(team_scope(team.pk), *{titles_scope(h.competition.pk) for h in honours})
        opponents = OpponentTable(history.opponents, team=team)
        RequestConfig(self.request, paginate=False).configure(opponents)
        accept_table_query(self, opponents)
        return super().get_context_data(
            team=team,
            nicknames=nicknames,
            honours=honours,
            title_counts=titles_by_competition(honours),
            history=history,
            # No manager known in any of its tournaments (sources that give none): no
            # column of dashes.
            managers_known=any(run.entry and run.entry.manager_id for run in history.runs),
            opponents=opponents,
            **kwargs,
        )


class HeadToHeadView(Page):
    """Every tie between two clubs, with legs, aggregates, who advanced and why."""

    template_name = "tournaments/head_to_head.html"
    # Its legs' dates are those of the legs between the two clubs only: the pair's
    # schedule, not each club's (a kick-off moved in another of their ties keeps it warm).
    shows_schedule = False

    def get_context_data(self, **kwargs):
        slugs = [self.kwargs["team"], self.kwargs["other"]]
        teams = {team.slug: team for team in Team.objects.filter(slug__in=slugs)}
        if slugs[0] == slugs[1] or len(teams) != 2:
            raise Http404("Two different clubs are needed for a head-to-head.")
        team, other = teams[slugs[0]], teams[slugs[1]]
        self.shows(
            team_scope(team.pk), team_scope(other.pk), pair_schedule_scope(team.pk, other.pk)
        )
        return super().get_context_data(
            team=team, other=other, h2h=team.head_to_head(other), **kwargs
        )


class DecidedByView(Page):
    """How ties were decided (aggregate, table position, away goals, extra time,
    penalties): counts, shares and the ties, for one competition or for all."""

    template_name = "tournaments/decided_by.html"
    shows_schedule = False  # how ties were decided, not when

    def get_context_data(self, **kwargs):
        # Not kept for the other language (page_data): its hundreds of ties take longer
        # to pickle and load again than to read.
        ties = Tie.objects.for_decisions()
        if "competition" in self.kwargs:
            competition = get_object_or_404(Competition, slug=self.kwargs["competition"])
            # Its ties (any write in one of its tournaments raises the competition's
            # scope) and their clubs' names (its names scope, shown with it).
            self.shows(competition_scope(competition.pk), SITE)
            ties = ties.filter(round__tournament__season__competition=competition)
            summaries, total = [], DecidedBy.of(ties, competition)
        else:
            # Every competition's ties: the scope of each, even one with no tie yet (its
            # first tie raises its scope), so a write elsewhere keeps this page warm.
            competition = None
            every = Competition.objects.values_list("pk", flat=True)
            self.shows(SITE, *(competition_scope(pk) for pk in every))
            summaries, total = DecidedBy.by_competition(ties)
        return super().get_context_data(
            competition=competition, summaries=summaries, total=total, **kwargs
        )


class PlayerView(Page):
    """A player: goals match by match and the teams he played for."""

    template_name = "tournaments/player.html"

    def get_context_data(self, **kwargs):
        player = get_object_or_404(Person, slug=self.kwargs["player"])
        self.shows(person_scope(player.pk), SITE, TEAMS)
        return super().get_context_data(
            player=player,
            goals=Goal.objects.filter(player=player).by_match(),
            tallies=Goal.objects.filter(player=player).scorer_table(),
            squads=SquadMember.objects.filter(person=player)
            .select_related("team", "tournament__season__competition")
            .order_by("-tournament__season__start_year", "-tournament__order"),
            **kwargs,
        )
