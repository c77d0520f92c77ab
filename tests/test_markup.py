"""The general table's rows as tournaments/markup.py writes them: what each row says."""

from types import SimpleNamespace

from django.utils import translation

from tournaments import markup


def entry(name, position, **kwargs):
    team = SimpleNamespace(name=name, url=f"/teams/{name.lower()}/")
    return SimpleNamespace(
        team=team,
        position=position,
        **{"played": 17, "won": 9, "drawn": 4, "lost": 4, "points": 31},
        **{"goals_for": 25, "goals_against": 18, "goal_difference": 7},
        **kwargs,
    )


def test_the_club_the_relegation_table_bars_is_named_in_its_row():
    barred = entry("Veracruz", 5)
    with translation.override("en"):
        html = markup.standings_row(barred, qualifiers=8, barred=barred.team)
    assert ' class="qualified"' not in html  # it gives its place to the next club
    assert "(last in the relegation table: may not play the Liguilla)" in html


def test_staff_and_names_are_escaped_and_a_missing_manager_is_a_dash():
    captain = SimpleNamespace(name="Ana <b>", url="/players/ana/", nationality="ARG")
    row = entry("León & Co", 1, manager=None, captain=captain)
    with translation.override("en"):
        html = markup.standings_row(row, staff=True)
    assert "León &amp; Co" in html and "Ana &lt;b&gt;" in html
    assert '<td class="wide">—</td>' in html
    assert "Captain: Ana &lt;b&gt; (ARG)" in html
    assert '<td class="num">+7</td>' in html


def test_a_leg_with_a_kickoff_and_no_date_shows_its_time_as_markup_not_as_text():
    import datetime

    from tournaments.display import MatchRow

    team = SimpleNamespace(name="León", url="/teams/leon/")
    leg = SimpleNamespace(date=None, is_played=False, home=team, away=team, url="/leg/")
    kickoff = datetime.datetime(2026, 1, 1, 19, 0, tzinfo=datetime.UTC)
    match = MatchRow(
        leg=leg,
        **{"score": "–", "half_time": "", "extra": "", "sides": [], "outcome": ""},
        kickoff=kickoff,
        scorers_incomplete=False,
        status="upcoming",
        zone="central Mexico time",
    )
    with translation.override("en"):
        html = markup.match_report(match, True, show_zone=True)
    assert 'Date to be confirmed · <time class="kickoff"' in html
    assert "&lt;time" not in html
    assert '<span class="zone">(central Mexico time)</span>' in html


def test_a_goal_line_escapes_the_name_and_keeps_the_minute_mark():
    from tournaments.display import EventLines

    player = SimpleNamespace(name="O'Neil <b>", url="/players/o/")
    goal = SimpleNamespace(player=player, minute=62, added_time=None, penalty=True, own_goal=False)
    with translation.override("en"):
        html = EventLines().goal(goal)
    assert "O&#x27;Neil &lt;b&gt;" in html
    assert '<span class="minute">62\'</span>' in html
    assert 'title="penalty">pen.</abbr>' in html


def test_a_decided_by_row_names_both_clubs_escaped_and_links_their_head_to_head(apertura_2011):
    from tournaments.models import Team, Tie

    Team.objects.filter(name="Irapuato").update(name="Irapuato <FC> & Co")
    tie = Tie.objects.for_decisions().get(higher_seed__name="León", round__number=1)
    with translation.override("en"):
        row = markup.decided_tie_row(tie, penalties=False, with_competition=True)
    assert "Irapuato &lt;FC&gt; &amp; Co" in row and "<FC>" not in row
    assert 'title="León v Irapuato &lt;FC&gt; &amp; Co: every tie"' in row
    assert 'href="/en/teams/leon/vs/irapuato/" title' in row  # the two clubs' ties
    assert 'every tie">3–0</a>' in row  # the aggregate from the winner's side
    assert ">Liga de Ascenso Apertura 2011</a>" in row  # the page of every competition
    assert "on penalties" not in row
