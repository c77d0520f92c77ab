"""Lists staff paste into the admin: a squad (one player a line) and a general table (one
team a line). Pure parsing, no Django: each returns its rows, or raises PasteError naming
the line. The admin writes the rows through the models (Tournament.register_squad,
Tournament.start_with_table)."""

from __future__ import annotations

import re
from dataclasses import dataclass


class PasteError(ValueError):
    """What is wrong, as a code and its values: the admin words it in the staff's language."""

    def __init__(self, line: int, code: str, **params):
        self.line, self.code, self.params = line, code, params
        super().__init__(f"line {line}: {code} {params}")


@dataclass(frozen=True)
class PastedPlayer:
    name: str
    nationality: str  # "" when not given
    line: int


@dataclass(frozen=True)
class PastedTableRow:
    position: int
    team: str
    won: int
    drawn: int
    lost: int
    goals_for: int
    goals_against: int
    points: int | None  # as stated, checked against 3W + D
    line: int


SEPARATORS = re.compile(r"\s*[,;\t]\s*")
NATIONALITY = re.compile(r"^[A-Za-z]{3}$")
# "Luciano Emílio (BRA)" as well as "Luciano Emílio, BRA".
BRACKETED = re.compile(r"^(?P<name>.+?)\s*\((?P<code>[A-Za-z]{3})\)$")
LEADING_NUMBER = re.compile(r"^\d+\s*[.)]?\s+")


def _lines(text: str):
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.replace("\t", ",").split()) if raw.strip() else ""
        if line and not line.startswith("#"):
            yield number, raw.strip()


def parse_squad(text: str) -> list[PastedPlayer]:
    """One player a line: "Name", "Name, MEX" or "Name (MEX)"; a leading shirt number
    ("9 Name") is ignored; blank lines and lines starting with # are skipped. A name
    listed twice (ignoring case) is an error."""
    players, seen = [], {}
    for number, line in _lines(text):
        line = LEADING_NUMBER.sub("", line)
        bracketed = BRACKETED.match(line)
        if bracketed:
            name, code = bracketed["name"], bracketed["code"]
        else:
            parts = SEPARATORS.split(line)
            if len(parts) > 2:
                raise PasteError(number, "squad_columns", text=line)
            name, code = parts[0], parts[1] if len(parts) == 2 else ""
        name = " ".join(name.split())
        if code and not NATIONALITY.match(code):
            raise PasteError(number, "nationality", value=code)
        key = name.casefold()
        if key in seen:
            raise PasteError(number, "duplicate", name=name, first=seen[key])
        seen[key] = number
        players.append(PastedPlayer(name=name, nationality=code.upper(), line=number))
    return players


def parse_table(text: str) -> list[PastedTableRow]:
    """One team a line, best first: "Team, W, D, L, GF, GA" and optionally the points
    ("…, Pts"); commas, semicolons or tabs separate the columns, and a leading position
    ("1. León, …") is allowed. The line order is the table position."""
    rows = []
    for number, line in _lines(text):
        line = LEADING_NUMBER.sub("", line)
        parts = SEPARATORS.split(line)
        if len(parts) not in (6, 7):
            raise PasteError(number, "table_columns", text=line)
        team, *numbers = parts
        if not all(value.lstrip("-").isdigit() for value in numbers):
            raise PasteError(number, "numbers", text=line)
        values = [int(value) for value in numbers]
        if any(value < 0 for value in values[:5]):
            raise PasteError(number, "numbers", text=line)
        won, drawn, lost, goals_for, goals_against = values[:5]
        rows.append(
            PastedTableRow(
                position=len(rows) + 1,
                team=team,
                won=won,
                drawn=drawn,
                lost=lost,
                goals_for=goals_for,
                goals_against=goals_against,
                points=values[5] if len(values) == 6 else None,
                line=number,
            )
        )
    return rows
