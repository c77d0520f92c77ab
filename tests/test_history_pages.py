"""The history pages a fan reads: a club's tournaments and opponents, head-to-head between
two clubs, how ties were decided, and tournaments without goalscorer data. Cases are the
real ties of the 2011 Apertura; the long history comes from tests/history_builders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tournaments.models import ClubHistory, DecidedBy, Run, Team, Tie, Tournament

from .factories import EntryFactory, TeamFactory
from .history_builders import make_history
from .test_views import EN, text

pytestmark = pytest.mark.django_db

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}


def page(client, name, *args, lang=EN, query=""):
    """The page's text in `lang` (its URL in that language: Spanish has no prefix)."""
    with translation.override(lang["HTTP_ACCEPT_LANGUAGE"]):
        url = reverse(f"tournaments:{name}", args=args)
    response = client.get(url + query, **lang)
    assert response.status_code == 200, response.status_code
    return text(response)


def run_of(team_name, tournament):
    history = ClubHistory.for_team(Team.objects.get(name=team_name))
    return next(run for run in history.runs if run.tournament.pk == tournament.pk)


# -- round reached, how the club went out -------------------------------------------


@pytest.mark.parametrize(
    ("team", "seed", "result", "reached", "opponent", "score", "rule"),
    [
        # Correcaminos beat La Piedad 1–0 away and 3–1 at home in the final.
        ("Correcaminos", 2, Run.CHAMPION, "Final", "La Piedad", "4–1", "aggregate"),
        ("La Piedad", 1, Run.RUNNER_UP, "Final", "Correcaminos", "1–4", "aggregate"),
        # León lost the semi-final to La Piedad 5–6 on aggregate.
        ("León", 4, Run.ELIMINATED, "Semi-finals", "La Piedad", "5–6", "aggregate"),
        # Neza went out 3–3 against the better-placed Correcaminos.
        ("Neza", 3, Run.ELIMINATED, "Semi-finals", "Correcaminos", "3–3", "table_position"),
        ("Altamira", 7, Run.ELIMINATED, "Quarter-finals", "Correcaminos", "2–2", "table_position"),
        ("Irapuato", 5, Run.ELIMINATED, "Quarter-finals", "León", "0–3", "aggregate"),
    ],
)
def test_how_each_club_of_the_2011_apertura_ended(
    apertura_2011, team, seed, result, reached, opponent, score, rule
):
    run = run_of(team, apertura_2011)
    assert (run.seed, run.result, run.reached) == (seed, result, reached)
    assert (run.opponent.name, run.score, run.decisive_tie.decided_by) == (opponent, score, rule)


def test_a_club_in_the_table_but_not_among_the_seeds_did_not_qualify(apertura_2011):
    EntryFactory(tournament=apertura_2011, team=TeamFactory(name="Celaya"), position=8)
    run = run_of("Celaya", apertura_2011)
    assert (run.seed, run.result, run.decisive_tie) == (None, Run.NOT_QUALIFIED, None)
    assert run not in ClubHistory.for_team(run.team).played


def test_la_piedad_had_a_bye_and_is_still_in_until_its_semi_final_is_drawn(db):
    from .apertura_2011 import build_apertura_2011

    quarter_finals_only = build_apertura_2011(through="quarter-finals")
    run = run_of("La Piedad", quarter_finals_only)
    assert (run.seed, run.result, run.ties) == (1, Run.IN_PROGRESS, [])
    assert run_of("Altamira", quarter_finals_only).result == Run.ELIMINATED


def test_record_against_each_opponent_counts_ties_legs_and_goals(apertura_2011):
    history = ClubHistory.for_team(Team.objects.get(name="Correcaminos"))
    records = {r.opponent.name: r for r in history.opponents}
    altamira = records["Altamira"]  # lost 1–2 away, won 1–0 at home: through on table position
    assert (altamira.ties, altamira.ties_won, altamira.ties_lost) == (1, 1, 0)
    assert (altamira.legs.won, altamira.legs.drawn, altamira.legs.lost) == (1, 0, 1)
    assert (altamira.legs.goals_for, altamira.legs.goals_against) == (2, 2)
    assert records["La Piedad"].finals_won == 1
    total = history.total
    assert (total.ties, total.ties_won) == (3, 3)
    assert (total.legs.goals_for, total.legs.goals_against) == (9, 6)


def test_club_page_history_titles_finals_lost_and_opponents(client, apertura_2011):
    correcaminos = page(client, "team", "correcaminos")
    assert "Liguillas 1 Liga de Ascenso titles 1 Finals lost 0 Ties won 3 /3" in correcaminos
    assert "in the final 2 27 2 Champion Beat La Piedad 4–1 in the final" in correcaminos
    assert "Altamira 1 1 0 1–0–1 2–2 La Piedad" in correcaminos
    la_piedad = page(client, "team", "la-piedad")
    assert "Finals lost Liga de Ascenso Apertura 2011 · against Correcaminos, 1–4" in la_piedad
    assert "1 31 1 Runner-up Lost the final to Correcaminos , 1–4" in la_piedad
    altamira = page(client, "team", "altamira")
    assert "Quarter-finals Lost 2–2 to Correcaminos on table position" in altamira


def test_opponents_table_sorts_by_goals(client, apertura_2011):
    by_goals = page(client, "team", "correcaminos", query="?sort=-goals")
    assert by_goals.index("La Piedad 1 1 0") < by_goals.index("Altamira 1 1 0")


def test_club_page_links_every_opponent_to_the_head_to_head(client, apertura_2011):
    html = client.get(reverse("tournaments:team", args=["correcaminos"]), **EN).content.decode()
    for other in ("altamira", "neza", "la-piedad"):
        assert reverse("tournaments:head_to_head", args=["correcaminos", other]) in html


def test_a_club_of_the_whole_history(client, db):
    make_history()
    america = ClubHistory.for_team(Team.objects.get(name="América"))
    assert len(america.runs) == len(america.played) == 20
    results = {run.result for run in america.runs}
    assert results <= {Run.CHAMPION, Run.RUNNER_UP, Run.ELIMINATED}
    assert sum(r.ties for r in america.opponents) == america.total.ties
    finals = [run for run in america.runs if run.result in (Run.CHAMPION, Run.RUNNER_UP)]
    assert all(run.decisive_tie.is_final for run in finals)
    champions = Tournament.objects.filter(season__competition__name="Liga MX")
    assert len(america.finals_won) == sum(t.champion() == america.team for t in champions)


# -- head-to-head -----------------------------------------------------------------------


def test_head_to_head_correcaminos_altamira_lists_the_tie_with_legs_and_reason(
    client, apertura_2011
):
    h2h = page(client, "head_to_head", "correcaminos", "altamira")
    assert "1 knockout tie between the two clubs" in h2h
    assert "Correcaminos 1 1 0 1 2 0 Altamira 0 1 0 1 2 0" in h2h
    assert "1st leg: Altamira 2–1 Correcaminos 2nd leg: Correcaminos 1–0 Altamira" in h2h
    assert "Correcaminos advanced on their better position in the table, 2–2" in h2h
    assert "Switch sides: Altamira v Correcaminos" in h2h


def test_head_to_head_of_clubs_that_never_met(client, apertura_2011):
    h2h = page(client, "head_to_head", "altamira", "irapuato")
    assert "Altamira and Irapuato have never met in a knockout tie" in h2h


@pytest.mark.parametrize("other", ["correcaminos", "no-such-club"])
def test_head_to_head_needs_two_different_clubs(client, apertura_2011, other):
    url = reverse("tournaments:head_to_head", args=["correcaminos", other])
    assert client.get(url, **EN).status_code == 404


def test_head_to_head_over_many_seasons_newest_first(client, db):
    make_history()
    ties = Team.objects.get(name="América").head_to_head(Team.objects.get(name="Tigres")).ties
    assert len(ties) >= 2
    years = [tie.round.tournament.season.start_year for tie in ties]
    assert years == sorted(years, reverse=True)


@pytest.mark.parametrize(
    ("query", "pair"),
    [
        ("correcaminos vs altamira", ("Correcaminos", "Altamira")),
        ("Altamira v. Correcaminos", ("Altamira", "Correcaminos")),
        ("leon contra la piedad", ("León", "La Piedad")),
        ("Neza – Necaxa", ("Neza", "Necaxa")),
        ("correcaminos vs correcaminos", None),
        ("correcaminos vs xyz", None),
        ("correcaminos", None),
    ],
)
def test_search_finds_a_head_to_head(apertura_2011, query, pair):
    found = Team.objects.pair_from_text(query)
    assert (tuple(team.name for team in found) if found else None) == pair


def test_search_page_links_the_head_to_head(client, apertura_2011):
    response = client.get(reverse("tournaments:search") + "?q=altamira+vs+correcaminos", **EN)
    assert "Head-to-head: Altamira v Correcaminos: every tie" in text(response)
    url = reverse("tournaments:head_to_head", args=["altamira", "correcaminos"])
    assert url in response.content.decode()


# -- decided by -------------------------------------------------------------------------


def test_2011_apertura_four_ties_on_aggregate_two_on_table_position(client, apertura_2011):
    summary = DecidedBy.of(Tie.objects.for_decisions())
    assert {r.rule: r.count for r in summary.rules if r.count} == {
        "aggregate": 4,
        "table_position": 2,
    }
    assert (summary.decided, summary.undecided, summary.beyond_aggregate()) == (6, 0, 2)
    stats = page(client, "decided_by", "liga-de-ascenso")
    assert "6 ties decided; 2 of them needed more than the aggregate score." in stats
    assert "Aggregate 4 67% Away goals 0 0%" in stats and "Table position 2 33%" in stats
    assert "Table position (2) Ties decided by table position Tournament Round Tie" in stats
    assert "Quarter-finals Correcaminos 2–2 Altamira" in stats


def test_decided_by_every_rule_across_the_history(client, db):
    make_history()
    summaries, total = DecidedBy.by_competition(Tie.objects.for_decisions())
    assert [s.competition.name for s in summaries] == ["Liga de Expansión MX", "Liga MX"]
    assert all(rule.count for rule in total.rules)  # every rule decided some tie
    assert total.decided == Tie.objects.count() == sum(s.decided for s in summaries)
    stats = page(client, "decided_by_all")
    assert "By competition Liga de Expansión MX" in stats
    assert "Liga de Expansión MX Ties by the rule" in stats and "Liga MX Ties by the rule" in stats
    assert stats.index("Liga de Expansión MX Ties by") < stats.index("Liga MX Ties by")
    # Finals of even-numbered tournaments are level: every fourth goes to extra time.
    assert (total.count_of("extra_time"), total.count_of("penalties")) == (9, 8)
    assert "Extra time (9)" in stats and "Penalties (8)" in stats
    assert all(tie.second_leg.has_penalties for tie in total.rules[3].ties)
    assert "(4–3 on penalties)" in stats


def test_a_club_page_reads_a_shoot_out_from_the_clubs_own_side(client, db):
    """A club reads its shoot-outs as it reads its aggregates, from its own side: the
    loser of a final on penalties "Lost the final to …, 2–2 on penalties 3–4", the
    champion "on penalties 4–3", on the tournaments table and under "Finals lost"."""
    make_history()
    tie = next(t for t in Tie.objects.for_decisions() if t.is_final and t.decided_by == "penalties")
    second = tie.last_leg
    won, lost = second.penalties_of(tie.winner.pk), second.penalties_of(tie.loser.pk)
    assert won > lost
    loser = page(client, "team", tie.loser.slug)
    assert f"on penalties {lost}–{won}" in loser
    assert f"on penalties {won}–{lost}" not in loser
    finals_lost = loser[loser.index("Finals lost") : loser.index("Every tournament")]
    assert f"on aggregate, on penalties {lost}–{won}" in finals_lost
    assert f"on penalties {won}–{lost}" in page(client, "team", tie.winner.slug)


def test_an_open_tie_is_counted_apart(db):
    from .apertura_2011 import build_apertura_2011

    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    summary = DecidedBy.of(Tie.objects.for_decisions())
    assert (summary.decided, summary.undecided) == (3, 2)


# -- tournaments without goalscorer data --------------------------------------------------


def test_pages_say_there_is_no_goalscorer_data(client, db):
    history = make_history(liga_mx_seasons=1, expansion_seasons=0)
    tournament = history[0]
    kw = tournament.url_kwargs()
    args = [kw["competition"], kw["season"], kw["tournament"]]
    assert "No goalscorer data for this tournament." in page(client, "tournament_scorers", *args)
    assert "No goalscorer data for this season." in page(
        client, "season_scorers", kw["competition"], kw["season"]
    )
    assert "No goalscorer data for this competition." in page(
        client, "competition_scorers", kw["competition"]
    )
    assert "Top scorer No goalscorer data" in page(client, "tournament", *args)
    assert "No goalscorer data for this tournament." in page(client, "results", *args)
    leg = tournament.final_tie().second_leg
    match = text(client.get(leg.get_absolute_url(), **EN))
    assert "No goalscorer data for this tournament." in match
    assert "Some scorers are not known yet." not in match


def test_a_competition_with_and_without_scorers_names_the_tournaments_without(
    client, apertura_2011
):
    from .history_builders import LIGA_MX, make_liguilla

    make_liguilla(apertura_2011.season, "Clausura 2012", 2, LIGA_MX, 1)
    scorers = page(client, "competition_scorers", "liga-de-ascenso")
    assert "No goalscorer data for: Clausura 2012. Their goals are not in this table." in scorers
    assert "Eder Pacheco" in scorers
    assert "No goalscorer data" not in page(client, "tournament_scorers", *apertura_args())


def apertura_args():
    return ["liga-de-ascenso", "2011-12", "apertura-2011"]


def test_tournament_with_scorers_never_says_there_is_none(client, apertura_2011):
    for name in ("tournament", "results", "tournament_scorers"):
        assert "No goalscorer data" not in page(client, name, *apertura_args())


# -- Spanish ------------------------------------------------------------------------------


def test_history_pages_in_spanish(client, apertura_2011):
    club = page(client, "team", "la-piedad", lang=ES)
    assert "Finales perdidas" in club and "Subcampeón" in club
    assert "Subcampeón Perdió la final ante Correcaminos , 1–4" in club
    h2h = page(client, "head_to_head", "correcaminos", "altamira", lang=ES)
    assert "Cara a cara" in h2h
    stats = page(client, "decided_by", "liga-de-ascenso", lang=ES)
    assert "Posición en la tabla 2 33%" in stats and "Cómo se decidieron las series" in stats


def import_regular_season_ending_with(tmp_path, last_matchday):
    """The 2023 Apertura's regular season (no Liguilla yet) with one more matchday."""
    from tests.importers.conftest import run_import
    from tests.importers.test_import_footballtxt import NEW

    season = NEW.read_text(encoding="utf-8")
    regular_season = season[: season.index("== Apertura - Liguilla")]
    source = tmp_path / "ligamx.txt"
    source.write_text(regular_season + "\nMatchday 99\n[Sun Nov/26]\n" + last_matchday, "utf-8")
    run_import(source)
    return Tournament.objects.get()


@pytest.mark.parametrize(
    "last_matchday, ended, result",
    [
        # Liga MX Clausura 2025 in the bundle: fixtures without scores yet.
        (
            "  19.00  Club Puebla  -  Mazatlán FC\n",
            "Regular season still being played",
            Run.REGULAR_SEASON,
        ),
        # Liga MX Clausura 2020: the remaining matches cancelled, no Liguilla.
        (
            "  19.00  Club Puebla  -  Mazatlán FC   [cancelled]\n",
            "No Liguilla: the regular season was cut short",
            Run.NO_LIGUILLA,
        ),
    ],
)
def test_a_season_without_a_liguilla_yet_or_at_all_is_not_a_liguilla_played(
    client, db, tmp_path, last_matchday, ended, result
):
    import_regular_season_ending_with(tmp_path, last_matchday)
    america = Team.objects.get(name="CF América")
    (run,) = ClubHistory.for_team(america).runs
    assert run.seed == 1 and run.result == result
    assert ClubHistory.for_team(america).played == []
    page = text(client.get(reverse("tournaments:team", args=[america.slug]), **EN))
    assert ended in page and "Still in the tournament" not in page


@pytest.mark.parametrize(
    "last_matchday, heading, note, champion, season_card",
    [
        (
            "  19.00  Club Puebla  -  Mazatlán FC\n",
            "Standings so far",
            "The regular season is still being played",
            "To be decided",
            "Champion to be decided",
        ),
        (
            "  19.00  Club Puebla  -  Mazatlán FC   [cancelled]\n",
            "Standings when play stopped",
            "No Liguilla: the regular season was cut short",
            "None: no Liguilla",
            "No Liguilla: the regular season was cut short",
        ),
    ],
)
def test_a_season_not_played_to_its_end_has_no_qualified_teams_yet_or_at_all(
    client, db, tmp_path, monkeypatch, last_matchday, heading, note, champion, season_card
):
    """Until the regular season ends nobody has qualified: the overview shows the table
    so far, not "the teams that qualified, in seed order", and the bracket and the
    results say why they are empty. A season cut short (Clausura 2020) has no Liguilla
    and no champion, ever. (Seen the week before its last matchday: a past fixture with
    no result would be one missing from the source, test_source_coverage.py.)"""
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2023, 11, 20))
    tournament = import_regular_season_ending_with(tmp_path, last_matchday)
    overview = text(client.get(tournament.get_absolute_url(), **EN))
    assert heading in overview and note in overview
    assert f"Champion {champion} Runner-up {champion}" in overview
    assert "qualified teams" not in overview and "in seed order" not in overview
    bracket = text(client.get(tournament.get_absolute_url() + "bracket/", **EN))
    assert note in bracket
    assert ("To be decided" in bracket) == (champion == "To be decided")
    results = text(client.get(tournament.get_absolute_url() + "results/", **EN))
    assert note in results and "No rounds yet" not in results
    season = text(client.get(tournament.season.get_absolute_url(), **EN))
    assert season_card in season
