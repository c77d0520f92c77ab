"""A page's data is read from the database once per write for every language it is shown
in (CachedPageMixin.page_data): the English overview and season pages take what the
Spanish page read, read exactly as from an empty cache, and a write between the
two languages is on the second."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tournaments.models import Leg
from tournaments.views import SeasonView, TournamentView

from .apertura_2011 import build_apertura_2011

pytestmark = pytest.mark.django_db

READS = {"overview": TournamentView, "season": SeasonView}


def english_pages(tournament):
    """The pages that keep their data, in English (/en/…)."""
    kw = tournament.url_kwargs()
    return {
        "overview": tournament.get_absolute_url(),
        "season": reverse("tournaments:season", args=[kw["competition"], kw["season"]]),
    }


def spanish(path):
    return path.removeprefix("/en")


def assert_served_as_from_nothing(client, pages):
    """Each page as served now is the page rendered with nothing kept."""
    served = {name: client.get(path).content for name, path in pages.items()}
    cache.clear()
    for name, path in pages.items():
        assert served[name] == client.get(path).content, name


def read_again(self):
    raise AssertionError("read from the database again")


@pytest.mark.parametrize("through", ["quarter-finals", "final"])
def test_the_english_page_takes_what_the_spanish_page_read(client, monkeypatch, through):
    pages = english_pages(build_apertura_2011(through=through))
    etags = {name: client.get(spanish(path))["ETag"] for name, path in pages.items()}
    for view in READS.values():
        monkeypatch.setattr(view, "read", read_again)
    responses = {name: client.get(path) for name, path in pages.items()}
    # Kept under the scopes the Spanish page read: the same validator.
    assert {name: response["ETag"] for name, response in responses.items()} == etags
    served = {name: response.content for name, response in responses.items()}
    monkeypatch.undo()
    cache.clear()  # the same pages rendered from nothing kept
    for name, path in pages.items():
        assert served[name] == client.get(path).content, name
        assert b'lang="en"' in served[name], name


def test_a_result_between_the_two_languages_is_on_the_second(client):
    """The Spanish pages read the final still to play; a result comes; the English pages
    (kept with the same scopes as if they had read it themselves) show it, and so do
    they after another result once they are stored."""
    apertura = build_apertura_2011(through="semi-finals")
    apertura.advance()  # the final drawn
    pages = english_pages(apertura)
    for path in pages.values():
        client.get(spanish(path))
    final = Leg.objects.get(tie__round__tournament=apertura, tie__round__number=3, number=1)
    final.record_result(2, 1)
    assert_served_as_from_nothing(client, pages)
    final.record_result(0, 3)
    assert_served_as_from_nothing(client, pages)


def test_outside_the_page_cache_the_data_is_read_every_time(rf, monkeypatch):
    """No version read (a view called directly, as by a command): nothing kept."""
    apertura = build_apertura_2011(through="quarter-finals")
    view = TournamentView.as_view()
    kwargs = apertura.url_kwargs()
    calls = []
    real = TournamentView.read

    def counted(self):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(TournamentView, "read", counted)
    for _ in range(2):
        view(rf.get(apertura.get_absolute_url()), **kwargs).render()
    assert len(calls) == 2
