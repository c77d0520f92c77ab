"""League staff (not the superuser), in es-MX, start the Liga MX's Apertura 2025 from its
pasted 18-club table in the format the competition plays that season, preselected: the
Play-In de 10. The preview shows the draw before anything is saved; the tournament then
draws the Play-In itself, and the public bracket shows it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.admin_fixtures import TABLE_OF_18, make_staff_user
from tournaments.models import Competition, Leg, Team, Tie, Tournament

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


# -- the whole Apertura 2025, round by round -------------------------------------------------


def squad(team):
    return f"Portero {team}, MEX\nDelantero {team} (ARG)\n"


class Desk:
    """What a League staff member does on the match desk, in the browser; the database is
    read only to find a leg's page and to check what the site says."""

    def __init__(self, page, base, tournament):
        self.page, self.base, self.tournament = page, base, tournament

    def go(self, url):
        self.page.goto(self.base + url)

    def leg(self, home, away):
        return Leg.objects.get(
            tie__round__tournament=self.tournament, home__name=home, away__name=away
        )

    def draw_next_round(self):
        self.go(reverse("admin:tournaments_tournament_change", args=[self.tournament.pk]))
        with self.page.expect_navigation():
            self.page.click("#create-next-round")

    def enter(self, home, home_score, away_score, away, extra_time=None, penalties=None):
        """One leg on its page: the score, and extra time or penalties where offered."""
        leg = self.leg(home, away)
        self.go(reverse("admin:tournaments_leg_change", args=[leg.pk]))
        page = self.page
        page.fill("input[name='home_score']", str(home_score))
        page.fill("input[name='away_score']", str(away_score))
        if extra_time:
            page.fill("input[name='extra_time_home_score']", str(extra_time[0]))
            page.fill("input[name='extra_time_away_score']", str(extra_time[1]))
        if penalties:
            page.fill("input[name='penalties_home']", str(penalties[0]))
            page.fill("input[name='penalties_away']", str(penalties[1]))
        with page.expect_navigation():
            page.click("input[name='_save']")
        assert page.locator(".errornote").count() == 0, page.inner_text("#content")
        assert Leg.objects.get(pk=leg.pk).home_score == home_score

    def offers(self, home, away):
        """The result fields the leg's page offers beyond the score."""
        leg = self.leg(home, away)
        self.go(reverse("admin:tournaments_leg_change", args=[leg.pk]))
        names = ("extra_time_home_score", "penalties_home")
        return {n for n in names if self.page.locator(f"input[name='{n}']").count()}

    def bracket(self):
        """The public bracket as a fan who reloads sees it: a browser may keep a page
        PAGE_MAX_AGE seconds without asking; a reload revalidates it."""
        with translation.override("es"):
            self.go(reverse("tournaments:bracket", kwargs=self.tournament.url_kwargs()))
        self.page.reload()
        return self.page.inner_text("main")


def tie_of(tournament, number, higher):
    return Tie.objects.get(
        round__tournament=tournament, round__number=number, higher_seed__name=higher
    )


def test_staff_run_apertura_2025_in_the_play_in_from_the_table_to_the_champion(
    live_server, spanish_page
):
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
    assert page.input_value("#id_format") == "play-in-10"
    with page.expect_navigation():
        page.click("input[name='_save']")
    tournament = Tournament.objects.get(name="Apertura 2025")
    desk = Desk(page, live_server.url, tournament)
    # The two clubs of the match entered live register their squads.
    for club in ("Toluca", "Juárez"):
        team = Team.objects.get(name=club)
        desk.go(reverse("admin:tournaments_tournament_squad", args=[tournament.pk, team.pk]))
        page.fill("#id_players", squad(club))
        with page.expect_navigation():
            page.click("input[name='_save']")

    # Play-In, first round: 7 v 8 and 9 v 10, single matches at the better-placed club's.
    desk.draw_next_round()
    assert desk.offers("Juárez", "Pachuca") == {"penalties_home"}  # no extra time
    desk.enter("Juárez", 0, 1, "Pachuca")
    desk.enter("Tijuana", 2, 0, "Pumas UNAM")

    # Second round: the loser of 7 v 8 hosts the winner of 9 v 10; level, then penalties.
    desk.draw_next_round()
    desk.enter("Juárez", 1, 1, "Tijuana", penalties=(4, 3))
    assert tie_of(tournament, 2, "Juárez").decided_by == "penalties"

    # Quarter-finals: the winner of 7 v 8 is seed 7, the second Play-In's winner seed 8.
    desk.draw_next_round()
    bracket = desk.bracket()
    assert "CUARTOS DE FINAL" in bracket
    for line in ("1\tToluca", "8\tJuárez", "2\tTigres", "7\tPachuca", "4\tAmérica", "5\tMonterrey"):
        assert line in bracket, line

    # The round's schedule, pasted before it is played.
    quarter_finals = tournament.rounds.get(number=3)
    desk.go(reverse("admin:tournaments_round_schedule", args=[quarter_finals.pk]))
    page.fill(
        "textarea[name='paste']",
        "Juárez v Toluca, 26/11/2025 19:00, Estadio Olímpico Benito Juárez\n"
        "Toluca v Juárez, 29/11/2025 20:05, Estadio Nemesio Díez\n",
    )
    with page.expect_navigation():
        page.click("#schedule_form input[type=submit]")
    second_leg = desk.leg("Toluca", "Juárez")
    assert (second_leg.venue, second_leg.local_kickoff().strftime("%d/%m %H:%M")) == (
        "Estadio Nemesio Díez",
        "29/11 20:05",
    )

    desk.enter("Juárez", 0, 1, "Toluca")
    # One leg entered live: kick-off, a goal, a card, the final result.
    desk.go(reverse("admin:tournaments_leg_live", args=[second_leg.pk]))
    with page.expect_navigation():
        page.click("#start-live input[type=submit]")
    page.select_option("#live-goal select[name='goal-player']", label="Delantero Toluca")
    page.fill("#live-goal input[name='goal-minute']", "30")
    with page.expect_navigation():
        page.click("#live-goal input[type=submit]")
    page.select_option("#live-booking select[name='booking-player']", label="Portero Juárez")
    page.fill("#live-booking input[name='booking-minute']", "41")
    with page.expect_navigation():
        page.click("#live-booking input[type=submit]")
    live = desk.bracket()
    assert "1–0" in live or "1-0" in live
    desk.go(reverse("admin:tournaments_leg_live", args=[second_leg.pk]))
    assert page.input_value("#live-result input[name='result-home_score']") == "1"
    with page.expect_navigation():
        page.click("#live-result input[type=submit]")
    second_leg = Leg.objects.get(pk=second_leg.pk)
    assert (second_leg.status, second_leg.home_score, second_leg.away_score) == ("played", 1, 0)
    assert (second_leg.goals.count(), second_leg.bookings.count()) == (1, 1)

    desk.enter("Pachuca", 1, 0, "Tigres")
    desk.enter("Tigres", 1, 0, "Pachuca")  # 1–1: Tigres through on table position
    desk.enter("Guadalajara", 0, 0, "Cruz Azul")
    desk.enter("Cruz Azul", 2, 0, "Guadalajara")
    desk.enter("Monterrey", 1, 1, "América")
    desk.enter("América", 2, 1, "Monterrey")
    assert tie_of(tournament, 3, "Tigres").decided_by == "table_position"

    # Semi-finals, re-seeded best against worst.
    desk.draw_next_round()
    bracket = desk.bracket()
    assert "SEMIFINALES" in bracket and "Toluca – América" in bracket
    assert "Tigres – Cruz Azul" in bracket
    desk.enter("América", 0, 1, "Toluca")
    desk.enter("Toluca", 1, 1, "América")
    desk.enter("Cruz Azul", 1, 2, "Tigres")
    desk.enter("Tigres", 0, 0, "Cruz Azul")

    # The final: level after both legs, extra time, then penalties.
    desk.draw_next_round()
    assert desk.offers("Toluca", "Tigres") == {"extra_time_home_score", "penalties_home"}
    desk.enter("Tigres", 1, 1, "Toluca")
    desk.enter("Toluca", 0, 0, "Tigres", extra_time=(0, 0), penalties=(4, 5))
    final = tie_of(tournament, 5, "Toluca")
    assert (final.winner.name, final.decided_by) == ("Tigres", "penalties")
    assert "Tigres" in desk.bracket().split("CAMPEÓN")[-1]
    # Nobody edited a round: each round kept the tiebreak its format gave it.
    for round_ in tournament.rounds.all():
        assert {tuple(r.tiebreak) for r in round_.history.all()} == {tuple(round_.tiebreak)}


def sign_in_and_start(page, base, competition, season, year, name, table):
    """Sign in as League staff and start a tournament in its competition's format for the
    season, as preselected after the preview."""
    page.goto(f"{base}/admin/login/?next=/admin/tournaments/tournament/start/")
    page.fill("#id_username", "lucia")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#start_form")
    page.select_option("#id_competition", label=competition)
    page.fill("#id_season", season)
    page.fill("#id_start_year", str(year))
    page.fill("#id_name", name)
    page.fill("#id_order", "1")
    page.fill("#id_table", table)
    page.click("input[name='_preview']")
    preview = page.inner_text("#knockout_preview")
    with page.expect_navigation():
        page.click("input[name='_save']")
    return preview


def test_staff_run_the_liga_de_expansion_2020_format_to_its_champion(live_server, spanish_page):
    """Guard1anes 2020 as the Liga de Expansión played it: 3rd to 12th in single matches
    with extra time and penalties, the 2nd joining the two-legged second round, the
    leader the semi-finals."""
    page = spanish_page
    Competition.with_known_rules("Liga de Expansión MX", "liga-de-expansion-mx").save()
    make_staff_user("lucia", PASSWORD)
    table = "".join(TABLE_OF_18.splitlines(keepends=True)[:16])
    preview = sign_in_and_start(
        page, live_server.url, "Liga de Expansión MX", "2020–21", 2020, "Guard1anes 2020", table
    )
    assert "Clasifican 12 de los 16 clubes de la tabla." in preview
    assert "3. Cruz Azul vs. 12. Necaxa" in preview and "7. Juárez vs. 8. Pachuca" in preview
    tournament = Tournament.objects.get(name="Guard1anes 2020")
    assert tournament.format == "expansion-2020"
    desk = Desk(page, live_server.url, tournament)

    def higher_seeds_win(number, level=None):
        for leg in Leg.objects.filter(
            tie__round__tournament=tournament, tie__round__number=number
        ).order_by("tie__position", "number"):
            higher = leg.tie.higher_seed.name
            if leg.home.name == level:
                desk.enter(leg.home.name, 1, 1, leg.away.name, extra_time=(1, 0))
            else:
                desk.enter(leg.home.name, 1 if leg.home.name == higher else 0, 0, leg.away.name)

    desk.draw_next_round()
    assert desk.offers("Cruz Azul", "Necaxa") == {"extra_time_home_score", "penalties_home"}
    higher_seeds_win(1, level="Cruz Azul")
    assert tie_of(tournament, 1, "Cruz Azul").decided_by == "extra_time"
    for number in (2, 3, 4):
        desk.draw_next_round()
        higher_seeds_win(number)
    bracket = desk.bracket()
    for heading in ("RONDA 1", "RONDA 2", "SEMIFINALES", "FINAL"):
        assert heading in bracket
    assert "2\tTigres" in bracket and "7\tJuárez" in bracket
    assert tie_of(tournament, 4, "Toluca").winner.name == "Toluca"
