"""Steps the live-page browser tests share."""

from playwright.sync_api import expect

from tests.builders import leg_between, person_in
from tournaments.models import Goal


def a_goal_shows_in_the_tie_box(final, tie):
    """Staff enter América's goal (Raúl Jiménez, 20'): the tie box on the open page
    shows 1–0 and what it means without a reload (live.js checks every 30 s)."""
    scorer = person_in(final, "América", "Raúl Jiménez")
    leg = leg_between(final, "América", "Cruz Azul")
    leg.add_live_goal(Goal(leg=leg, team=leg.home, player=scorer, minute=20))
    expect(tie.locator(".live-score")).to_have_text("1–0", timeout=35_000)
    expect(tie.locator(".needs-now")).to_have_text(
        "If it ends like this, the tie goes to extra time."
    )
