"""A League staff member starts a tournament alone: one page for the competition, season,
tournament, teams and table; one page per team for its squad; the tournament page as the
match desk (next leg, next round, results to enter); the match-night leg form."""

import datetime

import pytest
from django.urls import reverse

from tournaments.importers.pasted import PasteError, parse_squad, parse_table
from tournaments.models import Competition, Goal, Leg, Person, SquadMember, Team, Tournament

from .admin_fixtures import TABLE_OF_18, form_data
from .builders import make_tournament, person_in
from .test_views import text

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]
ES = {"HTTP_ACCEPT_LANGUAGE": "es"}

CLAUSURA_2013 = """\
1. América, 11, 3, 3, 34, 15
2. Santos Laguna, 8, 5, 4, 27, 17, 29
3. Monterrey, 8, 4, 5, 31, 23
4. Cruz Azul, 7, 6, 4, 29, 22
5. Toluca, 7, 5, 5, 22, 20
6. Tigres, 6, 7, 4, 26, 19
7. Morelia, 6, 6, 5, 22, 21
8. León, 6, 6, 5, 21, 21
"""

START = reverse("admin:tournaments_tournament_start")


# -- the pasted lists ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Christian Benítez", ("Christian Benítez", "")),
        ("Christian Benítez, ecu", ("Christian Benítez", "ECU")),
        ("Christian Benítez (ECU)", ("Christian Benítez", "ECU")),
        ("11 Christian Benítez\tECU", ("Christian Benítez", "ECU")),
    ],
)
def test_a_squad_line_is_a_name_and_an_optional_nationality(line, expected):
    (player,) = parse_squad(line)
    assert (player.name, player.nationality) == expected


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("Raúl Jiménez\nRaúl Jiménez", "duplicate", 2),
        ("Raúl Jiménez, Mexico", "nationality", 1),
        ("Raúl Jiménez, MEX, 9", "squad_columns", 1),
    ],
)
def test_a_bad_squad_line_is_named(text, code, line):
    with pytest.raises(PasteError) as refused:
        parse_squad(text)
    assert (refused.value.code, refused.value.line) == (code, line)


def test_a_table_line_is_team_won_drawn_lost_for_against_and_optional_points():
    rows = parse_table(CLAUSURA_2013)
    assert [r.team for r in rows][:2] == ["América", "Santos Laguna"]
    assert (rows[1].won, rows[1].points, rows[1].position) == (8, 29, 2)
    with pytest.raises(PasteError) as refused:
        parse_table("América, 11, 3")
    assert (refused.value.code, refused.value.line) == ("table_columns", 1)


# -- starting a tournament ------------------------------------------------------------------


def start_data(**changes):
    return {
        "competition": "",
        "new_competition": "Liga MX",
        "season": "2012–13",
        "start_year": "2012",
        "name": "Clausura 2013",
        "order": "2",
        "table": CLAUSURA_2013,
        **changes,
    }


def test_staff_start_a_tournament_with_its_table_on_one_page(staff_client):
    response = staff_client.post(START, start_data())
    tournament = Tournament.objects.get(name="Clausura 2013")
    america = Team.objects.get(name="América")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:tournaments_tournament_squad", args=[tournament.pk, america.pk]
    )
    assert tournament.season.slug == "2012-13" and tournament.qualifiers == 8
    assert tournament.season.competition.promotes is False
    assert [e.team.name for e in tournament.seeds()][:3] == [
        "América",
        "Santos Laguna",
        "Monterrey",
    ]
    assert tournament.entries.get(team=america).points == 36


def test_a_table_with_wrong_points_creates_nothing(staff_client):
    table = CLAUSURA_2013.replace(
        "Santos Laguna, 8, 5, 4, 27, 17, 29", "Santos Laguna, 8, 5, 4, 27, 17, 30"
    )
    response = staff_client.post(START, start_data(table=table))
    assert response.status_code == 200
    assert "Line 2: Santos Laguna has 30 points, but 3 × won + drawn is 29." in (
        response.content.decode()
    )
    assert not Tournament.objects.exists() and not Competition.objects.exists()


def test_a_table_out_of_order_creates_nothing(staff_client):
    table = CLAUSURA_2013.replace("8. León, 6, 6, 5, 21, 21", "8. León, 12, 6, 5, 21, 21")
    response = staff_client.post(START, start_data(table=table))
    assert "León (42 pts" in response.content.decode()
    assert not Team.objects.exists()


# -- squads -----------------------------------------------------------------------------------


@pytest.fixture
def clausura(staff_client):
    staff_client.post(START, start_data())
    return Tournament.objects.get(name="Clausura 2013")


def squad_url(tournament, team_name):
    team = Team.objects.get(name=team_name)
    return reverse("admin:tournaments_tournament_squad", args=[tournament.pk, team.pk])


def test_a_pasted_squad_creates_people_and_goes_on_to_the_next_team(staff_client, clausura):
    known = Person.objects.create(name="Christian Benítez", slug="christian-benitez")
    response = staff_client.post(
        squad_url(clausura, "América"),
        {"players": "christian benitez, ECU\nRaúl Jiménez (MEX)\n", "_next": "1"},
    )
    assert response["Location"] == squad_url(clausura, "Santos Laguna")
    squad = SquadMember.objects.filter(tournament=clausura, team__name="América")
    assert {m.person.name for m in squad} == {"Christian Benítez", "Raúl Jiménez"}
    known.refresh_from_db()
    assert known.nationality == "ECU"  # matched ignoring case and accents, not duplicated
    again = staff_client.post(
        squad_url(clausura, "América"), {"players": "Raúl Jiménez", "_continue": "1"}, follow=True
    )
    assert "0 players added (0 new people), 1 already in the squad." in again.content.decode()


def test_a_player_of_another_squad_is_refused_and_nothing_is_added(staff_client, clausura):
    staff_client.post(squad_url(clausura, "América"), {"players": "Raúl Jiménez"})
    response = staff_client.post(
        squad_url(clausura, "Tigres"), {"players": "Lucas Lobos\nRaúl Jiménez"}
    )
    assert "Line 2: Raúl Jiménez is already in América&#x27;s squad." in response.content.decode()
    assert not SquadMember.objects.filter(team__name="Tigres").exists()


# -- the match desk and the match-night form --------------------------------------------------


@pytest.fixture
def four_teams(db):
    tournament = make_tournament(["Tigres", "Dorados", "Celaya", "Atlante"])
    tournament.advance(1)
    return tournament


def test_the_tournament_page_links_the_next_leg_and_lists_results_to_enter(
    staff_client, four_teams
):
    page = staff_client.get(reverse("admin:tournaments_tournament_change", args=[four_teams.pk]))
    html = page.content.decode()
    first = Leg.objects.for_tournament(four_teams).next_to_enter()
    assert first.home.name == "Atlante" and first.number == 1
    assert (
        f'id="next-leg-link" href="{reverse("admin:tournaments_leg_change", args=[first.pk])}"'
        in html
    )
    assert html.count("no score yet") == 4


def test_the_next_round_is_created_from_the_tournament_page(staff_client, four_teams):
    for leg in Leg.objects.for_tournament(four_teams):
        leg.record_result(1, 0) if leg.number == 1 else leg.record_result(0, 0)
    url = reverse("admin:tournaments_tournament_change", args=[four_teams.pk])
    html = staff_client.get(url).content.decode()
    assert 'id="create-next-round"' in html and "Create the Final and enter its first leg" in html
    data = form_data(staff_client.get(url), "tournament_form")
    data["round"] = "2"
    response = staff_client.post(
        reverse("admin:tournaments_tournament_next_round", args=[four_teams.pk]) + "?enter=1",
        data,
    )
    final = four_teams.rounds.get(number=2).ties.get()
    assert response["Location"] == reverse(
        "admin:tournaments_leg_change", args=[final.first_leg.pk]
    )


def test_saving_a_leg_goes_back_to_the_tournament_or_on_to_the_next_leg(staff_client, four_teams):
    first, second = (
        Leg.objects.for_tournament(four_teams).filter(number=1).order_by("tie__position")[:2]
    )
    url = reverse("admin:tournaments_leg_change", args=[first.pk])
    data = form_data(staff_client.get(url), "leg_form")
    assert "date" not in data and "extra_time_home_score" not in data
    data.update(home_score="2", away_score="1", kickoff="2013-05-16T20:30")
    response = staff_client.post(url, {**data, "_nextleg": "1"})
    assert response["Location"] == reverse("admin:tournaments_leg_change", args=[second.pk])
    first.refresh_from_db()
    assert first.date == datetime.date(2013, 5, 16)
    assert first.local_kickoff().strftime("%H:%M") == "20:30"
    data = form_data(staff_client.get(url), "leg_form")
    assert data["kickoff"] == "2013-05-16T20:30"
    response = staff_client.post(url, {**data, "_save": "1"})
    assert response["Location"] == reverse(
        "admin:tournaments_tournament_change", args=[four_teams.pk]
    )


def test_a_second_leg_shows_extra_time_only_when_the_round_has_it(staff_client, four_teams):
    second = Leg.objects.for_tournament(four_teams).filter(number=2).first()
    url = reverse("admin:tournaments_leg_change", args=[second.pk])
    assert "extra_time_home_score" not in form_data(staff_client.get(url), "leg_form")
    round_ = second.tie.round
    round_.tiebreak = ["aggregate", "extra_time", "penalties"]
    round_.save()
    data = form_data(staff_client.get(url), "leg_form")
    assert "extra_time_home_score" in data and "penalties_home" in data


def test_scorer_choices_need_the_squads(staff_client, four_teams):
    leg = Leg.objects.for_tournament(four_teams).next_to_enter()
    person_in(four_teams, leg.home.name, "Jugador Local")
    html = staff_client.get(reverse("admin:tournaments_leg_change", args=[leg.pk])).content
    assert "Jugador Local" in html.decode()


# -- recovering a deleted goal ---------------------------------------------------------------


def test_a_deleted_goal_is_recovered_from_the_history_without_its_id(staff_client, four_teams):
    leg = Leg.objects.for_tournament(four_teams).next_to_enter()
    leg.record_result(1, 0)
    scorer = person_in(four_teams, leg.home.name, "Goleador Local")
    goal = leg.goals.create(team=leg.home, player=scorer, minute=55)
    goal_id = goal.pk
    delete = reverse("admin:tournaments_goal_delete", args=[goal_id])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert not leg.goals.exists()
    changelist = staff_client.get(reverse("admin:tournaments_goal_changelist")).content.decode()
    recover = reverse("admin:tournaments_goal_recover")
    assert f'href="{recover}"' in changelist
    page = staff_client.get(recover).content.decode()
    assert "Goleador Local" in page
    record = Goal.history.filter(id=goal_id, history_type="-").get()
    response = staff_client.post(recover, {"history_id": record.history_id})
    assert response["Location"] == reverse("admin:tournaments_leg_change", args=[leg.pk])
    assert leg.goals.get().pk == goal_id
    assert "Nothing has been deleted." in staff_client.get(recover).content.decode()


def test_a_deleted_goal_that_no_longer_fits_the_score_is_not_recovered(staff_client, four_teams):
    leg = Leg.objects.for_tournament(four_teams).next_to_enter()
    leg.record_result(1, 0)
    scorer = person_in(four_teams, leg.home.name, "Goleador Local")
    goal = leg.goals.create(team=leg.home, player=scorer, minute=55)
    record_id = goal.pk
    goal.delete()
    leg.refresh_from_db()
    leg.record_result(0, 0)
    record = Goal.history.filter(id=record_id, history_type="-").get()
    recover = reverse("admin:tournaments_goal_recover")
    response = staff_client.post(recover, {"history_id": record.history_id}, follow=True)
    assert f"{leg.home} scored no goal in regular time" in response.content.decode()
    assert not leg.goals.exists()


def test_the_history_shows_a_changed_kickoff_in_local_time(staff_client, four_teams):
    leg = Leg.objects.for_tournament(four_teams).next_to_enter()
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    for kickoff in ("2013-05-16T20:30", "2013-05-17T19:00"):
        data = form_data(staff_client.get(url), "leg_form")
        staff_client.post(url, {**data, "kickoff": kickoff, "_continue": "1"})
    history = reverse("admin:tournaments_leg_history", args=[leg.pk])
    page = staff_client.get(history, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "20:30" in page and "19:00" in page
    assert "02:30" not in page and "+00:00" not in page


# -- the knockout format, chosen from the catalogue and previewed -----------------------------


def apertura_2025(**changes):
    apertura = {
        "new_competition": "Liga MX",
        "season": "2025–26",
        "start_year": "2025",
        "name": "Apertura 2025",
        "order": "1",
        "table": TABLE_OF_18,
    }
    return start_data(**{**apertura, **changes})


def test_the_preview_of_the_play_in_shows_who_plays_whom_and_saves_nothing(staff_client):
    response = staff_client.post(START, apertura_2025(_preview="1"), **ES)
    page = text(response)
    assert response.status_code == 200
    assert "Vista previa: Play-In de 10 (repechaje)" in page
    assert "Clasifican 10 de los 18 clubes de la tabla." in page
    # Seventh v eighth and ninth v tenth, single matches to penalties; the top six wait.
    assert "7. Juárez vs. 8. Pachuca" in page and "9. Tijuana vs. 10. Pumas UNAM" in page
    assert "El perdedor de 7. Juárez vs. 8. Pachuca recibe al ganador de 9. Tijuana vs." in page
    assert "Esperan una ronda posterior: 1. Toluca, 2. Tigres" in page
    assert "Fuera: 11. Atlas" in page
    assert "global, penales" in page and "global, tiempo extra, penales" in page
    # The competition's format for the season is now the one chosen in the form.
    assert '<option value="play-in-10" selected>' in response.content.decode()
    assert not Tournament.objects.exists() and not Competition.objects.exists()


def test_an_18_club_table_with_the_play_in_makes_ten_qualifiers_and_draws_the_play_in(
    staff_client,
):
    staff_client.post(START, apertura_2025(_save="1"))
    tournament = Tournament.objects.get(name="Apertura 2025")
    assert (tournament.format, tournament.qualifiers, tournament.entries.count()) == (
        "play-in-10",
        10,
        18,
    )
    tournament.advance(1)
    play_in = tournament.rounds.get(number=1)
    pairings = [(t.higher_seed.name, t.lower_seed.name) for t in play_in.ties.order_by("pk")]
    assert pairings == [("Juárez", "Pachuca"), ("Tijuana", "Pumas UNAM")]
    assert (play_in.legs, play_in.tiebreak) == (1, ["aggregate", "penalties"])


def test_a_format_chosen_by_hand_wins_over_the_competitions(staff_client):
    staff_client.post(START, apertura_2025(format="reclassification-12", _save="1"))
    tournament = Tournament.objects.get(name="Apertura 2025")
    assert (tournament.format, tournament.qualifiers) == ("reclassification-12", 12)


def test_seven_clubs_with_a_bye_as_in_2011(staff_client):
    table = "".join(CLAUSURA_2013.splitlines(keepends=True)[:7])
    data = start_data(new_competition="Liga de Ascenso", table=table, format="liguilla-7-bye")
    page = text(staff_client.post(START, {**data, "_preview": "1"}, **ES))
    assert "Cuartos de final" in page and "2. Santos Laguna vs. 7. Morelia" in page
    assert "Esperan una ronda posterior: 1. América." in page
    staff_client.post(START, data)
    tournament = Tournament.objects.get(name="Clausura 2013")
    assert (tournament.format, tournament.qualifiers) == ("liguilla-7-bye", 7)


def test_a_new_competition_without_a_format_must_choose_one(staff_client):
    response = staff_client.post(START, start_data(new_competition="Copa Nueva"), **ES)
    assert "Elija el formato: Copa Nueva no tiene uno propio para esta temporada." in text(response)
    assert not Tournament.objects.exists()


def test_a_table_shorter_than_the_format_is_refused_by_name(staff_client):
    response = staff_client.post(START, apertura_2025(table=CLAUSURA_2013), **ES)
    assert "Play-In de 10 (repechaje) necesita 10 clubes; la tabla tiene 8." in text(response)
    assert not Tournament.objects.exists()


def test_opened_from_a_competition_its_current_format_is_preselected(staff_client):
    liga_mx = Competition.with_known_rules("Liga MX", "liga-mx")
    liga_mx.save()
    html = staff_client.get(START, {"competition": liga_mx.pk}).content.decode()
    assert '<option value="play-in-10" selected>' in html


def test_a_liga_de_ascenso_tournament_starts_as_seven_with_the_leader_waiting(staff_client):
    ascenso = Competition.with_known_rules("Liga de Ascenso", "liga-de-ascenso")
    ascenso.save()
    html = staff_client.get(START, {"competition": ascenso.pk}).content.decode()
    assert '<option value="liguilla-7-bye" selected>' in html
    table = "".join(CLAUSURA_2013.splitlines(keepends=True)[:7])
    data = start_data(new_competition="", competition=ascenso.pk, table=table)
    data.update(season="2011–12", start_year="2011", name="Apertura 2011", order="1")
    page = text(staff_client.post(START, {**data, "_preview": "1"}, **ES))
    assert "Esperan una ronda posterior: 1. América." in page
    staff_client.post(START, data)
    tournament = Tournament.objects.get(name="Apertura 2011")
    assert (tournament.format, tournament.qualifiers) == ("liguilla-7-bye", 7)


def test_a_competitions_page_starts_a_tournament_in_its_current_format(staff_client):
    liga_mx = Competition.with_known_rules("Liga MX", "liga-mx")
    liga_mx.save()
    page = staff_client.get(reverse("admin:tournaments_competition_change", args=[liga_mx.pk]))
    assert f'href="{START}?competition={liga_mx.pk}"' in page.content.decode()
