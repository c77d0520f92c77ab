"""Clubs as fans name them (data/nicknames.toml): loaded as aliases marked `nickname`,
found by the search (issue 21, defect 9), shown on the club page and the teams index."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tournaments.importers.nicknames import NicknamesError, parse_nicknames
from tournaments.models import Team, TeamAlias

from ..factories import TeamFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, text):
    path = tmp_path / "nicknames.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(path):
    out = StringIO()
    call_command("load_nicknames", str(path), stdout=out)
    return out.getvalue()


def test_the_shipped_file_names_the_clubs_fans_search_for():
    clubs = {
        record.club: record.nicknames for record in parse_nicknames(Path("data/nicknames.toml"))
    }
    assert "Chivas" in clubs["Guadalajara"]
    assert "Rayados" in clubs["Monterrey"]
    assert "Xolos" in clubs["Tijuana"]
    assert "La Máquina" in clubs["Cruz Azul"]
    for nickname in ("Tuzos", "Águilas", "Diablos Rojos", "Auriazules", "Felinos"):
        assert any(nickname in names for names in clubs.values()), nickname
    for nickname in ("Guerreros", "Rojinegros", "Gallos", "Camoteros"):
        assert any(nickname in names for names in clubs.values()), nickname


def test_a_nickname_given_to_two_clubs_is_refused(tmp_path):
    path = write(tmp_path, '[clubs]\n"Toluca" = ["Diablos"]\n"América" = ["diablos"]\n')
    with pytest.raises(NicknamesError, match="'diablos' is already a nickname of Toluca"):
        parse_nicknames(path)


def test_loading_adds_nicknames_once_and_skips_clubs_the_site_lacks(tmp_path):
    chivas = TeamFactory(name="Guadalajara")
    TeamAlias.objects.create(team=chivas, name="CD Guadalajara Chivas")
    path = write(
        tmp_path,
        '[clubs]\n"CD Guadalajara Chivas" = ["Chivas", "Rebaño Sagrado"]\n'
        '"Zacatepec" = ["Cañeros"]\n',
    )
    assert load(path) == "2 nicknames added; clubs not on the site: Zacatepec\n"
    assert sorted(chivas.aliases.filter(nickname=True).values_list("name", flat=True)) == [
        "Chivas",
        "Rebaño Sagrado",
    ]
    assert load(path).startswith("0 nicknames added")


def test_an_existing_alias_of_the_same_club_becomes_a_nickname(tmp_path):
    team = TeamFactory(name="Monterrey")
    TeamAlias.objects.create(team=team, name="Rayados")
    load(write(tmp_path, '[clubs]\n"Monterrey" = ["Rayados"]\n'))
    assert TeamAlias.objects.get(name="Rayados").nickname


def test_a_nickname_that_is_another_clubs_alias_writes_nothing(tmp_path):
    TeamFactory(name="Guadalajara")
    TeamAlias.objects.create(team=TeamFactory(name="Tapatío"), name="Chivas")
    path = write(tmp_path, '[clubs]\n"Guadalajara" = ["Rebaño", "Chivas"]\n')
    with pytest.raises(
        CommandError, match="'Chivas' \\(Guadalajara\\) is already an alias of Tapatío"
    ):
        load(path)
    assert not TeamAlias.objects.filter(name="Rebaño").exists()


@pytest.fixture
def nicknamed():
    for name, nicknames in {
        "Guadalajara": ["Chivas"],
        "Monterrey": ["Rayados"],
        "Tijuana": ["Xolos"],
    }.items():
        team = TeamFactory(name=name)
        for nickname in nicknames:
            TeamAlias.objects.create(team=team, name=nickname, nickname=True)


@pytest.mark.parametrize(
    ("query", "club"), [("Chivas", "Guadalajara"), ("rayados", "Monterrey"), ("XOLOS", "Tijuana")]
)
def test_the_search_finds_a_club_by_its_nickname(client, nicknamed, query, club):
    found = Team.objects.search(query)
    assert [(team.name, team.matched_name) for team in found] == [(club, query.capitalize())]
    page = client.get(f"/en/search/?q={query}").text
    assert f'>{club}</a> <span class="muted">({query.capitalize()})</span>' in page


def test_a_head_to_head_search_by_nicknames(client, nicknamed):
    pair = Team.objects.pair_from_text("chivas vs rayados")
    assert [team.name for team in pair] == ["Guadalajara", "Monterrey"]


def test_the_teams_index_lists_clubs_by_competition_with_their_nicknames(client, apertura_2011):
    TeamAlias.objects.create(team=Team.objects.get(name="León"), name="La Fiera", nickname=True)
    page = client.get("/en/teams/").text
    assert '<h2 id="liga-de-ascenso">Liga de Ascenso <span class="muted">(7)</span></h2>' in page
    assert '>León</a> <span class="muted">La Fiera</span>' in page
    club = client.get("/en/teams/leon/").text
    assert "Also known as La Fiera" in club
