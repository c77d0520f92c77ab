"""When a public page refreshes itself (issue 21): its hook for static/js/live.js.

A page showing a leg being played is checked every LIVE_REFRESH_SECONDS. A page showing a
leg still to come carries the times that leg is expected to be played, so that a fan who
opened it before kick-off sees the leg go live, and its goals, without reloading.

Whether a kick-off is *near* depends on the clock, and pages are cached under the data's
versions, not the clock (tournaments/cache/): a bracket rendered two days before a
second leg may be the one served on the night. So the page never says "kick-off is near";
it says when each leg still to come is played (its window: from its kick-off to
LIVE_MATCH_HOURS after it, or the whole day in the tournament's time zone for a leg with a
date but no time yet) and the script, reading the visitor's clock, checks the page only
from LIVE_SOON_HOURS before a window to its end: every LIVE_SOON_REFRESH_SECONDS until
kick-off, every LIVE_REFRESH_SECONDS from then on. Outside every window it asks nothing.
Only windows that have not ended are written, so a page rendered later never holds a
window an earlier rendering of it lacked (the cached copy is always a superset).
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html_join


@dataclass(frozen=True, order=True, slots=True)
class Window:
    """When a leg still to come is expected to be played (aware datetimes)."""

    start: datetime.datetime
    end: datetime.datetime

    def text(self) -> str:
        """An ISO 8601 interval, each end with its offset: "2026-12-04T20:00:00-06:00/…"."""
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def leg_window(date, kickoff, zone: str) -> Window | None:
    """The window of a leg still to come: from its kick-off (aware) to LIVE_MATCH_HOURS
    later (extra time and penalties included); a leg with only a date, that day in the
    tournament's time zone `zone`; a leg with neither, none."""
    if kickoff is not None:
        return Window(kickoff, kickoff + datetime.timedelta(hours=settings.LIVE_MATCH_HOURS))
    if date is None:
        return None
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime.combine(date, datetime.time.min, tzinfo=tz)
    return Window(start, start + datetime.timedelta(days=1))


def windows(upcoming, now=None) -> list[Window]:
    """The windows of legs still to come, `upcoming` as (date, kickoff, zone), that have
    not ended by `now`, in order, each once."""
    now = now or timezone.now()
    found = {leg_window(*leg) for leg in upcoming}
    return sorted(window for window in found if window is not None and window.end > now)


def page_hook(*, live: bool, upcoming=(), etag: str = "") -> dict:
    """The page's refresh hook, as attributes of its <main> (`live_attrs`) and whether it
    carries the script (`live_refresh`): `data-live` (seconds between checks) while a leg
    is played; the windows of legs to come (`data-live-soon`) with the cadences and the
    lead before kick-off; the page's ETag for the first check. {} for a page with neither."""
    soon = windows(upcoming)
    if not live and not soon:
        return {}
    attributes = []
    if live:
        attributes.append(("data-live", settings.LIVE_REFRESH_SECONDS))
    if soon:
        attributes += [
            ("data-live-soon", " ".join(window.text() for window in soon)),
            ("data-live-every", settings.LIVE_REFRESH_SECONDS),
            ("data-live-soon-every", settings.LIVE_SOON_REFRESH_SECONDS),
            ("data-live-lead", settings.LIVE_SOON_HOURS * 3600),
        ]
    attributes.append(("data-live-etag", etag))
    return {
        "live_refresh": True,
        "live_attrs": format_html_join("", ' {}="{}"', attributes),
    }


def of_tie_rows(rows):
    """The legs still to come of tie boxes (display.TieRow), as `windows` reads them."""
    for row in rows:
        for _name, date, kickoff in row.upcoming:
            yield date, kickoff, row.tie.round.tournament.timezone


def of_matches(matches):
    """The legs still to come among match reports (display.MatchRow)."""
    for match in matches:
        if match.status == "upcoming":
            yield match.leg.date, match.kickoff, match.leg.tie.round.tournament.timezone
