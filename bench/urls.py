"""The site's URLs plus two pages to measure the site's pages against (bench/settings.py):

- the trivial view: same middleware as every page; no database, no template;
- the floor: the least a tournament page can do, through the same path as a cold page
  (`?cold=1`: data version read, render, compression, validators) — one ORM query for
  the tournament and the page shell (base.html, language links, tournament menu) with
  an empty content. No public page can be cheaper than this, so the cold-render targets
  of issue 13 are read against it too (docs/performance.md, "The floor")."""

from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from liguilla.urls import handler500  # noqa: F401
from liguilla.urls import urlpatterns as site_urls
from tournaments.cache import CachedPageMixin
from tournaments.models import Tournament


def trivial(request):
    return HttpResponse("ok")


class FloorView(CachedPageMixin, TemplateView):
    template_engine = "jinja2"
    template_name = "base.html"  # the page shell, its content empty
    active = None

    def get_context_data(self, **kwargs):
        # Read as the tournament pages read it (views.TournamentMixin): the menu's
        # Goalscorers tab asks the scorer-data rule, answered in the same query.
        queryset = Tournament.objects.with_scorer_data().select_related("season__competition")
        tournament = queryset.get(
            season__competition__slug="liga-de-ascenso",
            season__slug="2011-12",
            slug="apertura-2011",
        )
        return {
            "tournament": tournament,
            "season": tournament.season,
            "competition": tournament.season.competition,
            "view": self,
        }


urlpatterns = [
    path("bench/trivial/", trivial),
    # Not under /bench/: the page cache treats it as a page, so `?cold=1` takes the cold path.
    path("bench-floor/", FloorView.as_view()),
    *site_urls,
]
