"""Two members of staff at once, on real concurrent PostgreSQL connections (one per thread).
SQLite has no row locks and serialises writers, so these tests only run on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tournaments.models import Leg, Round, Tie

from .admin_fixtures import form_data, make_staff_user
from .apertura_2011 import build_apertura_2011
from .builders import leg_between

pytestmark = [
    pytest.mark.postgres_only("needs PostgreSQL: real concurrent connections and row locks"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*jobs):
    """Run each job in its own thread (so on its own database connection), released at
    the same moment; return their results in order."""
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    errors = []

    def runner(index, job):
        try:
            start.wait()
            results[index] = job()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_two_simultaneous_create_next_round_requests_create_it_once(monkeypatch):
    tournament = build_apertura_2011(through="quarter-finals")
    clients = [logged_in_client(make_staff_user(name)) for name in ("ana", "beto")]
    url = reverse("admin:tournaments_tournament_next_round", args=[tournament.pk])

    # Widen the window: whoever gets in first holds the tournament lock while it draws.
    create_ties = Round.create_ties

    def slow_create_ties(self, pairings):
        time.sleep(0.5)
        return create_ties(self, pairings)

    monkeypatch.setattr(Round, "create_ties", slow_create_ties)

    def post(client):
        return lambda: client.post(url, {"round": "2"}, follow=True).content.decode()

    pages = run_together(post(clients[0]), post(clients[1]))
    created = [page for page in pages if "Created the Semi-finals" in page]
    refused = [page for page in pages if "already has its ties" in page]
    assert (len(created), len(refused)) == (1, 1)
    ties = Tie.objects.filter(round__tournament=tournament, round__number=2)
    assert ties.count() == 2
    assert Leg.objects.filter(tie__in=ties).count() == 4
    assert Round.objects.filter(tournament=tournament, number=2).count() == 1


def test_two_staff_saving_the_same_leg_one_is_refused(monkeypatch):
    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    leg = leg_between(tournament, "Neza", "Correcaminos")
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    ana, beto = (logged_in_client(make_staff_user(name)) for name in ("ana", "beto"))
    anas_form = form_data(ana.get(url), "leg_form")
    betos_form = form_data(beto.get(url), "leg_form")
    anas_form.update(home_score="2", away_score="1")
    betos_form.update(home_score="3", away_score="1")

    # Both pass the form's version check before either saves: the race is then settled by
    # Leg.record_result's conditional UPDATE, with the loser waiting on the winner's row lock.
    both_checked = threading.Barrier(2)
    check_version = Leg.check_version

    def check_then_wait(self, expected_version):
        check_version(self, expected_version)
        both_checked.wait(timeout=10)

    monkeypatch.setattr(Leg, "check_version", check_then_wait)

    def save(client, data):
        return lambda: client.post(url, data)

    responses = run_together(save(ana, anas_form), save(beto, betos_form))
    # A saved leg goes back to its tournament's match desk; a refused one to its own page.
    desk = reverse("admin:tournaments_tournament_change", args=[tournament.pk])
    saved = [r for r in responses if r.status_code == 302 and r.url == desk]
    refused = [r for r in responses if r.status_code == 302 and r.url == url]
    assert (len(saved), len(refused)) == (1, 1)
    winner = responses.index(saved[0])
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score) == ((2, 1), (3, 1))[winner]
    assert leg.version == 2
    assert leg.history.count() == 2  # created, then the one save that won

    loser = (ana, beto)[1 - winner]
    page = loser.get(url).content.decode()
    assert "Someone else saved this leg while you were editing it" in page
