"""Shoot README "For league staff"'s match night: a League staff member, in Spanish, at
1280 px, schedules the semi-finals of the 2011 Apertura, sets a leg live, enters a goal
and a card, ends it with its result, and corrects a quarter-final score that redraws a
semi-final (the confirmation page, then the redrawn bracket). On a throwaway database:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/liguilla_shots DJANGO_DEBUG=1
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py runserver 127.0.0.1:8007 &
    .venv/bin/python docs/screenshots/match_night.py http://127.0.0.1:8007

The script enters the 2011 Apertura up to its quarter-finals and draws the semi-finals
(tests/apertura_2011.py), with a staff account "marisol", unless they exist, then drives
the admin in Chromium and writes docs/screenshots/match-night-*-1280.png.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USER, PASSWORD = "marisol", "gol-de-oro-2011"


def prepare():
    """The tournament on the night of its semi-finals' first legs, and the staff account;
    returns the ids the walk needs."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liguilla.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User

    from tests.admin_fixtures import make_staff_user
    from tests.apertura_2011 import build_apertura_2011
    from tournaments.models import Leg, Tournament

    tournament = Tournament.objects.filter(slug="apertura-2011").first()
    if tournament is None:
        tournament = build_apertura_2011(through="quarter-finals")
        tournament.advance(2)
    if not User.objects.filter(username=USER).exists():
        make_staff_user(USER, PASSWORD)
    legs = Leg.objects.filter(tie__round__tournament=tournament)
    return {
        "tournament": tournament.pk,
        "semis": tournament.rounds.get(number=2).pk,
        "live": legs.get(tie__round__number=2, home__name="Neza", number=1).pk,
        "correction": legs.get(tie__round__number=1, home__name="León", number=2).pk,
    }


def shoot(page, name):
    target = HERE / f"match-night-{name}-1280.png"
    page.screenshot(path=str(target))
    print(target)


def walk(server, ids):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
        page = context.new_page()
        page.goto(f"{server}/admin/login/")
        page.fill("#id_username", USER)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")

        # 1. The round's schedule, one page: dates, kick-offs, venues.
        page.goto(f"{server}/admin/tournaments/round/{ids['semis']}/schedule/")
        page.fill(
            "#id_paste",
            "\n".join(
                [
                    "León v La Piedad, 24/11/2011 19:00, Estadio Nou Camp",
                    "Neza v Correcaminos, 24/11/2011 21:00, Estadio Neza 86",
                    "La Piedad v León, 27/11/2011 17:00, Estadio Juan N. López",
                    "Correcaminos v Neza, 27/11/2011 19:00, Estadio Marte R. Gómez",
                ]
            ),
        )
        shoot(page, "1-schedule")
        page.click("#schedule_form input[type=submit]")

        # 2. Kick-off: the leg goes live; a goal and a card as they happen.
        page.goto(f"{server}/admin/tournaments/leg/{ids['live']}/live/")
        page.click("#start-live input[type=submit]")
        page.select_option("#live-clock select[name=clock-period]", "second_half")
        page.fill("#live-clock input[name=clock-minute]", "75")
        page.click("#live-clock input[type=submit]")
        page.select_option("#live-goal select[name=goal-player]", label="Rodrigo Prieto")
        page.fill("#live-goal input[name=goal-minute]", "75")
        page.click("#live-goal input[type=submit]")
        page.select_option("#live-booking select[name=booking-player]", label="Diego Menghi")
        page.fill("#live-booking input[name=booking-minute]", "80")
        page.click("#live-booking input[type=submit]")
        shoot(page, "2-live")

        # 3. The final whistle: the result, through the same rules as the leg's page.
        page.fill("#live-result input[name=result-home_score]", "1")
        page.fill("#live-result input[name=result-away_score]", "0")
        page.click("#live-result input[type=submit]")
        shoot(page, "3-result")

        # 4. A correction that redraws a semi-final: first what will change, to confirm.
        page.goto(f"{server}/admin/tournaments/leg/{ids['correction']}/change/")
        page.fill("#id_away_score", "4")  # León 2–4 Irapuato: Irapuato through, 4–3
        page.click("input[name=_save]")
        shoot(page, "4-confirm")
        page.check("input[name=confirm_redraw]")
        page.click("input[name=_save]")
        shoot(page, "5-redrawn")
        browser.close()


if __name__ == "__main__":
    walk(sys.argv[1].rstrip("/"), prepare())
