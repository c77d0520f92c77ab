"""A club's pages share what they read (models/records.py `remember`, kept by
cache.versioned under the club's scope, and its schedule for the ties): its page in each
order of its table of opponents and in each language, and its head-to-heads. Shared,
never stale: a write to one of its legs (a result, a goal, a date) is on every one of them
on the next request, and each page reads in its own language whichever language kept the
data: what is shared holds no translated text."""

import datetime
import pickle
import zoneinfo

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tournaments.models import ClubHistory, Goal, Person, Team, Tie
from tournaments.models.querysets import TieQuerySet
from tournaments.models.records import opponent_of
from tournaments.tables import OpponentTable

from .apertura_2011 import build_apertura_2011
from .builders import leg_between, make_tournament, play
from .factories import CompetitionFactory, SeasonFactory, TeamFactory
from .test_views import text

pytestmark = pytest.mark.django_db

SORTED = "?sort=-goals&page=1"


def spanish(path):
    return path.removeprefix("/en")


@pytest.fixture
def quarter_finals(db):
    """The 2011 Apertura through its quarter-finals (León beat Irapuato 3–0), and the
    pages of the two clubs of that tie, in English unless said."""
    apertura = build_apertura_2011(through="quarter-finals")
    leon = Team.objects.get(name="León").get_absolute_url()
    irapuato = Team.objects.get(name="Irapuato").get_absolute_url()
    pages = {
        "León": leon,
        "León sorted": leon + SORTED,
        "León in Spanish": spanish(leon),
        "León sorted in Spanish": spanish(leon) + SORTED,
        "Irapuato": irapuato,
        "head-to-head": reverse("tournaments:head_to_head", args=["leon", "irapuato"]),
        "other side": reverse("tournaments:head_to_head", args=["irapuato", "leon"]),
    }
    return apertura, pages


def test_a_result_is_on_every_page_of_both_clubs_on_the_next_request(client, quarter_finals):
    apertura, pages = quarter_finals
    for path in pages.values():  # warm, the clubs' ties and histories kept
        client.get(path)
    leg_between(apertura, "León", "Irapuato").record_result(2, 5)  # Irapuato through, 5–3
    for name in ("León", "León sorted"):
        assert "Lost 3–5 to Irapuato" in text(client.get(pages[name])), name
    for name in ("León in Spanish", "León sorted in Spanish"):
        assert "3–5" in text(client.get(pages[name])), name
    assert "Still in the tournament" in text(client.get(pages["Irapuato"]))
    assert "Irapuato advanced 5–3 on aggregate" in text(client.get(pages["head-to-head"]))
    assert "Irapuato advanced 5–3 on aggregate" in text(client.get(pages["other side"]))
    # An order of the table never asked for before: the kept history, not an older one.
    assert "3–5" in text(client.get(pages["León"] + "?sort=opponent&page=1"))


@pytest.mark.parametrize("write", ["goal", "result"])
def test_after_a_write_every_page_of_both_clubs_reads_as_a_fresh_render(
    client, quarter_finals, write
):
    apertura, pages = quarter_finals
    leg = leg_between(apertura, "León", "Irapuato")
    for path in pages.values():  # stored
        client.get(path)
    leg.record_result(3, 0)
    for path in pages.values():  # rendered again: the data kept under the clubs' scopes
        client.get(path)
    if write == "goal":
        scorer = Person.objects.get(name="Eder Pacheco")
        Goal(leg=leg, team=leg.home, player=scorer, minute=89).save()
    else:
        leg.record_result(2, 5)
    served = {name: client.get(path).content for name, path in pages.items()}
    cache.clear()
    for name, path in pages.items():
        assert served[name] == client.get(path).content, name


def test_a_write_between_two_pages_of_a_club_is_on_the_second(client, quarter_finals):
    """The club's page keeps its history on the way; a write comes; the sorted page,
    rendered again, does not take the history kept before the write."""
    apertura, pages = quarter_finals
    for name in ("León", "León sorted", "head-to-head"):
        client.get(pages[name])
    leg = leg_between(apertura, "León", "Irapuato")
    leg.record_result(2, 5)
    assert "Lost 3–5 to Irapuato" in text(client.get(pages["León"]))  # kept again
    leg.record_result(2, 2)  # León through again, 3–2
    assert "Legs W–D–L 1–1–0 Goals 3–2" in text(client.get(pages["León sorted"]))
    assert "León advanced 3–2 on aggregate" in text(client.get(pages["head-to-head"]))


def test_a_write_to_other_clubs_keeps_a_clubs_history(client, quarter_finals, monkeypatch):
    """Kept under the club's own scope: a page of the club rendered again after a write to
    other clubs takes its ties and history from the cache, not from the database."""
    apertura, pages = quarter_finals
    cup = make_tournament(
        ["Alpha FC", "Beta FC"],
        season=SeasonFactory(competition=CompetitionFactory(name="Copa Norte"), start_year=2012),
        name="Copa 2013",
    )
    cup.advance()
    client.get(pages["León"])
    client.get(pages["León sorted"])
    leg_between(apertura, "León", "Irapuato").record_result(2, 5)
    client.get(pages["León"])  # rendered again: León's ties and history kept
    play(cup, "Beta FC", 0, 1, "Alpha FC")  # a write to two other clubs

    def read_again(*args):
        raise AssertionError("read again")

    monkeypatch.setattr(ClubHistory, "read", classmethod(read_again))
    monkeypatch.setattr(TieQuerySet, "for_team", read_again)
    assert "Lost 3–5 to Irapuato" in text(client.get(pages["León sorted"]))


@pytest.fixture
def undecided(quarter_finals):
    """León's semi-final, its first leg 1–1: undecided, the second leg to come."""
    apertura, pages = quarter_finals
    apertura.advance()  # the semi-finals drawn
    leon = Team.objects.get(name="León")
    semi_final = Tie.objects.for_team(leon).get(round__number=2)
    semi_final.legs.get(number=1).record_result(1, 1)
    head_to_head = reverse(
        "tournaments:head_to_head", args=["leon", opponent_of(semi_final, leon.pk).slug]
    )
    return Tie.objects.for_team(leon).get(pk=semi_final.pk), {**pages, "semi": head_to_head}


def test_a_decision_kept_in_one_language_reads_in_another(undecided):
    """A tie decided (here: undecided) while a Spanish page was read, and kept, says what
    it is missing in English on an English page."""
    tie, _pages = undecided
    with translation.override("es"):
        assert tie.missing == "el partido de vuelta aún no tiene resultado"
    kept = pickle.loads(pickle.dumps(tie))
    with translation.override("en"):
        assert str(kept.missing) == "the second leg has no result yet"


def test_each_page_reads_as_from_an_empty_cache_whichever_language_came_first(client, undecided):
    _tie, pages = undecided
    paths = (
        pages["semi"],
        spanish(pages["semi"]),
        pages["León"],
        pages["León in Spanish"],
        pages["León sorted"],
    )
    alone = {}
    for path in paths:
        cache.clear()
        alone[path] = client.get(path).content
    for order in (paths, paths[::-1]):
        cache.clear()
        for path in order:
            assert client.get(path).content == alone[path], path
    assert "The second leg has no result yet" in text(client.get(pages["semi"]))
    spanish_text = text(client.get(spanish(pages["semi"])))
    assert "El partido de vuelta aún no tiene resultado" in spanish_text


def test_the_rows_written_out_are_the_cells_django_tables2_writes(
    client, quarter_finals, monkeypatch
):
    """tables.OpponentTable's rows come from _opponents.html, for speed: the same HTML
    as django-tables2's cell by cell, in every order, language, and with no tie at all."""
    _apertura, pages = quarter_finals
    no_ties = TeamFactory(name="Sin Liguilla").get_absolute_url()
    paths = [pages["León"], pages["León sorted in Spanish"], pages["Irapuato"], no_ties]
    paths.append(pages["León"] + "?sort=opponent&page=1")
    written_out = {path: client.get(path).content for path in paths}
    cache.clear()
    monkeypatch.delattr(OpponentTable, "rows_written_out")
    for path in paths:
        assert client.get(path).content == written_out[path], path
    assert "No ties yet." in text(client.get(no_ties))


def test_a_leg_moved_is_on_the_head_to_head_at_once(client, undecided):
    """The kept ties hold their legs' dates, which a head-to-head shows: a leg moved to
    another day (a write that raises the clubs' schedules, not the clubs) is on it on the
    next request."""
    tie, pages = undecided
    second_leg = tie.legs.get(number=2)
    zone = zoneinfo.ZoneInfo(tie.round.tournament.timezone)
    for day in (4, 5, 7):
        second_leg.date = datetime.date(2011, 12, day)
        second_leg.kickoff = datetime.datetime(2011, 12, day, 19, 6, tzinfo=zone)
        second_leg.save()  # through the ORM, as staff do on a match night
        with translation.override("en"):
            shown = date_format(second_leg.date, "DATE_FORMAT")
        assert f"2nd leg, {shown}:" in text(client.get(pages["semi"])), day
        client.get(pages["León"])  # the club's history kept too
