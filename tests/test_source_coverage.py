"""A season whose source stops early (issue 21, defect 4): openfootball's Liga MX
Clausura 2025 file ends in January, its later fixtures dated months ago without a result.
Those results are missing from the source, not still to be played: the pages say so, and
how far the site's data goes, instead of "the regular season is still being played"."""

import html
import re

import pytest
from django.utils import translation

from tests.importers.conftest import run_import
from tests.importers.test_import_footballtxt import NEW
from tournaments.models import LeagueMatch, Round, Tournament

pytestmark = pytest.mark.django_db


@pytest.fixture
def stopped():
    """The 2023 Apertura of the football.txt fixture as if its source stopped after its
    first matchday: every later result gone, no Liguilla."""
    run_import(NEW)
    tournament = Tournament.objects.get(slug="apertura-2023")
    Round.objects.filter(tournament=tournament).delete()
    later = LeagueMatch.objects.filter(tournament=tournament, matchday__gt=1)
    later.update(home_score=None, away_score=None, awarded=False)
    return tournament


def words(client, tournament, suffix="", language="en"):
    with translation.override(language):
        response = client.get(tournament.get_absolute_url() + suffix)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def test_the_overview_says_the_source_stops_and_where(client, stopped):
    missing = LeagueMatch.objects.filter(tournament=stopped, home_score__isnull=True).count()
    last = LeagueMatch.objects.filter(tournament=stopped, matchday=1).latest("date").date
    page = words(client, stopped)
    assert stopped.regular_season_state() == Tournament.SEASON_SOURCE_STOPPED
    assert "still being played" not in page
    assert f"{missing} matches dated before today have no result in it" in page
    assert f"The source's results stop on {last:%b}" in page
    assert "this site's data for the season goes no further" in page


def test_the_regular_season_names_each_missing_result(client, stopped):
    page = words(client, stopped, "regular-season/")
    assert "missing from the source" in page
    spanish = words(client, stopped, "regular-season/", "es")
    assert "falta en la fuente" in spanish


def test_the_results_and_bracket_say_there_is_no_liguilla_on_the_site(client, stopped):
    for suffix in ("results/", "bracket/"):
        page = words(client, stopped, suffix)
        assert "its source stops before the end of the regular season" in page
        assert "still being played" not in page


def test_the_home_and_competition_pages_say_how_far_the_data_goes(client, stopped):
    """The last result of the competition on the site, league match or leg."""
    last = LeagueMatch.objects.filter(home_score__isnull=False).latest("date").date
    with translation.override("en"):
        expected = f"Results on this site up to {last:%B} {last.day}, {last.year}."
        home = client.get("/en/").content.decode()
        competition = client.get(stopped.season.competition.get_absolute_url())
    assert expected in home
    assert expected in competition.content.decode()
