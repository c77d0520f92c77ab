"""The match desk on a match night, as a League staff member uses it: a round's schedule
typed or pasted on one page, a leg set live, a goal, a card and the clock each in their own
small form, the final result through Leg.record_result; and what fans see meanwhile."""

import html
import re

import pytest
from django.urls import reverse

from tournaments.models import Booking, Goal, Leg

from .admin_fixtures import form_data
from .builders import clausura_2013_final, leg_between, make_tournament, ties_of
from .factories import SeasonFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def final():
    """The Clausura 2013 final, Cruz Azul's first-leg win (1–0) already entered."""
    return clausura_2013_final(
        players=[
            ("América", "Raúl Jiménez"),
            ("América", "Christian Benítez"),
            ("Cruz Azul", "Teófilo Gutiérrez"),
        ]
    )


def live_url(leg):
    return reverse("admin:tournaments_leg_live", args=[leg.pk])


def post(client, leg, action, **fields):
    leg = Leg.objects.get(pk=leg.pk)
    data = {"action": action, "version": leg.version}
    data |= {f"{action}-version": leg.version}
    data |= {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(live_url(leg), data, follow=True, **ES)


def person(name):
    return Goal._meta.get_field("player").related_model.objects.get(name=name)


def page_text(response):
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def test_a_leg_goes_live_takes_a_goal_a_card_the_clock_and_ends(staff_client, final):
    leg = leg_between(final, "América", "Cruz Azul")
    desk = staff_client.get(reverse("admin:tournaments_tournament_change", args=[final.pk]), **ES)
    assert live_url(leg) in desk.content.decode()

    response = post(staff_client, leg, "start")
    assert "en vivo" in page_text(response).lower()
    assert Leg.objects.get(pk=leg.pk).live_score() == (0, 0)

    response = post(staff_client, leg, "goal", player=person("Christian Benítez").pk, minute=17)
    assert Leg.objects.get(pk=leg.pk).live_score() == (1, 0)
    assert Goal.objects.get(leg=leg).team.name == "América"  # from the scorer's squad

    # A goal whose scorer is not known yet: the team credited is chosen instead.
    post(staff_client, leg, "goal", team=leg.away_id, minute=40)
    post(
        staff_client,
        leg,
        "booking",
        player=person("Teófilo Gutiérrez").pk,
        colour="yellow",
        minute=44,
    )
    post(staff_client, leg, "clock", period="half_time")
    leg = Leg.objects.get(pk=leg.pk)
    assert (leg.live_score(), leg.live_period, leg.live_minute) == ((1, 1), "half_time", 45)
    assert Booking.objects.get(leg=leg).team.name == "Cruz Azul"

    post(staff_client, leg, "clock", period="second_half", minute=88)
    post(staff_client, leg, "goal", player=person("Raúl Jiménez").pk, minute=89)  # 2–1, level
    post(staff_client, leg, "clock", period="extra_time", minute=105)
    post(staff_client, leg, "clock", period="penalties")
    leg = Leg.objects.get(pk=leg.pk)
    page = staff_client.get(live_url(leg), **ES)
    initial = form_data(page, "live-result")
    assert (initial["result-home_score"], initial["result-away_score"]) == ("2", "1")
    assert (initial["result-extra_time_home_score"], initial["result-extra_time_away_score"]) == (
        "0",
        "0",
    )
    initial |= {"result-penalties_home": "4", "result-penalties_away": "2"}
    response = staff_client.post(live_url(leg), initial, follow=True, **ES)
    assert "Resultado final" in page_text(response)
    leg = Leg.objects.get(pk=leg.pk)
    assert (leg.status, leg.home_score, leg.penalties_home, leg.live_period) == ("played", 2, 4, "")
    tie = ties_of(final).get()
    assert (tie.winner.name, tie.decided_by) == ("América", "penalties")
    assert leg.scorers_incomplete()  # the goal without its scorer


def test_a_refused_goal_names_the_field_and_saves_nothing(staff_client, final):
    leg = leg_between(final, "América", "Cruz Azul")
    post(staff_client, leg, "start")
    response = post(staff_client, leg, "goal", team=leg.home_id, minute=95)
    assert response.status_code == 200
    assert "tiempo extra" in page_text(response)
    assert Leg.objects.get(pk=leg.pk).live_score() == (0, 0)
    response = post(staff_client, leg, "goal", minute=10)
    assert "Elija al goleador" in page_text(response)


def test_a_stale_live_change_is_refused(staff_client, final):
    leg = leg_between(final, "América", "Cruz Azul")
    post(staff_client, leg, "start")
    stale = Leg.objects.get(pk=leg.pk).version
    post(staff_client, leg, "goal", team=leg.home_id, minute=10)
    response = staff_client.post(
        live_url(leg),
        {"action": "goal", "goal-version": stale, "goal-team": leg.home_id, "goal-minute": 11},
        follow=True,
        **ES,
    )
    assert "Alguien más guardó" in page_text(response)
    assert Leg.objects.get(pk=leg.pk).live_score() == (1, 0)


def test_the_public_pages_show_the_live_score_and_minute(client, staff_client, final):
    leg = leg_between(final, "América", "Cruz Azul")
    post(staff_client, leg, "start")
    post(staff_client, leg, "goal", team=leg.home_id, minute=23)
    kwargs = final.url_kwargs()
    for name in ("bracket", "results"):
        text = page_text(client.get(reverse(f"tournaments:{name}", kwargs=kwargs)))
        assert "EN VIVO 23'" in text, name
    match = page_text(client.get(Leg.objects.get(pk=leg.pk).get_absolute_url()))
    assert "América 1–0 Cruz Azul" in match and "EN VIVO 23'" in match


def test_a_round_is_scheduled_on_one_page_typed_or_pasted(staff_client, client):
    tournament = make_tournament(
        ["Toluca", "América", "Tigres", "Monterrey"],
        name="Apertura 2025",
        season=SeasonFactory(start_year=2025),
    )
    tournament.advance(1)
    round_ = tournament.rounds.get()
    url = reverse("admin:tournaments_round_schedule", args=[round_.pk])
    data = form_data(staff_client.get(url, **ES), "schedule_form")
    data["paste"] = (
        "# Semifinales\n"
        "Monterrey v Toluca, 26/11 19:00, Estadio BBVA\n"
        "Tigres - América  mié 26 nov 21:10 (Estadio Universitario)\n"
        "América vs Tigres 29/11/2025 20:05\n"
    )
    response = staff_client.post(url, data, follow=True, **ES)
    assert response.status_code == 200
    first = leg_between(tournament, "Monterrey", "Toluca")
    assert (str(first.date), first.local_kickoff().strftime("%H:%M"), first.venue) == (
        "2025-11-26",
        "19:00",
        "Estadio BBVA",
    )
    assert leg_between(tournament, "Tigres", "América").venue == "Estadio Universitario"
    assert leg_between(tournament, "Toluca", "Monterrey").kickoff is None  # not pasted
    bracket = page_text(client.get(reverse("tournaments:bracket", kwargs=tournament.url_kwargs())))
    assert "26 Nov 19:00" in bracket or "26 nov 19:00" in bracket.lower()


def test_a_pasted_line_that_names_no_match_of_the_round_is_refused(staff_client):
    tournament = make_tournament(
        ["Toluca", "América"], name="Apertura 2025", season=SeasonFactory(start_year=2025)
    )
    tournament.advance(1)
    round_ = tournament.rounds.get()
    url = reverse("admin:tournaments_round_schedule", args=[round_.pk])
    data = form_data(staff_client.get(url, **ES), "schedule_form")
    data["paste"] = "América v Toluca, 26/11 19:00\nToluca v Pumas, 30/11 19:00\n"
    response = staff_client.post(url, data, **ES)
    assert "Línea 2: Toluca v Pumas no es un partido de esta ronda." in page_text(response)
    assert not Leg.objects.filter(tie__round=round_, date__isnull=False).exists()
