"""Every admin page renders for a League staff user, in a number of queries that does not
grow with the tournament (7 qualifiers against 16)."""

import re

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tournaments.models import (
    LIGUILLA_TIEBREAK,
    Booking,
    Competition,
    Goal,
    Leg,
    Person,
    Round,
    Season,
    SquadMember,
    Team,
    TeamAlias,
    Tie,
    Tournament,
    TournamentEntry,
)

from .apertura_2011 import build_apertura_2011
from .builders import TableLine, make_tournament, play
from .factories import SeasonFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]

MODELS = [
    Competition,
    Season,
    Team,
    TeamAlias,
    Person,
    Tournament,
    TournamentEntry,
    SquadMember,
    Round,
    Tie,
    Leg,
    Goal,
    Booking,
]

# The most queries any admin page may cost a staff user (session, user, permissions and
# the page's own fixed recipe).
QUERY_CAP = 30


def build_sixteen():
    """A 16-team Liguilla with its round of 16 played (every leg 2–1 to the home side,
    scorers entered, one booking each) and the quarter-finals drawn."""
    table = [TableLine(f"Club {n:02d}", 20 - n, 0, n - 1, 40 - n, 10 + n) for n in range(1, 17)]
    tournament = make_tournament(
        table,
        season=SeasonFactory(start_year=2015),
        name="Clausura 2016",
        slug="clausura-2016",
        rounds=[("Round of 16", LIGUILLA_TIEBREAK)],
    )
    tournament.advance(1)
    for tie in Tie.objects.filter(round__tournament=tournament).select_related(
        "higher_seed", "lower_seed"
    ):
        for home, away in ((tie.lower_seed, tie.higher_seed), (tie.higher_seed, tie.lower_seed)):
            play(
                tournament,
                home.name,
                2,
                1,
                away.name,
                goals=[
                    (home.name, f"{home.name} striker", 10),
                    (home.name, f"{home.name} striker", 20),
                    (away.name, f"{away.name} striker", 30),
                ],
                bookings=[(away.name, f"{away.name} defender")],
            )
    tournament.advance(2)
    return tournament


def admin_urls(model, tournament, user):
    """Changelist, add (if the user may add), change (or view) and history pages of
    `model`, on rows of `tournament`."""
    opts = model._meta
    info = f"admin:{opts.app_label}_{opts.model_name}"
    obj = object_in(model, tournament)
    urls = [reverse(f"{info}_changelist") + changelist_filter(model, tournament)]
    if user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
        urls.append(reverse(f"{info}_add"))
    urls.append(reverse(f"{info}_change", args=[obj.pk]))
    urls.append(reverse(f"{info}_history", args=[obj.pk]))
    return urls


def object_in(model, tournament):
    lookups = {
        Competition: {"seasons__tournaments": tournament},
        Season: {"tournaments": tournament},
        Team: {"entries__tournament": tournament},
        TeamAlias: {},
        Person: {"squads__tournament": tournament},
        Tournament: {"pk": tournament.pk},
        TournamentEntry: {"tournament": tournament},
        SquadMember: {"tournament": tournament},
        Round: {"tournament": tournament},
        Tie: {"round__tournament": tournament},
        Leg: {"tie__round__tournament": tournament, "home_score__isnull": False},
        Goal: {"leg__tie__round__tournament": tournament},
        Booking: {"leg__tie__round__tournament": tournament},
    }
    if model is TeamAlias and not TeamAlias.objects.exists():
        TeamAlias.objects.create(team=Team.objects.first(), name="Alias")
    return model.objects.filter(**lookups[model]).order_by("pk").distinct().first()


def changelist_filter(model, tournament):
    path = {
        TournamentEntry: "tournament__id__exact",
        SquadMember: "tournament__id__exact",
        Round: "tournament__id__exact",
        Tie: "round__tournament__id__exact",
        Leg: "tie__round__tournament__id__exact",
        Goal: "leg__tie__round__tournament__id__exact",
        Booking: "leg__tie__round__tournament__id__exact",
    }.get(model)
    return f"?{path}={tournament.pk}" if path else ""


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_every_tournaments_model_has_an_admin():
    registered = {m for m in admin.site._registry if m._meta.app_label == "tournaments"}
    assert registered == set(MODELS)


def test_every_admin_page_renders_in_bounded_queries(staff_client, staff_user):
    """Changelist, add, change and history pages of every model: at most QUERY_CAP
    queries, and the same count for the 7-team 2011 Apertura as for a 16-team Clausura."""
    small = build_apertura_2011()
    large = build_sixteen()
    problems, measured = [], {}
    for model in MODELS:
        pairs = zip(
            admin_urls(model, small, staff_user),
            admin_urls(model, large, staff_user),
            strict=True,
        )
        for small_url, large_url in pairs:
            # Warm the per-process caches (content types) so both counts are like for like.
            count_queries(staff_client, small_url)
            count_queries(staff_client, large_url)
            small_count = count_queries(staff_client, small_url)
            large_count = count_queries(staff_client, large_url)
            measured[small_url] = (small_count, large_count)
            if small_count > QUERY_CAP or large_count != small_count:
                problems.append((small_url, small_count, large_url, large_count))
    assert not problems, problems
    assert len(measured) >= 4 * len(MODELS) - 6  # staff cannot add 6 of the 13 models


def test_next_round_confirmation_renders_in_bounded_queries(staff_client):
    small = build_apertura_2011(through="quarter-finals")
    url = reverse("admin:tournaments_tournament_next_round", args=[small.pk])
    assert count_queries(staff_client, url) <= QUERY_CAP


ESCAPED_TAG = re.compile(r"&lt;/?(?:span|a|strong|em|b|abbr|small|br|ul|li|time)\b")


def test_no_admin_page_shows_markup_as_text(staff_client, staff_user):
    """A column or field that writes HTML (a goal's minute, a tie's legs) is shown as
    HTML, never as its escaped source on a changelist, add, change or history page."""
    tournament = build_apertura_2011()
    shown_as_text = {}
    for model in MODELS:
        for url in admin_urls(model, tournament, staff_user):
            response = staff_client.get(url)
            assert response.status_code == 200, url
            found = ESCAPED_TAG.findall(response.content.decode())
            if found:
                shown_as_text[url] = found
    assert not shown_as_text
