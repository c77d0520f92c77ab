"""What the admin refuses so staff cannot drive a tournament into a wrong state: drawn
ties are fixed, a hand-made tie must be the draw's, scorers come from the squads, the
general table follows its rules, a tiebreak change is a correction like a score, and a
refused save never looks saved."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tournaments.forms import LegForm
from tournaments.models import Goal, Leg, Person, Round, Season, Tie, TournamentEntry

from .admin_fixtures import form_data
from .apertura_2011 import build_apertura_2011
from .builders import TableLine, leg_between, make_tournament, person_in
from .factories import CompetitionFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.admin_fixtures"]


def change_url(obj):
    return reverse(f"admin:tournaments_{obj._meta.model_name}_change", args=[obj.pk])


def page_errors(response):
    """Every error message on an admin change page, as one string."""
    context = response.context
    messages = [str(context["adminform"].form.errors)]
    for inline in context["inline_admin_formsets"]:
        messages += [str(inline.formset.non_form_errors()), str(inline.formset.errors)]
    return " ".join(messages)


@pytest.fixture
def semi_finals(db):
    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    return tournament


# -- (1) a drawn tie's teams are fixed; a model message for a hidden field is no 500 -------


def test_changing_the_lower_seed_of_a_drawn_tie_is_not_offered_and_changes_nothing(
    staff_client, semi_finals
):
    tie = Tie.objects.get(round__tournament=semi_finals, higher_seed__name="La Piedad")
    data = form_data(staff_client.get(change_url(tie)), "tie_form")
    assert "lower_seed" not in data and "round" not in data
    data["lower_seed"] = str(tie.round.ties.exclude(pk=tie.pk).get().lower_seed_id)
    data["legs-0-home_score"], data["legs-0-away_score"] = "1", "0"
    response = staff_client.post(change_url(tie), data)
    assert response.status_code == 302
    tie.refresh_from_db()
    assert tie.lower_seed.name == "León"
    assert leg_between(semi_finals, "León", "La Piedad").home_score == 1


def test_a_rule_naming_a_field_the_form_does_not_show_is_a_message_not_a_500():
    class ScoreOnly(LegForm):
        class Meta(LegForm.Meta):
            fields = ["home_score", "away_score"]

    form = ScoreOnly(data={})
    form.cleaned_data = {}
    form.add_error(None, ValidationError({"home": "The lower seed hosts the first leg."}))
    assert form.non_field_errors() == ["The lower seed hosts the first leg."]


# -- (2) a tie added by hand is one of the draw's pairings ----------------------------------


@pytest.fixture
def final_to_draw(db):
    return build_apertura_2011(through="semi-finals")


def add_tie(client, round_, higher, lower):
    teams = {e.team.name: e.team_id for e in round_.tournament.entries.select_related("team")}
    return client.post(
        reverse("admin:tournaments_tie_add"),
        {"round": round_.pk, "higher_seed": teams[higher], "lower_seed": teams[lower]},
    )


def test_two_teams_knocked_out_in_the_quarter_finals_cannot_be_added_to_the_final(
    staff_client, final_to_draw
):
    final = Round.objects.get(tournament=final_to_draw, number=3)
    response = add_tie(staff_client, final, "Irapuato", "Altamira")
    assert response.status_code == 200
    assert (
        "Irapuato v Altamira is not a pairing of this round. The draw gives: "
        "La Piedad v Correcaminos." in page_errors(response)
    )
    assert not final.ties.exists()


def test_the_higher_seed_of_a_hand_made_tie_is_the_draws(staff_client, final_to_draw):
    final = Round.objects.get(tournament=final_to_draw, number=3)
    response = add_tie(staff_client, final, "Correcaminos", "La Piedad")
    assert "La Piedad is the higher seed of this pairing." in page_errors(response)
    assert not final.ties.exists()


def test_the_draws_own_pairing_added_by_hand_gets_both_legs(staff_client, final_to_draw):
    final = Round.objects.get(tournament=final_to_draw, number=3)
    assert add_tie(staff_client, final, "La Piedad", "Correcaminos").status_code == 302
    tie = final.ties.get()
    assert tie.position == 1
    assert [(leg.home.name, leg.away.name) for leg in tie.legs.order_by("number")] == [
        ("Correcaminos", "La Piedad"),
        ("La Piedad", "Correcaminos"),
    ]
    again = add_tie(staff_client, final, "La Piedad", "Correcaminos")
    assert "This tie has already been drawn." in page_errors(again)


def test_no_tie_can_be_added_while_the_round_before_is_undecided(staff_client, semi_finals):
    final = Round.objects.get(tournament=semi_finals, number=3)
    response = add_tie(staff_client, final, "La Piedad", "Correcaminos")
    assert "The round before this one is not finished" in page_errors(response)


# -- (3) the scorer comes from the squad of the team credited -------------------------------


def goal_post(client, leg, team, player, *, own_goal=False):
    data = form_data(client.get(change_url(leg)), "leg_form")
    data.update(
        {
            "goals-0-team": str(team.pk),
            "goals-0-player": str(player.pk),
            "goals-0-minute": "30",
            "goals-0-leg": "",
        }
    )
    if own_goal:
        data["goals-0-own_goal"] = "on"
    data["goals-TOTAL_FORMS"] = str(max(int(data["goals-TOTAL_FORMS"]), 1))
    return client.post(change_url(leg), data)


@pytest.mark.parametrize("credited", ["Neza", "Correcaminos"])
@pytest.mark.parametrize("own_goal", [False, True])
def test_a_player_in_no_squad_is_refused_as_a_scorer(staff_client, semi_finals, credited, own_goal):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    leg.record_result(1, 1)
    newcomer = Person.objects.create(name="Jugador Sin Equipo", slug="jugador-sin-equipo")
    team = leg.home if credited == "Neza" else leg.away
    response = goal_post(staff_client, leg, team, newcomer, own_goal=own_goal)
    assert response.status_code == 200
    assert "Jugador Sin Equipo is in no squad of this tournament" in page_errors(response)
    assert not Goal.objects.filter(player=newcomer).exists()


def test_a_squad_player_still_scores(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Neza", "Correcaminos")
    leg.record_result(1, 0)
    scorer = person_in(semi_finals, "Neza", "Luciano Emílio")
    assert goal_post(staff_client, leg, leg.home, scorer).status_code == 302
    assert leg.goals.get().player == scorer


# -- (4) the general table follows its rules, and the draw follows the table ----------------

SEVEN = [f"Club {n}" for n in range(1, 8)]


@pytest.fixture
def drawn_seven(db):
    """Seven teams, each a win behind the one above; the quarter-finals drawn, unplayed."""
    tournament = make_tournament(
        [TableLine(name, 10 - n, 0, n, 20, 10) for n, name in enumerate(SEVEN)],
        rounds=[("Quarter-finals", ["aggregate", "table_position"])],
    )
    tournament.advance(1)
    return tournament


def table_form(client, tournament):
    data = form_data(client.get(change_url(tournament)), "tournament_form")
    rows = {data[f"entries-{i}-id"]: i for i in range(int(data["entries-TOTAL_FORMS"]))}
    by_team = {
        entry.team.name: rows[str(entry.pk)] for entry in tournament.entries.select_related("team")
    }
    return data, by_team


def club_3_overtakes_club_2(data, row):
    """The table form corrected: Club 3 had one more win and one less defeat than stated,
    so it swaps places with Club 2."""
    three, two = row["Club 3"], row["Club 2"]
    data[f"entries-{three}-won"], data[f"entries-{three}-lost"] = "9", "1"
    data[f"entries-{three}-points"], data[f"entries-{three}-position"] = "27", "2"
    data[f"entries-{two}-won"], data[f"entries-{two}-lost"] = "8", "2"
    data[f"entries-{two}-points"], data[f"entries-{two}-position"] = "24", "3"


def pairings(tournament, number=1):
    return [
        (tie.higher_seed.name, tie.lower_seed.name)
        for tie in Tie.objects.filter(round__tournament=tournament, round__number=number)
    ]


def test_a_table_out_of_points_order_is_refused(staff_client, drawn_seven):
    data, row = table_form(staff_client, drawn_seven)
    # Club 5 given three more wins: 27 points, placed 5th below Club 4 on 18.
    i = row["Club 5"]
    data[f"entries-{i}-won"], data[f"entries-{i}-lost"] = "9", "1"
    data[f"entries-{i}-points"] = "27"
    response = staff_client.post(change_url(drawn_seven), data)
    assert response.status_code == 200
    assert "Club 5 (27 pts, GD +10, GF 20) is placed 5, below Club 4 (21 pts" in page_errors(
        response
    )
    assert TournamentEntry.objects.get(team__name="Club 5").points == 18


def test_table_positions_with_a_gap_are_refused(staff_client, drawn_seven):
    data, row = table_form(staff_client, drawn_seven)
    data[f"entries-{row['Club 7']}-position"] = "9"
    response = staff_client.post(change_url(drawn_seven), data)
    assert "Table positions must run 1 to 7 without gaps or repeats" in page_errors(response)


def test_a_corrected_table_redraws_the_unplayed_first_round(staff_client, drawn_seven):
    assert pairings(drawn_seven) == [
        ("Club 2", "Club 7"),
        ("Club 3", "Club 6"),
        ("Club 4", "Club 5"),
    ]
    data, row = table_form(staff_client, drawn_seven)
    club_3_overtakes_club_2(data, row)
    response = staff_client.post(change_url(drawn_seven), data, follow=True)
    assert "Quarter-finals: redrawn as Club 3 v Club 7; Club 2 v Club 6; Club 4 v Club 5." in (
        response.content.decode()
    )
    assert pairings(drawn_seven) == [
        ("Club 3", "Club 7"),
        ("Club 2", "Club 6"),
        ("Club 4", "Club 5"),
    ]


def test_a_table_correction_is_refused_once_the_first_round_has_results(staff_client, drawn_seven):
    Leg.objects.filter(tie__round__tournament=drawn_seven, number=1).first().record_result(1, 0)
    data, row = table_form(staff_client, drawn_seven)
    club_3_overtakes_club_2(data, row)
    response = staff_client.post(change_url(drawn_seven), data, follow=True)
    assert "which already has results. Clear those results first." in response.content.decode()
    assert TournamentEntry.objects.get(team__name="Club 3").position == 3
    assert pairings(drawn_seven)[0] == ("Club 2", "Club 7")


def test_one_table_line_edited_on_its_own_page_is_checked_with_the_whole_table(
    staff_client, drawn_seven
):
    entry = TournamentEntry.objects.get(team__name="Club 6")
    data = form_data(staff_client.get(change_url(entry)), "tournamententry_form")
    data.update(won="10", lost="0", points="30")
    response = staff_client.post(change_url(entry), data)
    assert "Club 6 (30 pts, GD +10, GF 20) is placed 6, below Club 5" in page_errors(response)


# -- (5) a round's tiebreak is corrected like a score ---------------------------------------


def test_changing_the_quarter_final_tiebreak_after_the_final_is_refused(
    staff_client, apertura_2011
):
    # Correcaminos beat Altamira on table position (2–2); with penalties instead the tie
    # would be undecided, and Correcaminos has since played the semi-final and the final.
    quarter_finals = Round.objects.get(tournament=apertura_2011, number=1)
    data = form_data(staff_client.get(change_url(quarter_finals)), "round_form")
    data["tiebreak"] = ["penalties"]
    response = staff_client.post(change_url(quarter_finals), data)
    assert response.status_code == 200
    assert (
        "This change alters who advances from Correcaminos v Altamira, but the Semi-finals "
        "already has results." in page_errors(response)
    )
    quarter_finals.refresh_from_db()
    assert quarter_finals.tiebreak == ["aggregate", "table_position"]
    assert apertura_2011.champion().name == "Correcaminos"


def test_a_tiebreak_that_contradicts_a_recorded_shootout_is_refused(staff_client, semi_finals):
    final = Round.objects.get(tournament=semi_finals, number=1)
    final.tiebreak = ["aggregate", "extra_time", "penalties"]
    final.save()
    tie = Tie.objects.get(round=final, higher_seed__name="Correcaminos")
    legs = {leg.number: leg for leg in tie.legs.all()}
    # Correcaminos v Altamira was 2–2 on aggregate: with extra time 0–0 and a shoot-out.
    legs[2].extra_time_home_score = legs[2].extra_time_away_score = 0
    legs[2].penalties_home, legs[2].penalties_away = 4, 3
    Leg.objects.filter(pk=legs[2].pk).update(
        extra_time_home_score=0, extra_time_away_score=0, penalties_home=4, penalties_away=3
    )
    data = form_data(staff_client.get(change_url(final)), "round_form")
    data["tiebreak"] = ["table_position"]
    response = staff_client.post(change_url(final), data)
    assert "Correcaminos v Altamira, 2nd leg: This round has no extra time." in page_errors(
        response
    )


def test_the_tiebreak_is_chosen_with_tick_boxes(staff_client, semi_finals):
    final = Round.objects.get(tournament=semi_finals, number=3)
    page = staff_client.get(change_url(final)).content.decode()
    assert 'type="checkbox" name="tiebreak" value="penalties"' in page
    data = form_data(staff_client.get(change_url(final)), "round_form")
    data["tiebreak"] = ["extra_time", "penalties"]
    assert staff_client.post(change_url(final), data).status_code == 302
    final.refresh_from_db()
    assert final.tiebreak == ["aggregate", "extra_time", "penalties"]
    data["tiebreak"] = ["penalties", "table_position"]
    response = staff_client.post(change_url(final), data)
    assert "Choose penalties or table position" in page_errors(response)


# -- (6) a refused save shows the stored object in the heading ------------------------------


def test_after_a_refused_save_the_heading_shows_the_stored_score(staff_client, semi_finals):
    leg = leg_between(semi_finals, "Correcaminos", "Neza")  # second leg; the first unplayed
    data = form_data(staff_client.get(change_url(leg)), "leg_form")
    data.update(home_score="3", away_score="0")
    response = staff_client.post(change_url(leg), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the first leg&#x27;s score before the second leg&#x27;s." in page
    assert "3–0" not in page.split('id="content-main"')[0]
    assert "Correcaminos v Neza" in page.split('id="content-main"')[0]


# -- (7) slugs keep the season's dash --------------------------------------------------------


def test_a_season_typed_with_an_en_dash_gets_a_hyphenated_slug(admin_client):
    competition = CompetitionFactory()
    response = admin_client.post(
        reverse("admin:tournaments_season_add"),
        {"competition": competition.pk, "name": "2012–13", "slug": "", "start_year": "2012"},
    )
    assert response.status_code == 302
    assert Season.objects.get(name="2012–13").slug == "2012-13"
