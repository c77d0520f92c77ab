"""A whole Liguilla entered by one League staff member, in Spanish, in a real browser, with
no superuser step: the tournament, its teams and table, the squads, every round's draw and
every leg, up to the champion. Page loads are counted (README, "For league staff")."""

import os
from pathlib import Path

import pytest

from tests.admin_fixtures import make_staff_user
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (same browser setup)
from tournaments.models import Goal, Leg, Tournament

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "gol-de-oro-2013"
SHOTS = Path(os.environ.get("ADMIN_SCREENSHOTS", "/tmp/liguilla-admin-shots"))

# The Clausura 2013 qualifiers (7 of them: the leader has a bye), best first.
TABLE = """\
América, 11, 3, 3, 34, 15
Santos Laguna, 8, 5, 4, 27, 17
Monterrey, 8, 4, 5, 31, 23
Cruz Azul, 7, 6, 4, 29, 22
Toluca, 7, 5, 5, 22, 20
Tigres, 6, 7, 4, 26, 19
Morelia, 6, 6, 5, 22, 21
"""
TEAMS = [line.split(",")[0] for line in TABLE.splitlines()]

# Legs, rounds and teams: the budget the issue sets for a whole tournament, plus signing
# in (2 pages) and the start page.
LEGS, ROUNDS = 12, 3
BUDGET = LEGS + ROUNDS + len(TEAMS) + 3


def squad(team):
    return f"Portero {team}, MEX\nDelantero {team} (ARG)\nmedio {team}\n"


@pytest.fixture
def spanish_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    page = context.new_page()
    yield page
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_one_staff_member_runs_a_whole_liguilla_in_spanish(live_server, spanish_page):
    page = spanish_page
    make_staff_user("marisol", PASSWORD)
    loads = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and loads.append(frame.url))

    # Sign in, straight to "Start a tournament".
    page.goto(f"{live_server.url}/admin/login/?next=/admin/tournaments/tournament/start/")
    page.fill("#id_username", "marisol")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#start_form")
    assert "Iniciar un torneo" in page.inner_text("#content")

    # One page: competition, season, tournament, teams and table.
    page.fill("#id_new_competition", "Liga MX")
    page.fill("#id_season", "2012–13")
    page.fill("#id_start_year", "2012")
    page.fill("#id_name", "Clausura 2013")
    page.fill("#id_order", "2")
    page.fill("#id_table", TABLE)
    # Seven clubs, the leader waiting for the semi-finals (the Liga MX's own format for
    # 2012–13 takes eight).
    page.select_option("#id_format", "liguilla-7-bye")
    shot(page, "10-start")
    page.click("#start_form input[name='_save']")

    # One page per team: paste its squad, go on to the next.
    for index, team in enumerate(TEAMS):
        page.wait_for_selector("#squad_form")
        assert f"Plantel de {team}" in page.inner_text("#content")
        page.fill("#id_players", squad(team))
        if index == 0:
            shot(page, "11-squad")
        last = index == len(TEAMS) - 1
        page.click("input[name='_save']" if last else "input[name='_next']")

    tournament = Tournament.objects.get(name="Clausura 2013")
    assert tournament.season.slug == "2012-13" and tournament.squads.count() == 3 * len(TEAMS)

    # Every round: draw it from the match desk, then enter each leg in turn.
    for number in range(1, ROUNDS + 1):
        page.wait_for_selector("#create-next-round")
        if number == 1:
            shot(page, "12-desk")
        page.click("#create-next-round")
        round_legs = Leg.objects.filter(
            tie__round__tournament=tournament, tie__round__number=number
        )
        for _leg in range(round_legs.count()):
            page.wait_for_selector("#leg_form")
            leg = Leg.objects.get(pk=page.url.rstrip("/").split("/")[-2])
            higher = leg.tie.higher_seed.name
            # The higher seed wins each leg 1–0: away in the first leg, at home in the second.
            home_goals, away_goals = (1, 0) if leg.home.name == higher else (0, 1)
            page.fill("input[name='home_score']", str(home_goals))
            page.fill("input[name='away_score']", str(away_goals))
            page.select_option("select[name='goals-0-player']", label=f"Delantero {higher}")
            page.fill("input[name='goals-0-minute']", "30")
            assert page.input_value("select[name='goals-0-team']") == str(leg.tie.higher_seed_id)
            if number == 1 and leg.number == 1 and leg.tie.position == 1:
                shot(page, "13-leg")
            page.click("input[name='_nextleg']")
        if number < ROUNDS:
            # The round's last leg goes back to the match desk: read once it has loaded
            # (on a busy machine the text of a page still being parsed was read).
            page.wait_for_url(f"**/tournaments/tournament/{tournament.pk}/change/")
            assert "Cuartos de final" in page.inner_text("#content") or number > 1

    page.wait_for_selector("#content")
    shot(page, "14-champion")
    tournament = Tournament.objects.with_bracket().get(pk=tournament.pk)
    assert tournament.champion().name == "América"
    assert Goal.objects.filter(leg__tie__round__tournament=tournament).count() == LEGS
    assert not Leg.objects.for_tournament(tournament).filter(home_score__isnull=True).exists()

    # Everything in Spanish, and within the page budget.
    text = page.inner_text("body")
    assert "Mesa de resultados" in text and "Semifinales" in text
    print(f"page loads: {len(loads)} (budget {BUDGET})")
    assert len(loads) <= BUDGET, loads


def overlaps(a, b, margin=4):
    """Do two boxes overlap, or come closer than `margin` pixels?"""
    return not (
        a["x"] + a["width"] + margin <= b["x"]
        or b["x"] + b["width"] + margin <= a["x"]
        or a["y"] + a["height"] + margin <= b["y"]
        or b["y"] + b["height"] + margin <= a["y"]
    )


def test_wide_pages_fit_1280_px_and_errors_do_not_cover_labels(live_server, spanish_page):
    from tests.builders import make_tournament

    page = spanish_page
    tournament = make_tournament([f"Club {n}" for n in range(1, 9)])
    tournament.advance(1)
    make_staff_user("marisol", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "marisol")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(f"{live_server.url}/admin/tournaments/tournament/{tournament.pk}/change/")
    shot(page, "20-tournament-1280")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    # The list of legs shows every column, the away club and the scorers' state included,
    # without scrolling sideways.
    page.goto(f"{live_server.url}/admin/tournaments/leg/")
    results = page.locator(".results")
    assert results.evaluate("r => r.scrollWidth <= r.clientWidth")

    # A second leg's score before the first leg's: refused, the message above the field.
    second = Leg.objects.filter(tie__round__tournament=tournament, number=2).first()
    page.goto(f"{live_server.url}/admin/tournaments/leg/{second.pk}/change/")
    page.fill("input[name='home_score']", "2")
    page.fill("input[name='away_score']", "0")
    page.click("input[name='_save']")
    page.wait_for_selector(".errornote")
    shot(page, "21-leg-error")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    error = page.locator(".field-home_score .errorlist").first.bounding_box()
    for label in page.locator("#leg_form label").all():
        box = label.bounding_box()
        if box:
            assert not overlaps(error, box), label.inner_text()
