"""A club renamed changes only its name: the pages naming it are made again, but what they
read from the database (a tournament overview's data, a club's ties and history) is kept
and taken with its clubs as they are now (scopes.names_scope, store.versioned with
fresh_clubs). Each page is then exactly the page rendered with nothing kept."""

import pickle

import pytest
from django.core.cache import cache
from django.urls import reverse

from tournaments.cache import invalidation, store
from tournaments.cache.scopes import names_scope, team_scope, tournament_scope
from tournaments.models import Team, Tie, records
from tournaments.views import TournamentView

from .apertura_2011 import build_apertura_2011

pytestmark = pytest.mark.django_db


def pages_naming_irapuato(apertura):
    """The overview, the pages of Irapuato and of León, which met it (among other clubs,
    in the order of their names), and their head-to-head, in both languages."""
    leon, irapuato = Team.objects.get(name="León"), Team.objects.get(name="Irapuato")
    pages = {
        "overview": apertura.get_absolute_url(),
        "León": leon.get_absolute_url(),
        "Irapuato": irapuato.get_absolute_url(),
        "head-to-head": reverse("tournaments:head_to_head", args=[leon.slug, irapuato.slug]),
    }
    return {**pages, **{f"{name} (es)": path.removeprefix("/en") for name, path in pages.items()}}


def read_again(*args, **kwargs):
    raise AssertionError("read from the database again")


@pytest.fixture
def nothing_read_again(monkeypatch):
    """Reading a page's data, a club's ties or its history fails the test."""

    def patch():
        monkeypatch.setattr(TournamentView, "read", read_again)
        monkeypatch.setattr(records.ClubHistory, "read", classmethod(read_again))
        monkeypatch.setattr(records, "one_instance_each", read_again)

    return patch


@pytest.mark.parametrize("name", ["Aardvark FC", "Zacatecas Irapuato"])
def test_a_club_renamed_is_on_every_page_naming_it_with_nothing_read_again(
    client, monkeypatch, nothing_read_again, name
):
    """Renamed to the first and to the last name in alphabetical order: the pages that
    order clubs by name (León's record against each opponent) order them anew."""
    apertura = build_apertura_2011()
    pages = pages_naming_irapuato(apertura)
    for path in pages.values():
        client.get(path)
    # A write to all of them (as on any match night): their data read again, kept under
    # the versions of the scopes the pages showed (not every write, as on a first render).
    Team.objects.get(name="León").save()
    for path in pages.values():
        client.get(path)
    irapuato = Team.objects.get(name="Irapuato")
    irapuato.name = name
    irapuato.save()
    nothing_read_again()
    served = {page: client.get(path) for page, path in pages.items()}
    for page, response in served.items():
        assert response.status_code == 200, page
        assert name.encode() in response.content, page
    monkeypatch.undo()
    cache.clear()
    for page, path in pages.items():
        assert served[page].content == client.get(path).content, page


def test_a_club_renamed_raises_the_names_of_the_pages_naming_it_and_nothing_else():
    apertura = build_apertura_2011()
    leon = Team.objects.get(name="León")
    raised = invalidation.resolve({("team_wide", leon.pk)})
    assert names_scope(tournament_scope(apertura.pk)) in raised
    assert names_scope(team_scope(leon.pk)) in raised
    met = Tie.objects.filter(higher_seed=leon).values_list("lower_seed", flat=True)
    assert {names_scope(team_scope(pk)) for pk in met} <= raised
    assert all(scope.endswith(":names") for scope in raised)


def test_a_kept_value_whose_club_is_gone_is_read_again():
    club = Team.objects.create(name="Gone FC", slug="gone-fc")
    pickled = pickle.dumps([club], pickle.HIGHEST_PROTOCOL)
    renamed = Team.objects.filter(pk=club.pk)
    renamed.update(name="Still Here FC")
    assert store.load_with_clubs_as_now(pickled)[0].name == "Still Here FC"
    club.delete()
    assert store.load_with_clubs_as_now(pickled) is store._GONE


def test_kept_data_is_apart_from_its_names_only_where_their_versions_were_read():
    """Where the page read no version of the names a value shows, they are part of what it
    is kept under (every write, then): it is never taken with names of unknown age."""
    from tournaments.models.version import ANY, EPOCH

    versions = store.Versions({EPOCH: (1, 0), ANY: (5, 0), "all": (0, 0), "t:1": (3, 0)})
    scopes = ["t:1", "t:1:names"]
    assert store._tokens(versions, scopes, fresh_clubs=True) == (versions.token, None)
    versions["t:1:names"] = (2, 0)
    assert store._tokens(versions, scopes, fresh_clubs=True) == (
        versions.token_for(["t:1"]),
        (2,),
    )
    assert store._tokens(versions, scopes, fresh_clubs=False) == (
        versions.token_for(scopes),
        None,
    )


def competition_pages(competition):
    slug = competition.slug
    return {
        f"{slug}": reverse("tournaments:competition", args=[slug]),
        f"{slug} scorers": reverse("tournaments:competition_scorers", args=[slug]),
        f"{slug} decided by": reverse("tournaments:decided_by", args=[slug]),
    }


def test_a_club_renamed_changes_the_pages_of_the_competitions_it_played_in_only(client):
    """A competition's pages, its goalscorers and how its ties were decided name the
    clubs of its tournaments only: the Liga de Ascenso's champion renamed leaves the Liga
    MX's pages warm, under the same validators."""
    from .factories import CompetitionFactory, SeasonFactory
    from .test_rules import won_by

    apertura = build_apertura_2011()
    ascenso = apertura.season.competition
    liga_mx = won_by(
        "Toluca", SeasonFactory(competition=CompetitionFactory(name="Liga MX")), "Apertura", 1
    ).season.competition
    changed = {**competition_pages(ascenso), "all": reverse("tournaments:decided_by_all")}
    kept = competition_pages(liga_mx)
    etags = {page: client.get(path)["ETag"] for page, path in {**changed, **kept}.items()}
    champion = apertura.champion()
    champion.name = "Champion Renamed"
    champion.save()
    for page, path in kept.items():
        assert client.get(path, HTTP_IF_NONE_MATCH=etags[page]).status_code == 304, page
    for page, path in changed.items():
        response = client.get(path, HTTP_IF_NONE_MATCH=etags[page])
        assert response.status_code == 200 and b"Champion Renamed" in response.content, page


def test_a_club_renamed_changes_a_competition_page_listing_only_its_old_titles(client):
    """A club in a competition's list of champions and in none of its tournaments here
    (a title of a season the site does not hold) is renamed on that competition's page."""
    from tournaments.models import LeagueTitle, TitleList

    competition = build_apertura_2011().season.competition
    TitleList.objects.create(competition=competition, label=competition.name, since="1950–51")
    club = Team.objects.create(name="Old Champions FC", slug="old-champions-fc")
    LeagueTitle.objects.create(
        competition=competition,
        order=1,
        season="1950–51",
        champion=club,
        champion_name=club.name,
        source="https://example.org/champions",
    )
    page = reverse("tournaments:competition", args=[competition.slug])
    assert b"Old Champions FC" in client.get(page).content
    club.name = "Older Champions FC"
    club.save()
    assert b"Older Champions FC" in client.get(page).content


def test_the_top_scorers_are_ordered_by_club_when_shown():
    """A player level at the top for two clubs: his lines by the clubs' names as they are
    when shown (a kept overview is taken with its clubs renamed), players as read."""
    from tournaments.models.querysets import ScorerRow
    from tournaments.models.tournament import TournamentSummary

    zeta, alfa, other = (Team(pk=n, name=name) for n, name in ((1, "Zeta"), (2, "Alfa"), (3, "X")))
    rows = [
        ScorerRow(7, "Ana", "ana", "", zeta, 3, 0, 1),
        ScorerRow(7, "Ana", "ana", "", alfa, 3, 0, 1),
        ScorerRow(8, "Bea", "bea", "", other, 3, 0, 1),
    ]
    summary = TournamentSummary(None, None, False, None, 2, 9, rows)
    assert [(r.player_name, r.team_name) for r in summary.top_scorers] == [
        ("Ana", "Alfa"),
        ("Ana", "Zeta"),
        ("Bea", "X"),
    ]
    zeta.name = "Águila"  # renamed: first now, accents folded as in the scorers' order
    assert [r.team_name for r in summary.top_scorers][:2] == ["Águila", "Alfa"]
