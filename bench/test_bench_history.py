"""Benchmarks of the history pages with fifteen seasons loaded (34 Liguillas,
tests/history_builders.make_history). Not part of `make test`:

    .venv/bin/pytest bench/test_bench_history.py --benchmark-only -p no:cacheprovider

Results are written down in docs/performance.md.
"""

import pytest
from django.urls import reverse

from tests.history_builders import make_history
from tournaments.models import ClubHistory, DecidedBy, Team, Tie

pytestmark = pytest.mark.django_db


@pytest.fixture
def history():
    return make_history()


def test_club_history_of_a_club_in_twenty_liguillas(benchmark, history):
    america = Team.objects.get(name="América")
    result = benchmark(ClubHistory.for_team, america)
    assert len(result.runs) == 20


def test_decided_by_over_every_tie(benchmark, history):
    summaries, total = benchmark(lambda: DecidedBy.by_competition(Tie.objects.for_decisions()))
    assert total.decided == 234 and len(summaries) == 2


@pytest.mark.parametrize(
    "url",
    [
        reverse("tournaments:team", args=["america"]),
        reverse("tournaments:head_to_head", args=["america", "tigres"]),
        reverse("tournaments:decided_by", args=["liga-mx"]),
        reverse("tournaments:decided_by_all"),
    ],
)
def test_history_pages(benchmark, client, history, url):
    response = benchmark(client.get, url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
