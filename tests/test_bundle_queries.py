"""Constant queries with every real tournament (47): the home page, a club's history and a
play-in bracket cost as many SQL queries with the whole openfootball bundle and the Liga
de Ascenso articles loaded (tests/bundle_builders.py) as with one tournament."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tournaments.models import Tournament

from .bundle_builders import (
    APERTURA_2011,
    TOURNAMENTS,
    import_sources,
    load_every_tournament,
)
from .test_history_queries import HISTORY_PAGES, SCORELESS_PAGES
from .test_views_queries import PAGES

pytestmark = pytest.mark.django_db


def cold_queries(client, django_assert_num_queries, url, count):
    cache.clear()
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_pages_cost_the_same_with_one_tournament_and_with_all(client, django_assert_num_queries):
    # One import of the bundle (~10 s): every page is checked in this one test.
    import_sources(APERTURA_2011)
    home = reverse("tournaments:home")
    cold_queries(client, django_assert_num_queries, home, PAGES["home"])
    load_every_tournament()
    assert Tournament.objects.count() == TOURNAMENTS
    response = cold_queries(client, django_assert_num_queries, home, PAGES["home"])
    assert "Liga de Expansión MX" in response.text and "Liga de Ascenso" in response.text

    team = reverse("tournaments:team", args=["america"])
    response = cold_queries(client, django_assert_num_queries, team, HISTORY_PAGES["team"])
    assert "Apertura 2023" in response.text
    apertura_2023 = Tournament.objects.get(
        season__competition__slug="liga-mx", slug="apertura-2023"
    )
    kw = apertura_2023.url_kwargs()
    for page in ("bracket", "results"):  # the bundle has no goalscorers
        url = reverse(f"tournaments:{page}", kwargs=kw)
        cold_queries(client, django_assert_num_queries, url, SCORELESS_PAGES[page])
