"""A round's schedule pasted into the admin, as leagues and newspapers write it
(importers/pasted_fixtures.py): tolerant of wording, strict on dates and times."""

import pytest

from tournaments.importers.pasted import PasteError
from tournaments.importers.pasted_fixtures import parse_fixtures, season_year


def one(line, season=2025):
    (fixture,) = parse_fixtures(line, season)
    time = fixture.time.strftime("%H:%M") if fixture.time else None
    return fixture.home, fixture.away, fixture.date.isoformat(), time, fixture.venue


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Toluca v América, 2025-11-26 19:00, Estadio Nemesio Díez",
            ("Toluca", "América", "2025-11-26", "19:00", "Estadio Nemesio Díez"),
        ),
        (
            "Mié 26/11 21:05 Cruz Azul - Pumas (Estadio Olímpico Universitario)",
            ("Cruz Azul", "Pumas", "2025-11-26", "21:05", "Estadio Olímpico Universitario"),
        ),
        (
            "jueves 27 de noviembre, 19:00 h: Tigres vs. Monterrey, Estadio Universitario",
            ("Tigres", "Monterrey", "2025-11-27", "19:00", "Estadio Universitario"),
        ),
        ("Nov 29, 7:00 pm  León – Pachuca", ("León", "Pachuca", "2025-11-29", "19:00", "")),
        (
            "Sábado 30.11.2025 20.10 Santos Laguna vs Atlas",
            ("Santos Laguna", "Atlas", "2025-11-30", "20:10", ""),
        ),
        ("Necaxa contra Tijuana 3 dic 19 h", ("Necaxa", "Tijuana", "2025-12-03", "19:00", "")),
        # No time yet: the date alone.
        ("Puebla v Mazatlán, 4 de diciembre", ("Puebla", "Mazatlán", "2025-12-04", None, "")),
        # A Clausura's Liguilla, in May: the season's second year.
        ("América - Cruz Azul 26/05 20:00", ("América", "Cruz Azul", "2026-05-26", "20:00", "")),
        # A time before the date that reads like a day and a month is passed over.
        ("19.00 26/11 Toluca v América", ("Toluca", "América", "2025-11-26", "19:00", "")),
        (
            "Atlético San Luis v Juárez\t2025-11-22\t17:00",
            ("Atlético San Luis", "Juárez", "2025-11-22", "17:00", ""),
        ),
    ],
)
def test_schedules_as_leagues_and_newspapers_write_them(line, expected):
    assert one(line) == expected


def test_blank_lines_and_comments_are_skipped_and_lines_numbered():
    text = "# Cuartos de final, ida\n\nToluca v América, 26/11 19:00\nPumas v Cruz Azul, 27/11\n"
    fixtures = parse_fixtures(text, 2025)
    assert [(f.home, f.line) for f in fixtures] == [("Toluca", 3), ("Pumas", 4)]


def test_season_year_follows_the_mexican_calendar():
    assert (season_year(7, 2025), season_year(12, 2025), season_year(1, 2025)) == (2025, 2025, 2026)


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Toluca v América", "fixture_date"),
        ("Toluca v América 31/11/2025", "fixture_bad_date"),
        ("Toluca v América 26/11 25:00", "fixture_bad_time"),
        ("Toluca América 26/11 19:00", "fixture_teams"),
    ],
)
def test_a_line_that_cannot_be_read_is_named(line, code):
    with pytest.raises(PasteError) as error:
        parse_fixtures(f"\n{line}", 2025)
    assert (error.value.line, error.value.code) == (2, code)
