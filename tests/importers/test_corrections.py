"""Known mistakes of the openfootball files, corrected from data/corrections.toml: a
correction applies only where the file's line says exactly what it expects, wherever the
file is read from, and says so with FILE:LINE; a mistake nobody corrected stays an error of
the rules (or, with --accept-mismatch, a warning keeping the file's facts)."""

import datetime
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from tournaments.importers.corrections import apply_corrections, parse_corrections
from tournaments.importers.footballtxt import parse_footballtxt
from tournaments.importers.records import ImportFailed
from tournaments.models import Leg

from .conftest import DATA, run_import

BUNDLE = DATA / "openfootball-mexico"
SHIPPED = DATA / "corrections.toml"
CORRECTIONS = parse_corrections(SHIPPED.read_text(encoding="utf-8"), "data/corrections.toml")

CRUZ_AZUL_NECAXA = ("2021-22/1-ligamx.txt", 650, "3-1 pen. 3-1 a.e.t. (1-1, 0-0)")
PACHUCA_SANTOS = ("2022-23/1-ligamx.txt", 632, "4-4 pen. (4-4, 3-2)")
TIJUANA_AMERICA = ("2024-25/1-ligamx.txt", 267, "2-2 pen. (2-3, 1-0)")


def bundle_text(name):
    return (BUNDLE / name).read_text(encoding="utf-8")


def corrected(text, source="anywhere/1-ligamx.txt", corrections=CORRECTIONS):
    records = parse_footballtxt(text, source)
    apply_corrections(records, corrections)
    return records


def leg_at(records, line):
    (leg,) = [leg for r in records for rd in r.rounds for leg in rd.legs if leg.line == line]
    return leg


def warnings(records):
    return [(line, message) for r in records for line, message in r.warnings]


# -- the list ------------------------------------------------------------------------------


def test_each_shipped_correction_names_its_match_the_fact_and_its_sources():
    assert [(c.home, c.away, c.date, c.file_says, c.fact) for c in CORRECTIONS] == [
        (
            "Cruz Azul",
            "Club Necaxa",
            datetime.date(2022, 5, 7),
            "3-1 pen. 3-1 a.e.t. (1-1, 0-0)",
            "3-1 pen. (1-1, 0-0)",
        ),
        (
            "CF Pachuca",
            "Santos Laguna",
            datetime.date(2023, 5, 6),
            "4-4 pen. (4-4, 3-2)",
            "2-4 pen. (4-4, 3-2)",
        ),
        (
            "Club Tijuana",
            "CF América",
            datetime.date(2024, 11, 21),
            "2-2 pen. (2-3, 1-0)",
            "2-3 pen. (2-2, 1-0)",
        ),
    ]
    assert all(len(c.sources) >= 2 and c.sources[0].startswith("https://") for c in CORRECTIONS)
    assert [c.line for c in CORRECTIONS] == [9, 26, 42]


@pytest.mark.parametrize(
    "entry, message",
    [
        ('competition = "Liga MX"\n', "a correction without season, date, home, away"),
        (
            'competition = "Liga MX"\nseason = "2022/24"\ndate = 2023-05-06\nhome = "A"\n'
            'away = "B"\nfile_says = "1-1"\nfact = "1-0"\nsources = ["https://x"]\n',
            "season '2022/24' is not one like '2022/23'",
        ),
        (
            'competition = "Liga MX"\nseason = "2022/23"\ndate = 2023-05-06\nhome = "A"\n'
            'away = "B"\nfile_says = "4-4 pen."\nfact = "2-4 pen. (4-4)"\nsources = ["https://x"]\n',
            "file_says: '4-4 pen.': the score after 90 minutes is missing",
        ),
        (
            'competition = "Liga MX"\nseason = "2022/23"\ndate = 2023-05-06\nhome = "A"\n'
            'away = "B"\nfile_says = "1-0"\nfact = "1-0"\nsources = ["https://x"]\n',
            "file_says and fact are both '1-0'",
        ),
        (
            'competition = "Liga MX"\nseason = "2022/23"\ndate = 2023-05-06\nhome = "A"\n'
            'away = "B"\nfile_says = "1-1"\nfact = "1-0"\nsources = []\n',
            "a correction names at least one source",
        ),
    ],
)
def test_a_correction_that_is_not_one_is_named_with_the_files_line(entry, message):
    text = "# errata\n\n[[correction]]\n" + entry
    with pytest.raises(ImportFailed, match=f"^fixes.toml:3: {message}".replace("(", r"\(")):
        parse_corrections(text, "fixes.toml")


def test_a_corrections_file_that_is_not_toml_is_refused():
    with pytest.raises(ImportFailed, match="fixes.toml: not a corrections file"):
        parse_corrections("[[correction]\n", "fixes.toml")


# -- applying them (pure) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "mistake, regular, extra, shootout",
    [
        # Clausura 2022: 1–1, no extra time in the reclassification, Cruz Azul 3–1 on penalties.
        (CRUZ_AZUL_NECAXA, (1, 1), None, (3, 1)),
        # Clausura 2023: 4–4, Santos won the shoot-out 4–2 (the file: a level 4-4 one).
        (PACHUCA_SANTOS, (4, 4), None, (2, 4)),
        # Apertura 2024 play-in: 2–2, América won the shoot-out 3–2 (the file swaps them).
        (TIJUANA_AMERICA, (2, 2), None, (2, 3)),
    ],
)
def test_each_known_mistake_is_corrected_and_named_with_file_and_line(
    mistake, regular, extra, shootout
):
    name, line, file_says = mistake
    records = corrected(bundle_text(name), source=f"../shared/elsewhere/{name}")
    leg = leg_at(records, line)
    assert ((leg.home_score, leg.away_score), leg.extra_time, leg.penalties) == (
        regular,
        extra,
        shootout,
    )
    assert not leg.after_extra_time
    ((where, message),) = warnings(records)
    assert where == line
    assert message.startswith(f"corrected: {file_says} → {leg.score_written} (source https://")


def test_a_line_fixed_upstream_is_not_corrected_and_the_correction_is_named_unneeded():
    name, line, file_says = TIJUANA_AMERICA
    fixed = bundle_text(name).replace(file_says, "2-3 pen. (2-2, 1-0)")
    records = corrected(fixed)
    assert leg_at(records, line).penalties == (2, 3)
    assert warnings(records) == [
        (
            line,
            "correction data/corrections.toml:42 is no longer needed: the file now says "
            "'2-3 pen. (2-2, 1-0)', the fact",
        )
    ]


def test_a_line_changed_otherwise_is_left_as_the_file_says_and_named():
    name, line, file_says = PACHUCA_SANTOS
    records = corrected(bundle_text(name).replace(file_says, "4-4 pen. (4-4, 3-1)"))
    assert leg_at(records, line).penalties == (4, 4)
    assert warnings(records) == [
        (
            line,
            "correction data/corrections.toml:26 not applied: it expects "
            "'4-4 pen. (4-4, 3-2)', the file now says '4-4 pen. (4-4, 3-1)'",
        )
    ]


def test_a_match_moved_to_another_date_leaves_the_correction_unapplied_and_named():
    name, line, _ = TIJUANA_AMERICA
    moved = bundle_text(name).replace("[Thu Nov/21]", "[Fri Nov/22]")
    records = corrected(moved)
    assert leg_at(records, line).penalties == (2, 2)
    assert warnings(records) == [
        (
            line,
            "correction data/corrections.toml:42 (Club Tijuana v CF América, 2024-11-21) not "
            "applied: the file has this match on 2024-11-22",
        )
    ]


def test_a_club_spelled_otherwise_leaves_the_correction_unapplied_and_named():
    name, line, file_says = TIJUANA_AMERICA
    text = bundle_text(name)
    renamed = text.replace(f"Club Tijuana             {file_says}", f"Xolos  {file_says}")
    records = corrected(renamed)
    assert leg_at(records, line).penalties == (2, 2)
    ((_where, message),) = warnings(records)
    assert message == (
        "correction data/corrections.toml:42 (Club Tijuana v CF América, 2024-11-21) matches "
        "no match of this file: not applied"
    )


def test_a_correction_for_a_season_not_imported_says_nothing():
    records = corrected(bundle_text("2023-24/1-ligamx.txt"))
    assert warnings(records) == []


def test_a_regular_season_result_can_be_corrected_too():
    text = (
        "= Liga MX 2021/22\n\n== Clausura\n\nMatchday 9\n[Sat Mar/5]\n"
        "  17.00  Gallos Blancos           -  Atlas Guadalajara\n"
    )
    (fix,) = parse_corrections(
        "[[correction]]\n"
        'competition = "Liga MX"\nseason = "2021/22"\ndate = 2022-03-05\n'
        'home = "Gallos Blancos"\naway = "Atlas Guadalajara"\nfile_says = "-"\n'
        'fact = "0-3"\nsources = ["https://example.org/result"]\n',
        "fixes.toml",
    )
    (record,) = corrected(text, corrections=[fix])
    (match,) = record.matches
    assert (match.home_score, match.away_score) == (0, 3)
    assert record.warnings == [
        (7, "corrected: - → 0-3 (source https://example.org/result; fixes.toml:1)")
    ]


# -- the import ----------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


def test_the_tijuana_america_play_in_imports_corrected_wherever_the_file_lies(write_source):
    name, line, file_says = TIJUANA_AMERICA
    path = write_source(bundle_text(name), "1-ligamx.txt")
    run = run_import(path)
    assert f"{path}:{line}: corrected: {file_says} → 2-3 pen. (2-2, 1-0) (source https://" in (
        run.stderr
    )
    leg = Leg.objects.get(home__name="Club Tijuana", date=datetime.date(2024, 11, 21))
    assert (leg.home_score, leg.away_score, leg.penalties_home, leg.penalties_away) == (2, 2, 2, 3)
    assert (leg.tie.winner.name, leg.tie.decided_by) == ("CF América", "penalties")


def test_without_corrections_the_known_mistake_is_an_error_naming_file_and_line(write_source):
    name, line, _ = TIJUANA_AMERICA
    path = write_source(bundle_text(name), "1-ligamx.txt")
    with pytest.raises(CommandError, match=rf"1-ligamx.txt:{line}: .*only held when the tie is"):
        run_import(path, no_corrections=True)
    assert not Leg.objects.exists()


def test_accept_mismatch_without_corrections_keeps_the_files_facts_with_a_warning(write_source):
    name, line, _ = TIJUANA_AMERICA
    path = write_source(bundle_text(name), "1-ligamx.txt")
    run = run_import(path, no_corrections=True, accept_mismatch=True)
    assert f"1-ligamx.txt:{line}: Club Tijuana 2–3 CF América" in run.stderr
    assert "corrected" not in run.stderr
    leg = Leg.objects.get(home__name="Club Tijuana", date=datetime.date(2024, 11, 21))
    assert (leg.home_score, leg.away_score, leg.penalties_home, leg.penalties_away) == (2, 3, 2, 2)


def test_a_corrections_file_named_on_the_command_line_replaces_the_shipped_one(write_source):
    name, line, _ = TIJUANA_AMERICA
    path = write_source(bundle_text(name), "1-ligamx.txt")
    empty = write_source("# nothing known\n", "fixes.toml")
    with pytest.raises(CommandError, match=rf"1-ligamx.txt:{line}: "):
        run_import(path, corrections=empty)


def test_a_missing_corrections_file_is_one_line(write_source):
    path = write_source(bundle_text(TIJUANA_AMERICA[0]), "1-ligamx.txt")
    with pytest.raises(CommandError, match=r"nowhere.toml: cannot read the file"):
        run_import(path, corrections=Path("nowhere.toml"))
