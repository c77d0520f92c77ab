"""League staff (not the superuser), in es-MX, start the Liga MX's Apertura 2025 from its
pasted 18-club table in the format the competition plays that season, preselected: the
Play-In de 10. The preview shows the draw before anything is saved; the tournament then
draws the Play-In itself, and the public bracket shows it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.admin_fixtures import TABLE_OF_18, make_staff_user
from tournaments.models import Competition, Tournament

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "play-in-2025"


@pytest.fixture
def spanish_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    page = context.new_page()
    yield page
    context.close()


def test_staff_start_apertura_2025_in_the_preselected_play_in(live_server, spanish_page):
    page = spanish_page
    Competition.with_known_rules("Liga MX", "liga-mx", "Mexico").save()
    make_staff_user("lucia", PASSWORD)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/tournaments/tournament/start/")
    page.fill("#id_username", "lucia")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#start_form")

    page.select_option("#id_competition", label="Liga MX")
    page.fill("#id_season", "2025–26")
    page.fill("#id_start_year", "2025")
    page.fill("#id_name", "Apertura 2025")
    page.fill("#id_order", "1")
    page.fill("#id_table", TABLE_OF_18)
    page.click("input[name='_preview']")

    # The preview: the competition's format for 2025 chosen, and the draw it makes.
    preview = page.inner_text("#knockout_preview")
    assert page.input_value("#id_format") == "play-in-10"
    assert "Vista previa: Play-In de 10 (repechaje)" in preview
    assert "Clasifican 10 de los 18 clubes de la tabla." in preview
    assert "7. Juárez vs. 8. Pachuca" in preview and "9. Tijuana vs. 10. Pumas UNAM" in preview
    assert "Esperan una ronda posterior: 1. Toluca" in preview
    assert "global, tiempo extra, penales" in preview  # the final
    assert not Tournament.objects.exists()

    page.click("input[name='_save']")
    page.wait_for_selector("#squad_form")
    tournament = Tournament.objects.get(name="Apertura 2025")
    assert (tournament.format, tournament.qualifiers) == ("play-in-10", 10)

    # The match desk draws the first Play-In round; nobody edits a round.
    desk = reverse("admin:tournaments_tournament_change", args=[tournament.pk])
    page.goto(live_server.url + desk)
    with page.expect_navigation():
        page.click("#create-next-round")
    play_in = tournament.rounds.get(number=1)
    assert (play_in.legs, play_in.tiebreak) == (1, ["aggregate", "penalties"])

    with translation.override("es"):
        bracket_url = reverse("tournaments:bracket", kwargs=tournament.url_kwargs())
    page.goto(live_server.url + bracket_url)
    bracket = page.inner_text("main")
    assert "REPECHAJE, RONDA 1" in bracket  # headings in capitals (CSS)
    assert "Juárez – Pachuca" in bracket and "Tijuana – Pumas UNAM" in bracket
    assert "7\tJuárez" in bracket and "10\tPumas UNAM" in bracket  # the seeds
    assert "pase directo" not in bracket  # nobody told of a bye they do not have
