"""What fans take off the site: calendars and feeds to subscribe to, share cards, and the
bracket made to be framed on other sites. Thin views, as in views.py: one recipe each,
cached and revalidated under the data version like the pages (CachedPageMixin)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import View

from liguilla.security_headers import CspOverrideMixin

from . import calendars, display, feeds, share_images
from .cache import SITE, CachedPageMixin, team_scope
from .models import Leg, Team
from .reversing import absolute_url
from .views import BracketView, LegView, TournamentMixin


class FeedView(CachedPageMixin, View):
    """An Atom feed (feeds.py), cached like a page."""

    feed = feeds.ResultsFeed

    def get(self, request, *args, **kwargs):
        feed = self.feed()
        response = feed(request, *args, **kwargs)
        # A competition's results change with its tournaments (competition scope); a
        # club's with every tournament it played (its club scope).
        self.shows(SITE, *feed.scopes)
        return response


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
        self.shows(team_scope(team.pk), SITE)
        return calendar_response(request, team.name, team.slug, Leg.objects.of_team(team))


# -- share cards (og:image) -----------------------------------------------------------------


def png_response(body):
    return HttpResponse(body, content_type="image/png")


class BracketShareImageView(BracketView):
    """The bracket page's data, drawn as a share card."""

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        competition, tournament = context["competition"], context["tournament"]
        title = f"{competition.name} · {tournament.display_name}"
        return png_response(
            share_images.bracket_card(title, context["columns"], context["champion"])
        )


class MatchShareImageView(LegView):
    """The match page's data, drawn as a share card."""

    def get(self, request, *args, **kwargs):
        context = self.get_context_data()
        leg, tournament = context["leg"], context["tournament"]
        kicker = f"{context['competition'].name} · {tournament.display_name}"
        heading = f"{leg.tie.round.name} · {display.leg_name(leg.number, leg.tie.round.legs)}"
        tie = leg.tie
        # Under the tie's last leg, who went through and how; before, what it lacks.
        last = tie.is_decided and leg.number == tie.round.legs
        outcome = display.outcome(tie) if last else context["tie_row"].note
        return png_response(share_images.match_card(kicker, heading, context["match"], outcome))


class SiteShareImageView(CachedPageMixin, View):
    """The site's own card, for pages about no one tournament or match."""

    def get(self, request, *args, **kwargs):
        self.shows(SITE)  # words only: changes with a release, not with the data
        return png_response(share_images.site_card())


# -- the bracket on other sites -------------------------------------------------------------


class EmbedBracketView(CspOverrideMixin, BracketView):
    """The bracket page's content alone, for an <iframe> on any site (a club's, a
    newspaper's, a fan blog): the one page whose policy lets others frame it
    (docs/security.md); every other page still refuses to be framed."""

    csp_policy = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}

    def get_context_data(self, **kwargs):
        # The bracket page's template in the embed layout (templates/jinja2/tournaments/).
        return super().get_context_data(layout="tournaments/embed.html", **kwargs)
