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
