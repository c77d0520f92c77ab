"""What a fan sees on the night of a deciding match (issue 21): what each side needs on
the tie, bracket, match and home pages before and during it, the live score and minute
with "LIVE", and pages that a browser refreshes cheaply (a 304 while nothing changes).
The match is the Clausura 2013 final: Cruz Azul won the first leg 1–0 at home; América
host the second leg, with extra time and penalties after a level aggregate."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tournaments.models import CUP_FINAL_TIEBREAK, Goal

from .builders import leg_between, make_tournament, person_in, play
from .factories import CompetitionFactory, SeasonFactory

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


@pytest.fixture
def final():
    tournament = make_tournament(
        ["América", "Cruz Azul"], rounds=[("Final", CUP_FINAL_TIEBREAK)], name="Clausura 2013"
    )
    tournament.advance(1)
    person_in(tournament, "América", "Raúl Jiménez")
    play(tournament, "Cruz Azul", 1, 0, "América")
    # The second leg tomorrow, 20:00 in Mexico City: on the home page's list of the week.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    kickoff = datetime.datetime.combine(tomorrow, datetime.time(20), tzinfo=MEXICO_CITY)
    second_leg(tournament).schedule(kickoff, "Estadio Azteca")
    return tournament


def second_leg(tournament):
    return leg_between(tournament, "América", "Cruz Azul")


def text(response) -> str:
    assert response.status_code == 200
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(body))


def pages(tournament):
    kw = tournament.url_kwargs()
    with translation.override("en"):
        return {
            "bracket": reverse("tournaments:bracket", kwargs=kw),
            "match": second_leg(tournament).get_absolute_url(),
            "home": reverse("tournaments:home"),
        }


def live_goal(tournament, team, minute, player=None):
    leg = second_leg(tournament)
    scorer = person_in(tournament, team, player) if player else None
    leg.add_live_goal(Goal(leg=leg, team=leg.home if team == "América" else leg.away,
                           player=scorer, minute=minute))  # fmt: skip


BEFORE = [
    "A draw is enough for Cruz Azul.",
    "América need to win by two goals.",
    "A one-goal win for América sends the tie to extra time and, if still level, to penalties.",
]


@pytest.mark.parametrize("page", ["bracket", "match", "home"])
def test_before_the_second_leg_each_side_is_told_what_it_needs(client, final, page):
    shown = text(client.get(pages(final)[page]))
    for line in BEFORE:
        assert line in shown


@pytest.mark.parametrize("page", ["bracket", "match", "home"])
def test_during_the_second_leg_the_score_so_far_is_read_as_a_result(client, final, page):
    second_leg(final).start_live()
    live_goal(final, "América", 20)
    shown = text(client.get(pages(final)[page]))
    assert "LIVE" in shown and "20'" in shown and "1–0" in shown
    assert "If it ends like this, the tie goes to extra time." in shown
    assert "América need one more goal to win the title." in shown
    live_goal(final, "América", 70, "Raúl Jiménez")
    shown = text(client.get(pages(final)[page]))
    assert "If it ends like this, América are champions." in shown
    assert "2–0" in shown and "70'" in shown


def test_the_spanish_pages_say_it_in_spanish(client, final):
    second_leg(final).start_live()
    with translation.override("es"):
        url = reverse("tournaments:bracket", kwargs=final.url_kwargs())
    shown = text(client.get(url))
    assert "EN VIVO" in shown
    assert "Si termina así" in shown


def test_a_decided_tie_says_nothing_of_needs(client, final):
    play(final, "América", 2, 0, "Cruz Azul")
    shown = text(client.get(pages(final)["bracket"]))
    assert "need" not in shown and "If it ends like this" not in shown


# -- what a live night costs ------------------------------------------------------------


def quarter_finals():
    """Eight clubs, the first legs played, the second legs tomorrow, two of them live."""
    clubs = [f"Club {n}" for n in range(1, 9)]
    season = SeasonFactory(competition=CompetitionFactory(name="Copa MX"), start_year=2012)
    tournament = make_tournament(
        clubs, rounds=[("Quarter-finals", CUP_FINAL_TIEBREAK)], season=season
    )
    tournament.advance(1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    kickoff = datetime.datetime.combine(tomorrow, datetime.time(20), tzinfo=MEXICO_CITY)
    for high in range(1, 5):
        home, away = f"Club {high}", f"Club {9 - high}"
        play(tournament, away, 1, 0, home)
        leg = leg_between(tournament, home, away)
        leg.schedule(kickoff)
        if high <= 2:
            leg.start_live()
    return tournament


def page_urls(tournament):
    kw = tournament.url_kwargs()
    with translation.override("en"):
        leg = tournament.rounds.get().ties.order_by("position")[0].legs.get(number=2)
        return {
            "home": reverse("tournaments:home"),
            "bracket": reverse("tournaments:bracket", kwargs=kw),
            "results": reverse("tournaments:results", kwargs=kw),
            "match": leg.get_absolute_url(),
        }


# Each with the page cache's two version reads (before and after the render) and the
# live page's own ETag read for its content's data-live-etag.
LIVE_PAGES = {"home": 12, "bracket": 9, "match": 9, "results": 9}


@pytest.mark.parametrize("page", LIVE_PAGES)
@pytest.mark.parametrize("size", ["one tie", "five ties"])
def test_a_live_night_costs_the_same_for_one_tie_or_five(
    client, django_assert_num_queries, final, page, size
):
    """The home page adds the legs of its ties and their seeds (two queries)."""
    second_leg(final).start_live()
    urls = page_urls(final if size == "one tie" else quarter_finals())
    with django_assert_num_queries(LIVE_PAGES[page]):
        assert client.get(urls[page]).status_code == 200


# -- pages that refresh themselves --------------------------------------------------------


@pytest.mark.parametrize("page", ["bracket", "match", "home", "results"])
def test_a_live_page_is_marked_for_its_script_and_a_finished_one_is_not(client, final, page):
    urls = pages(final) | page_urls(final)
    # Tomorrow's leg: only its window (tests/test_refresh.py), not live.
    assert 'data-live="' not in client.get(urls[page]).content.decode()
    second_leg(final).start_live()
    response = client.get(urls[page])
    body = response.content.decode()
    assert 'data-live="30"' in body
    etag = re.search(r'data-live-etag="([^"]*)"', body).group(1)
    assert html.unescape(etag) == response["ETag"]
    assert "js/live.js" in body


def test_the_live_refresh_is_a_304_until_a_goal_is_entered(
    client, final, django_assert_num_queries
):
    second_leg(final).start_live()
    url = pages(final)["bracket"]
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(1):  # the data version, nothing else
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    live_goal(final, "América", 20)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
    assert "1–0" in text(response)
    assert "If it ends like this, the tie goes to extra time." in text(response)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_refresh_interval_is_a_setting(client, final, settings):
    settings.LIVE_REFRESH_SECONDS = 1
    second_leg(final).start_live()
    assert 'data-live="1"' in client.get(pages(final)["bracket"]).content.decode()


# -- kick-off in the visitor's own time ---------------------------------------------------


@pytest.mark.parametrize("page", ["bracket", "match", "home"])
def test_a_kickoff_is_a_time_with_its_offset_and_its_zone_in_words(client, final, page):
    """Defect 8: no IANA id on a fan page; the match page names the zone."""
    body = client.get(pages(final)[page]).content.decode()
    kickoff = second_leg(final).kickoff.astimezone(MEXICO_CITY)
    stamp = kickoff.strftime("%Y-%m-%dT20:00:00-06:00")
    assert f'<time class="kickoff" datetime="{stamp}">20:00</time>' in body
    assert "(central Mexico time)" in body
    assert "America/Mexico_City" not in body
    assert "js/localtime.js" in body and 'data-your-time="{time} your time"' in body
    assert 'data-live="' not in body  # nothing is being played: checked only near kick-off


def test_the_spanish_match_page_names_the_zone_in_spanish(client, final):
    with translation.override("es"):
        url = second_leg(final).get_absolute_url()
    shown = text(client.get(url))
    assert "20:00 (hora del centro de México)" in shown
    assert "America/Mexico_City" not in shown
