"""Constant queries with the whole history loaded: every public page, old and new, costs
the same number of SQL queries with only the 2011 Apertura in the database and with 34
more Liguillas (fifteen seasons of Liga MX, two of Liga de Expansión MX) beside it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tournaments.models import Leg, Tournament

from .apertura_2011 import build_apertura_2011
from .history_builders import make_history
from .site_builders import add_list_of_champions
from .test_views_queries import PAGES, page_urls

pytestmark = pytest.mark.django_db

# The history pages, rendered (a cold cache; each count includes the data version read
# first, except the search's, which is never cached).
HISTORY_PAGES = {
    "team": PAGES["team"],  # the same page: its count is kept in one place
    "head_to_head": 5,
    # The ties and their legs; their rounds, tournaments, seasons, competitions and the
    # two clubs of each prefetched, one instance each (TieQuerySet.for_decisions).
    "decided_by": 11,
    "decided_by_all": 11,  # and the competitions' ids: its scopes
    "search_head_to_head": 4,  # the clubs found come with their nicknames (one query more)
}
# A tournament without goalscorer data: its overview, match and scorers pages ask the
# database whether it has any (one EXISTS query), which a page that has shown a recorded
# goal already knows; the results page knows it from the legs it reads. The same at any size.
SCORELESS_PAGES = {
    **PAGES,
    "tournament": PAGES["tournament"] + 1,
    "leg": PAGES["leg"] + 1,
    "tournament_scorers": PAGES["tournament_scorers"] + 1,
}

# A Liga MX Clausura's pages that show seeds also ask which seasons its relegation table
# spans (one query; the seeds leave out the club that table bars: Competition.relegation_seasons).
RELEGATION_CLAUSURA_PAGES = {
    **SCORELESS_PAGES,
    **{page: SCORELESS_PAGES[page] + 1 for page in ("tournament", "bracket", "leg")},
    # Its source stops before the regular season's end: the overview shows where, with no
    # table of zeros and no goalscorer question (test_source_coverage.py).
    "tournament": SCORELESS_PAGES["tournament"],
}


def history_urls(team, other, competition):
    return {
        "team": reverse("tournaments:team", args=[team]),
        "head_to_head": reverse("tournaments:head_to_head", args=[team, other]),
        "decided_by": reverse("tournaments:decided_by", args=[competition]),
        "decided_by_all": reverse("tournaments:decided_by_all"),
        "search_head_to_head": reverse("tournaments:search") + f"?q={team}+vs+{other}",
    }


def scoreless_urls(tournament):
    """A tournament of the history (no scorers): its own pages."""
    kw = tournament.url_kwargs()
    leg = Leg.objects.filter(tie__round__tournament=tournament).order_by("tie__round", "pk")[0]
    return {
        "tournament": tournament.get_absolute_url(),
        "bracket": reverse("tournaments:bracket", kwargs=kw),
        "results": reverse("tournaments:results", kwargs=kw),
        "leg": leg.get_absolute_url(),
        "tournament_scorers": reverse("tournaments:tournament_scorers", kwargs=kw),
        "season": tournament.season.get_absolute_url(),
        "season_scorers": reverse(
            "tournaments:season_scorers",
            args=[tournament.season.competition.slug, tournament.season.slug],
        ),
        "competition": tournament.season.competition.get_absolute_url(),
        "competition_scorers": reverse(
            "tournaments:competition_scorers", args=[tournament.season.competition.slug]
        ),
    }


def assert_counts(client, django_assert_num_queries, urls, counts):
    """Each page rendered from a cold page cache (a warm one is a single query)."""
    for page, url in urls.items():
        cache.clear()
        with django_assert_num_queries(counts[page], info=f"{page}: {url}"):
            response = client.get(url)
        assert response.status_code == 200, url


def test_one_tournament(client, django_assert_num_queries):
    apertura = build_apertura_2011()
    add_list_of_champions(apertura, 3)
    assert_counts(client, django_assert_num_queries, page_urls(apertura), PAGES)
    assert_counts(
        client,
        django_assert_num_queries,
        history_urls("correcaminos", "altamira", "liga-de-ascenso"),
        HISTORY_PAGES,
    )


def test_the_whole_history(client, django_assert_num_queries):
    apertura = build_apertura_2011()
    add_list_of_champions(apertura, 3)
    history = make_history()
    assert len(history) == 34 and Tournament.objects.count() == 35
    assert_counts(client, django_assert_num_queries, page_urls(apertura), PAGES)
    liga_mx_clausura_2025 = history[-5]
    assert_counts(
        client,
        django_assert_num_queries,
        scoreless_urls(liga_mx_clausura_2025),
        RELEGATION_CLAUSURA_PAGES,
    )
    assert_counts(
        client,
        django_assert_num_queries,
        history_urls("america", "tigres", "liga-mx"),
        HISTORY_PAGES,
    )
