"""Constant queries: every public page costs the same number of SQL queries for the
7-team 2011 Apertura and for a synthetic 64-team tournament with hundreds of goals."""

import pytest
from django.urls import reverse

from tournaments.models import Goal, Leg

from .apertura_2011 import build_apertura_2011
from .site_builders import add_list_of_champions, make_big_tournament

pytestmark = pytest.mark.django_db

# Page → queries when rendered (a cold cache). The same numbers must hold at both sizes.
# Each count includes the two reads of the page cache's versions, before and after the
# render (tournaments/cache/); search is not cached. A warm page or a 304 is one query:
# tests/test_cache.py.
# The home page asks which ties are played now or this week (one query; two more when
# there are some: tests/test_live_pages.py).
PAGES = {
    "home": 9,
    "search": 4,
    "competition": 9,
    "champions": 7,
    "competition_scorers": 5,
    "season": 7,
    "season_scorers": 5,
    "tournament": 13,
    "bracket": 10,
    "results": 8,
    "leg": 7,
    "tournament_scorers": 4,
    "teams": 6,
    "team": 12,
    "player": 6,
}


def page_urls(tournament):
    season, competition = tournament.season, tournament.season.competition
    leg = Leg.objects.filter(tie__round__tournament=tournament).order_by("tie__round", "pk")[0]
    champion = tournament.champion()
    scorer = Goal.objects.for_tournament(tournament).top_scorers()[0]
    kw = tournament.url_kwargs()
    return {
        "home": reverse("tournaments:home"),
        "search": reverse("tournaments:search") + "?q=o",
        "competition": competition.get_absolute_url(),
        "champions": reverse("tournaments:champions", args=[competition.slug]),
        "competition_scorers": reverse("tournaments:competition_scorers", args=[competition.slug]),
        "season": season.get_absolute_url(),
        "season_scorers": reverse(
            "tournaments:season_scorers", args=[competition.slug, season.slug]
        ),
        "tournament": tournament.get_absolute_url(),
        "bracket": reverse("tournaments:bracket", kwargs=kw),
        "results": reverse("tournaments:results", kwargs=kw),
        "leg": leg.get_absolute_url(),
        "tournament_scorers": reverse("tournaments:tournament_scorers", kwargs=kw),
        "teams": reverse("tournaments:teams"),
        "team": champion.get_absolute_url(),
        "player": reverse("tournaments:player", args=[scorer.player_slug]),
    }


@pytest.fixture(params=["apertura-2011", "64-teams"])
def tournament(request, db):
    # Each with a sourced list of champions: 3 seasons before it, or 120.
    if request.param == "apertura-2011":
        tournament = build_apertura_2011()
        add_list_of_champions(tournament, 3)
        return tournament
    tournament = make_big_tournament(64)
    add_list_of_champions(tournament, 120)
    return tournament


def test_the_big_tournament_is_big(db):
    tournament = make_big_tournament(64)
    assert tournament.entries.count() == 64
    assert Leg.objects.for_tournament(tournament).count() == 126
    assert Goal.objects.for_tournament(tournament).count() > 250


@pytest.mark.parametrize("page", PAGES)
def test_constant_queries(client, django_assert_num_queries, tournament, page):
    url = page_urls(tournament)[page]
    with django_assert_num_queries(PAGES[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_home_costs_the_same_for_one_competition_or_several(client, django_assert_num_queries):
    from .builders import make_tournament, play
    from .factories import CompetitionFactory, SeasonFactory

    build_apertura_2011()
    for name in ("Liga MX", "Copa MX"):
        season = SeasonFactory(competition=CompetitionFactory(name=name), start_year=2012)
        final = make_tournament([f"{name} A", f"{name} B"], season=season, name="Clausura 2013")
        final.advance()
        play(final, f"{name} B", 0, 1, f"{name} A")
        play(final, f"{name} A", 1, 0, f"{name} B")
    with django_assert_num_queries(PAGES["home"]):
        response = client.get(reverse("tournaments:home"))
    assert "Liga MX A" in response.text and "Copa MX A" in response.text
