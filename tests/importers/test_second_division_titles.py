"""The second division's list of champions (data/titles/liga-de-expansion-mx.toml, issue
21): it agrees with the finals the site imported from openfootball, it covers every
Liga de Expansión MX tournament the site holds a champion for, each entry has its
source, and a club's second-division titles are counted apart from its top-division
ones."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tournaments.importers.titles import parse_title_list
from tournaments.models import LeagueTitle, Tournament

from ..builders import make_tournament, play
from ..bundle_builders import BUNDLE, import_sources
from ..factories import CompetitionFactory, SeasonFactory

pytestmark = pytest.mark.django_db

EXPANSION = Path("data/titles/liga-de-expansion-mx.toml")
SEASONS = ["2020-21", "2021-22", "2022-23", "2023-24"]


def load(*paths):
    out = StringIO()
    call_command("load_titles", *map(str, paths), stdout=out)
    return out.getvalue()


def test_the_list_starts_with_the_leagues_first_tournament_and_stops_where_its_sources_do():
    parsed = parse_title_list(EXPANSION)
    assert (parsed.competition, parsed.since) == ("liga-de-expansion-mx", "Guard1anes 2020")
    seasons = [record.season for record in parsed.titles]
    assert seasons[0] == "Guard1anes 2020" and seasons[-1] == "Clausura 2024"
    assert len(seasons) == 8  # two a season, 2020–21 to 2023–24
    assert all(re.match(r"https://[a-z.]+/\S+$", record.source) for record in parsed.titles)
    # The Campeón de Campeones is a trophy of its own, not a league title.
    assert not any("Campe" in season for season in seasons)


def test_every_champion_in_the_list_is_the_winner_of_the_sites_own_final():
    """The openfootball files of 2020–21 to 2023–24, imported as `make run` does: the
    list loads (the loader refuses a champion the site's final contradicts), each entry is
    linked to the site's tournament, and its champion is that tournament's."""
    import_sources(*(BUNDLE / season / "2-ligaexpansionmx.txt" for season in SEASONS))
    assert "8 seasons from Guard1anes 2020, 8 of them on this site" in load(EXPANSION)
    for row in LeagueTitle.objects.roll():
        assert row.tournament is not None, row.season
        assert row.tournament.champion() == row.champion, row.season
    # And no tournament the site holds a champion for is missing from the list.
    held = {
        tournament.pk
        for tournament in Tournament.objects.filter(
            season__competition__slug="liga-de-expansion-mx", kind="liguilla"
        )
        if tournament.champion()
    }
    assert held == set(LeagueTitle.objects.values_list("tournament_id", flat=True))
    counts = {club.name: club.titles for club in row.competition.title_counts()}
    assert counts["Atlante"] == 3 and counts["TM Fútbol Club"] == 1


def test_a_club_page_counts_each_divisions_titles_apart(client, tmp_path):
    """Atlante: three Liga MX titles and three Liga de Expansión MX titles, never six."""
    expansion = CompetitionFactory(name="Liga de Expansión MX", slug="liga-de-expansion-mx")
    # Its Clausura 2024 on the site, won by Atlante: the site's records add it.
    season = SeasonFactory(competition=expansion, start_year=2023)
    tournament = make_tournament(["Atlante", "UdeG"], season=season, name="Clausura 2024")
    tournament.advance()
    play(tournament, "UdeG", 1, 2, "Atlante")
    play(tournament, "Atlante", 2, 0, "UdeG")
    CompetitionFactory(name="Liga MX", slug="liga-mx")
    for name, slug, seasons in [
        ("Liga MX", "liga-mx", ["1946–47", "1992–93", "Apertura 2007"]),
        ("Liga de Expansión MX", "liga-de-expansion-mx", ["Apertura 2021", "Apertura 2022"]),
    ]:
        path = tmp_path / f"{slug}.toml"
        titles = "".join(
            f'[[title]]\nseason = "{season}"\nchampion = "Atlante"\n'
            f'source = "https://example.org/{slug}"\n\n'
            for season in seasons
        )
        path.write_text(
            f'competition = "{slug}"\nlabel = "{name}"\nsince = "{seasons[0]}"\n\n{titles}',
            encoding="utf-8",
        )
        load(path)
    page = client.get("/en/teams/atlante/").text
    stats = re.search(r'<dl class="club-stats">.*?</dl>', page, re.S).group(0)
    assert "<dt>Liga MX titles</dt><dd>3</dd>" in stats
    assert "<dt>Liga de Expansión MX titles</dt><dd>3</dd>" in stats
    assert "<dd>6</dd>" not in stats
    assert 'Liga MX <span class="muted">(3)</span>' in page
    assert 'Liga de Expansión MX <span class="muted">(3)</span>' in page
    spanish = client.get("/teams/atlante/").text  # Spanish, the default language
    assert "<dt>Títulos de Liga MX</dt><dd>3</dd>" in spanish
