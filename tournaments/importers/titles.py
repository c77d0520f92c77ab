"""Read a list of league champions (data/titles/*.toml) into plain records.

Pure, like the other parsers (no Django import): the file in, a ParsedTitles out, or a
TitleListError naming the file, the entry and what is wrong. The loader
(importers/titles_loader.py) writes it. The format is described in the files themselves
and in docs/import-formats.md ("Lists of champions").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

NO_CHAMPION_REASONS = ("cancelled",)
# Counting choices a list states where published tables differ (models ParsedTitles.NOTES).
NOTES = ("professional-era", "special-tournaments")


class TitleListError(ValueError):
    pass


@dataclass(frozen=True)
class TitleRecord:
    number: int  # the entry's position in the file, 1 first
    season: str
    champion: str
    source: str
    tournament: str = ""  # the site's name for the same tournament, when it differs
    no_champion: str = ""
    special: bool = False  # a one-off tournament played in place of a season


@dataclass
class ParsedTitles:
    path: str
    competition: str  # the site competition's slug
    label: str
    since: str
    notes: list[str] = field(default_factory=list)
    titles: list[TitleRecord] = field(default_factory=list)


def parse_title_list(path: str | Path) -> ParsedTitles:
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TitleListError(f"{path}: cannot read it ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TitleListError(f"{path}: not a TOML file: {exc}") from exc
    head = {}
    for key in ("competition", "label", "since"):
        value = document.get(key)
        if not isinstance(value, str) or not value.strip():
            raise TitleListError(f"{path}: `{key}` is missing (a string)")
        head[key] = value.strip()
    notes = document.get("notes", [])
    if not isinstance(notes, list) or any(note not in NOTES for note in notes):
        raise TitleListError(f"{path}: `notes` should list some of: {', '.join(NOTES)}")
    head["notes"] = notes
    entries = document.get("title")
    if not isinstance(entries, list) or not entries:
        raise TitleListError(f"{path}: no [[title]] entries")
    titles = [_entry(path, number, entry) for number, entry in enumerate(entries, start=1)]
    seen: dict[str, int] = {}
    for record in titles:
        if record.season in seen:
            raise TitleListError(
                f"{path}: title {record.number} ({record.season}): the same season as "
                f"title {seen[record.season]}"
            )
        seen[record.season] = record.number
    return ParsedTitles(path=str(path), titles=titles, **head)


def _entry(path, number, entry) -> TitleRecord:
    where = f"{path}: title {number}"
    if not isinstance(entry, dict):
        raise TitleListError(f"{where}: expected a table")
    values = {}
    for key in ("season", "champion", "source", "tournament", "no_champion"):
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise TitleListError(f"{where}: `{key}` should be a string, got {value!r}")
        values[key] = value.strip()
    special = entry.get("special", False)
    if not isinstance(special, bool):
        raise TitleListError(f"{where}: `special` should be true or false, got {special!r}")
    unknown = sorted(set(entry) - set(values) - {"special"})
    if unknown:
        raise TitleListError(f"{where}: unknown key {', '.join(unknown)}")
    if not values["season"]:
        raise TitleListError(f"{where}: `season` is missing")
    where = f"{where} ({values['season']})"
    if values["no_champion"]:
        if values["no_champion"] not in NO_CHAMPION_REASONS:
            known = ", ".join(NO_CHAMPION_REASONS)
            raise TitleListError(f"{where}: `no_champion` should be one of: {known}")
        if values["champion"]:
            raise TitleListError(f"{where}: a champion and `no_champion` both given")
    elif not values["champion"]:
        raise TitleListError(f"{where}: `champion` is missing")
    source = urlsplit(values["source"])
    if source.scheme not in ("http", "https") or not source.netloc:
        raise TitleListError(f"{where}: `source` should be the address of a web page")
    return TitleRecord(number=number, special=special, **values)
