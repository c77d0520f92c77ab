"""Benchmarks of the home page and a club's history page with every real tournament
loaded (the whole openfootball bundle and four Liga de Ascenso articles:
tests/bundle_builders.py), against a trivial view measured in the same run. Not part of
`make test`:

    .venv/bin/pytest bench/test_bench_bundle.py --benchmark-only -p no:cacheprovider \
        --benchmark-columns=min,median,rounds

`?cold=1` is a query string the page cache never keeps, so each request renders the page
(the cold path); without it the page comes from the cache (the warm path). Results, as
ratios to the trivial view, are written down in docs/performance.md.
"""

import pytest

from tests.bundle_builders import (
    APERTURA_2011,
    TOURNAMENTS,
    import_sources,
    load_every_tournament,
)
from tournaments import models

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.mark.parametrize("url", ["/bench/trivial/", "/en/?cold=1"])
def test_pages_with_one_tournament(benchmark, client, url):
    """The same pages with the 2011 Apertura alone (defined first: it runs before the
    module's tournaments are loaded)."""
    import_sources(APERTURA_2011)
    assert models.Tournament.objects.count() == 1
    response = benchmark(client.get, url)
    assert response.status_code == 200


@pytest.fixture(scope="module")
def every_tournament(django_db_setup, django_db_blocker):
    """Imported once for the module (the import takes seconds), removed afterwards so the
    other benchmarks find the database as they expect it."""
    with django_db_blocker.unblock():
        load_every_tournament()
        assert models.Tournament.objects.count() == TOURNAMENTS
        yield
        models.Tournament.objects.all().delete()
        for model in (models.Person, models.TeamAlias, models.Team, models.Season):
            model.objects.all().delete()
        models.Competition.objects.all().delete()


@pytest.mark.parametrize(
    "url",
    [
        "/bench/trivial/",
        "/en/?cold=1",
        "/en/",
        "/en/teams/america/?cold=1",
        "/en/teams/america/",
        "/en/liga-mx/2023-24/apertura-2023/bracket/?cold=1",
    ],
)
def test_pages_with_every_tournament(benchmark, client, every_tournament, url):
    response = benchmark(client.get, url)
    assert response.status_code == 200
