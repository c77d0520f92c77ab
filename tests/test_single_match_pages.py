"""A single-match round (the play-in, the reclassification, the Liga de Expansión's Round 1)
is shown as one match: one score, no empty second leg, no aggregate, on the bracket, the
results, the overview and the match page. The tournament is the football.txt fixture of
the 2023 Apertura: Santos 0–0 Tijuana in play-in round 1, Tijuana through on penalties."""

import re

import pytest
from django.utils import translation

from tests.importers.conftest import run_import
from tests.importers.test_import_footballtxt import NEW
from tournaments import display
from tournaments.models import Tie, Tournament

pytestmark = pytest.mark.django_db


@pytest.fixture
def apertura_2023():
    run_import(NEW)
    return Tournament.objects.get(slug="apertura-2023")


def tie_article(html, higher, lower):
    """The bracket's <article> of one tie."""
    match = re.search(
        rf'<article class="tie[^"]*" aria-label="{higher} – {lower}">(.*?)</article>', html, re.S
    )
    assert match, f"no tie {higher} – {lower} on the page"
    return match.group(0)


def get(client, obj, suffix=""):
    """The English page of `obj` (a tournament's page under it with `suffix`)."""
    with translation.override("en"):
        response = client.get(obj.get_absolute_url() + suffix)
    assert response.status_code == 200
    return response.content.decode()


def test_bracket_shows_a_play_in_match_with_one_score_and_a_match_link(client, apertura_2023):
    html = get(client, apertura_2023, "bracket/")
    play_in = tie_article(html, "Santos", "Tijuana")
    assert "single" in play_in.split(">")[0]
    assert "L2" not in play_in and "Agg" not in play_in and "–</td>" not in play_in
    assert len(re.findall(r'<td class="agg">', play_in)) == 2  # one score per team
    assert ">Match</a>" in play_in and "1st leg" not in play_in
    assert "on penalties 5–3" in play_in
    quarter_final = tie_article(html, "América", "Atlas")
    assert "L2" in quarter_final and ">2nd leg</a>" in quarter_final


def test_results_list_a_single_match_without_a_leg_heading_or_aggregate(client, apertura_2023):
    html = get(client, apertura_2023, "results/")
    play_in = html[html.index("Play-in round 1") : html.index("Quarter-finals")]
    assert "1st leg" not in play_in and "aggregate" not in play_in
    assert "Tijuana won 5–3 on penalties after a 0–0 draw" in play_in
    quarter_finals = html[html.index("Quarter-finals") :]
    assert "1st leg" in quarter_finals and "on aggregate" in quarter_finals


def test_overview_says_a_single_match_is_one_match_at_the_higher_seeds_ground(
    client, apertura_2023
):
    html = get(client, apertura_2023)
    assert (
        "Play-in round 1:</strong> one match at the higher seed’s ground, decided by the "
        "score of the match, then a penalty shoot-out." in html
    )
    assert "both legs" in html  # the quarter-finals still are two legs


def test_match_page_of_a_single_match_is_called_match(client, apertura_2023):
    tie = Tie.objects.get(
        round__tournament=apertura_2023, round__number=1, lower_seed__name="Tijuana"
    )
    html = get(client, tie.first_leg)
    assert "Play-in round 1 · Match" in html
    assert "1st leg" not in html


@pytest.mark.parametrize(
    "winner, decided_by, line",
    [
        ("Tijuana", "penalties", "Tijuana won 5–3 on penalties after a 0–0 draw"),
        ("Atlas", "aggregate", "Atlas won 2–0"),
    ],
)
def test_single_match_outcome_lines(apertura_2023, winner, decided_by, line):
    tie = next(
        t
        for t in Tie.objects.filter(round__tournament=apertura_2023, round__legs=1)
        if t.winner.name == winner and t.decided_by == decided_by
    )
    assert display.outcome(tie) == line
    assert [len(row.legs) for row in display.tie_lines(tie)] == [0, 0]


def seed_of(article, team):
    match = re.search(rf'<td class="seed">(\d*)</td>\s*<th[^>]*><a[^>]*>{team}<', article)
    assert match, f"no line for {team}"
    return match.group(1)


def test_after_the_play_in_the_labels_are_its_seeds_not_table_places(client, apertura_2023):
    """Defect 1. León, 8th, won 7 v 8 and is seed 7; Atlas, 7th, lost it but won the
    second play-in match and is seed 8: the quarter-finals read 1 América – 8 Atlas and
    2 Cruz Azul – 7 León. The play-in's own boxes show the table places."""
    html = get(client, apertura_2023, "bracket/")
    play_in = tie_article(html, "Atlas", "León")
    assert (seed_of(play_in, "Atlas"), seed_of(play_in, "León")) == ("7", "8")
    america = tie_article(html, "América", "Atlas")
    assert (seed_of(america, "América"), seed_of(america, "Atlas")) == ("1", "8")
    cruz_azul = tie_article(html, "Cruz Azul", "León")
    assert (seed_of(cruz_azul, "Cruz Azul"), seed_of(cruz_azul, "León")) == ("2", "7")
    leg = Tie.objects.get(
        round__tournament=apertura_2023, higher_seed__name="Cruz Azul", lower_seed__name="León"
    ).legs.get(number=1)
    match_page = tie_article(get(client, leg), "Cruz Azul", "León")
    assert seed_of(match_page, "León") == "7"


def test_the_match_page_shows_the_half_time_score_and_the_score_once(client, apertura_2023):
    """Defect 7: football.txt's `Atlas Guadalajara 0-1 (0-1) CF America`: the half-time
    score is shown, and the final score once, in the page's heading."""
    leg = Tie.objects.get(
        round__tournament=apertura_2023, higher_seed__name="América", lower_seed__name="Atlas"
    ).legs.get(number=1)
    html = get(client, leg)
    main = html[html.index("<main") : html.index("</main>")]
    assert '<p class="half-time">Half time: 0–1</p>' in main
    assert main.count(">0–1<") == 1 and 'class="big-score">0–1<' in main
