"""Invalidation by what changed: every write path changes its own pages, at once (0 stale
reads), and leaves the pages of every other tournament, and of clubs that did not play in
it, warm with their validators unchanged."""

import datetime
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tournaments import cache as page_cache
from tournaments.models import Goal, Leg, Person, Team, Tie, TournamentEntry

from .admin_fixtures import form_data
from .apertura_2011 import build_apertura_2011
from .builders import leg_between, make_tournament, play
from .factories import CompetitionFactory, SeasonFactory
from .test_views import text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]

CLAUSURA = Path(__file__).parent / "importers" / "clausura_2012.txt"


@pytest.fixture
def two_tournaments(apertura_2011):
    """The 2011 Apertura and a Copa final between two clubs that never met it."""
    season = SeasonFactory(competition=CompetitionFactory(name="Copa Norte"), start_year=2012)
    cup = make_tournament(["Alpha FC", "Beta FC"], season=season, name="Copa 2013")
    cup.advance()
    play(cup, "Beta FC", 0, 1, "Alpha FC")
    play(cup, "Alpha FC", 1, 0, "Beta FC")
    return apertura_2011, cup


def pages_of(tournament, club_name):
    kw = tournament.url_kwargs()
    club = tournament.entries.get(team__name=club_name).team
    leg = Leg.objects.filter(tie__round__tournament=tournament).order_by("pk").first()
    return {
        "overview": tournament.get_absolute_url(),
        "bracket": reverse("tournaments:bracket", kwargs=kw),
        "results": reverse("tournaments:results", kwargs=kw),
        "scorers": reverse("tournaments:tournament_scorers", kwargs=kw),
        "leg": leg.get_absolute_url(),
        "club": club.get_absolute_url(),
    }


class Watch:
    """The ETag of each page, fetched warm; `changed()` says which pages a write changed
    (and checks that an unchanged page is still served from the cache)."""

    def __init__(self, client, pages):
        self.client, self.pages = client, pages
        for path in pages.values():
            client.get(path)
        self.etags = {name: client.get(path)["ETag"] for name, path in pages.items()}

    def changed(self, django_assert_num_queries):
        changed = set()
        for name, path in self.pages.items():
            response = self.client.get(path, HTTP_IF_NONE_MATCH=self.etags[name])
            if response.status_code == 304:
                continue
            changed.add(name)
            self.etags[name] = response["ETag"]
        for path in (p for n, p in self.pages.items() if n not in changed):
            with django_assert_num_queries(1):  # warm: the versions read, nothing rendered
                assert self.client.get(path).status_code == 200
        return changed


@pytest.fixture
def watch(client, two_tournaments):
    apertura, cup = two_tournaments
    pages = {
        **{f"apertura {k}": v for k, v in pages_of(apertura, "León").items()},
        **{f"cup {k}": v for k, v in pages_of(cup, "Alpha FC").items()},
    }
    return Watch(client, pages)


APERTURA_PAGES = {"apertura overview", "apertura bracket", "apertura results", "apertura leg"}


def test_an_admin_leg_save_changes_its_tournament_only(
    client, staff_client, two_tournaments, watch, django_assert_num_queries
):
    apertura, _cup = two_tournaments
    leg = leg_between(apertura, "León", "Irapuato")
    admin_url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    data = form_data(staff_client.get(admin_url), "leg_form")
    data.update(home_score="4")
    assert staff_client.post(admin_url, data).status_code == 302
    changed = watch.changed(django_assert_num_queries)
    assert APERTURA_PAGES | {"apertura club"} <= changed
    assert not {name for name in changed if name.startswith("cup")}
    assert "León (advanced) 1 4 5" in text(client.get(watch.pages["apertura bracket"]))


def test_a_history_revert_changes_its_tournament_only(
    client, staff_client, two_tournaments, watch, django_assert_num_queries
):
    apertura, _cup = two_tournaments
    leg = leg_between(apertura, "Irapuato", "León")  # 0–1
    original = leg.history.latest()
    leg.away_score = 2
    leg.save()
    assert watch.changed(django_assert_num_queries) >= APERTURA_PAGES
    revert_url = reverse("admin:tournaments_leg_simple_history", args=[leg.pk, original.pk])
    data = form_data(staff_client.get(revert_url), "historicalleg_form")
    assert staff_client.post(revert_url, data).status_code == 302
    changed = watch.changed(django_assert_num_queries)
    assert changed >= APERTURA_PAGES
    assert not {name for name in changed if name.startswith("cup")}
    assert "León (advanced) 1 2 3" in text(client.get(watch.pages["apertura bracket"]))


def test_an_import_changes_its_competition_and_leaves_another_alone(
    client, two_tournaments, watch, django_assert_num_queries
):
    call_command("import_season", str(CLAUSURA), stdout=StringIO(), stderr=StringIO())
    changed = watch.changed(django_assert_num_queries)
    assert not {name for name in changed if name.startswith("cup")}
    competition = reverse("tournaments:competition", args=["liga-de-ascenso"])
    assert "Clausura 2012" in text(client.get(competition))


def test_a_bulk_update_says_what_it_changed(two_tournaments, watch, django_assert_num_queries):
    """QuerySet.update() sends no signal: the code that calls it names the rows."""
    apertura, _cup = two_tournaments
    entry = TournamentEntry.objects.get(tournament=apertura, team__name="León")
    TournamentEntry.objects.filter(pk=entry.pk).update(goals_for=entry.goals_for)
    page_cache.data_changed(entry)
    changed = watch.changed(django_assert_num_queries)
    assert "apertura bracket" in changed and "apertura club" in changed
    assert not {name for name in changed if name.startswith("cup")}


def test_a_club_renamed_changes_the_pages_it_is_on_and_no_other(
    client, two_tournaments, watch, django_assert_num_queries
):
    apertura, _cup = two_tournaments
    team = apertura.entries.get(team__name="Irapuato").team
    team.name = "Irapuato FC"
    team.save()
    changed = watch.changed(django_assert_num_queries)
    assert APERTURA_PAGES | {"apertura club"} <= changed  # León's page names its opponent
    assert not {name for name in changed if name.startswith("cup")}
    assert "Irapuato FC" in text(client.get(watch.pages["apertura club"]))


def test_a_club_renamed_leaves_the_pages_of_clubs_that_never_met_it_warm(
    client, apertura_2011, django_assert_num_queries
):
    """A club's page names the clubs it met in a tie, no other: Irapuato, out in the
    quarter-finals against León, renamed, is on León's page and its head-to-head with
    León at once; Necaxa (out against Neza) never met it, and its page keeps its
    validator."""
    clubs = {team.name: team for team in Team.objects.all()}
    watch = Watch(
        client,
        {
            "León": clubs["León"].get_absolute_url(),
            "León v Irapuato": reverse("tournaments:head_to_head", args=["leon", "irapuato"]),
            "Necaxa": clubs["Necaxa"].get_absolute_url(),
            "Necaxa v Neza": reverse("tournaments:head_to_head", args=["necaxa", "neza"]),
        },
    )
    irapuato = clubs["Irapuato"]
    irapuato.name = "Irapuato FC"
    irapuato.save()
    assert watch.changed(django_assert_num_queries) == {"León", "León v Irapuato"}
    assert "Irapuato FC" in text(client.get(watch.pages["León"]))
    assert "Irapuato FC" in text(client.get(watch.pages["León v Irapuato"]))


def test_a_club_renamed_changes_a_season_page_only_where_it_played_a_final(
    client, apertura_2011, django_assert_num_queries
):
    """A season's page names its champions and the clubs of its finals: Irapuato, out in
    the quarter-finals, renamed, leaves it warm; the champion renamed is on it at once.
    The season's goalscorers name every scorer's club: changed by either."""
    season = apertura_2011.season
    watch = Watch(
        client,
        {
            "season": season.get_absolute_url(),
            "season scorers": reverse(
                "tournaments:season_scorers", args=[season.competition.slug, season.slug]
            ),
        },
    )
    irapuato = Team.objects.get(name="Irapuato")
    irapuato.name = "Irapuato FC"
    irapuato.save()
    assert watch.changed(django_assert_num_queries) == {"season scorers"}
    champion = apertura_2011.champion()
    champion.name = f"{champion.name} FC"
    champion.save()
    assert watch.changed(django_assert_num_queries) == {"season", "season scorers"}
    assert champion.name in text(client.get(watch.pages["season"]))


def test_a_save_in_one_tournament_keeps_the_others_validators(
    client, two_tournaments, watch, django_assert_num_queries
):
    apertura, cup = two_tournaments
    play(cup, "Beta FC", 1, 1, "Alpha FC")
    changed = watch.changed(django_assert_num_queries)
    assert {"cup bracket", "cup results", "cup club"} <= changed
    assert not {name for name in changed if name.startswith("apertura")}


def test_a_result_changes_the_decided_by_page_of_its_competition_only(
    client, two_tournaments, django_assert_num_queries
):
    """How ties were decided, per competition: a result in the cup is on the cup's page
    at once and leaves the Liga de Ascenso's warm (the page of every competition shows
    every write)."""
    apertura, cup = two_tournaments
    pages = {
        "apertura decided-by": reverse("tournaments:decided_by", args=["liga-de-ascenso"]),
        "cup decided-by": reverse("tournaments:decided_by", args=[cup.season.competition.slug]),
        "every decided-by": reverse("tournaments:decided_by_all"),
    }
    watch = Watch(client, pages)
    leg = leg_between(cup, "Alpha FC", "Beta FC")
    leg.record_result(0, 3)  # Beta now go through on aggregate
    assert watch.changed(django_assert_num_queries) == {"cup decided-by", "every decided-by"}


def render_with_a_write(monkeypatch, client, path, write):
    """Ask for `path` while `write` lands in the middle of its render."""
    from tournaments.views import BracketView

    real = BracketView.get_context_data

    def with_a_write(self, **kwargs):
        context = real(self, **kwargs)
        write()
        return context

    with monkeypatch.context() as patch:
        patch.setattr(BracketView, "get_context_data", with_a_write)
        assert client.get(path).status_code == 200


def test_a_render_overlapped_by_a_write_elsewhere_is_kept(
    client, two_tournaments, monkeypatch, django_assert_num_queries
):
    """A page rendered again (its scopes known from its previous entry) is kept when the
    writes during its render were to other scopes: on a match night a save every 2 s
    would otherwise throw away the renders it overlapped."""
    apertura, cup = two_tournaments
    bracket = reverse("tournaments:bracket", kwargs=apertura.url_kwargs())
    client.get(bracket)
    leg_between(apertura, "León", "Irapuato").record_result(4, 0)  # the page is obsolete
    render_with_a_write(
        monkeypatch,
        client,
        bracket,
        lambda: leg_between(cup, "Alpha FC", "Beta FC").record_result(0, 3),
    )
    with django_assert_num_queries(1):  # kept: warm
        assert "León (advanced) 1 4 5" in text(client.get(bracket))


def test_a_render_overlapped_by_a_write_to_what_it_shows_is_not_kept(
    client, two_tournaments, monkeypatch, django_assert_num_queries
):
    apertura, _cup = two_tournaments
    bracket = reverse("tournaments:bracket", kwargs=apertura.url_kwargs())
    client.get(bracket)
    leg_between(apertura, "León", "Irapuato").record_result(4, 0)
    render_with_a_write(
        monkeypatch,
        client,
        bracket,
        lambda: leg_between(apertura, "León", "Irapuato").record_result(5, 0),
    )
    response = client.get(bracket)  # rendered again: the one before showed 4–0
    assert "León (advanced) 1 5 6" in text(response)


# -- match night: a leg's write changes the pages that show it, and only those ------------


def club_url(name):
    return Team.objects.get(name=name).get_absolute_url()


def night_pages(apertura):
    """The Apertura's pages, its season's and competition's, the pages of the two clubs
    of its León–Irapuato quarter-final (and of the tie between them), of Altamira (in the
    same table, never met them), and of another season of the same competition."""
    season, competition = apertura.season, apertura.season.competition
    next_season = SeasonFactory(competition=competition, start_year=2012)
    make_tournament(["Gamma FC", "Delta FC"], season=next_season, name="Clausura 2013")
    leg = leg_between(apertura, "León", "Irapuato")
    leon, irapuato = Team.objects.get(name="León"), Team.objects.get(name="Irapuato")
    season_scorers = "tournaments:season_scorers"
    return leg, {
        **{k: v for k, v in pages_of(apertura, "León").items() if k != "club"},
        "leg": leg.get_absolute_url(),
        "season": season.get_absolute_url(),
        "season scorers": reverse(season_scorers, args=[competition.slug, season.slug]),
        "competition": competition.get_absolute_url(),
        "León": leon.get_absolute_url(),
        "Irapuato": irapuato.get_absolute_url(),
        "head-to-head": reverse("tournaments:head_to_head", args=[leon.slug, irapuato.slug]),
        "Altamira": club_url("Altamira"),
        "next season": next_season.get_absolute_url(),
        "next season scorers": reverse(season_scorers, args=[competition.slug, next_season.slug]),
    }


@pytest.fixture
def night(client, two_tournaments):
    """night_pages() of the whole Apertura, and a club of another competition, warm."""
    apertura, _cup = two_tournaments
    leg, pages = night_pages(apertura)
    return leg, Watch(client, {**pages, "cup club": club_url("Alpha FC")})


# What a write to one leg of the Apertura changes: its tournament's pages, its season's
# and competition's, the pages of the leg's two clubs. Not Altamira's (same table), not
# the next season's of the same competition, not another competition's club.
LEG_PAGES = {
    "overview",
    "bracket",
    "results",
    "scorers",
    "leg",
    "season",
    "season scorers",
    "competition",
    "León",
    "Irapuato",
    "head-to-head",
}


# A leg's schedule moved (its date, kick-off or venue): the pages that show when legs are
# played, not the clubs' records or the scorers (tests/test_cache_schedule.py).
SCHEDULE_PAGES = LEG_PAGES - {"León", "Irapuato", "scorers", "season scorers"}


def test_a_kickoff_moved_changes_the_pages_that_show_its_leg_s_schedule_only(
    client, night, django_assert_num_queries
):
    leg, watch = night
    zone = zoneinfo.ZoneInfo(leg.tie.round.tournament.timezone)
    leg.date = datetime.date(2011, 12, 4)
    leg.kickoff = datetime.datetime(2011, 12, 4, 19, 6, tzinfo=zone)
    leg.save()  # through the ORM, as staff do on a match night
    assert watch.changed(django_assert_num_queries) == SCHEDULE_PAGES
    assert "19:06" in text(client.get(watch.pages["leg"]))
    assert "19:06" in text(client.get(watch.pages["results"]))


def test_a_goal_added_changes_the_pages_of_its_leg_and_its_two_clubs_only(
    client, night, django_assert_num_queries
):
    leg, watch = night
    scorer = Person.objects.get(name="Eder Pacheco")
    scorers = reverse("tournaments:player", args=[scorer.slug])
    before = text(client.get(scorers))
    Goal(leg=leg, team=leg.home, player=scorer, minute=89).save()
    assert watch.changed(django_assert_num_queries) == LEG_PAGES
    assert "89" in text(client.get(watch.pages["leg"]))
    assert text(client.get(scorers)) != before  # the scorer's own page: his person scope


def test_a_result_that_changes_who_advances_changes_both_clubs_and_no_other(
    client, db, django_assert_num_queries
):
    """The quarter-finals played, the semi-finals not drawn yet: who advances is on the
    bracket and on the two clubs' pages; drawing the next round is a write of its own."""
    apertura = build_apertura_2011(through="quarter-finals")
    leg, pages = night_pages(apertura)
    watch = Watch(client, pages)
    leg.record_result(2, 5)  # Irapuato go through on aggregate, 5–3
    assert watch.changed(django_assert_num_queries) == LEG_PAGES
    assert "Irapuato (advanced)" in text(client.get(watch.pages["bracket"]))
    assert "Still in the tournament" in text(client.get(watch.pages["Irapuato"]))
    assert "Lost 3–5 to Irapuato" in text(client.get(watch.pages["León"]))


def test_a_final_decided_changes_its_season_page_and_not_the_next_seasons(
    client, two_tournaments, night, django_assert_num_queries
):
    apertura, _cup = two_tournaments
    _leg, watch = night
    final = (
        Leg.objects.filter(tie__round__tournament=apertura)
        .order_by("-tie__round__number", "-number")
        .first()
    )
    champion = final.tie.winner
    home, away = final.home_score, final.away_score
    if final.home_id == champion.pk:  # nine more goals for the loser
        final.record_result(home, away + 9)
    else:
        final.record_result(home + 9, away)
    new_champion = Tie.objects.get(pk=final.tie_id).winner
    assert new_champion != champion
    changed = watch.changed(django_assert_num_queries)
    assert {"season", "season scorers", "competition", "bracket"} <= changed
    assert not changed & {"next season", "next season scorers", "Altamira", "cup club"}
    assert f"Champion: {new_champion.name}" in text(client.get(watch.pages["season"]))


def test_a_tie_given_another_club_changes_the_page_of_the_club_it_had(
    client, two_tournaments, night, django_assert_num_queries
):
    """The club a write takes off a tie is read before the write: its page showed it."""
    leg, watch = night
    tie, irapuato = leg.tie, leg.away
    la_piedad = Team.objects.get(name="La Piedad")  # the bye of the quarter-finals
    tie.lower_seed = la_piedad
    tie.save()
    for each in tie.legs.all():
        each.home = la_piedad if each.home == irapuato else each.home
        each.away = la_piedad if each.away == irapuato else each.away
        each.save()
    changed = watch.changed(django_assert_num_queries)
    assert {"Irapuato", "León", "head-to-head", "bracket"} <= changed
    assert "Altamira" not in changed
    assert "Irapuato" not in text(client.get(watch.pages["León"]))
    assert not changed & {"next season", "cup club"}


def test_a_competition_or_season_renamed_changes_the_season_pages_that_name_it(
    client, night, django_assert_num_queries
):
    """A season's page shows its own and its competition's names, not only its
    tournaments: a rename is on it at once."""
    leg, watch = night
    competition = leg.tie.round.tournament.season.competition
    competition.name = "Ascenso MX"
    competition.save()
    changed = watch.changed(django_assert_num_queries)
    assert {"season", "season scorers", "next season", "next season scorers"} <= changed
    for page in ("season", "next season scorers"):
        assert "Ascenso MX" in text(client.get(watch.pages[page]))
    season = leg.tie.round.tournament.season
    season.name = "Temporada 2011"
    season.save()
    assert {"season", "season scorers"} <= watch.changed(django_assert_num_queries)
    assert "Temporada 2011" in text(client.get(watch.pages["season"]))


def test_a_redraw_changes_its_tournament_and_the_clubs_it_moved_only(
    client, django_assert_num_queries
):
    """A correction that changes who goes through deletes the next round's tie (its legs
    with it) and draws a new one: deleted rows are followed to their tournament before
    they go, so the other competition's pages, and the clubs the redraw did not move,
    keep their validators."""
    from .test_rules import irapuato_instead_of_leon, semi_finals_of_2011

    apertura = semi_finals_of_2011()
    season = SeasonFactory(competition=CompetitionFactory(name="Copa Norte"), start_year=2012)
    cup = make_tournament(["Alpha FC", "Beta FC"], season=season, name="Copa 2013")
    cup.advance()
    play(cup, "Beta FC", 0, 1, "Alpha FC")
    pages = {
        "bracket": reverse("tournaments:bracket", kwargs=apertura.url_kwargs()),
        **{name: club_url(name) for name in ("León", "Irapuato", "La Piedad", "Altamira")},
        "cup bracket": reverse("tournaments:bracket", kwargs=cup.url_kwargs()),
        "cup club": club_url("Alpha FC"),
    }
    watch = Watch(client, pages)
    assert irapuato_instead_of_leon(apertura) == [
        "Semi-finals: redrawn as La Piedad v Irapuato; Correcaminos v Neza."
    ]
    assert watch.changed(django_assert_num_queries) == {"bracket", "León", "Irapuato", "La Piedad"}
    assert "Semi-finals La Piedad – Irapuato" in text(client.get(pages["bracket"]))
