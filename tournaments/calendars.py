"""iCalendar (RFC 5545) documents of fixtures: one event per leg, for a fan's calendar app.

A tournament's calendar and a club's calendar are the same kind of document: a list of
legs, each an event with its kick-off in the tournament's own time zone (DTSTART with a
TZID and the VTIMEZONE that defines it), or an all-day event when the source gives only
the date; its venue as LOCATION; and, once played, the result in the SUMMARY. A leg with
neither date nor kick-off is not on a calendar yet.

The UID of an event is the leg's place in its tournament (competition, season,
tournament, round, tie, leg) at the site's host, so it survives a re-import that gives
the rows new ids: a calendar app that subscribed updates the event instead of adding a
second one. The wording comes from display.py, in the language of the URL.
"""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
from django.utils import timezone
from django.utils.translation import get_language, gettext

from . import display

# How long a match takes in a calendar: 90 minutes, half-time and added time.
MATCH_DURATION = datetime.timedelta(hours=2)
# How often a subscribed calendar app should fetch the calendar again (RFC 7986).
REFRESH_INTERVAL = datetime.timedelta(hours=6)
PRODID = "-//Liguilla//Fixtures and results//ES"


def leg_uid(leg, host: str) -> str:
    """The leg's place in its tournament, at the site: stable across re-imports."""
    tie = leg.tie
    tournament = tie.round.tournament
    place = "/".join(
        [
            tournament.season.competition.slug,
            tournament.season.slug,
            tournament.slug,
            f"round-{tie.round.number}",
            f"tie-{tie.position}",
            f"leg-{leg.number}",
        ]
    )
    return f"{place}@{host}"


def leg_event(leg, *, host: str, absolute_url) -> icalendar.Event | None:
    """The event of one leg, or None while it has neither date nor kick-off."""
    tie = leg.tie
    tournament = tie.round.tournament
    event = icalendar.Event()
    event.add("uid", leg_uid(leg, host))
    event.add("dtstamp", timezone.now())
    if leg.kickoff is not None:
        start = leg.kickoff.astimezone(zoneinfo.ZoneInfo(tournament.timezone))
        event.add("dtstart", start)
        event.add("dtend", start + MATCH_DURATION)
    elif leg.date is not None:
        event.add("dtstart", leg.date)  # VALUE=DATE: an all-day event
        event.add("dtend", leg.date + datetime.timedelta(days=1))
    else:
        return None
    round_leg = f"{tie.round.name}, {display.leg_name(leg.number, tie.round.legs)}"
    event.add("summary", f"{display.match_line(leg)} · {round_leg}")
    if leg.venue:
        event.add("location", leg.venue)
    url = absolute_url(leg.get_absolute_url())
    description = [f"{tournament.season.competition.name} {tournament.display_name}", round_leg]
    if leg.is_played:
        description.append(gettext("Result: %(score)s") % {"score": display.full_score(leg)})
    description.append(url)
    event.add("description", "\n".join(description))
    event.add("url", url)
    # Only the date known: the kick-off time is still to be confirmed.
    event.add("status", "CONFIRMED" if leg.kickoff or leg.is_played else "TENTATIVE")
    event.add("transp", "TRANSPARENT")
    return event


def legs_calendar(name: str, legs, *, host: str, absolute_url) -> bytes:
    """The calendar `name` of `legs` (with their tie, round, tournament, season and
    competition, and both clubs, already fetched), as RFC 5545 text."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    language = get_language() or "es"
    calendar["x-wr-calname"].params["LANGUAGE"] = language
    first = None
    for leg in legs:
        event = leg_event(leg, host=host, absolute_url=absolute_url)
        if event is None:
            continue
        calendar.add_component(event)
        day = leg.date or leg.kickoff.date()
        first = day if first is None or day < first else first
    if first is not None:
        # The zones' rules from the first match on (not from 1970), to 2038 at least.
        calendar.add_missing_timezones(
            first_date=first, last_date=max(datetime.date(2038, 1, 1), first)
        )
    return calendar.to_ical()
