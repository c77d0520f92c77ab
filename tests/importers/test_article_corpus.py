"""Articles nobody wrote the reader for: each article of the corpus (tests/importers/
articles/, written from scratch in the styles of 2008–2015 Liguilla articles) imports
without edits, with exactly the warnings its unreadable or incomplete lines deserve; a
wrong fact in any of them is still FILE:LINE and nothing written."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tournaments.models import Competition, Round, Season, Tie, Tournament

from .conftest import APERTURA_2011, CLAUSURA_2012, row_counts, run_import

pytestmark = pytest.mark.django_db

ARTICLES = CLAUSURA_2012.parent / "articles"
PRIMERA_2012 = ARTICLES / "2012-primera-division-clausura.txt"
LIGA_MX_2013 = ARTICLES / "2013-liga-mx-clausura-semifinals.txt"
ASCENSO_2009 = ARTICLES / "2009-ascenso-apertura-nested-headings.txt"
PROMOTIONAL = ARTICLES / "2011-12-ascenso-promotional-final.txt"
ASCENSO_2012 = ARTICLES / "2012-ascenso-clausura-final-phase.txt"

AWAY_THEN_TABLE = ["aggregate", "away_goals", "table_position"]
LIGUILLA = ["aggregate", "table_position"]
CUP_FINAL = ["aggregate", "extra_time", "penalties"]


def line_of(path, fragment):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


# (article, summary, rounds and their tiebreaks, warnings as (line containing, words))
CORPUS = [
    (
        APERTURA_2011,
        "liga-de-ascenso/2011-12/apertura-2011: 7 teams, 12 legs, 34 goals, "
        "champion Correcaminos, 2nd title",
        {"Quarter-finals": LIGUILLA, "Semi-finals": LIGUILLA, "Final": LIGUILLA},
        [],
    ),
    (
        PRIMERA_2012,
        "primera-division-de-mexico/2011-12/clausura-2012: 8 teams, 14 legs, 29 goals, "
        "champion Santos Laguna, 4th title",
        {"Quarter-finals": AWAY_THEN_TABLE, "Semi-finals": AWAY_THEN_TABLE, "Final": CUP_FINAL},
        [
            ("Santos Laguna 1–1 Morelia", "scorers incomplete (1 of 2 named)"),
            (
                "Top goal scorer",
                "top scorer Oribe Peralta: the source says 6, the match lines name 5 "
                "(Santos Laguna has unnamed goals; not all named in Santos Laguna 1–1 "
                "Morelia (line 101)); the site counts the goals the match lines name",
            ),
            ("- MEX Oribe Peralta", "the list says 6 goals, the match lines give 5"),
        ],
    ),
    (
        LIGA_MX_2013,
        "liga-mx/2012-13/clausura-2013: 4 teams, 6 legs, 12 goals, champion América, 11th title",
        {"Semi-finals": LIGUILLA, "Final": CUP_FINAL},
        [],
    ),
    (
        ASCENSO_2009,
        "liga-de-ascenso/2009-10/apertura-2009: 4 teams, 6 legs, 13 goals, champion Irapuato",
        {"Semi-finals": LIGUILLA, "Final": CUP_FINAL},
        [("==Broadcasting rights==", "section 'Broadcasting rights' is neither a round")],
    ),
    (
        ASCENSO_2012,
        "liga-de-ascenso/2011-12/clausura-2012: 8 teams, 14 legs, 29 goals, champion León",
        {"Quarter-finals": LIGUILLA, "Semi-finals": LIGUILLA, "Final": CUP_FINAL},
        [],
    ),
    (
        PROMOTIONAL,
        "liga-de-ascenso/2011-12/promotional-final: 2 teams, 2 legs, 6 goals, champion León",
        {"Promotional final": CUP_FINAL},
        [],
    ),
]


@pytest.mark.parametrize(
    "path,summary,rounds,warnings",
    CORPUS,
    ids=[case[0].stem for case in CORPUS],
)
def test_article_imports_without_edits(path, summary, rounds, warnings):
    run = run_import(path)
    assert summary in run.stdout
    tournament = Tournament.objects.get()
    assert {r.name: r.tiebreak for r in Round.objects.filter(tournament=tournament)} == rounds
    expected = [f"warning: {path}:{line_of(path, line)}: " for line, _words in warnings]
    assert run.stderr.count("warning: ") == len(warnings), run.stderr
    for where, (_line, words) in zip(expected, warnings, strict=True):
        assert f"{where}" in run.stderr and words in run.stderr, run.stderr
    before = row_counts()
    assert "(nothing changed)" in run_import(path).stdout
    assert row_counts() == before


# (case, the tie's higher seed, round, winner, decided_by, aggregate)
PRIMERA_2012_TIES = [
    ("morelia_beat_monterrey_on_away_goals", "Monterrey", 1, "Morelia", "away_goals", (3, 3)),
    ("guadalajara_over_pachuca_on_table_position", "Guadalajara", 1, "Guadalajara",
     "table_position", (1, 1)),
    ("tigres_over_america_on_away_goals", "Tigres UANL", 1, "Tigres UANL", "away_goals", (2, 2)),
    ("guadalajara_over_tigres_on_away_goals", "Guadalajara", 2, "Guadalajara", "away_goals",
     (1, 1)),
    ("santos_win_the_final_on_penalties", "Santos Laguna", 3, "Santos Laguna", "penalties",
     (3, 3)),
]  # fmt: skip


@pytest.mark.parametrize(
    "higher,round_number,winner,decided_by,aggregate",
    [case[1:] for case in PRIMERA_2012_TIES],
    ids=[case[0] for case in PRIMERA_2012_TIES],
)
def test_primera_division_2012_ties(higher, round_number, winner, decided_by, aggregate):
    run_import(PRIMERA_2012)
    tie = Tie.objects.get(round__number=round_number, higher_seed__name=higher)
    assert (tie.winner.name, tie.decided_by, tie.aggregate()) == (winner, decided_by, aggregate)


def test_dry_run_prints_what_it_read_and_writes_nothing():
    before = row_counts()
    run = run_import(PRIMERA_2012, dry_run=True)
    line = line_of(PRIMERA_2012, "If a quarter-final or semi-final tie")
    for printed in [
        "Primera División de México (also called Mexican Primera División)",
        f"Quarter-finals (two legs, the higher seed at home in the second): tiebreak "
        f"aggregate, away_goals, table_position (line {line})",
        f"Final (two legs, the higher seed at home in the second): tiebreak aggregate, "
        f"extra_time, penalties (line {line})",
        "Monterrey 3–3 Morelia on aggregate (Morelia ",
        "): Morelia advance on away_goals",
        "Guadalajara 1–1 Tigres UANL on aggregate (",
        "): Guadalajara advance on away_goals",
        "Santos Laguna 3–3 Guadalajara on aggregate (",
        " on penalties): Santos Laguna advance on penalties",
        "Champion: Santos Laguna",
        "3 warning(s), listed above",
        "Dry run, nothing written.",
    ]:
        assert printed in run.stdout, run.stdout
    assert f"{PRIMERA_2012}:{line_of(PRIMERA_2012, 'Top goal scorer')}: top scorer" in run.stderr
    assert row_counts() == before


def test_two_names_of_one_competition_are_an_alias(write_source):
    run_import(PRIMERA_2012)
    text = PRIMERA_2012.read_text(encoding="utf-8")
    text = text.replace(
        "= 2012 Primera División de México Clausura Liguilla =",
        "= 2012 Mexican Primera División Clausura Liguilla =",
    ).replace("- Title: Mexican Primera División", "- Title: Primera División de México")
    run = run_import(write_source(text))
    assert "(nothing changed)" in run.stdout
    assert list(Competition.objects.values_list("name", flat=True)) == [
        "Primera División de México"
    ]


def test_a_top_scorer_count_no_reading_of_the_legs_gives_is_refused(write_source):
    path = write_source(
        PRIMERA_2012.read_text(encoding="utf-8").replace("Peralta, (6 goals)", "Peralta, (7 goals)")
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert str(error.value).startswith(f"{path}:{line_of(path, 'Top goal scorer')}: ")
    assert "top scorer(s): the source says Oribe Peralta (7)" in str(error.value)
    assert row_counts()["Tournament"] == 0


def test_an_unknown_prose_line_in_a_round_is_a_warning_naming_it(write_source, apertura_text):
    text = apertura_text.replace(
        "León advanced 3 – 0 on aggregate",
        "León advanced 3 – 0 on aggregate\nThe second half was delayed by rain.",
    )
    path = write_source(text)
    run = run_import(path)
    line = line_of(path, "delayed by rain")
    assert f"warning: {path}:{line}: line not understood in Quarter-finals" in run.stderr
    assert Tournament.objects.get().summary().champion.name == "Correcaminos"


def test_an_unknown_infobox_field_is_a_warning(write_source, apertura_text):
    path = write_source(
        apertura_text.replace("- Country: Mexico", "- Country: Mexico\n- Mascot: Tuzo")
    )
    run = run_import(path)
    assert f"{path}:{line_of(path, 'Mascot')}: infobox field 'Mascot' is not one" in run.stderr


@pytest.fixture
def spanish_catalogue():
    """The compiled Spanish catalogue, active, as on a server whose default is Spanish."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    call_command("compilemessages", locale=["es"], verbosity=0)
    trans_real._translations, trans_real._default, trans_real._active = {}, None, Local()
    with translation.override("es"):
        assert translation.gettext("This round has no extra time.") != (
            "This round has no extra time."
        )
        yield


def test_messages_stay_english_when_the_active_language_is_spanish(
    spanish_catalogue, write_source, apertura_text
):
    # Extra time in a round whose rules have none: the leg's own validation refuses it.
    path = write_source(
        apertura_text.replace("León 2 - 0 Irapuato", "León 2 - 0 Irapuato (a.e.t.)")
    )
    with pytest.raises(CommandError) as error:
        run_import(path)
    assert "This round has no extra time." in str(error.value)
    assert translation.get_language() == "es"


# -- the promotional final -----------------------------------------------------------------


def promotional(write_source, old="León", new="León"):
    return write_source(PROMOTIONAL.read_text(encoding="utf-8").replace(old, new), "final.txt")


def test_a_promotional_final_stands_alone_without_its_tournaments():
    run_import(PROMOTIONAL)
    final = Tournament.objects.get()
    assert (final.kind, final.slug, final.season.name) == ("promotional_final", "promotional-final",
                                                           "2011–12")  # fmt: skip
    assert [e.team.name for e in final.seeds()] == ["León", "Correcaminos"]
    tie = Tie.objects.get()
    assert (tie.winner.name, tie.decided_by, tie.aggregate()) == ("León", "aggregate", (5, 1))
    assert final.season.promotion().status == "pending"  # no Apertura or Clausura here


def test_a_promotional_final_is_checked_against_the_apertura_present():
    run_import(APERTURA_2011, PROMOTIONAL)
    season = Season.objects.get()
    assert season.promotional_final().champion().name == "León"
    assert [t.name for t in season.tournaments.all()] == ["Apertura 2011", "Promotional final"]


def test_a_finalist_who_did_not_win_the_apertura_is_refused(write_source):
    path = promotional(write_source, "Correcaminos", "Neza")
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(APERTURA_2011, path)
    assert str(error.value).startswith(
        f"{path}:1: Apertura 2011 was won by Correcaminos, who does not play this final "
        "(León v Neza)"
    )
    # Its prose says so twice ("Neza, winners of the Apertura 2011"; "- Neza: Apertura 2011
    # champions"): both named in the same run.
    assert str(error.value).endswith("(and 2 more, listed above)")
    assert row_counts() == before


def test_the_whole_2011_12_ascenso_season_links_its_promotional_final():
    run = run_import(APERTURA_2011, ASCENSO_2012, PROMOTIONAL)
    assert "promotional-final: 2 teams, 2 legs, 6 goals, champion León (created)" in run.stdout
    season = Season.objects.get()
    promotion = season.promotion()
    assert (promotion.status, promotion.promoted.name) == ("decided", "León")
    assert [c.name for c in promotion.champions] == ["Correcaminos", "León"]
    # Seeded by the season's tables (León 23 + 32 points, Correcaminos 27): León hosts leg 2.
    assert [e.team.name for e in promotion.final.seeds()] == ["León", "Correcaminos"]
    assert promotion.final.rounds.get().tiebreak == CUP_FINAL
    assert "(nothing changed)" in run_import(APERTURA_2011, ASCENSO_2012, PROMOTIONAL).stdout


def test_a_final_whose_home_order_breaks_the_seasons_seeding_is_refused(write_source):
    # Correcaminos (27 points over the season) cannot host the second leg against León (55).
    text = PROMOTIONAL.read_text(encoding="utf-8")
    text = text.replace("Correcaminos 1 – 2 León", "León 2 – 1 Correcaminos").replace(
        "León 3 – 0 Correcaminos", "Correcaminos 0 – 3 León"
    )
    text = text.replace(
        "  Correcaminos: Olsina 38'\n  León: 12' Britos, 67' (pen.) Peña",
        "  León: Britos 12', Peña 67' (pen.)\n  Correcaminos: 38' Olsina",
    )
    text = text.replace("  León: Britos 23', 58', Burbano 90+2'",
                        "  León: 23', 58' Britos, 90+2' Burbano")  # fmt: skip
    path = write_source(text, "final.txt")
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(APERTURA_2011, ASCENSO_2012, path)
    assert str(error.value).startswith(f"{path}:{line_of(path, 'León 2 – 1 Correcaminos')}: ")
    assert "the rules have Correcaminos at home in leg 1" in str(error.value)
    assert row_counts() == before


def test_a_final_between_clubs_other_than_the_two_champions_is_refused():
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(APERTURA_2011, CLAUSURA_2012, PROMOTIONAL)
    assert str(error.value).startswith(
        f"{PROMOTIONAL}:1: Clausura 2012 was won by América, who does not play this final "
        "(León v Correcaminos)"
    )
    assert row_counts() == before


def test_the_champions_its_prose_names_are_checked(write_source):
    text = PROMOTIONAL.read_text(encoding="utf-8").replace(
        "Correcaminos, winners of the Apertura 2011, and León, winners of the Clausura 2012",
        "León, winners of the Apertura 2011, and Correcaminos, winners of the Clausura 2012",
    )
    path = write_source(text, "final.txt")
    with pytest.raises(CommandError) as error:
        run_import(APERTURA_2011, path)
    assert str(error.value).startswith(
        f"{path}:{line_of(path, 'León, winners of the Apertura')}: León is said to have won "
        "the Apertura 2011, but Correcaminos did"
    )


def test_a_club_that_won_both_tournaments_has_no_final_to_import(write_source, apertura_text):
    clausura = write_source(
        apertura_text.replace("= 2011 Liga de Ascenso Apertura Liguilla =",
                              "= 2012 Liga de Ascenso Clausura Liguilla ="),
        "clausura.txt",
    )  # fmt: skip
    with pytest.raises(CommandError) as error:
        run_import(APERTURA_2011, clausura, PROMOTIONAL)
    assert "Correcaminos won both Apertura 2011 and Clausura 2012: promoted without a final" in (
        str(error.value)
    )


def test_a_promotional_final_article_creates_a_competition_that_promotes(write_source):
    text = (
        PROMOTIONAL.read_text(encoding="utf-8")
        .replace("2011–12 Liga de Ascenso Promotional Final", "2011–12 Primera A Promotional Final")
        .replace("- Title: Liga de Ascenso", "- Title: Primera A")
    )
    run_import(write_source(text, "final.txt"))
    competition = Competition.objects.get()
    assert (competition.name, competition.promotes) == ("Primera A", True)
    assert Season.objects.get().promotional_final().champion().name == "León"


def test_a_promotional_final_is_refused_in_a_competition_that_does_not_promote(write_source):
    run_import(APERTURA_2011)
    Competition.objects.update(season_final="")
    with pytest.raises(CommandError, match=r":1: Liga de Ascenso does not promote"):
        run_import(PROMOTIONAL)
