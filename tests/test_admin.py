"""The staff admin on a match night: entering results, what it refuses and where it says
so, creating the next round, correcting a result, and who may do what."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tournaments.models import Goal, Leg, Round, Tie, Tournament

from .admin_fixtures import STAFF_GROUP, confirm_box, form_data, post_confirmed
from .apertura_2011 import build_apertura_2011
from .builders import leg_between, person_in

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]


def leg_url(leg):
    return reverse("admin:tournaments_leg_change", args=[leg.pk])


def leg_form(client, leg):
    response = client.get(leg_url(leg))
    assert response.status_code == 200
    return form_data(response, "leg_form")


def add_goal_rows(data, prefix, rows):
    """Fill the goal inline's empty rows (adding rows as a browser's "Add another" would)."""
    initial = int(data[f"{prefix}-INITIAL_FORMS"])
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        index = initial + offset
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
        data.setdefault(f"{prefix}-{index}-leg", "")
    data[f"{prefix}-TOTAL_FORMS"] = str(max(total, initial + len(rows)))
    return data


def errors_of(response):
    """Field errors of the leg form, non-field errors and inline errors, as plain text."""
    context = response.context
    return {
        "form": {k: list(v) for k, v in context["adminform"].form.errors.items()},
        "inlines": [
            (list(formset.formset.non_form_errors()), formset.formset.errors)
            for formset in context["inline_admin_formsets"]
        ],
    }


@pytest.fixture
def semi_finals(db):
    """The 2011 Apertura with its quarter-finals played and its semi-finals drawn."""
    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    return tournament


def _goal_rows(tournament, leg, goals):
    rows = []
    for team, player, minute, *extra in goals:
        team_obj = leg.home if team == leg.home.name else leg.away
        row = {
            "team": str(team_obj.pk),
            "player": str(person_in(tournament, extra[0] if extra else team, player).pk),
            "minute": str(minute),
            "added_time": "",
        }
        rows.append(row)
    return rows


# -- entering a result -------------------------------------------------------------------


def test_staff_enter_neza_2_1_correcaminos_with_scorers(staff_client, staff_user, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="2", away_score="1")
    add_goal_rows(
        data,
        "goals",
        _goal_rows(
            semi_finals,
            leg,
            [
                ("Neza", "Rodrigo Prieto", 75),
                ("Neza", "Rodrigo Prieto", 88),
                ("Correcaminos", "Diego Menghi", 87),
            ],
        ),
    )
    response = staff_client.post(leg_url(leg), data)
    assert response.status_code == 302, errors_of(response)
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score, leg.version) == (2, 1, 2)
    assert leg.goals.count() == 3
    assert not leg.scorers_incomplete()
    assert leg.history.latest().history_user == staff_user


def test_score_without_scorers_is_saved_and_flagged_incomplete(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="2", away_score="1")
    assert staff_client.post(leg_url(leg), data).status_code == 302
    leg.refresh_from_db()
    assert leg.scorers_incomplete()
    changelist = reverse("admin:tournaments_leg_changelist") + "?scorers=incomplete"
    response = staff_client.get(changelist)
    assert list(response.context["cl"].result_list) == [leg]
    assert "⚠ scorers incomplete" in response.content.decode()


def test_scorer_choices_are_the_two_squads_grouped_by_team(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    response = staff_client.get(leg_url(leg))
    formset = next(
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.model is Goal
    )
    form = formset.empty_form
    groups = dict(form.fields["player"].choices[1:])
    assert set(groups) == {"Neza", "Correcaminos"}
    neza = {name for _pk, name in groups["Neza"]}
    assert {"Rodrigo Prieto", "Luciano Emílio"} <= neza
    names = {name for group in groups.values() for _pk, name in group}
    assert "Eder Pacheco" not in names  # León's scorer is in neither squad
    assert [label for _pk, label in form.fields["team"].choices[1:]] == ["Neza", "Correcaminos"]


# -- what it refuses, and on which field --------------------------------------------------


def test_scorer_from_another_squad_is_refused_on_player(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="1", away_score="0")
    # Correcaminos' Menghi credited to Neza without "own goal".
    add_goal_rows(
        data, "goals", _goal_rows(semi_finals, leg, [("Neza", "Diego Menghi", 10, "Correcaminos")])
    )
    response = staff_client.post(leg_url(leg), data)
    assert response.status_code == 200
    goal_errors = errors_of(response)["inlines"][0][1]
    assert "does not play for the team credited" in str(goal_errors[0]["player"])


def test_own_goal_must_be_a_player_of_the_other_team(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="1", away_score="0")
    rows = _goal_rows(semi_finals, leg, [("Neza", "Rodrigo Prieto", 10)])
    rows[0]["own_goal"] = "on"
    add_goal_rows(data, "goals", rows)
    response = staff_client.post(leg_url(leg), data)
    goal_errors = errors_of(response)["inlines"][0][1]
    assert "own goal is scored by a player of the other team" in str(goal_errors[0]["player"])


def test_more_scorers_than_goals_is_refused(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="1", away_score="0")
    rows = _goal_rows(
        semi_finals, leg, [("Neza", "Rodrigo Prieto", 10), ("Neza", "Luciano Emílio", 20)]
    )
    add_goal_rows(data, "goals", rows)
    response = staff_client.post(leg_url(leg), data)
    assert response.status_code == 200
    assert errors_of(response)["inlines"][0][0] == [
        "Neza scored 1 in regular time, but 2 goals are entered for it: Rodrigo Prieto 10', "
        "Luciano Emílio 20'. Remove one of them, or correct the score."
    ]
    assert leg.goals.count() == 0


def test_minute_out_of_range_is_refused_on_minute(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="1", away_score="0")
    rows = _goal_rows(semi_finals, leg, [("Neza", "Rodrigo Prieto", 121)])
    add_goal_rows(data, "goals", rows)
    goal_errors = errors_of(staff_client.post(leg_url(leg), data))["inlines"][0][1]
    assert "minute" in goal_errors[0]


def test_goal_after_90_without_extra_time_is_refused_on_minute(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score="1", away_score="0")
    add_goal_rows(data, "goals", _goal_rows(semi_finals, leg, [("Neza", "Rodrigo Prieto", 105)]))
    goal_errors = errors_of(staff_client.post(leg_url(leg), data))["inlines"][0][1]
    assert "no extra time" in str(goal_errors[0]["minute"])


def test_second_leg_score_before_the_first_is_refused_on_home_score(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Correcaminos", "Neza")
    data = leg_form(staff_client, leg)
    data.update(home_score="2", away_score="1")
    errors = errors_of(staff_client.post(leg_url(leg), data))["form"]
    assert errors["home_score"] == ["Enter the first leg's score before the second leg's."]


@pytest.mark.parametrize(
    ("second_leg", "extra", "field", "message"),
    [
        # Liguilla rounds decide a level tie on table position: no extra time at all.
        (
            (1, 0),
            {"extra_time_home_score": "1", "extra_time_away_score": "0"},
            "extra_time_home_score",
            "This round has no extra time.",
        ),
        (
            (1, 0),
            {"penalties_home": "4", "penalties_away": "3"},
            "penalties_home",
            "This round has no penalty shoot-out.",
        ),
    ],
    ids=["extra_time_in_a_liguilla_round", "penalties_in_a_liguilla_round"],
)
def test_extra_time_and_penalties_follow_the_rounds_tiebreak(
    staff_client, semi_finals, second_leg, extra, field, message
):
    """The match-night form only offers extra time and penalties where the round has
    them; typed in anyway, the model's rule refuses them."""
    leg_between(semi_finals, "Neza", "Correcaminos").record_result(2, 1)
    leg = leg_between(semi_finals, "Correcaminos", "Neza")
    data = leg_form(staff_client, leg)
    assert field not in data
    data.update(home_score=str(second_leg[0]), away_score=str(second_leg[1]), **extra)
    staff_client.post(leg_url(leg), data)
    leg.refresh_from_db()
    assert (leg.extra_time_home_score, leg.penalties_home) == (None, None)
    for name, value in extra.items():
        setattr(leg, name, int(value))
    with pytest.raises(ValidationError) as refused:
        leg.full_clean()
    assert refused.value.message_dict[field] == [message]


@pytest.fixture
def cup_final(semi_finals):
    """The semi-finals played and a final whose tiebreak is extra time then penalties."""
    leg_between(semi_finals, "Neza", "Correcaminos").record_result(2, 1)
    leg_between(semi_finals, "Correcaminos", "Neza").record_result(2, 1)
    leg_between(semi_finals, "León", "La Piedad").record_result(3, 5)
    leg_between(semi_finals, "La Piedad", "León").record_result(1, 2)
    Round.objects.filter(tournament=semi_finals, number=3).update(
        tiebreak=["aggregate", "extra_time", "penalties"]
    )
    semi_finals.advance(3)
    leg_between(semi_finals, "Correcaminos", "La Piedad").record_result(1, 0)
    return semi_finals


@pytest.mark.parametrize(
    ("score", "extra", "field", "message"),
    [
        # First leg: Correcaminos 1–0 La Piedad, so La Piedad winning 1–0 levels the tie.
        (
            (0, 1),
            {"extra_time_home_score": "1", "extra_time_away_score": "0"},
            "extra_time_home_score",
            "Extra time is only played when the tie is level after the second leg.",
        ),
        (
            (1, 0),
            {"penalties_home": "4", "penalties_away": "3"},
            "penalties_home",
            "Enter extra time before the shoot-out.",
        ),
        (
            (1, 0),
            {
                "extra_time_home_score": "1",
                "extra_time_away_score": "0",
                "penalties_home": "4",
                "penalties_away": "3",
            },
            "penalties_home",
            "A shoot-out is only held when the tie is still level.",
        ),
        (
            (1, 0),
            {
                "extra_time_home_score": "0",
                "extra_time_away_score": "0",
                "penalties_home": "4",
                "penalties_away": "4",
            },
            "penalties_home",
            "A shoot-out has a winner: the scores cannot be level.",
        ),
        (
            (1, 0),
            {"extra_time_home_score": "1"},
            "extra_time_away_score",
            "Enter both extra-time scores, or neither.",
        ),
    ],
    ids=[
        "extra_time_after_a_decided_aggregate",
        "penalties_before_extra_time",
        "penalties_after_a_decided_extra_time",
        "level_shoot_out",
        "half_an_extra_time",
    ],
)
def test_extra_time_and_penalties_in_a_cup_final(
    staff_client, cup_final, score, extra, field, message
):
    leg = leg_between(cup_final, "La Piedad", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(home_score=str(score[0]), away_score=str(score[1]), **extra)
    errors = errors_of(staff_client.post(leg_url(leg), data))["form"]
    assert errors[field] == [message]


def test_cup_final_level_after_extra_time_decided_on_penalties(staff_client, cup_final):
    leg = leg_between(cup_final, "La Piedad", "Correcaminos")
    data = leg_form(staff_client, leg)
    data.update(
        home_score="1",
        away_score="0",
        extra_time_home_score="1",
        extra_time_away_score="1",
        penalties_home="4",
        penalties_away="3",
    )
    assert staff_client.post(leg_url(leg), data).status_code == 302
    cup_final = Tournament.objects.with_bracket().get(pk=cup_final.pk)
    assert cup_final.champion().name == "La Piedad"


def test_lowering_a_score_while_deleting_the_extra_goal_is_one_save(staff_client, apertura_2011):
    leg = leg_between(apertura_2011, "León", "Irapuato")  # 2–0, Pacheco twice
    data = leg_form(staff_client, leg)
    data.update(home_score="1")
    refused = staff_client.post(leg_url(leg), data)
    assert errors_of(refused)["inlines"][0][0] == [
        "León scored 1 in regular time, but 2 goals are entered for it: Eder Pacheco 7', "
        "Eder Pacheco 13'. Tick “Delete?” on one of them, or correct the score."
    ]
    data["goals-1-DELETE"] = "on"
    assert staff_client.post(leg_url(leg), data).status_code == 302
    leg.refresh_from_db()
    assert (leg.home_score, leg.goals.count()) == (1, 1)


def test_lowering_a_score_below_its_scorers_says_once_which_to_delete(staff_client, apertura_2011):
    """Tigres' case on match night: the score lowered to 0 with two scorers entered. One
    message for the team, counting its goals right, naming them and saying what to do;
    no message on each row ("this would be goal 1" twice)."""
    leg = leg_between(apertura_2011, "León", "Irapuato")  # 2–0, Pacheco twice
    data = leg_form(staff_client, leg)
    data.update(home_score="0")
    refused = staff_client.post(leg_url(leg), data, HTTP_ACCEPT_LANGUAGE="es")
    goal_errors, goal_rows = errors_of(refused)["inlines"][0]
    assert goal_errors == [
        "León anotó 0 en tiempo reglamentario, pero tiene 2 goles registrados: "
        "Eder Pacheco 7', Eder Pacheco 13'. Marque «¿Eliminar?» en los 2, o corrija el "
        "marcador."
    ]
    assert all(not row for row in goal_rows)
    page = refused.content.decode()
    assert page.count("Eder Pacheco 7&#x27;, Eder Pacheco 13&#x27;.") == 1
    data["goals-0-DELETE"] = data["goals-1-DELETE"] = "on"
    assert staff_client.post(leg_url(leg), data).status_code == 302
    leg.refresh_from_db()
    assert (leg.home_score, leg.goals.count()) == (0, 0)


def test_general_table_arithmetic_is_checked_on_the_tournament_page(staff_client, semi_finals):
    url = reverse("admin:tournaments_tournament_change", args=[semi_finals.pk])
    data = form_data(staff_client.get(url), "tournament_form")
    data["entries-0-won"] = str(int(data["entries-0-won"]) + 1)
    response = staff_client.post(url, data)
    # Staff may change entries but not the tournament itself: only the inline is posted.
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "played" in errors and "points" in errors
    assert "Won + drawn + lost is 16, but played is 15." in errors["played"]


# -- optimistic locking --------------------------------------------------------------------


def test_a_stale_leg_form_is_refused_and_saves_nothing(client, semi_finals):
    from .admin_fixtures import make_staff_user

    first, second = make_staff_user("ana"), make_staff_user("beto")
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    client.force_login(first)
    anas_form = leg_form(client, leg)
    client.force_login(second)
    betos_form = leg_form(client, leg)
    betos_form.update(home_score="2", away_score="1")
    assert client.post(leg_url(leg), betos_form).status_code == 302
    client.force_login(first)
    anas_form.update(home_score="3", away_score="1")
    response = client.post(leg_url(leg), anas_form)
    assert response.status_code == 200
    assert "Someone else saved this leg while you were editing it" in str(
        response.context["adminform"].form.non_field_errors()
    )
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score, leg.version) == (2, 1, 2)


# -- creating the next round ---------------------------------------------------------------


def next_round_url(tournament):
    return reverse("admin:tournaments_tournament_next_round", args=[tournament.pk])


def test_next_round_confirmation_lists_pairings_and_home_teams(staff_client):
    tournament = build_apertura_2011(through="quarter-finals")
    page = staff_client.get(next_round_url(tournament)).content.decode()
    assert "Semi-finals" in page
    # Re-seeded: La Piedad (1) v Neza... no: León (4) is the worst remaining seed.
    assert "León v La Piedad" in page and "La Piedad v León" in page
    assert "Neza v Correcaminos" in page and "Correcaminos v Neza" in page
    assert not Tie.objects.filter(round__tournament=tournament, round__number=2).exists()


def test_confirming_creates_the_round_once(staff_client):
    tournament = build_apertura_2011(through="quarter-finals")
    first = staff_client.post(next_round_url(tournament), {"round": "2"}, follow=True)
    assert (
        "Created the Semi-finals: La Piedad v León; Correcaminos v Neza." in first.content.decode()
    )
    again = staff_client.post(next_round_url(tournament), {"round": "2"}, follow=True)
    assert "already has its ties" in again.content.decode()
    assert Tie.objects.filter(round__tournament=tournament, round__number=2).count() == 2


def test_unfinished_round_lists_the_undecided_ties_and_why(staff_client, semi_finals):
    leg_between(semi_finals, "Neza", "Correcaminos").record_result(2, 1)
    page = staff_client.get(next_round_url(semi_finals)).content.decode()
    assert "The Semi-finals is not finished" in page
    assert "Correcaminos v Neza" in page and "the second leg has no result yet" in page
    assert "La Piedad v León" in page and "the first leg has no result yet" in page
    response = staff_client.post(next_round_url(semi_finals), {"round": "3"}, follow=True)
    assert (
        "The Semi-finals is not finished. Undecided: La Piedad v León: the first leg has no "
        "result yet; Correcaminos v Neza: the second leg has no result yet."
    ) in response.content.decode()


def test_admin_action_and_button_lead_to_the_confirmation(staff_client):
    tournament = build_apertura_2011(through="quarter-finals")
    change = staff_client.get(reverse("admin:tournaments_tournament_change", args=[tournament.pk]))
    assert next_round_url(tournament) in change.content.decode()
    response = staff_client.post(
        reverse("admin:tournaments_tournament_changelist"),
        {"action": "create_next_round", "_selected_action": [tournament.pk]},
    )
    assert response.status_code == 302 and response.url == next_round_url(tournament)


# -- corrections ---------------------------------------------------------------------------


def test_correction_that_changes_a_winner_redraws_unplayed_pairings(staff_client, semi_finals):
    # León beat Irapuato 1–0, 2–0. Make it 0–1, 0–3: Irapuato goes through instead.
    leg = leg_between(semi_finals, "León", "Irapuato")
    data = leg_form(staff_client, leg)
    data.update(home_score="0", away_score="3")
    for index in range(int(data["goals-TOTAL_FORMS"])):
        data[f"goals-{index}-DELETE"] = "on"
    response = post_confirmed(staff_client, leg_url(leg), data, follow=True)
    page = response.content.decode()
    assert "Semi-finals: redrawn as" in page
    pairings = {str(t) for t in Tie.objects.filter(round__tournament=semi_finals, round__number=2)}
    assert not any("León" in p for p in pairings)
    assert any("Irapuato" in p for p in pairings)


def leon_loses_to_irapuato(client, tournament, **extra):
    """The form of León's quarter-final second leg (2–0) corrected to 0–3, its two
    scorers deleted: Irapuato would go through instead of León."""
    leg = leg_between(tournament, "León", "Irapuato")
    data = form_data(client.get(leg_url(leg), **extra), "leg_form")
    data.update(home_score="0", away_score="3")
    for index in range(int(data["goals-TOTAL_FORMS"])):
        data[f"goals-{index}-DELETE"] = "on"
    return leg, data


def test_a_correction_that_would_redraw_says_what_changes_and_waits_for_confirmation(
    staff_client, semi_finals
):
    """Nothing is saved until staff confirm: the page lists the pairing that goes, the new
    one, the one kept, and the legs removed with what they hold (a kick-off, a venue)."""
    from datetime import UTC, datetime

    going = leg_between(semi_finals, "León", "La Piedad")
    going.schedule(datetime(2011, 11, 27, 1, 0, tzinfo=UTC), "Estadio Nou Camp")
    ties_before = set(Tie.objects.filter(round__number=2).values_list("pk", flat=True))
    leg, data = leon_loses_to_irapuato(staff_client, semi_finals)

    asked = staff_client.post(leg_url(leg), data)

    assert asked.status_code == 200
    (warning,) = errors_of(asked)["form"]["__all__"]
    assert warning == (
        "This correction changes who goes through, and later rounds with it. Semi-finals: "
        "La Piedad v León replaced by La Piedad v Irapuato. Correcaminos v Neza stays as it "
        "is. Legs removed with them: La Piedad v León, 1st leg (kick-off Nov. 26, 2011, "
        "7 p.m., Estadio Nou Camp); La Piedad v León, 2nd leg. Nothing has been saved: tick "
        "“Confirm” below and save again to correct it."
    )
    assert confirm_box(asked) is not None
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score, leg.goals.count()) == (2, 0, 2)
    assert set(Tie.objects.filter(round__number=2).values_list("pk", flat=True)) == ties_before

    name, value = confirm_box(asked)
    confirmed = staff_client.post(leg_url(leg), {**data, name: value}, follow=True)
    assert "Semi-finals: redrawn as La Piedad v Irapuato; Correcaminos v Neza." in (
        confirmed.content.decode()
    )
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score) == (0, 3)


def test_a_correction_waiting_for_confirmation_is_asked_as_a_question_not_an_error(
    staff_client, semi_finals
):
    """In Spanish: the page says what the redraw changes and offers the box, without
    Django's "please correct the error" banner (nothing in the form is wrong), on the leg's
    page and on its history's revert page alike."""
    es = {"HTTP_ACCEPT_LANGUAGE": "es"}
    leg, data = leon_loses_to_irapuato(staff_client, semi_finals, **es)
    asked = staff_client.post(leg_url(leg), data, **es).content.decode()
    assert confirm_box_in(asked)
    assert "Esta corrección cambia quién pasa" in asked
    assert "errornote" not in asked and "corrija" not in asked
    assert "<title>Error" not in asked

    before = leg.history.filter(home_score=2).latest()  # León 2–0, as played
    revert = reverse("admin:tournaments_leg_simple_history", args=[leg.pk, before.history_id])
    leg.goals.all().delete()
    leg.record_result(0, 3)  # a typo saved: reverting it would redraw again
    data = form_data(staff_client.get(revert, **es), "historicalleg_form")
    asked = staff_client.post(revert, data, **es).content.decode()
    assert confirm_box_in(asked) and "errornote" not in asked and "corrija" not in asked


def confirm_box_in(html):
    return 'name="confirm_redraw"' in html


def test_a_confirmation_holds_only_for_the_redraw_it_was_given_for(staff_client, semi_finals):
    leg, data = leon_loses_to_irapuato(staff_client, semi_finals)
    response = staff_client.post(leg_url(leg), {**data, "confirm_redraw": "on"})
    assert response.status_code == 200 and confirm_box(response) is not None
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score) == (2, 0)


def test_a_correction_that_redraws_nothing_asks_nothing(staff_client, semi_finals):
    leg = leg_between(semi_finals, "León", "Irapuato")
    data = leg_form(staff_client, leg)
    data.update(home_score="3")
    add_goal_rows(data, "goals", [])
    assert staff_client.post(leg_url(leg), data).status_code == 302


def test_a_correction_on_the_tie_page_asks_to_confirm_too(staff_client, semi_finals):
    tie = Tie.objects.get(round__tournament=semi_finals, lower_seed__name="Irapuato")
    url = reverse("admin:tournaments_tie_change", args=[tie.pk])
    data = form_data(staff_client.get(url), "tie_form")
    data.update({"legs-0-home_score": "4"})  # Irapuato 4–1 León: Irapuato through, 4–3
    asked = staff_client.post(url, data)
    assert asked.status_code == 200
    assert "La Piedad v León replaced by La Piedad v Irapuato" in asked.content.decode()
    assert "errornote" not in asked.content.decode()  # a question, not an error
    assert not Tie.objects.filter(round__number=2, lower_seed__name="Irapuato").exists()
    assert post_confirmed(staff_client, url, data).status_code == 302
    assert Tie.objects.filter(round__number=2, lower_seed__name="Irapuato").exists()


ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_a_colleague_with_a_removed_leg_open_is_told_and_sent_to_its_new_pairing(
    client, semi_finals
):
    """Marisol has La Piedad v León's first leg open when Ana's correction sends Irapuato
    through: the semi-finals are redrawn. Opening or saving the old leg tells her, in
    Spanish, what happened, and takes her to the same leg of La Piedad v Irapuato."""
    from .admin_fixtures import make_staff_user

    ana, marisol = Client(), client
    ana.force_login(make_staff_user("ana"))
    marisol.force_login(make_staff_user("marisol"))
    removed = leg_between(semi_finals, "León", "La Piedad")
    her_form = form_data(client.get(leg_url(removed), **ES), "leg_form")
    leg, data = leon_loses_to_irapuato(ana, semi_finals, **ES)
    assert post_confirmed(ana, leg_url(leg), data, **ES).status_code == 302
    new_leg = leg_between(semi_finals, "Irapuato", "La Piedad")

    opened = client.get(leg_url(removed), follow=True, **ES)
    assert opened.redirect_chain == [(leg_url(new_leg), 302)]
    (message,) = [str(m) for m in opened.context["messages"]]
    assert message.startswith(
        "Ida de La Piedad vs. León (Semifinales): este partido ya no existe. Los cruces de "
        "Semifinales se rehicieron el "
    )
    assert message.endswith(
        "tras corregirse un resultado, y La Piedad vs. León ya no es uno de ellos. Este es el "
        "mismo partido del cruce que ocupa su lugar, La Piedad vs. Irapuato."
    )

    her_form.update(home_score="1", away_score="1")
    saved = client.post(leg_url(removed), her_form, follow=True, **ES)
    assert saved.redirect_chain == [(leg_url(new_leg), 302)]
    (message,) = [str(m) for m in saved.context["messages"]]
    assert message.endswith("Lo que escribió no se guardó; escríbalo aquí si aún corresponde.")
    new_leg.refresh_from_db()
    assert new_leg.home_score is None


def test_a_removed_tie_opened_later_leads_to_the_pairing_in_its_place(staff_client, semi_finals):
    removed = Tie.objects.get(round__number=2, lower_seed__name="León")
    leg, data = leon_loses_to_irapuato(staff_client, semi_finals)
    assert post_confirmed(staff_client, leg_url(leg), data).status_code == 302
    new_tie = Tie.objects.get(round__number=2, lower_seed__name="Irapuato")
    url = reverse("admin:tournaments_tie_change", args=[removed.pk])
    opened = staff_client.get(url, follow=True, **ES)
    assert opened.redirect_chain == [
        (reverse("admin:tournaments_tie_change", args=[new_tie.pk]), 302)
    ]
    message = [str(m) for m in opened.context["messages"]][-1]
    assert message.startswith(
        "La Piedad vs. León (Semifinales): este cruce ya no existe. Los cruces de Semifinales "
        "se rehicieron el "
    )
    assert message.endswith("Este es el cruce que ocupa su lugar, La Piedad vs. Irapuato.")


def test_the_live_desk_of_a_removed_leg_leads_to_its_new_pairing(staff_client, semi_finals):
    removed = leg_between(semi_finals, "León", "La Piedad")
    leg, data = leon_loses_to_irapuato(staff_client, semi_finals)
    assert post_confirmed(staff_client, leg_url(leg), data).status_code == 302
    live = staff_client.get(reverse("admin:tournaments_leg_live", args=[removed.pk]))
    assert live.status_code == 302
    assert live.url == leg_url(leg_between(semi_finals, "Irapuato", "La Piedad"))


def test_an_unknown_leg_id_still_gets_djangos_message(staff_client):
    response = staff_client.get(reverse("admin:tournaments_leg_change", args=[99999]), follow=True)
    assert "doesn’t exist. Perhaps it was deleted?" in response.content.decode()


def test_correction_refused_once_the_next_round_has_results(staff_client, apertura_2011):
    leg = leg_between(apertura_2011, "León", "Irapuato")
    data = leg_form(staff_client, leg)
    data.update(home_score="0", away_score="3")
    for index in range(int(data["goals-TOTAL_FORMS"])):
        data[f"goals-{index}-DELETE"] = "on"
    response = staff_client.post(leg_url(leg), data)
    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changes who advances from León v Irapuato" in message
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score, leg.goals.count()) == (2, 0, 2)


def test_refresh_pairings_refusal_rolls_back_and_shows_a_message(
    staff_client, apertura_2011, monkeypatch
):
    """Should redraw_later_rounds refuse after the form's own checks passed (the rules
    disagree, or a race), the whole save is rolled back and the page says why."""
    from tournaments.models import CorrectionRefused

    def refuse(self, **kwargs):
        raise CorrectionRefused("The Final already has results.")

    monkeypatch.setattr(Tournament, "redraw_later_rounds", refuse)
    leg = leg_between(apertura_2011, "León", "Irapuato")
    version = leg.version
    data = leg_form(staff_client, leg)
    data.update(date="2011-11-27")
    response = staff_client.post(leg_url(leg), data, follow=True)
    assert response.status_code == 200
    assert "The Final already has results." in response.content.decode()
    leg.refresh_from_db()
    assert leg.date is None and leg.version == version


def test_legs_edited_on_the_tie_page(staff_client, semi_finals):
    tie = Tie.objects.get(round__tournament=semi_finals, round__number=2, position=2)
    url = reverse("admin:tournaments_tie_change", args=[tie.pk])
    data = form_data(staff_client.get(url), "tie_form")
    data.update({"legs-0-home_score": "2", "legs-0-away_score": "1"})
    response = staff_client.post(url, data)
    assert response.status_code == 302
    first = tie.legs.get(number=1)
    assert (first.home_score, first.away_score, first.version) == (2, 1, 2)


# -- who may do what -----------------------------------------------------------------------


def test_league_staff_group_has_exactly_the_results_and_new_tournament_permissions():
    group = Group.objects.get(name=STAFF_GROUP)
    perms = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert {app for app, _codename in perms} == {"tournaments"}
    codenames = {codename for _app, codename in perms}
    models = [
        "competition",
        "season",
        "team",
        "teamalias",
        "person",
        "tournament",
        "tournamententry",
        "squadmember",
        "round",
        "tie",
        "leg",
        "goal",
        "booking",
    ]
    editable = ["leg", "goal", "booking", "tie", "tournamententry", "person", "squadmember"]
    # 0004: staff start a new tournament alone (competition to rounds), deleting none.
    editable += ["competition", "season", "tournament", "round", "team", "teamalias"]
    assert codenames == (
        {f"view_{m}" for m in models}
        | {f"{a}_{m}" for m in editable for a in ("add", "change")}
        | {"delete_goal", "delete_booking"}
    )


def test_staff_cannot_delete_a_tournament_or_see_users(staff_client, semi_finals):
    delete = reverse("admin:tournaments_tournament_delete", args=[semi_finals.pk])
    assert staff_client.get(delete).status_code == 403
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert Tournament.objects.filter(pk=semi_finals.pk).exists()
    assert staff_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert staff_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    index = staff_client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/user/" not in index
    for model in ("season", "competition"):
        obj = semi_finals.season if model == "season" else semi_finals.season.competition
        url = reverse(f"admin:tournaments_{model}_delete", args=[obj.pk])
        assert staff_client.get(url).status_code == 403


def test_staff_without_the_group_sees_nothing(client, db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:tournaments_leg_changelist")).status_code == 403


def test_leg_list_shows_round_leg_date_home_score_away_and_scorers_flag(
    staff_client, apertura_2011
):
    response = staff_client.get(
        reverse("admin:tournaments_leg_changelist")
        + f"?tie__round__tournament__id__exact={apertura_2011.pk}"
    )
    page = response.content.decode()
    for header in ("Round", "Leg", "Date", "Home team", "Score", "Away team", "Scorers"):
        assert header in page
    assert "2–0" in page
    assert response.context["cl"].result_count == Leg.objects.count()


def test_tie_list_shows_aggregate_winner_and_reason(staff_client, apertura_2011):
    page = staff_client.get(reverse("admin:tournaments_tie_changelist")).content.decode()
    assert "León 3–1 Irapuato" not in page  # the higher seed comes first
    assert "León 3–0 Irapuato" in page
    assert "Neza 3–2 Necaxa" in page
    assert "Correcaminos (aggregate)" in page
    assert "Neza (aggregate)" in page
