"""League staff (not the superuser), in es-MX, start the Liga MX's Apertura 2025 from its
pasted 18-club table in the format the competition plays that season, preselected: the
Play-In de 10. The preview shows the draw before anything is saved; the tournament then
draws the Play-In itself, and the public bracket shows it."""

import re

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

    def public(self, name):
        """A public page of the tournament ("bracket", "results") as a fan who reloads
        sees it: a browser may keep a page PAGE_MAX_AGE seconds without asking; a reload
        revalidates it."""
        with translation.override("es"):
            self.go(reverse(f"tournaments:{name}", kwargs=self.tournament.url_kwargs()))
        self.page.reload()
        return self.page.inner_text("main")

    def bracket(self):
        return self.public("bracket")

    def column(self, heading):
        """One round's column of the public bracket, by its heading as fans read it."""
        self.bracket()
        return self.page.get_by_role("region", name=heading, exact=True).inner_text()

    def register_squads(self, *clubs):
        """Each club's squad pasted on its page (the live desk names scorers from it)."""
        for club in clubs:
            team = Team.objects.get(name=club)
            self.go(
                reverse("admin:tournaments_tournament_squad", args=[self.tournament.pk, team.pk])
            )
            self.page.fill("#id_players", squad(club))
            with self.page.expect_navigation():
                self.page.click("input[name='_save']")

    def schedule(self, number, fixtures):
        """Round `number`'s schedule pasted as the league published it, before it is
        played: one line a leg, "Home v Away, date time, venue"."""
        round_ = self.tournament.rounds.get(number=number)
        self.go(reverse("admin:tournaments_round_schedule", args=[round_.pk]))
        self.page.fill("textarea[name='paste']", fixtures)
        with self.page.expect_navigation():
            self.page.click("#schedule_form input[type=submit]")
        assert self.page.locator(".errornote, .errorlist").count() == 0, self.page.inner_text(
            "#content"
        )

    def enter_live(self, home, away, goals=(), bookings=()):
        """One leg from the live desk: kick-off, each goal and card as it happens
        ((player, minute)), then the final result. Returns the public bracket as a fan saw
        it before the final whistle."""
        leg = self.leg(home, away)
        page = self.page
        live_url = reverse("admin:tournaments_leg_live", args=[leg.pk])
        self.go(live_url)
        with page.expect_navigation():
            page.click("#start-live input[type=submit]")
        for kind, events in (("goal", goals), ("booking", bookings)):
            for player, minute in events:
                page.select_option(f"#live-{kind} select[name='{kind}-player']", label=player)
                page.fill(f"#live-{kind} input[name='{kind}-minute']", str(minute))
                with page.expect_navigation():
                    page.click(f"#live-{kind} input[type=submit]")
        during = self.bracket()
        self.go(live_url)
        # The result form starts from the live score (scorers' names end in their club's).
        home_goals = sum(1 for player, _minute in goals if player.endswith(home))
        assert page.input_value("#live-result input[name='result-home_score']") == str(home_goals)
        with page.expect_navigation():
            page.click("#live-result input[type=submit]")
        leg = Leg.objects.get(pk=leg.pk)
        assert (leg.status, leg.goals.count(), leg.bookings.count()) == (
            "played",
            len(goals),
            len(bookings),
        )
        return during


def missing_seeds(text, seeds):
    """The clubs of {seed: club} that `text` (a bracket column) does not show with their
    seed beside them."""
    return [
        f"{seed} {club}"
        for seed, club in seeds.items()
        if not re.search(rf"(^|\s){seed}\s+{re.escape(club)}(\s|$)", text, re.MULTILINE)
    ]


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
    desk.register_squads("Toluca", "Juárez")

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
    desk.schedule(
        3,
        "Juárez v Toluca, 26/11/2025 19:00, Estadio Olímpico Benito Juárez\n"
        "Toluca v Juárez, 29/11/2025 20:05, Estadio Nemesio Díez\n",
    )
    second_leg = desk.leg("Toluca", "Juárez")
    assert (second_leg.venue, second_leg.local_kickoff().strftime("%d/%m %H:%M")) == (
        "Estadio Nemesio Díez",
        "29/11 20:05",
    )

    desk.enter("Juárez", 0, 1, "Toluca")
    # One leg entered live: kick-off, a goal, a card, the final result.
    live = desk.enter_live(
        "Toluca",
        "Juárez",
        goals=[("Delantero Toluca", 30)],
        bookings=[("Portero Juárez", 41)],
    )
    assert "1–0" in live or "1-0" in live
    second_leg = Leg.objects.get(pk=second_leg.pk)
    assert (second_leg.status, second_leg.home_score, second_leg.away_score) == ("played", 1, 0)

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
    leader the semi-finals. The second round scheduled before it is played, one of its
    legs entered live; after each draw the public bracket shows the seeds."""
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
    desk.register_squads("Tigres", "Juárez")

    def higher_seeds_win(number, level=None):
        for leg in Leg.objects.filter(
            tie__round__tournament=tournament, tie__round__number=number, home_score=None
        ).order_by("tie__position", "number"):
            higher = leg.tie.higher_seed.name
            if leg.home.name == level:
                desk.enter(leg.home.name, 1, 1, leg.away.name, extra_time=(1, 0))
            else:
                desk.enter(leg.home.name, 1 if leg.home.name == higher else 0, 0, leg.away.name)

    # Round 1: 3rd to 12th, single matches; the first two wait.
    desk.draw_next_round()
    column = desk.column("Ronda 1")
    seeds = {3: "Cruz Azul", 12: "Necaxa", 4: "América", 11: "Atlas", 5: "Monterrey"}
    seeds |= {10: "Pumas UNAM", 6: "Guadalajara", 9: "Tijuana", 7: "Juárez", 8: "Pachuca"}
    assert missing_seeds(column, seeds) == [], column
    assert desk.offers("Cruz Azul", "Necaxa") == {"extra_time_home_score", "penalties_home"}
    higher_seeds_win(1, level="Cruz Azul")
    assert tie_of(tournament, 1, "Cruz Azul").decided_by == "extra_time"

    # Round 2: the 2nd joins the five winners, re-seeded best against worst, two legs.
    desk.draw_next_round()
    column = desk.column("Ronda 2")
    seeds = {2: "Tigres", 7: "Juárez", 3: "Cruz Azul", 6: "Guadalajara", 4: "América"}
    assert missing_seeds(column, seeds | {5: "Monterrey"}) == [], column
    desk.schedule(
        2,
        "Juárez v Tigres, 28/11/2020 19:00, Estadio Olímpico Benito Juárez\n"
        "Tigres v Juárez, 01/12/2020 20:05, Estadio Universitario\n",
    )
    # Fans see both legs as fixtures with their kick-off, on the bracket and the results.
    tie = desk.column("Ronda 2").split("Tigres – Juárez")[-1]
    assert "Ida: 28 nov 19:00" in tie and "Vuelta: 1 dic 20:05" in tie, tie
    results = desk.public("results")
    assert "Estadio Universitario" in results and "20:05" in results, results
    desk.enter("Juárez", 0, 1, "Tigres")
    live = desk.enter_live(
        "Tigres", "Juárez", goals=[("Delantero Tigres", 30)], bookings=[("Portero Juárez", 41)]
    )
    assert "1–0" in live or "1-0" in live
    higher_seeds_win(2)

    # Semi-finals: the leader joins; final.
    desk.draw_next_round()
    column = desk.column("Semifinales")
    seeds = {1: "Toluca", 4: "América", 2: "Tigres", 3: "Cruz Azul"}
    assert missing_seeds(column, seeds) == [], column
    higher_seeds_win(3)
    desk.draw_next_round()
    assert missing_seeds(desk.column("Final"), {1: "Toluca", 2: "Tigres"}) == []
    higher_seeds_win(4)
    assert tie_of(tournament, 4, "Toluca").winner.name == "Toluca"
    assert "Toluca" in desk.bracket().split("CAMPEÓN")[-1]
    for round_ in tournament.rounds.all():  # nobody edited a round
        assert {tuple(r.tiebreak) for r in round_.history.all()} == {tuple(round_.tiebreak)}


# The Liga de Ascenso's Apertura 2011 general table (data/2011-apertura-liguilla.txt):
# won, drawn, lost, goals for and against, points.
ASCENSO_2011 = """\
1. La Piedad, 10, 1, 4, 26, 17, 31
2. Correcaminos, 7, 6, 2, 33, 21, 27
3. Neza, 7, 5, 3, 27, 22, 26
4. León, 5, 8, 2, 26, 16, 23
5. Irapuato, 7, 2, 6, 24, 17, 23
6. Necaxa, 6, 5, 4, 15, 14, 23
7. Altamira, 6, 4, 5, 22, 22, 22
"""


def test_staff_run_the_liga_de_ascenso_apertura_2011_with_the_leader_waiting(
    live_server, spanish_page
):
    """The 2011 format, seven clubs and a bye, preselected for the Liga de Ascenso: the
    Apertura 2011 entered as it was played (the article in data/), the semi-finals
    scheduled before they are played, the final's second leg entered live; after each
    draw the public bracket shows the seeds, La Piedad waiting as the 1st."""
    page = spanish_page
    Competition.with_known_rules("Liga de Ascenso", "liga-de-ascenso", "Mexico").save()
    make_staff_user("lucia", PASSWORD)
    preview = sign_in_and_start(
        page, live_server.url, "Liga de Ascenso", "2011–12", 2011, "Apertura 2011", ASCENSO_2011
    )
    assert "Clasifican 7 de los 7 clubes de la tabla." in preview
    assert "2. Correcaminos vs. 7. Altamira" in preview
    assert "Esperan una ronda posterior: 1. La Piedad" in preview
    tournament = Tournament.objects.get(name="Apertura 2011")
    assert (tournament.format, tournament.qualifiers) == ("liguilla-7-bye", 7)
    desk = Desk(page, live_server.url, tournament)
    desk.register_squads("La Piedad", "Correcaminos")

    # Quarter-finals: 2 v 7, 3 v 6, 4 v 5; the leader waits.
    desk.draw_next_round()
    column = desk.column("Cuartos de final")
    seeds = {2: "Correcaminos", 7: "Altamira", 3: "Neza", 6: "Necaxa", 4: "León", 5: "Irapuato"}
    assert missing_seeds(column, seeds) == [], column
    bracket = desk.bracket()
    assert missing_seeds(bracket, {1: "La Piedad"}) == [], bracket  # waiting, as the 1st
    desk.enter("Irapuato", 0, 1, "León")
    desk.enter("Altamira", 2, 1, "Correcaminos")
    desk.enter("Necaxa", 0, 1, "Neza")
    desk.enter("León", 2, 0, "Irapuato")
    desk.enter("Neza", 2, 2, "Necaxa")
    desk.enter("Correcaminos", 1, 0, "Altamira")  # 2–2: through on table position
    assert tie_of(tournament, 1, "Correcaminos").decided_by == "table_position"

    # Semi-finals, re-seeded: the leader against the lowest seed left; scheduled first.
    desk.draw_next_round()
    column = desk.column("Semifinales")
    seeds = {1: "La Piedad", 4: "León", 2: "Correcaminos", 3: "Neza"}
    assert missing_seeds(column, seeds) == [], column
    desk.schedule(
        2,
        "Neza v Correcaminos, 01/12/2011 19:00, Estadio Neza 86\n"
        "León v La Piedad, 01/12/2011 19:00, Estadio Nou Camp\n"
        "La Piedad v León, 04/12/2011 17:00, Estadio Juan N. López\n"
        "Correcaminos v Neza, 04/12/2011 19:00, Estadio Marte R. Gómez\n",
    )
    tie = desk.column("Semifinales").split("La Piedad – León")[-1]
    assert "Ida: 1 dic 19:00" in tie and "Vuelta: 4 dic 17:00" in tie, tie
    results = desk.public("results")
    assert "Estadio Juan N. López" in results and "17:00" in results, results
    desk.enter("Neza", 2, 1, "Correcaminos")
    desk.enter("León", 3, 5, "La Piedad")
    desk.enter("La Piedad", 1, 2, "León")
    desk.enter("Correcaminos", 2, 1, "Neza")  # 3–3: through on table position

    # The final, two legs, level on aggregate to the better-placed club (no extra time).
    desk.draw_next_round()
    assert missing_seeds(desk.column("Final"), {1: "La Piedad", 2: "Correcaminos"}) == []
    assert desk.offers("La Piedad", "Correcaminos") == set()
    desk.enter("Correcaminos", 3, 1, "La Piedad")
    live = desk.enter_live(
        "La Piedad",
        "Correcaminos",
        goals=[("Delantero Correcaminos", 84)],
        bookings=[("Portero La Piedad", 70)],
    )
    assert "0–1" in live or "0-1" in live
    final = tie_of(tournament, 3, "La Piedad")
    assert (final.winner.name, final.decided_by) == ("Correcaminos", "aggregate")
    assert "Correcaminos" in desk.bracket().split("CAMPEÓN")[-1]
    for round_ in tournament.rounds.all():  # nobody edited a round
        assert {tuple(r.tiebreak) for r in round_.history.all()} == {tuple(round_.tiebreak)}
