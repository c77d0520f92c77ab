"""A leg's schedule apart from its result: a kick-off moved, a date or a venue set (the
staff's edits on the days before a match night) changes the pages that show when legs
are played, at once, and leaves warm, with their validators, the pages that show no
leg's date, time or venue: a club's record, its head-to-heads with other clubs, the
scorers, how ties were decided (tournaments/cache/scopes.py, schedule_scope).

A page kept warm must be the page a render would give now: each one is rendered again
from nothing and compared with what the cache served, byte for byte."""

import datetime
import zoneinfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tournaments.models import LeagueMatch, Leg

from .apertura_2011 import build_apertura_2011
from .builders import leg_between
from .test_cache_scopes import Watch

pytestmark = pytest.mark.django_db

MEXICO = zoneinfo.ZoneInfo("America/Mexico_City")
FIRST_DAY = datetime.date(2011, 11, 16)

# The pages that show no leg's date, time or venue: kept warm by a schedule write.
WITHOUT_SCHEDULE = {
    "home",  # its ties on now and the last result's date: neither moved here
    "competition",
    "club",
    "club sorted",
    "other club",
    "head-to-head with another club",
    "tournament scorers",
    "season scorers",
    "competition scorers",
    "decided by (competition)",
    "decided by (all)",
    "champions",
    "teams",
    "regular season",
}


def schedule_every_leg(tournament):
    """A date and a kick-off for every leg (the built Liguilla has results, no dates), and
    a regular season of one matchday with its own dates."""
    clubs = [entry.team for entry in tournament.entries.order_by("position")]
    for home, away in zip(clubs[::2], clubs[1::2], strict=False):
        LeagueMatch.objects.create(
            tournament=tournament,
            matchday=1,
            date=datetime.date(2011, 7, 22),
            kickoff=datetime.datetime(2011, 7, 22, 19, tzinfo=MEXICO),
            home=home,
            away=away,
            home_score=1,
            away_score=0,
        )
    legs = Leg.objects.filter(tie__round__tournament=tournament).order_by("tie__round", "pk")
    for n, leg in enumerate(legs):
        leg.date = FIRST_DAY + datetime.timedelta(days=n)
        leg.kickoff = datetime.datetime.combine(leg.date, datetime.time(19), tzinfo=MEXICO)
        leg.save()


def pages_around(leg):
    """Every kind of public page that could show `leg`, its clubs or its scorers."""
    tournament = leg.tie.round.tournament
    competition, season = tournament.season.competition, tournament.season
    kw = tournament.url_kwargs()
    legs = Leg.objects.filter(tie__round__tournament=tournament)
    # The club of the leg that played someone else too (its other head-to-head).
    home, away, other = next(
        (club, rival, found)
        for club, rival in ((leg.home, leg.away), (leg.away, leg.home))
        if (found := (legs.filter(home=club) | legs.filter(away=club)).exclude(tie=leg.tie).first())
    )
    opponent = other.away if other.home == home else other.home
    pages = {
        "home": reverse("tournaments:home"),
        "tournament": tournament.get_absolute_url(),
        "bracket": reverse("tournaments:bracket", kwargs=kw),
        "results": reverse("tournaments:results", kwargs=kw),
        "regular season": reverse("tournaments:regular_season", kwargs=kw),
        "leg": leg.get_absolute_url(),
        "season.json": reverse("tournaments:tournament_json", kwargs=kw),
        "tournament calendar": reverse("tournaments:tournament_calendar", kwargs=kw),
        "season": reverse("tournaments:season", args=[competition.slug, season.slug]),
        "competition": reverse("tournaments:competition", args=[competition.slug]),
        "competition feed": reverse("tournaments:competition_feed", args=[competition.slug]),
        "club calendar": reverse("tournaments:team_calendar", args=[home.slug]),
        "club feed": reverse("tournaments:team_feed", args=[home.slug]),
        "head-to-head": reverse("tournaments:head_to_head", args=[home.slug, away.slug]),
        "club": reverse("tournaments:team", args=[home.slug]),
        "club sorted": reverse("tournaments:team", args=[home.slug]) + "?sort=opponent",
        "other club": reverse("tournaments:team", args=[opponent.slug]),
        "head-to-head with another club": reverse(
            "tournaments:head_to_head", args=[home.slug, opponent.slug]
        ),
        "tournament scorers": reverse("tournaments:tournament_scorers", kwargs=kw),
        "season scorers": reverse(
            "tournaments:season_scorers", args=[competition.slug, season.slug]
        ),
        "competition scorers": reverse("tournaments:competition_scorers", args=[competition.slug]),
        "decided by (competition)": reverse("tournaments:decided_by", args=[competition.slug]),
        "decided by (all)": reverse("tournaments:decided_by_all"),
        "champions": reverse("tournaments:champions", args=[competition.slug]),
        "teams": reverse("tournaments:teams"),
    }
    scorer = leg.goals.exclude(player=None).first()
    if scorer is not None:
        pages["scorer"] = reverse("tournaments:player", args=[scorer.player.slug])
    return pages


def served(client, pages):
    return {name: client.get(path).content for name, path in pages.items()}


def kickoff_moved(leg, minutes=45):
    leg.refresh_from_db()
    leg.kickoff += datetime.timedelta(minutes=minutes)
    leg.save()
    return leg


@pytest.mark.parametrize("through", ["final", "semi-finals"], ids=["played", "to come"])
def test_a_kickoff_moved_changes_the_pages_that_show_when_legs_are_played_and_no_other(
    client, through, django_assert_num_queries
):
    tournament = build_apertura_2011(through=through)
    if through == "semi-finals":
        tournament.advance()  # the final drawn, its legs still to come
        leg = Leg.objects.get(tie__round__number=3, number=1)
    else:
        leg = leg_between(tournament, "Irapuato", "León")
    schedule_every_leg(tournament)
    pages = {
        name: path
        for name, path in pages_around(leg).items()
        if client.get(path).status_code == 200  # the champions' list: no sourced list here
    }
    played = {"scorer"} if through == "final" else set()  # a leg to come has no goals
    assert pages.keys() >= {"regular season", "head-to-head with another club", *played}
    watch = Watch(client, pages)
    before = served(client, pages)

    leg = kickoff_moved(leg)

    changed = watch.changed(django_assert_num_queries)
    assert changed == pages.keys() - WITHOUT_SCHEDULE
    new_kickoff = f'datetime="{leg.local_kickoff().isoformat()}"'.encode()
    assert new_kickoff in client.get(pages["leg"]).content
    assert new_kickoff in client.get(pages["results"]).content
    kept = served(client, {name: pages[name] for name in pages.keys() - changed})
    assert kept == {name: before[name] for name in kept}  # served from the cache
    cache.clear()
    assert served(client, {name: pages[name] for name in kept}) == kept  # as rendered now


def test_a_venue_set_is_a_schedule_write_too(client, apertura_2011, django_assert_num_queries):
    leg = leg_between(apertura_2011, "Irapuato", "León")
    pages = pages_around(leg)
    pages = {name: path for name, path in pages.items() if client.get(path).status_code == 200}
    watch = Watch(client, pages)
    leg.refresh_from_db()
    leg.venue = "Estadio Sergio León Chávez"
    leg.save()
    changed = watch.changed(django_assert_num_queries)
    assert "club" not in changed and "decided by (all)" not in changed
    assert {"leg", "results"} <= changed
    assert "Estadio Sergio León Chávez" in client.get(pages["leg"]).content.decode()


def test_a_kickoff_moved_with_a_score_changed_is_a_result(
    client, apertura_2011, django_assert_num_queries
):
    """A save that changes the schedule and anything else raises every scope it touches."""
    leg = leg_between(apertura_2011, "Irapuato", "León")  # 0–1
    schedule_every_leg(apertura_2011)
    pages = {name: path for name, path in pages_around(leg).items() if name in {"club", "leg"}}
    watch = Watch(client, pages)
    leg.refresh_from_db()
    leg.kickoff += datetime.timedelta(minutes=30)
    leg.away_score = 2
    leg.save()
    assert watch.changed(django_assert_num_queries) == {"club", "leg"}


def test_the_same_leg_saved_twice_raises_each_save_by_what_it_changed(
    client, apertura_2011, django_assert_num_queries
):
    """A schedule save marks only that save: the next save of the same instance with a
    result is a result (the match night's object is saved again and again)."""
    leg = leg_between(apertura_2011, "Irapuato", "León")
    schedule_every_leg(apertura_2011)
    pages = {name: path for name, path in pages_around(leg).items() if name in {"club", "leg"}}
    watch = Watch(client, pages)
    leg = kickoff_moved(leg)
    assert watch.changed(django_assert_num_queries) == {"leg"}
    leg.away_score = 3
    leg.save()
    assert watch.changed(django_assert_num_queries) == {"club", "leg"}


# -- the home page's ties on now and the date of each competition's last result -----------


def test_a_leg_on_now_moved_changes_the_home_page(client, django_assert_num_queries):
    tournament = build_apertura_2011(through="semi-finals")
    tournament.advance()
    leg = Leg.objects.get(tie__round__number=3, number=1)
    soon = timezone.localdate() + datetime.timedelta(days=2)
    leg.schedule(datetime.datetime.combine(soon, datetime.time(19), tzinfo=MEXICO))
    pages = {"home": reverse("tournaments:home"), "club": leg.home.get_absolute_url()}
    watch = Watch(client, pages)
    kickoff_moved(leg)
    assert watch.changed(django_assert_num_queries) == {"home"}
    assert f'datetime="{Leg.objects.get(pk=leg.pk).local_kickoff().isoformat()}"' in (
        client.get(pages["home"]).content.decode()
    )


def home_and_competition(tournament, **more):
    """The pages that show each competition's last result date, and `more`."""
    schedule_every_leg(tournament)
    competition = tournament.season.competition
    return {
        "home": reverse("tournaments:home"),
        "competition": reverse("tournaments:competition", args=[competition.slug]),
        **more,
    }


def test_a_result_of_an_old_leg_corrected_leaves_the_home_page_warm(
    client, apertura_2011, django_assert_num_queries
):
    bracket = reverse("tournaments:bracket", kwargs=apertura_2011.url_kwargs())
    watch = Watch(client, home_and_competition(apertura_2011, bracket=bracket))
    leg_between(apertura_2011, "León", "Irapuato").record_result(3, 0)  # not the last result
    assert watch.changed(django_assert_num_queries) == {"bracket", "competition"}


def test_a_later_last_result_changes_the_home_and_competition_pages(
    client, apertura_2011, django_assert_num_queries
):
    decided = reverse("tournaments:decided_by", args=[apertura_2011.season.competition.slug])
    pages = home_and_competition(apertura_2011, decided_by=decided)
    watch = Watch(client, pages)
    final = Leg.objects.filter(tie__round__tournament=apertura_2011).order_by("-date").first()
    final.date = datetime.date(2011, 12, 31)
    final.save()
    assert watch.changed(django_assert_num_queries) == {"home", "competition"}
    assert "Results on this site up to Dec. 31, 2011." in (
        " ".join(client.get(pages["competition"]).content.decode().split())
    )
