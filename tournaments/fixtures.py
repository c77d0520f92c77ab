"""What the home page shows of the fixtures (the ties on now), and the fingerprints that
tell the page cache whether a write changed it or the dates of the competitions' last
results (tournaments/cache/invalidation.py: FIXTURES and LATEST are raised only when
their fingerprint changes, as the title counts are).

Most writes on a match night are to legs that are not on now (a result of last week, a
kick-off of next month's final): the home page and the competition pages stay warm."""

import datetime
import hashlib

from django.utils import timezone, translation

from . import display, fetch
from .models import Competition, Tie, TournamentEntry


def on_now(today, **window):
    """The ties being played now or in the week from `today`, as tie boxes (with what
    each side needs): two more queries when there are any, one when there are none.
    `window`: Tie.objects.on_now's `days` and `limit`."""
    ties = list(Tie.objects.on_now(today, **window))
    if not ties:
        return []
    tournaments = {tie.round.tournament_id: tie.round.tournament for tie in ties}
    seeds = TournamentEntry.objects.filter(tournament__in=tournaments).seed_numbers()
    fetch.share_teams(ties)
    return [
        display.tie_row(
            tie,
            # After a play-in its seeds, not table places (read only for such a format).
            tournaments[tie.round.tournament_id].round_seed_numbers(
                tie.round.number, seeds.get(tie.round.tournament_id, {})
            ),
        )
        for tie in ties
    ]


def _digest(value):
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def fingerprints(fixtures, latest):
    """{scope: digest} of what the home page shows of the ties on now (`fixtures`: as a
    page rendered today or yesterday shows them, a cached page being at most a day old)
    and of each competition's last result date (`latest`)."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with translation.override("en"):  # the facts, the same whoever wrote
        # Both pages' weeks at once: from yesterday, a day longer, twice as many ties.
        rows = on_now(yesterday, days=8, limit=24)
    until = Competition.objects.with_results_until().order_by("pk")
    return {
        fixtures: _digest(rows),
        latest: _digest([(c.pk, c.results_until) for c in until]),
    }
