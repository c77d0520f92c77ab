"""A page opened before kick-off (issue 21): the bracket, results, match and home pages of
a leg still to come carry the windows in which it is played, so that static/js/live.js
checks them from a few hours before kick-off (slowly), as a live page from kick-off on,
and not at all outside them; the embeddable bracket refreshes by the same rules. The match
is the Clausura 2013 final: Cruz Azul won the first leg 1–0; América host the second."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tournaments import refresh
from tournaments.models import CUP_FINAL_TIEBREAK

from .builders import leg_between, make_tournament, play

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")
PAGES = ["bracket", "results", "match", "home", "embed"]


@pytest.fixture
def final():
    tournament = make_tournament(
        ["América", "Cruz Azul"], rounds=[("Final", CUP_FINAL_TIEBREAK)], name="Clausura 2013"
    )
    tournament.advance(1)
    play(tournament, "Cruz Azul", 1, 0, "América")
    return tournament


def second_leg(tournament):
    return leg_between(tournament, "América", "Cruz Azul")


def kick_off_in(tournament, minutes):
    """The second leg's kick-off, `minutes` from now (whole minutes, in Mexico City)."""
    now = timezone.now().astimezone(MEXICO_CITY).replace(second=0, microsecond=0)
    kickoff = now + datetime.timedelta(minutes=minutes)
    second_leg(tournament).schedule(kickoff, "Estadio Azteca")
    return kickoff


def urls(tournament):
    kw = tournament.url_kwargs()
    with translation.override("en"):
        return {
            "bracket": reverse("tournaments:bracket", kwargs=kw),
            "results": reverse("tournaments:results", kwargs=kw),
            "match": second_leg(tournament).get_absolute_url(),
            "home": reverse("tournaments:home"),
            "embed": reverse("tournaments:bracket_embed", kwargs=kw),
        }


def main_tag(body: str) -> dict:
    """The attributes of the page's <main id="content">."""
    tag = re.search(r'<main id="content"[^>]*>', body).group(0)
    return {name: html.unescape(value) for name, value in re.findall(r'(\S+)="([^"]*)"', tag)}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_opened_ten_minutes_before_kickoff_carries_its_window(client, final, page):
    kickoff = kick_off_in(final, 10)
    response = client.get(urls(final)[page])
    body = response.content.decode()
    main = main_tag(body)
    assert "data-live" not in main  # not being played yet
    later = kickoff + datetime.timedelta(hours=3)
    assert main["data-live-soon"] == f"{kickoff.isoformat()}/{later.isoformat()}"
    assert main["data-live-soon"].startswith(kickoff.strftime("%Y-%m-%dT%H:%M:00-06:00/"))
    assert main["data-live-every"] == "30"
    assert main["data-live-soon-every"] == "60"  # slower before kick-off
    assert main["data-live-lead"] == str(3 * 3600)  # checks begin three hours before it
    assert main["data-live-etag"] == response["ETag"]  # so the first check is a 304
    assert "js/live.js" in body


def test_a_leg_with_a_date_and_no_time_yet_is_watched_all_that_day(client, final):
    today = timezone.localdate()
    second_leg(final).schedule(None, date=today)
    main = main_tag(client.get(urls(final)["bracket"]).content.decode())
    start = datetime.datetime.combine(today, datetime.time.min, tzinfo=MEXICO_CITY)
    end = start + datetime.timedelta(days=1)
    assert main["data-live-soon"] == f"{start.isoformat()}/{end.isoformat()}"


@pytest.mark.parametrize("page", PAGES)
def test_a_played_tie_has_nothing_to_refresh(client, final, page):
    kick_off_in(final, -120)
    play(final, "América", 2, 0, "Cruz Azul")
    body = client.get(urls(final)[page]).content.decode()
    assert "data-live" not in body and "js/live.js" not in body


def test_a_leg_whose_window_ended_without_a_result_is_not_watched(client, final):
    """A fixture of last week the source never gave a result for (defect 4): no window."""
    kick_off_in(final, -7 * 24 * 60)
    body = client.get(urls(final)["bracket"]).content.decode()
    assert "data-live" not in body and "js/live.js" not in body


@pytest.mark.parametrize("page", ["bracket", "embed"])
def test_before_kickoff_the_checks_are_304s_until_the_leg_goes_live(client, final, page):
    kick_off_in(final, 10)
    url = urls(final)[page]
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    second_leg(final).start_live()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    main = main_tag(response.content.decode())
    assert main["data-live"] == "30"  # now a live page: every 30 s
    assert main["data-live-etag"] == response["ETag"] != etag
    assert "data-live-soon" not in main  # its one leg to come is being played


def test_the_embed_stays_frameable_while_it_refreshes(client, final):
    second_leg(final).start_live()
    response = client.get(urls(final)["embed"])
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert re.search(r"script-src 'self'", policy)
    assert "X-Frame-Options" not in response
    body = response.content.decode()
    assert "js/live.js" in body and 'data-live="30"' in body


def test_the_cadences_are_settings(client, final, settings):
    settings.LIVE_REFRESH_SECONDS = 1
    settings.LIVE_SOON_REFRESH_SECONDS = 2
    settings.LIVE_SOON_HOURS = 1
    kick_off_in(final, 10)
    main = main_tag(client.get(urls(final)["bracket"]).content.decode())
    assert (main["data-live-every"], main["data-live-soon-every"]) == ("1", "2")
    assert main["data-live-lead"] == "3600"


# -- the windows themselves ---------------------------------------------------------------------


def test_windows_are_in_order_each_once_and_only_those_not_ended():
    now = datetime.datetime(2026, 12, 4, 18, tzinfo=MEXICO_CITY)
    tonight = datetime.datetime(2026, 12, 4, 20, tzinfo=MEXICO_CITY)
    earlier = datetime.datetime(2026, 12, 4, 14, tzinfo=MEXICO_CITY)  # ended 17:00
    upcoming = [
        (tonight.date(), tonight, "America/Mexico_City"),
        (None, None, "America/Mexico_City"),  # no date: nothing to watch
        (tonight.date(), tonight, "America/Mexico_City"),
        (earlier.date(), earlier, "America/Mexico_City"),
        (datetime.date(2026, 12, 3), None, "America/Mexico_City"),  # yesterday, all day
        (datetime.date(2026, 12, 6), None, "America/Tijuana"),
    ]
    found = [window.text() for window in refresh.windows(upcoming, now=now)]
    assert found == [
        "2026-12-04T20:00:00-06:00/2026-12-04T23:00:00-06:00",
        "2026-12-06T00:00:00-08:00/2026-12-07T00:00:00-08:00",
    ]
