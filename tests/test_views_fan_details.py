"""Details a fan reading the pages notices (issue 21, defects 6 and 11): what a source
without scorers or managers leaves out, names and dates written as fans write them."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tournaments.models import LIGUILLA_TIEBREAK, LeagueMatch, Leg
from tournaments.vocabulary import Tiebreak

from .builders import make_tournament, play
from .factories import SeasonFactory

pytestmark = pytest.mark.django_db


def scores_only_final():
    """A final as a whole-history source gives it: scores, no scorers, no managers."""
    tournament = make_tournament(
        ["Monterrey", "América"],
        rounds=[("Final", LIGUILLA_TIEBREAK)],
        season=SeasonFactory(start_year=2019),
        name="Apertura 2019",
        slug="apertura-2019",
    )
    tournament.advance(1)
    play(tournament, "América", 1, 2, "Monterrey")
    play(tournament, "Monterrey", 1, 0, "América")
    return tournament


def tournament_tabs(client, tournament, page="tournament"):
    html = client.get(reverse(f"tournaments:{page}", kwargs=tournament.url_kwargs())).text
    menu = html.split('<nav class="subnav"')[1].split("</nav>")[0]
    return menu


# -- defect 6: a source without scorers -----------------------------------------------------


def test_a_tournament_without_scorers_has_no_goalscorers_tab(client):
    tournament = scores_only_final()
    for page in ("tournament", "bracket", "results", "regular_season"):
        assert "Goalscorers" not in tournament_tabs(client, tournament, page), page
    # Its results page says once that the source has none.
    results = client.get(reverse("tournaments:results", kwargs=tournament.url_kwargs())).text
    assert results.count("No goalscorer data for this tournament.") == 1


def test_a_tournament_with_scorers_keeps_its_goalscorers_tab(client, apertura_2011):
    for page in ("tournament", "bracket", "results"):
        assert "Goalscorers" in tournament_tabs(client, apertura_2011, page), page


def test_no_empty_manager_and_captain_columns(client, apertura_2011):
    tournament = scores_only_final()
    overview = client.get(tournament.get_absolute_url()).text
    assert "Manager" not in overview and "Captain" not in overview
    club = client.get(reverse("tournaments:team", args=["monterrey"])).text
    assert "Manager" not in club
    # Where the source names them, they are shown.
    assert "Manager" in client.get(apertura_2011.get_absolute_url()).text
    assert "Manager" in client.get(reverse("tournaments:team", args=["leon"])).text


# -- defect 11: smaller things ----------------------------------------------------------------


def spanish(name, **kwargs):
    with translation.override("es"):
        return reverse(f"tournaments:{name}", **kwargs)


def test_first_legs_are_listed_in_the_order_they_were_played(client, apertura_2011):
    """Semi-finals whose second tie opened a day before the first."""
    semis = Leg.objects.filter(tie__round__tournament=apertura_2011, tie__round__number=2)
    first_tie, second_tie = (semis.get(number=1, tie__position=p) for p in (1, 2))
    Leg.objects.filter(pk=first_tie.pk).update(date=datetime.date(2011, 11, 24))
    Leg.objects.filter(pk=second_tie.pk).update(date=datetime.date(2011, 11, 23))
    html = client.get(reverse("tournaments:results", kwargs=apertura_2011.url_kwargs())).text
    assert html.index(second_tie.get_absolute_url()) < html.index(first_tie.get_absolute_url())


def test_spanish_months_are_written_in_lower_case(client, apertura_2011):
    home, away = (entry.team for entry in apertura_2011.entries.order_by("position")[:2])
    LeagueMatch.objects.create(
        tournament=apertura_2011,
        matchday=1,
        date=datetime.date(2012, 1, 10),
        home=home,
        away=away,
        home_score=1,
        away_score=0,
    )
    html = client.get(spanish("regular_season", kwargs=apertura_2011.url_kwargs())).text
    assert "10 ene" in html and "10 Ene" not in html
    with translation.override("en"):
        english = reverse("tournaments:regular_season", kwargs=apertura_2011.url_kwargs())
    assert "10 Jan" in client.get(english).text


def test_a_single_bye_is_the_top_seed_not_one_of_the_best(client, apertura_2011):
    html = client.get(spanish("bracket", kwargs=apertura_2011.url_kwargs())).text
    assert "por ser el mejor sembrado" in html
    assert "de los mejores sembrados" not in html


def test_a_shoot_out_is_written_winner_first_wherever_it_appears(client):
    """Pumas 1–1 América in the second leg, América through 3–2 on penalties."""
    tournament = make_tournament(
        ["Pumas", "América"],
        rounds=[("Final", [Tiebreak.AGGREGATE, Tiebreak.EXTRA_TIME, Tiebreak.PENALTIES])],
        season=SeasonFactory(start_year=2020),
        name="Guard1anes 2020",
        slug="guardianes-2020",
    )
    tournament.advance(1)
    play(tournament, "América", 0, 0, "Pumas")
    leg = play(
        tournament,
        "Pumas",
        1,
        1,
        "América",
        extra_time=(0, 0),
        penalties=(2, 3),
    )
    html = client.get(leg.get_absolute_url()).text
    assert "Penalties: América 3–2" in html
    assert "2–3" not in html


def test_english_pages_say_standings(client, apertura_2011):
    kw = apertura_2011.url_kwargs()
    for name in ("tournament", "regular_season", "bracket"):
        html = client.get(reverse(f"tournaments:{name}", kwargs=kw)).text
        assert "general table" not in html.lower(), name
    assert (
        '<h2 id="table-heading">Standings</h2>'
        in client.get(reverse("tournaments:regular_season", kwargs=kw)).text
    )


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_focus_ring_on_the_green_header_has_3_to_1_contrast():
    """WCAG 2.2, 1.4.11: a focus indicator 3:1 against what is next to it; the header is a
    gradient between the two greens."""
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    rule = re.search(r"\.site-header :focus-visible \{[^}]*outline-color: var\(--(\w+)\)", css)
    assert rule, "the header's focusable elements have their own ring colour"
    ring = colours[rule.group(1)]
    for green in (colours["pitch"], colours["pitch-dark"]):
        assert contrast(ring, green) >= 3, (ring, green)
    # What the page's own ring gives on the green: why the header needs its own.
    assert contrast(colours["focus"], colours["pitch"]) < 3


def test_the_regular_season_has_a_way_to_jump_to_a_matchday(client, apertura_2011):
    teams = [entry.team for entry in apertura_2011.entries.order_by("position")[:3]]
    for day, (home, away) in enumerate(zip(teams, teams[1:] + teams[:1], strict=True), start=1):
        LeagueMatch.objects.create(
            tournament=apertura_2011, matchday=day, home=home, away=away, home_score=1, away_score=1
        )
    html = client.get(reverse("tournaments:regular_season", kwargs=apertura_2011.url_kwargs())).text
    nav = html.split('<nav class="matchday-jump"')[1].split("</nav>")[0]
    assert [f"#matchday-{day}" for day in (1, 2, 3)] == re.findall(r'href="([^"]+)"', nav)
    for day in (1, 2, 3):
        assert f'id="matchday-{day}"' in html
