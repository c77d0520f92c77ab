"""The public site in a real browser (Playwright driving Debian's Chromium)."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.importers.conftest import run_import
from tests.importers.test_import_footballtxt import NEW
from tests.test_views import imported_apertura_2011
from tournaments.models import Leg, Tournament

# The README's screenshots are refreshed only when asked for (UPDATE_SCREENSHOTS=1): a test
# run never modifies a tracked file.
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS") == "1"
KW = {"competition": "liga-de-ascenso", "season": "2011-12", "tournament": "apertura-2011"}
# Dates of the 2011 Apertura legs (round, home team), as in the article in data/.
DATES = {
    (1, "Irapuato"): "2011-11-23",
    (1, "Altamira"): "2011-11-24",
    (1, "Necaxa"): "2011-11-24",
    (1, "León"): "2011-11-26",
    (1, "Neza"): "2011-11-27",
    (1, "Correcaminos"): "2011-11-27",
    (2, "Neza"): "2011-11-30",
    (2, "León"): "2011-11-30",
    (2, "La Piedad"): "2011-12-03",
    (2, "Correcaminos"): "2011-12-03",
    (3, "Correcaminos"): "2011-12-08",
    (3, "La Piedad"): "2011-12-11",
}


@pytest.fixture
def apertura(transactional_db):
    """The imported 2011 Apertura, with kickoff times (the article gives 19:00 local)."""
    apertura_2011 = imported_apertura_2011()
    for (round_number, home), date in DATES.items():
        Leg.objects.filter(
            tie__round__tournament=apertura_2011, tie__round__number=round_number, home__name=home
        ).update(
            date=date,
            kickoff=datetime.datetime.fromisoformat(f"{date}T19:00-06:00"),
        )
    return apertura_2011


def url(live_server, name, **kwargs):
    return live_server.url + reverse(f"tournaments:{name}", kwargs=kwargs or KW)


@pytest.mark.parametrize("width", [1280, 375])
def test_bracket_at_desktop_and_phone_width(live_server, browser, apertura, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(url(live_server, "bracket"))
    assert page.locator("h1").inner_text() == "Apertura 2011: bracket"
    champion = page.locator(".champion-card")
    assert "Correcaminos" in champion.inner_text() and "2nd title" in champion.inner_text()
    assert page.locator(".tie.bye").inner_text().startswith("1 La Piedad")
    assert page.get_by_text("on table position").count() == 2
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    folder = SCREENSHOTS if UPDATE_SCREENSHOTS else tmp_path
    page.screenshot(path=str(folder / f"bracket-{width}.png"), full_page=True)
    context.close()


def test_sort_goalscorers_by_clicking_a_header(live_server, page, apertura):
    page.goto(url(live_server, "tournament_scorers"))
    first = page.locator("table.scorers tbody tr").first
    assert "Eder Pacheco" in first.inner_text()
    page.get_by_role("link", name="Player", exact=True).click()
    page.wait_for_url("**sort=player_name**")
    assert "Antonio González Arias" in page.locator("table.scorers tbody tr").first.inner_text()
    page.get_by_role("link", name="Goals", exact=True).click()
    page.wait_for_url("**sort=-goals**")
    assert "Eder Pacheco" in page.locator("table.scorers tbody tr").first.inner_text()


def test_switch_to_spanish_and_back(live_server, page, apertura):
    page.goto(url(live_server, "bracket"))
    assert page.locator("h2").first.inner_text().upper() == "QUARTER-FINALS"
    page.get_by_role("link", name="ES Español").click()
    page.wait_for_url(live_server.url + "/liga-de-ascenso/2011-12/apertura-2011/bracket/")
    assert page.locator("h1").inner_text() == "Apertura 2011: llaves"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_text("por posición en la tabla").count() == 2
    page.get_by_role("link", name="EN English").click()
    page.wait_for_url("**/en/liga-de-ascenso/**/bracket/")
    assert page.context.cookies() == []  # no language cookie, no CSRF cookie
    assert page.locator("h1").inner_text() == "Apertura 2011: bracket"


def test_follow_a_leg_to_its_match_page(live_server, page, apertura):
    page.goto(url(live_server, "results"))
    page.get_by_role("link", name="Match page: Correcaminos v Altamira").click()
    page.wait_for_url("**/round-1/tie-1/leg-2/")
    assert page.locator("h1").inner_text().split() == ["Correcaminos", "1–0", "Altamira"]
    assert "Dec. 3, 2011" not in page.content()
    assert "Nov. 27, 2011 · 19:00" in page.locator(".match-when").inner_text()
    assert "Diego Menghi 88'" in page.locator(".events").inner_text()
    assert "better position in the table" in page.locator(".outcome").inner_text()


# Every word of every club name on the bracket, with the number of lines it is laid out on.
WORDS_SPLIT_ACROSS_LINES = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.bracket .tie-score .name')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if (range.getClientRects().length > 1) split.push(word[0]);
      }
    }
  }
  return split;
}"""
TABLES_WIDER_THAN_THEIR_BOX = """() => [...document.querySelectorAll('.bracket .tie')].filter(
  box => box.querySelector('table')
    && box.querySelector('table').getBoundingClientRect().right
       > box.getBoundingClientRect().right + 0.5
).map(box => box.getAttribute('aria-label'))"""


def test_a_play_in_bracket_fits_1280_px_without_breaking_a_club_name(
    live_server, page, transactional_db
):
    """Six columns (two single-match play-in rounds, three two-legged rounds, the
    champion) fit a 1280 px screen, and a long one-word name (Guadalajara, Monterrey) is
    never broken inside the word to make them fit."""
    run_import(NEW)
    page.goto(live_server.url + Tournament.objects.get(slug="apertura-2023").get_absolute_url())
    page.get_by_role("link", name="See the bracket").click()
    page.wait_for_url("**/bracket/")
    assert page.locator(".bracket-round").count() == 6
    assert page.evaluate(WORDS_SPLIT_ACROSS_LINES) == []
    assert page.evaluate(TABLES_WIDER_THAN_THEIR_BOX) == []
    bracket = page.locator(".bracket")
    assert bracket.evaluate("b => b.scrollWidth <= b.clientWidth")


def test_the_general_table_draws_a_line_under_the_last_club_to_qualify(
    live_server, page, transactional_db
):
    """Eight of ten clubs qualify: one line, under the 8th, and none under the others."""
    from tests.builders import make_tournament

    tournament = make_tournament([f"Club {n}" for n in range(1, 11)], qualifiers=8)
    page.goto(live_server.url + tournament.get_absolute_url() + "regular-season/")
    borders = page.locator("table.standings tbody tr").evaluate_all(
        "rows => rows.map(r => getComputedStyle(r.cells[0]).borderBottomWidth)"
    )
    assert len(borders) == 10
    assert [n + 1 for n, width in enumerate(borders) if width == "2px"] == [8]


def test_a_league_match_reads_as_a_scoreline(live_server, page, transactional_db):
    """Home club, score, away club, the home club set against the score (the 2023
    Apertura's regular season)."""
    run_import(NEW)
    tournament = Tournament.objects.get(slug="apertura-2023")
    page.goto(live_server.url + tournament.get_absolute_url() + "regular-season/")
    match = page.locator("table.league-results tbody tr").first
    home, score, away = (match.locator(f"td.{kind}") for kind in ("home", "num", "away"))
    assert home.evaluate("td => getComputedStyle(td).textAlign") == "right"
    home_name, score_box, away_name = (
        home.locator("a").bounding_box(),
        score.bounding_box(),
        away.locator("a").bounding_box(),
    )
    assert score_box["x"] - (home_name["x"] + home_name["width"]) < 20
    assert away_name["x"] - (score_box["x"] + score_box["width"]) < 20
