"""The benchmarks' two reference pages (bench/urls.py), which every ratio in
docs/performance.md is read against: they must stay what they claim to be."""

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


def test_the_trivial_view_reads_nothing(client, settings, apertura_2011, django_assert_num_queries):
    # bench/settings.py: /bench/ is not a page, so the page cache does not look for it.
    settings.PAGE_CACHE_SKIPPED_PATHS = (*settings.PAGE_CACHE_SKIPPED_PATHS, "/bench/")
    with django_assert_num_queries(0):
        response = client.get("/bench/trivial/")
    assert response.content == b"ok"


def test_the_floor_is_one_query_and_the_page_shell(
    client, apertura_2011, django_assert_num_queries
):
    """Cold, the floor reads the data versions (before and after) and the tournament,
    nothing else, and
    renders the shell every tournament page has: header, language links, tournament
    menu, footer; warm, it is served by the page cache like any page."""
    with django_assert_num_queries(3):
        cold = client.get("/bench-floor/")
    html = cold.content.decode()
    assert cold.status_code == 200
    assert 'hreflang="en"' in html
    assert "Apertura 2011" in html and "/apertura-2011/bracket/" in html
    assert "<main" in html and "</footer>" in html
    with django_assert_num_queries(1):
        warm = client.get("/bench-floor/")
    assert warm.content == cold.content


@override_settings(LANGUAGE_CODE="es")
def test_the_floor_is_a_page_the_cache_keeps(client, apertura_2011):
    response = client.get("/bench-floor/")
    assert response.has_header("ETag")
    assert "csrftoken" not in response.cookies
