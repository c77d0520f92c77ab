"""What fans take off the site: calendars and feeds to subscribe to, share cards, and the
bracket made to be framed on other sites. Thin views, as in views.py: one recipe each,
cached and revalidated under the data version like the pages (CachedPageMixin)."""

from urllib.parse import urlsplit

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import View

from . import calendars, feeds
from .cache import CachedPageMixin
from .models import Leg, Team
from .reversing import absolute_url
from .views import TournamentMixin


class FeedView(CachedPageMixin, View):
    """An Atom feed (feeds.py), cached like a page."""

    feed = feeds.ResultsFeed

    def get(self, request, *args, **kwargs):
        return self.feed()(request, *args, **kwargs)


def calendar_response(request, name, filename, legs):
    body = calendars.legs_calendar(
        name,
        legs.for_listing().in_fixture_order(),
        host=urlsplit(absolute_url(request, "/")).hostname,
        absolute_url=lambda path: absolute_url(request, path),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    return response


class TournamentCalendarView(CachedPageMixin, TournamentMixin, View):
    """Every leg of a tournament, as an iCalendar to subscribe to."""

    recipe = "all"

    def get(self, request, *args, **kwargs):
        tournament = self.get_tournament()
        competition = tournament.season.competition
        return calendar_response(
            request,
            f"{competition.name} {tournament.display_name}",
            f"{competition.slug}-{tournament.season.slug}-{tournament.slug}",
            Leg.objects.for_tournament(tournament),
        )


class TeamCalendarView(CachedPageMixin, View):
    """Every leg a club played or will play, as an iCalendar to subscribe to."""

    def get(self, request, *args, **kwargs):
        team = get_object_or_404(Team, slug=kwargs["team"])
        return calendar_response(request, team.name, team.slug, Leg.objects.of_team(team))
