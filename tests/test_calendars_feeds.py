"""Calendars (RFC 5545, read back with the `icalendar` package) and Atom feeds of results
(read back with xml.dom.minidom, as Django's own syndication tests do), per tournament,
per competition and per club; linked from the pages; cached like them; constant queries."""

import datetime
import zoneinfo
from xml.dom import minidom

import icalendar
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from tournaments.models import Leg

from .apertura_2011 import build_apertura_2011
from .builders import leg_between
from .site_builders import make_big_tournament

pytestmark = pytest.mark.django_db

MEXICO = zoneinfo.ZoneInfo("America/Mexico_City")


def schedule_everything(tournament):
    """Each leg on its own day from 1 December 2011 (bulk: no write path needed for
    dates); the final's legs with a kick-off and a venue."""
    legs = Leg.objects.for_tournament(tournament).order_by("tie__round__number", "number", "pk")
    start = datetime.date(2011, 12, 1)
    for n, leg in enumerate(legs):
        Leg.objects.filter(pk=leg.pk).update(date=start + datetime.timedelta(days=n))


def final_second_leg(tournament):
    """La Piedad 0–1 Correcaminos."""
    return leg_between(tournament, "La Piedad", "Correcaminos")


@pytest.fixture
def apertura(db):
    tournament = build_apertura_2011()
    schedule_everything(tournament)
    final_second = final_second_leg(tournament)
    kickoff = datetime.datetime(2011, 12, 13, 19, 0, tzinfo=MEXICO)
    Leg.objects.filter(pk=final_second.pk).update(
        kickoff=kickoff, date=kickoff.date(), venue="Estadio Juan N. López"
    )
    return tournament


def calendar_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_a_tournament_calendar_has_one_event_per_leg_with_its_kickoff_venue_and_result(
    client, apertura
):
    url = reverse("tournaments:tournament_calendar", kwargs=apertura.url_kwargs())
    calendar = calendar_of(client, url)
    events = calendar.walk("VEVENT")
    assert len(events) == Leg.objects.for_tournament(apertura).count() == 12
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT6H"
    assert str(calendar["X-WR-CALNAME"]) == f"{apertura.season.competition.name} Apertura 2011"

    final = next(e for e in events if str(e["SUMMARY"]).startswith("La Piedad 0–1 Correcaminos"))
    start = final.decoded("DTSTART")
    assert start == datetime.datetime(2011, 12, 13, 19, 0, tzinfo=MEXICO)
    assert final["DTSTART"].params["TZID"] == "America/Mexico_City"
    assert final.decoded("DTEND") - start == datetime.timedelta(hours=2)
    assert str(final["LOCATION"]) == "Estadio Juan N. López"
    leg = final_second_leg(apertura)
    assert str(final["SUMMARY"]) == "La Piedad 0–1 Correcaminos · Final, 2nd leg"
    assert str(final["URL"]).endswith(leg.get_absolute_url())
    # The zone it names is defined in the calendar itself.
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Mexico_City"]

    # A leg known only by its date is an all-day event.
    all_day = [e for e in events if "TZID" not in e["DTSTART"].params]
    first = min(all_day, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == datetime.date(2011, 12, 1)
    assert "TZID" not in first["DTSTART"].params
    assert first.decoded("DTEND") == datetime.date(2011, 12, 2)
    assert "LOCATION" not in first


def test_event_uids_are_stable_and_unique(client, apertura):
    url = reverse("tournaments:tournament_calendar", kwargs=apertura.url_kwargs())
    uids = [str(e["UID"]) for e in calendar_of(client, url).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert "apertura-2011/round-3/tie-1/leg-2@testserver" in " ".join(uids)
    # Another request (a new data version, the same legs) gives the same UIDs.
    Leg.objects.filter(tie__round__tournament=apertura).update(venue="Estadio")
    again = [str(e["UID"]) for e in calendar_of(client, url).walk("VEVENT")]
    assert again == uids


def test_a_fixture_to_come_reads_v_and_a_leg_without_a_date_is_left_out(client, apertura):
    leg = final_second_leg(apertura)
    Leg.objects.filter(pk=leg.pk).update(home_score=None, away_score=None)
    Leg.objects.filter(tie__round__number=1, tie__round__tournament=apertura).update(date=None)
    url = reverse("tournaments:tournament_calendar", kwargs=apertura.url_kwargs())
    events = calendar_of(client, url).walk("VEVENT")
    assert len(events) == 12 - 6
    assert "La Piedad v Correcaminos · Final, 2nd leg" in [str(e["SUMMARY"]) for e in events]


def test_a_club_calendar_in_spanish(client, apertura):
    with translation.override("es"):
        url = reverse("tournaments:team_calendar", args=["correcaminos"])
    assert not url.startswith("/en/")
    calendar = calendar_of(client, url)
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert len(summaries) == 6  # quarter-finals, semi-finals and the final
    assert all("Correcaminos" in s for s in summaries)
    assert summaries[-1] == "La Piedad 0–1 Correcaminos · Final, Vuelta"


def feed_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    doc = minidom.parseString(response.content)
    feed = doc.firstChild
    assert feed.tagName == "feed"
    assert feed.getAttribute("xmlns") == "http://www.w3.org/2005/Atom"
    return feed, feed.getElementsByTagName("entry")


def text(node, tag):
    return node.getElementsByTagName(tag)[0].firstChild.wholeText


def test_a_competition_feed_lists_results_newest_first(client, apertura):
    competition = apertura.season.competition
    url = reverse("tournaments:competition_feed", args=[competition.slug])
    feed, entries = feed_entries(client, url)
    assert text(feed, "title") == f"{competition.name}: results"
    assert feed.getAttribute("xml:lang") == "en"
    links = {link.getAttribute("rel"): link.getAttribute("href") for link in
             feed.getElementsByTagName("link") if link.parentNode is feed}  # fmt: skip
    assert links["self"] == "http://testserver" + url
    assert links["alternate"] == "http://testserver" + competition.get_absolute_url()
    assert len(entries) == 12
    final = final_second_leg(apertura)
    newest = entries[0]
    assert text(newest, "title") == "La Piedad 0–1 Correcaminos"
    link = newest.getElementsByTagName("link")[0].getAttribute("href")
    assert link == "http://testserver" + final.get_absolute_url()
    assert text(newest, "id") == link
    assert text(newest, "published").startswith("2011-12-13T19:00:00-06:00")
    assert "Final, 2nd leg" in text(newest, "summary")
    assert "Estadio Juan N. López" in text(newest, "summary")
    oldest = entries[-1]
    assert text(oldest, "published").startswith("2011-12-01")
    categories = [c.getAttribute("term") for c in newest.getElementsByTagName("category")]
    assert categories == ["Apertura 2011", "Final"]


def test_a_club_feed_has_only_its_legs_and_a_fixture_is_no_result(client, apertura):
    leg = final_second_leg(apertura)
    Leg.objects.filter(pk=leg.pk).update(home_score=None, away_score=None)
    _feed, entries = feed_entries(client, reverse("tournaments:team_feed", args=["correcaminos"]))
    titles = [text(e, "title") for e in entries]
    assert len(titles) == 5
    assert all("Correcaminos" in t for t in titles)
    assert not any(" v " in t for t in titles)


def test_a_result_entered_without_a_date_is_in_the_feed_unpublished(client, db):
    """Staff may type a score before the leg's date: the feed lists it (no <published>,
    newest first, nulls last), never a 500."""
    build_apertura_2011()  # results, no dates
    url = reverse("tournaments:competition_feed", args=["liga-de-ascenso"])
    _feed, entries = feed_entries(client, url)
    assert len(entries) == 12
    assert not any(e.getElementsByTagName("published") for e in entries)


def test_unknown_club_or_competition_is_a_404(client, apertura):
    assert client.get(reverse("tournaments:team_feed", args=["nobody"])).status_code == 404
    assert client.get(reverse("tournaments:team_calendar", args=["nobody"])).status_code == 404
    assert client.get(reverse("tournaments:competition_feed", args=["nope"])).status_code == 404


def test_feeds_and_calendars_are_cached_and_revalidated_like_pages(client, apertura):
    url = reverse("tournaments:team_calendar", args=["correcaminos"])
    first = client.get(url)
    assert first["ETag"] and "max-age" in first["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # A write is on the next request.
    with transaction.atomic():  # as the admin's save: its own transaction
        final_second_leg(apertura).save()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_pages_link_their_calendars_and_feeds(client, apertura):
    competition = apertura.season.competition
    calendar = reverse("tournaments:tournament_calendar", kwargs=apertura.url_kwargs())
    feed = reverse("tournaments:competition_feed", args=[competition.slug])
    for name in ("tournament", "bracket", "results"):
        html = client.get(reverse(f"tournaments:{name}", kwargs=apertura.url_kwargs())).text
        assert '<link rel="alternate" type="text/calendar"' in html
        assert f'href="http://testserver{calendar}"' in html
        assert 'type="application/atom+xml"' in html and f'href="http://testserver{feed}"' in html
    overview = client.get(apertura.get_absolute_url()).text
    assert f'<a href="{calendar}"' in overview and f'<a href="{feed}"' in overview
    team = client.get(reverse("tournaments:team", args=["correcaminos"])).text
    for name in ("team_calendar", "team_feed"):
        target = reverse(f"tournaments:{name}", args=["correcaminos"])
        assert f'href="http://testserver{target}"' in team and f'<a href="{target}"' in team
    page = client.get(competition.get_absolute_url()).text
    assert f'href="http://testserver{feed}"' in page and f'<a href="{feed}"' in page


# -- constant queries, as tests/test_views_queries.py ---------------------------------------

QUERIES = {
    # the versions (read before and after the render), the tournament (or club,
    # competition), the legs
    "tournament_calendar": 4,
    "team_calendar": 4,
    "competition_feed": 4,
    "team_feed": 4,
}


@pytest.fixture(params=["apertura-2011", "64-teams"])
def sized(request, db):
    tournament = (
        build_apertura_2011() if request.param == "apertura-2011" else make_big_tournament(64)
    )
    schedule_everything(tournament)
    return tournament


@pytest.mark.parametrize("view", QUERIES)
def test_constant_queries(client, django_assert_num_queries, sized, view):
    champion = sized.champion()
    urls = {
        "tournament_calendar": reverse(
            "tournaments:tournament_calendar", kwargs=sized.url_kwargs()
        ),
        "team_calendar": reverse("tournaments:team_calendar", args=[champion.slug]),
        "competition_feed": reverse(
            "tournaments:competition_feed", args=[sized.season.competition.slug]
        ),
        "team_feed": reverse("tournaments:team_feed", args=[champion.slug]),
    }
    with django_assert_num_queries(QUERIES[view]):
        response = client.get(urls[view])
    assert response.status_code == 200
    assert len(response.content) > 1000
