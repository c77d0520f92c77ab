"""A bracket opened before kick-off, in a real browser (issue 21): the fan who opens it ten
minutes early sees the leg go live and its goal without reloading; one who opens it hours
early is asked nothing until a few hours before kick-off (tournaments/refresh.py,
static/js/live.js)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.live_steps import a_goal_shows_in_the_tie_box
from tests.builders import clausura_2013_final, leg_between


def bracket_url(live_server, tournament):
    with translation.override("en"):
        return live_server.url + reverse("tournaments:bracket", kwargs=tournament.url_kwargs())


def checks_of(page, url):
    """The statuses of the script's checks of `url`, as they come."""
    statuses = []
    page.on("response", lambda response: response.url == url and statuses.append(response.status))
    return statuses


@pytest.mark.parametrize("width", [375, 1280])
def test_a_bracket_opened_ten_minutes_early_shows_the_leg_go_live_and_its_goal(
    live_server, browser, transactional_db, settings, width
):
    """Checks every 2 s before kick-off and every second once live here (60 s and 30 s
    by default)."""
    settings.LIVE_REFRESH_SECONDS = 1
    settings.LIVE_SOON_REFRESH_SECONDS = 2
    final = clausura_2013_final(kickoff_in=datetime.timedelta(minutes=10))
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    page = context.new_page()
    url = bracket_url(live_server, final)
    page.goto(url)
    tie = page.locator(".tie.open")
    expect(tie.locator(".live-word")).to_have_count(0)
    expect(tie.locator(".tie-needs")).to_contain_text("A draw is enough for Cruz Azul.")
    page.evaluate("window.stillTheSamePage = true")
    statuses = checks_of(page, url)
    page.wait_for_timeout(4500)  # two checks before kick-off, nothing changed: 304s
    assert statuses and set(statuses) == {304}

    leg = leg_between(final, "América", "Cruz Azul")
    leg.start_live()  # staff set it en vivo
    expect(tie.locator(".live-word")).to_have_text("LIVE", timeout=35_000)
    expect(tie.locator(".live-score")).to_have_text("0–0")
    a_goal_shows_in_the_tie_box(final, tie)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("main")).to_have_attribute("data-live", "1")  # a live page now
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_a_bracket_opened_hours_early_asks_nothing_until_its_window_opens(
    live_server, browser, transactional_db
):
    """Kick-off in five hours: nothing asked for two hours (the visitor's clock run
    forward), then checks from three hours before kick-off."""
    final = clausura_2013_final(kickoff_in=datetime.timedelta(hours=5))
    context = browser.new_context(viewport={"width": 375, "height": 900}, locale="en-US")
    page = context.new_page()
    page.clock.install()
    url = bracket_url(live_server, final)
    page.goto(url)
    expect(page.locator("main")).to_have_attribute("data-live-lead", "10800")
    statuses = checks_of(page, url)
    page.clock.run_for("01:59:00")
    page.wait_for_timeout(500)
    assert statuses == []
    page.clock.run_for("00:02:00")  # the window opens: checked at once, then every 60 s
    for _ in range(40):
        if statuses:
            break
        page.wait_for_timeout(250)
    assert statuses == [304]
    context.close()
