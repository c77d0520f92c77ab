"""Atom feeds of results, with Django's syndication framework: the legs played last in a
competition, or by a club, newest first, each entry linking to its match page. A feed
reader (or a chat bot) learns of a result without visiting the site; the wording is
display.py's, in the language of the URL."""

import datetime
import zoneinfo

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from . import display
from .cache import competition_scope, team_scope
from .models import Competition, Leg, Team
from .reversing import absolute_url, cached_reverse

# Entries per feed: more than a Liguilla's 30 legs, so a reader that looks once a
# fortnight misses nothing of one.
ENTRIES = 40


class ResultsFeed(Feed):
    """What both feeds share; a subclass names its object and its legs. One instance per
    request (FeedView), so it may keep the request."""

    feed_type = Atom1Feed
    author_name = "Liguilla"
    scopes: list[str] = []  # the cache scopes of the feed's object (tournaments/cache/)

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def items(self, obj):
        return self.legs(obj).for_listing().latest_results(ENTRIES)

    def item_title(self, leg):
        return display.match_line(leg)

    def item_description(self, leg):
        tie = leg.tie
        tournament = tie.round.tournament
        parts = [
            f"{tournament.season.competition.name} {tournament.display_name}",
            f"{tie.round.name}, {display.leg_name(leg.number, tie.round.legs)}",
        ]
        if leg.venue:
            parts.append(leg.venue)
        half_time = display.half_time_line(leg)
        if half_time:
            parts.append(half_time)
        return " · ".join(parts)

    def item_link(self, leg):
        return absolute_url(self.request, leg.get_absolute_url())

    def item_pubdate(self, leg):
        """The kick-off in the tournament's zone; midnight there when only the date is
        known; none when the result was entered without a date (no <published>)."""
        if leg.kickoff is not None:
            return leg.local_kickoff()
        if leg.date is None:
            return None
        zone = zoneinfo.ZoneInfo(leg.tie.round.tournament.timezone)
        return datetime.datetime.combine(leg.date, datetime.time(), tzinfo=zone)

    def item_categories(self, leg):
        return [leg.tie.round.tournament.display_name, leg.tie.round.name]


class CompetitionResultsFeed(ResultsFeed):
    def get_object(self, request, competition):
        competition = get_object_or_404(Competition, slug=competition)
        self.scopes = [competition_scope(competition.pk)]
        return competition

    def legs(self, competition):
        return Leg.objects.filter(tie__round__tournament__season__competition=competition)

    def title(self, competition):
        return gettext("%(competition)s: results") % {"competition": competition.name}

    def subtitle(self, competition):
        return gettext("The latest Liguilla results of %(competition)s, leg by leg.") % {
            "competition": competition.name
        }

    def link(self, competition):
        return absolute_url(self.request, competition.get_absolute_url())

    def feed_url(self, competition):
        return absolute_url(
            self.request, cached_reverse("tournaments:competition_feed", competition.slug)
        )


class TeamResultsFeed(ResultsFeed):
    def get_object(self, request, team):
        team = get_object_or_404(Team, slug=team)
        self.scopes = [team_scope(team.pk)]
        return team

    def legs(self, team):
        return Leg.objects.of_team(team)

    def title(self, team):
        return gettext("%(club)s: results") % {"club": team.name}

    def subtitle(self, team):
        return gettext("The latest Liguilla results of %(club)s, leg by leg.") % {"club": team.name}

    def link(self, team):
        return absolute_url(self.request, team.get_absolute_url())

    def feed_url(self, team):
        return absolute_url(self.request, cached_reverse("tournaments:team_feed", team.slug))
