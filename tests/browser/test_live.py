"""A deciding match followed in a real browser (issue 21): the bracket page left open
on a phone or a desktop shows the goal staff enter, and what it now means, without the
visitor reloading; with JavaScript off the page is complete and stays as served."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.builders import leg_between, make_tournament, person_in, play
from tournaments.models import CUP_FINAL_TIEBREAK, Goal

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


@pytest.fixture
def final(transactional_db, settings):
    """The Clausura 2013 final: Cruz Azul won the first leg 1–0; the second leg, at
    América's ground, has just kicked off. Pages check for news every second here."""
    settings.LIVE_REFRESH_SECONDS = 1
    tournament = make_tournament(
        ["América", "Cruz Azul"], rounds=[("Final", CUP_FINAL_TIEBREAK)], name="Clausura 2013"
    )
    tournament.advance(1)
    person_in(tournament, "América", "Raúl Jiménez")
    play(tournament, "Cruz Azul", 1, 0, "América")
    leg = leg_between(tournament, "América", "Cruz Azul")
    kickoff = datetime.datetime.combine(timezone.localdate(), datetime.time(20), MEXICO_CITY)
    leg.schedule(kickoff, "Estadio Azteca")
    leg.start_live()
    return tournament


def bracket_url(live_server, tournament):
    with translation.override("en"):
        return live_server.url + reverse("tournaments:bracket", kwargs=tournament.url_kwargs())


def goal_for_america(tournament, minute):
    """Staff enter a goal through the match desk's write path (Leg.add_live_goal)."""
    leg = leg_between(tournament, "América", "Cruz Azul")
    scorer = person_in(tournament, "América", "Raúl Jiménez")
    leg.add_live_goal(Goal(leg=leg, team=leg.home, player=scorer, minute=minute))


@pytest.mark.parametrize("width", [375, 1280])
def test_a_goal_reaches_the_open_bracket_without_a_reload(live_server, browser, final, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(bracket_url(live_server, final))
    tie = page.locator(".tie.open")
    expect(tie.locator(".live-word")).to_have_text("LIVE")
    expect(tie.locator(".needs-now")).to_have_text("If it ends like this, Cruz Azul are champions.")
    page.evaluate("window.stillTheSamePage = true")
    answers = []
    page.on("response", lambda response: answers.append(response.status))

    goal_for_america(final, 20)

    # Within one check (a second here, 30 s by default): the score, the minute and the
    # new needs sentence, on the same page.
    expect(tie.locator(".live-score")).to_have_text("1–0", timeout=35_000)
    expect(tie.locator(".live-minute")).to_have_text("20'")
    expect(tie.locator(".needs-now")).to_have_text(
        "If it ends like this, the tie goes to extra time."
    )
    expect(tie.locator(".tie-needs")).to_contain_text(
        "América need one more goal to win the title."
    )
    assert page.evaluate("window.stillTheSamePage") is True
    # While nothing changes the checks are 304s; then 200 with the new page.
    expect(page.locator("main")).to_have_attribute("data-live", "1")
    assert 200 in answers
    answers.clear()
    page.wait_for_timeout(2500)
    assert answers and set(answers) == {304}
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_without_javascript_the_live_page_is_complete_and_static(live_server, browser, final):
    context = browser.new_context(
        viewport={"width": 375, "height": 900}, locale="en-US", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(bracket_url(live_server, final))
    tie = page.locator(".tie.open")
    expect(tie.locator(".live-word")).to_have_text("LIVE")
    expect(tie.locator(".live-score")).to_have_text("0–0")
    expect(tie.locator(".needs-now")).to_have_text("If it ends like this, Cruz Azul are champions.")
    expect(tie.locator(".tie-needs")).to_contain_text(
        "América need one more goal to force extra time and two more goals to win the title."
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    goal_for_america(final, 20)
    page.wait_for_timeout(2500)  # two and a half check intervals: nothing asked for
    assert requests == []
    expect(tie.locator(".live-score")).to_have_text("0–0")
    page.reload()
    expect(page.locator(".tie.open .live-score")).to_have_text("1–0")
    context.close()


@pytest.mark.parametrize(
    ("zone", "local"),
    [("Europe/Madrid", "03:00"), ("America/Mexico_City", None)],
)
def test_the_kickoff_in_the_visitors_own_time(live_server, browser, final, zone, local):
    """20:00 in Mexico City is 03:00 the next day in Madrid: a visitor there reads both;
    one in Mexico City only the one."""
    context = browser.new_context(
        viewport={"width": 375, "height": 900}, locale="en-US", timezone_id=zone
    )
    page = context.new_page()
    leg = leg_between(final, "América", "Cruz Azul")
    with translation.override("en"):
        page.goto(live_server.url + leg.get_absolute_url())
    when = page.locator(".match-when")
    expect(when).to_contain_text("20:00 (central Mexico time)")
    expect(when.locator("time.kickoff")).to_have_attribute("data-local-added", "")  # it ran
    if local is None:
        expect(when.locator(".local-time")).to_have_count(0)
    else:
        expect(when.locator(".local-time")).to_contain_text(local)
        expect(when.locator(".local-time")).to_contain_text("your time")
    context.close()
