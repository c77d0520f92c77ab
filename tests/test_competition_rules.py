"""What belongs to a competition and not to the site: whether its seasons end in a
promotional final, the default tiebreaks of its rounds and its final, and how sure a
champion's title number is."""

import pytest
from django.urls import reverse

from tournaments import formats
from tournaments.models import CUP_FINAL_TIEBREAK, LIGUILLA_TIEBREAK, Competition, Tournament

from .builders import make_tournament, play
from .factories import CompetitionFactory, SeasonFactory
from .test_views import text

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def liga_mx_clausura(table=("Cruz Azul", "América", "Santos Laguna", "Monterrey")):
    competition = CompetitionFactory(name="Liga MX", slug="liga-mx", country="Mexico")
    competition.final_tiebreak = list(CUP_FINAL_TIEBREAK)
    competition.save()
    season = SeasonFactory(competition=competition, start_year=2012)
    return make_tournament(list(table), season=season, name="Clausura 2013", slug="clausura-2013")


def test_a_liga_mx_season_page_has_no_promotional_final_section(client):
    tournament = liga_mx_clausura()
    season = tournament.season
    page = text(client.get(season.get_absolute_url(), **EN))
    assert "Clausura 2013" in page
    assert "Promotion" not in page and "promotional final" not in page
    assert season.promotion().status == "none"


def test_a_liga_de_ascenso_season_page_still_explains_its_promotional_final(client):
    season = SeasonFactory()  # the Liga de Ascenso
    page = text(client.get(season.get_absolute_url(), **EN))
    assert "Promotion" in page and "promotional final" in page


def test_home_and_footer_do_not_name_a_competition_the_site_may_not_have(client):
    liga_mx_clausura()
    page = text(client.get(reverse("tournaments:home"), **EN))
    assert "Liga MX" in page
    assert "Liga de Ascenso" not in page


def test_a_new_liga_de_ascenso_plays_a_promotional_final_and_the_liga_mx_none():
    ascenso = Competition.with_known_rules("Liga de Ascenso", "liga-de-ascenso")
    liga_mx = Competition.with_known_rules("Liga MX", "liga-mx")
    assert (ascenso.promotes, ascenso.relegation_seasons) == (True, None)
    assert (liga_mx.promotes, liga_mx.relegation_seasons) == (False, 3)
    assert liga_mx.format_for(2025).key == "play-in-10"
    assert liga_mx.format_for(2013).key == "liguilla-8-away-goals"


def test_the_liga_de_ascenso_plays_seven_with_the_leader_waiting_and_a_promotional_final():
    """Its era (formats.ASCENSO_ERA): the Apertura 2011's Liguilla of seven, La Piedad
    first and waiting for the semi-finals, every level tie (the final's too) to the
    better-placed club; the season's two champions meet for promotion."""
    ascenso = Competition.with_known_rules("Liga de Ascenso", "liga-de-ascenso")
    assert ascenso.format_era == "liga-de-ascenso"
    assert ascenso.format_for(2011).key == ascenso.format_for().key == "liguilla-7-bye"
    assert ascenso.format_for(2010) is None  # no source before 2011: staff choose
    assert ascenso.format_for().qualifiers == 7
    assert ascenso.tiebreak_for(final=True) == ascenso.tiebreak_for(final=False)
    assert ascenso.tiebreak_for(final=True) == ["aggregate", "table_position"]
    assert (ascenso.promotes, ascenso.season_final_rules().name) == (True, "Promotional final")
    assert ascenso.relegation_seasons is None
    renamed = Competition.with_known_rules("Ascenso MX", "ascenso-mx")
    assert renamed.format_era == "liga-de-ascenso" and renamed.promotes


@pytest.mark.django_db(transaction=True)
def test_the_stored_liga_de_ascenso_gets_its_era_by_its_slug_unless_staff_chose_one():
    """Migration 0020 on a database as 0019 left it: the Liga de Ascenso (found by its
    slug, whatever its name) gets its era; one whose era staff set keeps it; another
    competition gets none."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("tournaments", "0019_champion_of_champions_capitalised")]
    after = [("tournaments", "0020_liga_de_ascenso_era")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("tournaments", "Competition")
    old.objects.create(name="Ascenso (renombrada)", slug="liga-de-ascenso")
    old.objects.create(name="Ascenso MX", slug="ascenso-mx", format_era="liga-mx")
    old.objects.create(name="Copa Nueva", slug="copa-nueva")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    eras = dict(Competition.objects.values_list("slug", "format_era"))
    assert eras == {"liga-de-ascenso": "liga-de-ascenso", "ascenso-mx": "liga-mx", "copa-nueva": ""}


# -- the next round's tiebreak comes from the competition's rules ---------------------------


def test_a_liga_mx_final_is_created_with_extra_time_and_penalties():
    tournament = liga_mx_clausura()
    tournament.advance(1)
    semi_finals = tournament.rounds.get(number=1)
    assert semi_finals.tiebreak == LIGUILLA_TIEBREAK
    play(tournament, "Monterrey", 0, 1, "Cruz Azul")
    play(tournament, "Cruz Azul", 1, 0, "Monterrey")
    play(tournament, "Santos Laguna", 0, 1, "América")
    play(tournament, "América", 1, 0, "Santos Laguna")
    tournament.advance(2)
    assert tournament.rounds.get(number=2).tiebreak == CUP_FINAL_TIEBREAK


def test_competition_tiebreaks_follow_the_rules_of_a_rounds_list():
    competition = CompetitionFactory(name="Liga MX", slug="liga-mx")
    competition.final_tiebreak = ["aggregate", "away_goals"]
    with pytest.raises(Exception) as refused:
        competition.full_clean()
    assert "The last tiebreak must be penalties or table position." in str(refused.value)


# -- title numbers: stated, or counted from the site's records ------------------------------


def won_final(stated_title=None):
    tournament = liga_mx_clausura(table=("Cruz Azul", "América"))
    tournament.champion_title_override = stated_title
    tournament.save()
    tournament.advance(1)
    play(tournament, "América", 1, 1, "Cruz Azul")
    play(tournament, "Cruz Azul", 1, 1, "América", extra_time=(0, 0), penalties=(4, 5))
    return tournament


def test_a_first_title_in_the_data_says_it_counts_the_sites_records(client):
    tournament = won_final()
    assert tournament.champion().name == "América"
    page = text(client.get(reverse("tournaments:bracket", kwargs=tournament.url_kwargs()), **EN))
    assert "1st title in this site’s records" in page
    team = text(client.get(tournament.champion().get_absolute_url(), **EN))
    assert f"1st {tournament.name} (site’s records)" in team


def test_a_stated_title_number_is_shown_as_stated(client):
    tournament = won_final(stated_title=13)
    page = text(client.get(reverse("tournaments:bracket", kwargs=tournament.url_kwargs()), **EN))
    assert "13th title" in page and "site’s records" not in page


# -- a competition's rules are its fields, never its name ----------------------------------


def test_renaming_every_competition_changes_no_fact_of_any_tournament():
    """The whole bundle (Liga MX: eras of formats and the three-season relegation table;
    Liga de Expansión MX: its one-season table and Campeón de Campeones; Liga de Ascenso:
    its promotional final), exported as season JSON, renamed, exported again: only the
    competition's name changes."""
    from django.core.cache import cache

    from tournaments.export import export_tournament

    from .bundle_builders import TOURNAMENTS, load_every_tournament

    load_every_tournament()
    tournaments = list(Tournament.objects.order_by("pk"))
    assert len(tournaments) == TOURNAMENTS
    before = {t.pk: export_tournament(t) for t in tournaments}
    for competition in Competition.objects.all():
        competition.name = f"Torneo {competition.pk} (renombrado)"
        competition.full_clean()
        competition.save()
    cache.clear()
    after = {t.pk: export_tournament(t) for t in Tournament.objects.order_by("pk")}
    for pk, document in after.items():
        assert document.pop("competition").endswith("(renombrado)")
        before[pk].pop("competition")
    assert after == before
    # The rules the test relies on are in play: a barred club, both season finals.
    assert any(d["relegation_barred"] for d in after.values())
    assert {d["kind"] for d in after.values()} >= {"promotional_final", "champions_final"}


def test_a_champion_of_champions_season_before_its_tournaments_end_says_so(client):
    """A season of a competition whose two champions meet for the Campeón de Campeones,
    before either tournament is played out: the section names the final to come, and the
    page is whole (no final to link to yet)."""
    competition = CompetitionFactory(
        name="Liga de Expansión MX", slug="liga-de-expansion-mx", season_final=formats.CHAMPIONS
    )
    season = SeasonFactory(competition=competition, start_year=2024)
    make_tournament(["Atlante", "Cancún", "Mineros"], season=season, name="Apertura 2024")
    response = client.get(season.get_absolute_url(), **EN)
    assert response.status_code == 200
    page = text(response)
    assert "Champion of Champions" in page and "it promotes nobody" in page
    assert "promotional final" not in page and "promoted" not in page
