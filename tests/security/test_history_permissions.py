"""The history pages obey the admin's permissions: staff who may only view teams, rounds
and tournaments (as League staff could when the escalation was found) cannot change them
through a version page, a version page is read-only for them (and never a 500), and a
revert is judged like any other save."""

import pytest
from django.urls import reverse

from tests.admin_fixtures import form_data
from tests.apertura_2011 import build_apertura_2011
from tests.builders import leg_between
from tournaments.models import Leg, Round, Team, Tournament

pytestmark = pytest.mark.django_db


def version_url(obj, record):
    name = f"admin:tournaments_{obj._meta.model_name}_simple_history"
    return reverse(name, args=[obj.pk, record.history_id])


def renamed(obj, **changes):
    """Save a change through the model, so the object has an older version to go back to."""
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.save()
    return obj.history.order_by("history_date", "history_id").first()


@pytest.mark.parametrize(
    "model, changes, posted",
    [
        (Team, {"name": "Club León", "slug": "club-leon"}, {"name": "Hacked", "slug": "hacked"}),
        (Round, {"kind": "semi_final"}, {"kind": "final", "number": "1"}),
        (Tournament, {"name": "Apertura 2011 (renamed)"}, {"name": "Hacked"}),
    ],
)
def test_view_only_staff_cannot_revert_or_edit_through_a_version_page(
    viewer_client, model, changes, posted
):
    """Issue 12: one hand-made POST to a version page changed a team, a round or a
    tournament that League staff may only view."""
    tournament = build_apertura_2011(through="quarter-finals")
    obj = {
        Team: Team.objects.get(name="León"),
        Round: tournament.rounds.get(number=1),
        Tournament: tournament,
    }[model]
    oldest = renamed(obj, **changes)
    before = model.objects.filter(pk=obj.pk).values().get()
    history_rows = obj.history.count()

    url = version_url(obj, oldest)
    page = viewer_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # no Revert button
    assert viewer_client.post(url, {**form_data(page), **posted}).status_code == 403
    assert model.objects.filter(pk=obj.pk).values().get() == before
    assert obj.history.count() == history_rows


def test_tournament_version_page_renders_read_only(viewer_client):
    """Issue 12: the slug is read-only for whoever may not change the tournament but was
    still prepopulated, so the version page raised KeyError (a 500)."""
    tournament = build_apertura_2011(through="quarter-finals")
    oldest = renamed(tournament, name="Apertura 2011 (renamed)")
    page = viewer_client.get(version_url(tournament, oldest))
    assert page.status_code == 200
    # The old version, shown read-only.
    assert '<div class="readonly">Apertura 2011</div>' in page.content.decode()
    assert 'name="name"' not in page.content.decode()


def test_general_table_rights_do_not_grant_changing_the_tournament(db):
    """Entering the general table on the tournament page does not make the tournament
    itself changeable: not its history, not its fields."""
    from django.contrib import admin

    from tournaments.admin import TournamentAdmin

    from .conftest import make_viewer

    tournament = build_apertura_2011(through="quarter-finals")
    model_admin = admin.site._registry[Tournament]
    assert isinstance(model_admin, TournamentAdmin)
    user = make_viewer("table-keeper", "change_tournamententry")

    class Request:
        pass

    Request.user = user
    assert user.has_perm("tournaments.change_tournamententry")
    assert not user.has_perm("tournaments.change_tournament")
    assert not model_admin.has_change_permission(Request(), tournament)
    assert not model_admin.may_revert(Request(), tournament)


def test_superuser_reverts_a_team_and_the_history_says_who_and_to_what(superuser_client):
    team = Team.objects.create(name="Club León", slug="club-leon")
    oldest = renamed(team, name="León", slug="leon")
    url = version_url(team, oldest)
    data = form_data(superuser_client.get(url))
    data.update({k: v for k, v in data.items() if k.endswith("TOTAL_FORMS") or k.endswith("FORMS")})
    assert superuser_client.post(url, data).status_code == 302
    team.refresh_from_db()
    assert (team.name, team.slug) == ("Club León", "club-leon")
    latest = team.history.latest()
    assert latest.history_user.username == "admin"
    assert latest.history_change_reason.startswith("Reverted to the version of")


def test_a_revert_that_changes_pairings_of_a_round_with_results_is_refused(staff_client):
    """A revert is a correction like any other: going back to a version of a quarter-final
    leg that changes who advanced is refused once the semi-finals have results."""
    tournament = build_apertura_2011(through="quarter-finals")
    leg = leg_between(tournament, "Irapuato", "León")  # 0–1
    leg.record_result(4, 1)  # a typo that sends Irapuato through...
    typo = leg.history.latest()
    leg.record_result(0, 1)  # ...fixed
    tournament.advance(2)
    Leg.objects.filter(
        tie__round__tournament=tournament, tie__round__number=2, number=1
    ).first().record_result(1, 1)

    url = version_url(leg, typo)
    data = form_data(staff_client.get(url), "historicalleg_form")
    assert data["home_score"] == "4"
    response = staff_client.post(url, data, follow=True)
    assert "changes who advances from León v Irapuato" in response.content.decode()
    leg.refresh_from_db()
    assert (leg.home_score, leg.away_score) == (0, 1)
