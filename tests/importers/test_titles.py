"""Lists of league champions (data/titles/*.toml): the parser's refusals, the loader's
matching and its check against the site's own finals, and the real list's counts."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tournaments import cache as page_cache
from tournaments.importers.titles import TitleListError, parse_title_list
from tournaments.models import LeagueTitle, ScopeVersion, Team, TeamAlias, TitleList
from tournaments.models.version import ANY
from tournaments.vocabulary import normalize_name

from ..builders import make_tournament, play
from ..factories import CompetitionFactory, SeasonFactory, TeamFactory

pytestmark = pytest.mark.django_db

LIGA_MX = Path("data/titles/liga-mx.toml")
SOURCE = "https://example.org/campeones"


def write_list(
    tmp_path, titles, head='competition = "liga-mx"\nlabel = "Liga MX"\nsince = "1943–44"\n'
):
    body = "".join(
        "[[title]]\n" + "".join(f"{key} = {value!r}\n" for key, value in title.items()) + "\n"
        for title in titles
    )
    path = tmp_path / "list.toml"
    path.write_text(head + "\n" + body.replace("'", '"'), encoding="utf-8")
    return path


def title(season, champion, **extra):
    return {"season": season, "champion": champion, "source": SOURCE, **extra}


# -- the real list ---------------------------------------------------------------------


def count_through(titles, last_season):
    counts = {}
    for record in titles:
        if record.champion:
            counts[normalize_name(record.champion)] = (
                counts.get(normalize_name(record.champion), 0) + 1
            )
        if record.season == last_season:
            return counts
    raise AssertionError(f"{last_season} is not in the list")


def test_the_liga_mx_list_counts_america_16_and_guadalajara_12_through_apertura_2024():
    """The counts fans quote (issue 21): every season from 1943–44, each with a source."""
    parsed = parse_title_list(LIGA_MX)
    assert parsed.titles[0].season == "1943–44" and parsed.titles[0].champion == "Asturias"
    assert all(record.source.startswith("http") for record in parsed.titles)
    counts = count_through(parsed.titles, "Apertura 2024")
    assert counts["america"] == 16
    assert counts["guadalajara"] == 12
    assert counts["cruz azul"] == 9
    # 53 long seasons, three tournaments in place of one, 58 short tournaments (one of
    # them, the Clausura 2020, cancelled) through Apertura 2025.
    assert len(parsed.titles) == 114
    assert [r.season for r in parsed.titles if r.special] == ["México 70", "Prode 85", "México 86"]
    assert [r.season for r in parsed.titles if r.no_champion] == ["Clausura 2020"]


# -- the parser's refusals -------------------------------------------------------------


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        ([title("1943–44", "")], "title 1 (1943–44): `champion` is missing"),
        (
            [{"season": "1943–44", "champion": "Asturias", "source": "rsssf"}],
            "the address of a web page",
        ),
        ([title("1943–44", "Asturias"), title("1943–44", "España")], "the same season as title 1"),
        ([title("1943–44", "Asturias", winner="España")], "unknown key winner"),
        (
            [title("Clausura 2020", "León", no_champion="cancelled")],
            "a champion and `no_champion` both",
        ),
        ([title("Clausura 2020", "", no_champion="postponed")], "`no_champion` should be one of"),
    ],
)
def test_a_wrong_entry_is_named_with_its_file_and_season(tmp_path, titles, message):
    path = write_list(tmp_path, titles)
    with pytest.raises(TitleListError) as error:
        parse_title_list(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_a_list_without_its_competition_or_with_an_unknown_note_is_refused(tmp_path):
    with pytest.raises(TitleListError, match="`competition` is missing"):
        parse_title_list(
            write_list(tmp_path, [title("1943–44", "Asturias")], head='since = "1943–44"\n')
        )
    head = 'competition = "x"\nlabel = "X"\nsince = "1"\nnotes = ["invented"]\n'
    with pytest.raises(TitleListError, match="`notes` should list some of"):
        parse_title_list(write_list(tmp_path, [title("1943–44", "Asturias")], head=head))


# -- loading -----------------------------------------------------------------------------


def liga_mx_with_a_final(champion="América", runner_up="Monterrey"):
    season = SeasonFactory(
        competition=CompetitionFactory(name="Liga MX", slug="liga-mx"), start_year=2024
    )
    tournament = make_tournament([champion, runner_up], season=season, name="Apertura 2024")
    tournament.advance()
    play(tournament, runner_up, 1, 2, champion)
    play(tournament, champion, 1, 1, runner_up)
    return tournament


def load(*paths, **options):
    out = StringIO()
    call_command("load_titles", *map(str, paths), stdout=out, **options)
    return out.getvalue()


def test_loading_matches_clubs_by_alias_and_the_sites_tournament(tmp_path):
    tournament = liga_mx_with_a_final()
    TeamAlias.objects.create(team=Team.objects.get(name="América"), name="Club América")
    path = write_list(
        tmp_path,
        [
            title("1965–66", "Club América"),
            title("1966–67", "Toluca"),
            title("Apertura 2024", "América"),
        ],
    )
    assert "3 seasons from 1943–44, 1 of them on this site" in load(path)
    rows = list(LeagueTitle.objects.roll())
    assert [row.champion_label for row in rows] == ["Club América", "Toluca", "América"]
    assert rows[0].champion.name == "América" and rows[1].champion is None
    assert rows[2].tournament == tournament
    # The site's own final is América's 2nd title in the list, and says so.
    tournament.refresh_from_db()
    assert (tournament.champion_title(), tournament.champion_title_stated()) == (2, True)
    assert [(club.name, club.titles) for club in tournament.season.competition.title_counts()] == [
        ("América", 2),
        ("Toluca", 1),
    ]


def test_loading_again_writes_nothing(tmp_path):
    liga_mx_with_a_final()
    path = write_list(tmp_path, [title("Apertura 2024", "América")])
    load(path)
    page_cache.flush()
    version = ScopeVersion.read([ANY])
    assert "(nothing changed)" in load(path)
    page_cache.flush()
    assert ScopeVersion.read([ANY]) == version


def test_a_list_that_contradicts_the_sites_final_writes_nothing(tmp_path):
    liga_mx_with_a_final()
    path = write_list(tmp_path, [title("1965–66", "América"), title("Apertura 2024", "Monterrey")])
    with pytest.raises(CommandError) as error:
        load(path)
    assert (
        "title 2 (Apertura 2024): the list says Monterrey, but this site's Apertura 2024 "
        "final was won by América" in str(error.value)
    )
    assert not LeagueTitle.objects.exists() and not TitleList.objects.exists()


def test_a_dry_run_writes_nothing(tmp_path):
    liga_mx_with_a_final()
    load(write_list(tmp_path, [title("Apertura 2024", "América")]), dry_run=True)
    assert not LeagueTitle.objects.exists()


def test_a_list_for_a_competition_not_in_the_database_is_skipped_with_a_line(tmp_path):
    output = load(write_list(tmp_path, [title("1943–44", "Asturias")]))
    assert "no competition 'liga-mx' in the database: nothing loaded" in output


def test_the_club_page_counts_every_title_and_the_sites_liguillas_stay_linked(client, tmp_path):
    tournament = liga_mx_with_a_final()
    TeamFactory(name="Marte")
    load(
        write_list(
            tmp_path,
            [
                title("1953–54", "Marte"),
                title("1965–66", "América"),
                title("Apertura 2024", "América"),
            ],
        )
    )
    page = client.get("/en/teams/america/").text
    assert 'Liga MX <span class="muted">(2)</span>' in page
    assert f'<a href="{tournament.get_absolute_url()}">Apertura 2024</a>' in page
    assert f'href="{SOURCE}" rel="external noopener" title="source: {SOURCE}">1965–66</a>' in page
    champions = client.get("/en/liga-mx/champions/").text
    assert "Every champion since 1943–44" in champions and "Marte" in champions
