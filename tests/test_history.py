"""Change history: every change to legs, goals, bookings, ties and entries is kept with who
and when, is listed on the object's admin page, and can be reverted from there."""

import re

import pytest
from django.urls import reverse

from tournaments.models import Goal, Tie, Tournament

from .admin_fixtures import form_data, post_confirmed
from .apertura_2011 import build_apertura_2011
from .builders import leg_between

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]


def semi_final_pairings(tournament):
    return [
        tie.pairing_label()
        for tie in Tie.objects.filter(round__tournament=tournament, round__number=2)
        .select_related("higher_seed", "lower_seed")
        .order_by("position")
    ]


def test_edit_a_score_then_revert_it_and_the_bracket_follows(staff_client, staff_user):
    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    assert semi_final_pairings(tournament) == ["La Piedad v León", "Correcaminos v Neza"]
    leg = leg_between(tournament, "Irapuato", "León")  # 0–1; León won 3–0 on aggregate
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])

    # A typo: Irapuato 4–1 León. Irapuato now goes through and the semi-finals are redrawn.
    data = form_data(staff_client.get(url), "leg_form")
    data.update(home_score="4")
    response = post_confirmed(staff_client, url, data, follow=True)
    assert "Semi-finals: redrawn as" in response.content.decode()
    assert semi_final_pairings(tournament) == ["La Piedad v Irapuato", "Correcaminos v Neza"]

    # The history page lists the change, who made it, and what changed.
    history = staff_client.get(reverse("admin:tournaments_leg_history", args=[leg.pk]))
    page = history.content.decode()
    assert staff_user.username in page
    assert "home score" in page.lower()
    typo, before = list(leg.history.order_by("-history_date", "-history_id")[:2])
    assert (typo.home_score, before.home_score) == (4, 0)
    assert typo.history_user == staff_user

    # Revert to the version before the typo, from its history page.
    revert_url = reverse("admin:tournaments_leg_simple_history", args=[leg.pk, before.history_id])
    revert_page = staff_client.get(revert_url)
    assert revert_page.status_code == 200
    data = form_data(revert_page, "historicalleg_form")
    assert data["home_score"] == "0"
    response = post_confirmed(staff_client, revert_url, data, follow=True)
    assert response.status_code == 200
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score) == (0, 1)
    # Derived results follow: León wins the tie again and is back in the semi-finals.
    fresh = Tournament.objects.with_bracket().get(pk=tournament.pk)
    quarter = next(t for t in fresh.rounds_in_order()[0].ties.all() if "León" in str(t))
    assert quarter.winner.name == "León"
    assert semi_final_pairings(tournament) == ["La Piedad v León", "Correcaminos v Neza"]
    assert leg.history.latest().history_user == staff_user


def test_a_deleted_goal_can_be_recovered_from_its_history(staff_client, apertura_2011):
    goal = Goal.objects.get(player__name="Diego Menghi", minute=88)
    leg = goal.leg
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    data = form_data(staff_client.get(url), "leg_form")
    index = next(
        int(m.group(1))
        for m in re.finditer(r"goals-(\d+)-id", " ".join(data))
        if data[m.group(0)] == str(goal.pk)
    )
    data[f"goals-{index}-DELETE"] = "on"
    assert staff_client.post(url, data).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    assert leg.scorers_incomplete()

    record = Goal.history.filter(id=goal.pk, history_type="+").get()
    revert_url = reverse("admin:tournaments_goal_simple_history", args=[goal.pk, record.history_id])
    data = form_data(staff_client.get(revert_url), "historicalgoal_form")
    assert staff_client.post(revert_url, data).status_code == 302
    assert Goal.objects.filter(pk=goal.pk, player__name="Diego Menghi").exists()
    assert not leg.scorers_incomplete()


def test_history_pages_read_as_the_change_pages_do_with_no_python_values(staff_client):
    """A score entered where there was none, a card's colour, a penalty flag and a round's
    tiebreak list, on their history pages in Spanish: labels and the admin's empty mark,
    never None, True or a stored value such as "second_yellow"; and a change saved on a
    change page (no reason given) leaves the reason empty."""
    from html import unescape

    from tournaments.models import Booking, Round

    from .test_views import text

    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    leg = leg_between(tournament, "León", "La Piedad")
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    data = form_data(staff_client.get(url), "leg_form")
    data.update(home_score="3", away_score="0")
    assert staff_client.post(url, data).status_code == 302
    booking = Booking.objects.filter(leg__tie__round__tournament=tournament).first()
    booking.colour = Booking.Colour.SECOND_YELLOW
    booking.save()
    goal = Goal.objects.filter(leg__tie__round__tournament=tournament, penalty=False).first()
    goal.penalty = True
    goal.save()
    round_ = Round.objects.get(tournament=tournament, number=1)
    round_.tiebreak = ["aggregate", "penalties"]
    round_.save()

    pages = {}
    for name, pk in [
        ("leg", leg.pk),
        ("booking", booking.pk),
        ("goal", goal.pk),
        ("round", round_.pk),
    ]:
        response = staff_client.get(
            reverse(f"admin:tournaments_{name}_history", args=[pk]), HTTP_ACCEPT_LANGUAGE="es"
        )
        assert response.status_code == 200
        pages[name] = " ".join(unescape(text(response)).split())
    for name, page in pages.items():
        python_values = re.findall(r"\b(None|True|False|second_yellow|table_position)\b", page)
        assert python_values == [], name
    assert "Goles del local: - → 3" in pages["leg"]
    assert "Goles del visitante: - → 0" in pages["leg"]
    assert "Tarjeta: amarilla → segunda amarilla" in pages["booking"]
    assert "Penal: No → Sí" in pages["goal"]
    assert "posición en la tabla → global, penales" in pages["round"]


@pytest.mark.parametrize("model", ["leg", "goal", "booking", "tie", "tournamententry"])
def test_results_models_record_history(apertura_2011, model):
    from django.apps import apps

    history_model = apps.get_model("tournaments", f"historical{model}")
    assert history_model.objects.exists()
