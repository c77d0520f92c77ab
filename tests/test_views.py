"""The public pages, read the way a fan reads them (test client, 2011 Apertura)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse, translate_url
from django.utils import translation

from tests.builders import play
from tournaments.models import Leg, Tournament

from .replay import replayable

pytestmark = pytest.mark.django_db

ARTICLE = Path(settings.BASE_DIR) / "data" / "2011-apertura-liguilla.txt"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
KW = {"competition": "liga-de-ascenso", "season": "2011-12", "tournament": "apertura-2011"}


@pytest.fixture
def apertura(db):
    """The 2011 Apertura as `import_season` loads it from the bundled article (the
    source states Correcaminos' title number: 2)."""
    return imported_apertura_2011()


@replayable
def imported_apertura_2011():
    call_command("import_season", str(ARTICLE), stdout=StringIO(), stderr=StringIO())
    return Tournament.objects.get(slug="apertura-2011")


def text(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def get(client, name, lang=EN, **kwargs):
    response = client.get(reverse(f"tournaments:{name}", kwargs=kwargs), **lang)
    assert response.status_code == 200, response.status_code
    return response


def test_favicon_ico_is_served_at_the_root(client):
    """Browsers, feed readers and the admin (whose pages link no icon) ask for
    /favicon.ico whatever the page links: it is the site's icon, not a 404 each time."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_bracket_shows_bye_table_position_and_champion(client, apertura):
    response = get(client, "bracket", **KW)
    page = text(response)
    assert "Quarter-finals" in page and "Semi-finals" in page and "Final" in page
    assert "Bye" in page and "1 La Piedad" in page
    # Correcaminos (2) – Altamira (7): 1 and 1 against 2 and 0, 2–2, table position.
    assert re.search(r"2 Correcaminos \(advanced\) 1 1 2 7 Altamira 2 0 2 on table position", page)
    assert re.search(r"4 León \(advanced\) 1 2 3 5 Irapuato 0 0 0", page)
    assert "Champion Correcaminos 2nd title" in page
    html = response.content.decode()
    assert html.count('class="winner"') == 6  # one highlighted line per decided tie
    assert "<script" not in html  # no JavaScript needed


def test_bracket_of_an_unfinished_tournament_shows_what_is_known(client, db):
    from tests.apertura_2011 import build_apertura_2011

    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    Leg.objects.filter(tie__round__number=2, tie__round__tournament=tournament).first()
    page = text(get(client, "bracket", **KW))
    assert "The first leg has no result yet" in page
    assert "To be decided" in page  # the final and the champion


def test_overview_facts_table_and_format(client, apertura):
    response = get(client, "tournament", **KW)
    page = text(response)
    assert "Champion Correcaminos 2nd title" in page
    assert "Runner-up La Piedad" in page
    assert "Matches 12" in page and "Goals 34 (2.83 per match)" in page
    assert "Eder Pacheco BRA (León, 4)" in page
    assert "1 La Piedad Manager: Cristóbal Ortega Captain: Jorge Campos (MEX)" in page
    assert "Cristóbal Ortega MEX Jorge Campos MEX 15 10 1 4 26 17 +9 31" in page
    assert "7 Altamira" in page and "Neza" in page
    assert "La Piedad (1st) has a bye" in page
    assert "then the better position in the standings" in page
    json_url = reverse("tournaments:tournament_json", kwargs=KW)
    assert f'href="{json_url}"' in response.content.decode()


def test_overview_links_previous_and_next_tournaments(client, apertura):
    from tests.factories import SeasonFactory, TournamentFactory

    clausura = TournamentFactory(
        season=SeasonFactory(start_year=2011), name="Clausura 2012", slug="clausura-2012", order=2
    )
    response = get(client, "tournament", **KW)
    assert f'href="{clausura.get_absolute_url()}" rel="next"' in response.content.decode()


def test_results_leg_by_leg_with_scorers_bookings_and_outcomes(client, apertura):
    leg = Leg.objects.get(home__name="Altamira", number=1)
    leg.date = "2011-11-24"
    leg.kickoff = "2011-11-25T01:00:00Z"  # 19:00 in Mexico City
    leg.save()
    response = get(client, "results", **KW)
    page = text(response)
    assert "Nov. 24, 2011 · 19:00" in page
    assert "Altamira 2–1 Correcaminos" in page
    assert "Cristian Rojas 62'" in page and "Collazo" in page
    assert "León advanced 3–0 on aggregate" in page
    assert "Neza advanced 3–2 on aggregate" in page
    assert "Correcaminos advanced on their better position in the table, 2–2 on aggregate" in page
    assert "Correcaminos are champions, 4–1 on aggregate" in page  # a final crowns
    assert f'href="{leg.get_absolute_url()}"' in response.content.decode()


def test_results_show_added_time_penalties_and_own_goals(client, apertura):
    leg = Leg.objects.get(home__name="León", away__name="Irapuato")
    goal, other = leg.goals.order_by("minute")
    goal.minute, goal.added_time, goal.penalty = 90, 2, True
    goal.save()
    other.own_goal = True
    other.save()
    page = text(get(client, "results", **KW))
    assert "Eder Pacheco 90+2' pen." in page
    assert "o.g." in page


def test_match_page(client, apertura):
    leg = Leg.objects.get(home__name="Correcaminos", away__name="Altamira")
    response = client.get(leg.get_absolute_url(), **EN)
    assert response.status_code == 200
    page = text(response)
    assert "Quarter-finals · 2nd leg" in page
    assert "Correcaminos 1–0 Altamira" in page
    assert "Diego Menghi 88'" in page and "Cuevas" in page
    assert "Correcaminos advanced on their better position in the table" in page


@pytest.mark.parametrize("language, line", [("en", "Half time: 1–0"), ("es", "Medio tiempo: 1–0")])
def test_match_page_shows_the_half_time_score_the_source_gives(client, language, line):
    from tests.importers.conftest import run_import
    from tests.importers.test_import_footballtxt import NEW

    run_import(NEW)  # Atlas Guadalajara 1-2 (1-0) Club León, play-in round 1
    tournament = Tournament.objects.get(slug="apertura-2023")
    leg = Leg.objects.get(tie__round__number=1, home__name="Atlas", away__name="León")
    final = tournament.final_tie().legs.get(number=2)  # 3-0 a.e.t. (0-0): none given
    with translation.override(language):
        assert line in text(client.get(leg.get_absolute_url()))
        page = text(client.get(final.get_absolute_url()))
    assert "Half time" not in page and "Medio tiempo" not in page


def test_match_page_404_for_a_leg_that_does_not_exist(client, apertura):
    url = reverse("tournaments:leg", kwargs={**KW, "round": 1, "tie": 9, "leg": 1})
    assert client.get(url).status_code == 404


def test_goalscorers_shared_ranks(client, apertura):
    response = get(client, "tournament_scorers", **KW)
    page = text(response)
    assert "1 Eder Pacheco BRA León 4 0" in page
    assert "2 Luciano Emílio BRA Neza 3 0" in page
    assert "2 Rodrigo Prieto MEX Neza 3 0" in page
    assert "<caption>" in response.content.decode()
    assert 'scope="col"' in response.content.decode()


def test_goalscorers_sort_by_header(client, apertura):
    url = reverse("tournaments:tournament_scorers", kwargs=KW)
    page = text(client.get(url + "?sort=player_name", **EN))
    names = ["Antonio González Arias", "Carlos Alberto Peña", "Eder Pacheco"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert "?sort=-player_name" in client.get(url + "?sort=player_name").content.decode()


def test_goalscorers_paginate_when_long(client, db):
    from tests.site_builders import make_big_tournament

    tournament = make_big_tournament()
    response = client.get(reverse("tournaments:tournament_scorers", kwargs=tournament.url_kwargs()))
    html = response.content.decode()
    assert html.count("<tr ") <= 26
    assert "page=3" in html
    assert client.get(response.wsgi_request.path + "?page=3").status_code == 200


def test_season_and_competition_scorers(client, apertura):
    season = get(client, "season_scorers", competition="liga-de-ascenso", season="2011-12")
    assert "1 Eder Pacheco" in text(season)
    history = get(client, "competition_scorers", competition="liga-de-ascenso")
    assert "2 Rodrigo Prieto" in text(history)


def test_home_lists_competitions_latest_champions_and_search(client, apertura):
    page = text(get(client, "home"))
    assert "Liga de Ascenso" in page and "2011–12" in page and "Apertura 2011" in page
    assert "Correcaminos 2nd title" in page
    assert "runner-up La Piedad" in page
    assert 'name="q"' in get(client, "home").content.decode()


def test_search_finds_teams_and_players_ignoring_accents(client, apertura):
    response = client.get(reverse("tournaments:search") + "?q=leon", **EN)
    page = text(response)
    assert "León" in page
    response = client.get(reverse("tournaments:search") + "?q=emilio", **EN)
    assert "Luciano Emílio" in text(response)


def test_team_page_titles_tournaments_and_opponents(client, apertura):
    page = text(get(client, "team", team="correcaminos"))
    assert "Titles Liga de Ascenso (1) 2nd Apertura 2011" in page
    assert "2 27 2 Champion Beat La Piedad 4–1 in the final Ignacio Rodríguez" in page
    assert "Altamira 1 1 0 1–0–1 2–2" in page
    # Every leg is one click away, on the head-to-head page.
    h2h = text(get(client, "head_to_head", team="correcaminos", other="altamira"))
    assert "Correcaminos advanced on their better position in the table, 2–2" in h2h
    assert "Altamira 2–1 Correcaminos" in h2h


def test_player_page_goals_by_match_and_teams(client, apertura):
    page = text(get(client, "player", player="eder-pacheco"))
    assert "4 goals for León" in page
    assert "Irapuato 0–1 León" in page and "León 2–0 Irapuato" in page
    assert page.index("Irapuato 0–1 León") < page.index("León 2–0 Irapuato")


def test_champions_history_with_title_counts(client, apertura):
    page = text(get(client, "competition", competition="liga-de-ascenso"))
    assert "Apertura 2011 2011–12 Correcaminos 2nd La Piedad" in page
    assert "Club Titles Correcaminos 2" in page


def test_season_page_notes_the_promotional_final(client, apertura):
    page = text(get(client, "season", competition="liga-de-ascenso", season="2011-12"))
    assert "Champion: Correcaminos" in page
    assert "promotional final" in page


def two_team_clausura(season):
    """A Clausura whose final is La Piedad v Correcaminos, ready to be played."""
    from tests.apertura_2011 import ROUNDS, TABLE
    from tests.builders import make_tournament

    clausura = make_tournament(
        TABLE[:2],
        rounds=ROUNDS[2:],
        season=season,
        name="Clausura 2012",
        slug="clausura-2012",
        order=2,
        qualifiers=2,
    )
    clausura.advance(1)
    return clausura


def test_season_page_direct_promotion(client, apertura):
    clausura = two_team_clausura(apertura.season)
    play(clausura, "Correcaminos", 1, 0, "La Piedad")
    play(clausura, "La Piedad", 0, 0, "Correcaminos")
    page = text(get(client, "season", competition="liga-de-ascenso", season="2011-12"))
    assert "Correcaminos won both tournaments of the season and was promoted directly" in page


def test_season_page_shows_the_promotional_final(client, apertura):
    clausura = two_team_clausura(apertura.season)
    play(clausura, "Correcaminos", 0, 1, "La Piedad")
    play(clausura, "La Piedad", 1, 0, "Correcaminos")
    final = apertura.season.create_promotional_final()
    play(final, "Correcaminos", 1, 0, "La Piedad")
    play(final, "La Piedad", 0, 1, "Correcaminos")
    page = text(get(client, "season", competition="liga-de-ascenso", season="2011-12"))
    assert "Promotional final" in page
    assert "La Piedad are champions, 2–0 on aggregate" not in page
    assert re.search(r"(Correcaminos|La Piedad) are champions, 2–0 on aggregate", page)
    assert "won the promotional final and was promoted" in page


def test_json_document_is_served(client, apertura):
    response = client.get(reverse("tournaments:tournament_json", kwargs=KW))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["summary"]["champion"] == "Correcaminos"


def test_friendly_404(client, apertura):
    response = client.get("/en/no-such-competition/")
    assert response.status_code == 404
    page = text(response)
    assert "Offside!" in page and "Find a team or a player" in page


def test_friendly_500(client, apertura, monkeypatch):
    from tournaments import views

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    assert "Something went wrong on our side." in text(response)


def test_every_page_has_one_h1_landmarks_and_the_language_switcher(client, apertura):
    leg = Leg.objects.first()
    translation.activate("es")  # Spanish, unprefixed URLs
    urls = [
        reverse("tournaments:home"),
        reverse("tournaments:search") + "?q=a",
        reverse("tournaments:competition", kwargs={"competition": "liga-de-ascenso"}),
        reverse("tournaments:competition_scorers", kwargs={"competition": "liga-de-ascenso"}),
        reverse(
            "tournaments:season", kwargs={"competition": "liga-de-ascenso", "season": "2011-12"}
        ),
        reverse(
            "tournaments:season_scorers",
            kwargs={"competition": "liga-de-ascenso", "season": "2011-12"},
        ),
        *(
            reverse(f"tournaments:{n}", kwargs=KW)
            for n in ("tournament", "bracket", "results", "tournament_scorers")
        ),
        leg.get_absolute_url(),
        reverse("tournaments:team", kwargs={"team": "neza"}),
        reverse("tournaments:player", kwargs={"player": "eder-pacheco"}),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        assert "<main" in html and "<header" in html and "<footer" in html and "<nav" in html
        english = translate_url(url, "en")
        assert english.startswith("/en/") and f'href="{english}"' in html, url
        assert 'hreflang="es" aria-current="true"' in html
        assert "csrfmiddlewaretoken" not in html
        assert html.startswith("<!doctype html>") or "<!doctype html>" in html[:200]
        assert '<html lang="es">' in html  # Spanish is the default
        assert "https://" not in html.split("</head>")[0]  # no CDN, fonts or scripts


def test_names_are_escaped_everywhere(client, db):
    from tests.builders import TableLine, make_tournament, play

    evil, player = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>"
    tournament = make_tournament(
        [
            TableLine(evil, 10, 0, 5, 30, 10, manager=player, captain=player),
            TableLine("Neza", 9, 0, 6, 20, 10),
        ],
        name="Apertura 2011",
        slug="apertura-2011",
        qualifiers=2,
    )
    tournament.advance(1)
    play(tournament, "Neza", 0, 1, evil, goals=[(evil, player, 10)], bookings=[(evil, player)])
    play(tournament, evil, 0, 0, "Neza")
    team = tournament.champion()
    scorer = tournament.summary().top_scorers[0]
    leg = Leg.objects.filter(tie__round__tournament=tournament).first()
    urls = [
        reverse("tournaments:home"),
        reverse("tournaments:search") + "?q=script",
        reverse("tournaments:search") + "?q=" + evil,
        reverse("tournaments:competition", args=["liga-de-ascenso"]),
        reverse("tournaments:competition_scorers", args=["liga-de-ascenso"]),
        reverse("tournaments:season", args=["liga-de-ascenso", "2011-12"]),
        reverse("tournaments:season_scorers", args=["liga-de-ascenso", "2011-12"]),
        *(reverse(f"tournaments:{n}", kwargs=KW) for n in ("tournament", "bracket", "results")),
        reverse("tournaments:tournament_scorers", kwargs=KW),
        leg.get_absolute_url(),
        team.get_absolute_url(),
        reverse("tournaments:player", args=[scorer.player_slug]),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "<script" not in html and "<img" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
