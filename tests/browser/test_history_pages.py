"""The club history and head-to-head pages in a real browser, at desktop and phone width.
(The README's screenshots come from docs/screenshots/shoot.py against a server with the
real history imported; a test run never writes a tracked file.)"""

import pytest
from django.urls import reverse

from tests.history_builders import make_history


@pytest.fixture
def history(transactional_db):
    return make_history()


@pytest.mark.parametrize("width", [1280, 375])
def test_club_history_at_desktop_and_phone_width(live_server, browser, history, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(live_server.url + reverse("tournaments:team", args=["america"]))
    assert page.locator("h1").inner_text() == "América"
    assert page.locator("table.history tbody tr").count() == 20
    champion_rows = page.locator("table.history tr.run-champion")
    assert champion_rows.count() >= 1
    assert "Beat" in champion_rows.first.inner_text()  # how it ended, on phones too
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_from_the_club_page_to_a_head_to_head(live_server, page, history):
    page.goto(live_server.url + reverse("tournaments:team", args=["america"]))
    page.locator("table.opponents").get_by_role("link", name="Tigres", exact=True).click()
    page.wait_for_url("**/teams/america/vs/tigres/")
    assert page.locator("h1").inner_text().split() == ["América", "v", "Tigres"]
    assert page.locator(".tie-card").count() >= 2
    page.get_by_role("link", name="Switch sides: Tigres v América").click()
    page.wait_for_url("**/teams/tigres/vs/america/")


def test_search_two_clubs_for_their_head_to_head(live_server, page, history):
    page.goto(live_server.url + reverse("tournaments:search"))
    page.get_by_label("Find a team or a player").fill("america vs tigres")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="América v Tigres: every tie").click()
    page.wait_for_url("**/teams/america/vs/tigres/")
