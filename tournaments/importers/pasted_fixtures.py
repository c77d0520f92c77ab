"""A round's schedule as staff paste it into the admin: one match a line, with its date,
kick-off time (optional) and venue (optional), in the order and wording of whatever the
league or a newspaper published:

    Toluca v América, 2025-11-26 19:00, Estadio Nemesio Díez
    Mié 26/11 21:05 Cruz Azul - Pumas (Estadio Olímpico Universitario)
    jueves 27 de noviembre, 19:00 h: Tigres vs. Monterrey, Estadio Universitario
    Nov 29, 7:00 pm  León – Pachuca

Pure parsing, no Django (as pasted.py): the rows, or PasteError naming the line. The
admin matches each row's clubs to a match of the round (models: Round.schedule_legs).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from .pasted import PasteError


@dataclass(frozen=True)
class PastedFixture:
    home: str
    away: str
    date: datetime.date
    time: datetime.time | None  # None: the kick-off time is not known yet
    venue: str
    line: int


MONTHS = {
    "ene": 1, "enero": 1, "jan": 1, "january": 1,
    "feb": 2, "febrero": 2, "february": 2,
    "mar": 3, "marzo": 3, "march": 3,
    "abr": 4, "abril": 4, "apr": 4, "april": 4,
    "may": 5, "mayo": 5,
    "jun": 6, "junio": 6, "june": 6,
    "jul": 7, "julio": 7, "july": 7,
    "ago": 8, "agosto": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "septiembre": 9, "setiembre": 9, "september": 9,
    "oct": 10, "octubre": 10, "october": 10,
    "nov": 11, "noviembre": 11, "november": 11,
    "dic": 12, "diciembre": 12, "dec": 12, "december": 12,
}  # fmt: skip
MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAYS = (
    r"(?:lunes|martes|miercoles|jueves|viernes|sabado|domingo|lun|mar|mie|jue|vie|sab|dom"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)"
)

WEEKDAY = re.compile(rf"^{WEEKDAYS}\b\.?\s*")

DATES = [
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})(?:[/.-](?P<year>\d{4}|\d{2}))?\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?:de\s+)?{MONTH}(?:\s+(?:de\s+)?(?P<year>\d{{4}}))?\b"),
    re.compile(rf"\b{MONTH}\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?\b"),
]
TIMES = [
    # 7 pm, 7:30 p.m., 7.30pm
    re.compile(r"\b(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\b\.?"),
    # 19:00, 19.00, 19h30 (an "h" or "hrs" after it is part of it)
    re.compile(r"\b(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})\b(?:\s*h(?:rs?|oras)?\b\.?)?"),
    # 19 h, 19hrs
    re.compile(r"\b(?P<hour>\d{1,2})\s*h(?:rs?|oras)?\b\.?"),
]
# Between the two clubs: v, vs, vs., contra, or a dash with spaces around it.
VERSUS = re.compile(r"\s+(?:v|vs\.?|contra)\s+|\s+[-–—]\s+", re.IGNORECASE)
PARENTHESES = re.compile(r"\(([^)]*)\)")
PARTS = re.compile(r"\s*[,;|\t]\s*|:\s+")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def season_year(month: int, season_start_year: int) -> int:
    """A date written without its year is in the season's first year from July, in its
    second before (a Mexican season runs from July to June)."""
    return season_start_year if month >= 7 else season_start_year + 1


def _find_date(folded: str, number: int, season_start_year: int):
    """The first date written in one of DATES' ways that is a real date (a time such as
    "19.00" reads like a day and a month: it is passed over), and where it is."""
    wrong = None
    for pattern in DATES:
        for match in pattern.finditer(folded):
            month = match["month"]
            month = int(month) if month.isdigit() else MONTHS[month.rstrip(".")]
            year = match["year"]
            if year is None:
                year = season_year(month, season_start_year) if 1 <= month <= 12 else 2000
            else:
                year = int(year) + (2000 if len(year) == 2 else 0)
            try:
                return datetime.date(year, month, int(match["day"])), match.span()
            except ValueError:
                wrong = wrong or match[0]
    if wrong:
        raise PasteError(number, "fixture_bad_date", text=wrong)
    raise PasteError(number, "fixture_date")


def _find_time(folded: str, number: int):
    for pattern in TIMES:
        match = pattern.search(folded)
        if not match:
            continue
        groups = match.groupdict()
        hour, minute = int(groups["hour"]), int(groups.get("minute") or 0)
        ampm = groups.get("ampm")
        if ampm == "p" and hour < 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            raise PasteError(number, "fixture_bad_time", text=match[0].strip())
        return datetime.time(hour, minute), match.span()
    return None, None


def _blank(text: str, span) -> str:
    """The text with `span` replaced by a separator (positions are kept for the rest)."""
    start, end = span
    return text[:start] + "," + " " * (end - start - 1) + text[end:]


def parse_fixtures(text: str, season_start_year: int) -> list[PastedFixture]:
    """One match a line: the two clubs (home first) with v, vs, contra or a spaced dash
    between them; a date (2025-11-26, 26/11/2025, 26/11, 26 nov, 26 de noviembre,
    Nov 26); optionally a kick-off time (19:00, 19.00, 19 h, 7:00 pm) and a venue (after
    a comma or in parentheses). A weekday is ignored; blank lines and lines starting with
    # are skipped. A date without its year is in the season (season_year)."""
    fixtures = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line or line.startswith("#"):
            continue
        venues = [v.strip() for v in PARENTHESES.findall(line) if v.strip()]
        line = PARENTHESES.sub(",", line)
        # Matching runs on the folded text (same length for Spanish letters), cutting
        # from the line as written so names keep their accents.
        folded = _fold(line)
        if len(folded) != len(line):
            folded = line.casefold()
        date, span = _find_date(folded, number, season_start_year)
        line, folded = _blank(line, span), _blank(folded, span)
        time, span = _find_time(folded, number)
        if span:
            line, folded = _blank(line, span), _blank(folded, span)
        teams, rest = None, []
        for part in PARTS.split(line):
            part = part.strip(" .")
            weekday = WEEKDAY.match(_fold(part))
            if weekday:
                part = part[weekday.end() :]
            if not part:
                continue
            sides = VERSUS.split(part)
            if teams is None and len(sides) == 2 and all(s.strip() for s in sides):
                teams = [s.strip(" .") for s in sides]
            else:
                rest.append(part)
        if teams is None:
            raise PasteError(number, "fixture_teams", text=raw.strip())
        venue = (venues + rest)[0] if venues or rest else ""
        fixtures.append(
            PastedFixture(
                home=teams[0], away=teams[1], date=date, time=time, venue=venue, line=number
            )
        )
    return fixtures
