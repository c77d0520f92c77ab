"""Known mistakes of football.txt sources, corrected on import from a sourced list.

Pure, like the parsers: the corrections file's text in, `Correction` records out, and
`apply_corrections` rewrites parsed records. The rule: **a correction replaces a match's
score only where the file says exactly what the correction expects** (`file_says`). The
match is found by its content (competition, season, date, home and away club as the file
spells them), never by path or line, so the same correction serves a file wherever it is
read from. Each one applied is a warning naming FILE:LINE; a correction the file no longer
needs (upstream fixed the line, or changed it otherwise) is not applied, and a warning says
so. A mistake with no correction is still an error of the domain's rules when loading.

The list (``data/corrections.toml``), one ``[[correction]]`` table per mistake::

    [[correction]]
    competition = "Liga MX"
    season = "2022/23"                # as the file's title writes it
    date = 2023-05-06
    home = "CF Pachuca"               # as the match line spells the clubs
    away = "Santos Laguna"
    file_says = "4-4 pen. (4-4, 3-2)" # the score cell, as the file has it ("-": no result)
    fact = "2-4 pen. (4-4, 3-2)"      # the score cell as it should be
    note = "Santos won the shoot-out 4–2 (Clausura 2023 reclassification)"
    sources = ["https://…", "https://…"]
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass

from ..vocabulary import normalize_name
from .footballtxt import read_score
from .records import ImportFailed, LegRecord, MatchRecord, TournamentRecord

REQUIRED = ("competition", "season", "date", "home", "away", "file_says", "fact", "sources")
OPTIONAL = ("note",)
SEASON_RE = re.compile(r"^(?P<start>\d{4})/(?P<end>\d{2})$")
HEADER_RE = re.compile(r"^\s*\[\[\s*correction\s*\]\]")
# The same clubs and score this close to a correction's date: its match, moved.
MOVED_DAYS = 30


@dataclass
class Correction:
    source: str  # the corrections file
    line: int  # of its [[correction]] header
    competition: str
    season_start_year: int
    date: datetime.date
    home: str
    away: str
    file_says: str
    fact: str
    sources: list[str]
    note: str = ""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def label(self) -> str:
        return f"{self.home} v {self.away}, {self.date.isoformat()}"


def parse_corrections(text: str, source: str) -> list[Correction]:
    """Every correction of the file; ImportFailed naming the file and the correction's
    line for anything that is not one (a missing key, a score the importer cannot read)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(source, None, f"not a corrections file (TOML): {exc}") from exc
    unknown = set(document) - {"correction"}
    if unknown:
        raise ImportFailed(source, None, f"unknown key(s) {', '.join(sorted(unknown))}")
    tables = document.get("correction", [])
    if not isinstance(tables, list):
        raise ImportFailed(source, None, "corrections are [[correction]] tables")
    lines = [n for n, raw in enumerate(text.splitlines(), start=1) if HEADER_RE.match(raw)]
    return [
        _correction(table, source, line)
        for table, line in zip(tables, lines + [None] * len(tables), strict=False)
    ]


def _correction(table: dict, source: str, line: int | None) -> Correction:
    def fail(message):
        raise ImportFailed(source, line, message)

    missing = [key for key in REQUIRED if key not in table]
    if missing:
        fail(f"a correction without {', '.join(missing)}")
    unknown = set(table) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    season = SEASON_RE.match(str(table["season"]))
    if not season or (int(season["start"]) + 1) % 100 != int(season["end"]):
        fail(f"season {table['season']!r} is not one like '2022/23'")
    date = table["date"]
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        fail(f"date {date!r} is not a date like 2023-05-06")
    for key in ("file_says", "fact"):
        if key == "file_says" and str(table[key]).strip() == "-":
            continue  # a match the file gives no result
        try:
            read_score(str(table[key]))
        except ValueError as exc:
            fail(f"{key}: {exc}")
    file_says, fact = (" ".join(str(table[k]).split()) for k in ("file_says", "fact"))
    if file_says == fact:
        fail(f"file_says and fact are both {fact!r}")
    sources = table["sources"]
    if isinstance(sources, str):
        sources = [sources]
    if not sources or not all(isinstance(s, str) and s.strip() for s in sources):
        fail("a correction names at least one source")
    return Correction(
        source=source,
        line=line,
        competition=str(table["competition"]),
        season_start_year=int(season["start"]),
        date=date,
        home=str(table["home"]),
        away=str(table["away"]),
        file_says=file_says,
        fact=fact,
        sources=list(sources),
        note=str(table.get("note", "")),
    )


# --------------------------------------------------------------------------------------
# Applying them
# --------------------------------------------------------------------------------------


def _items(record: TournamentRecord):
    yield from record.matches
    for round_ in record.rounds:
        yield from round_.legs


def apply_corrections(records: list[TournamentRecord], corrections: list[Correction]) -> None:
    """Correct the football.txt records in place (see the module's rule); each applied,
    unneeded or unmatched correction is a warning on the record it concerns. A correction
    for a season not among the records is no business of this import and says nothing."""
    for correction in corrections:
        season = [
            record
            for record in records
            if record.layout == "footballtxt"
            and record.season_start_year == correction.season_start_year
            and normalize_name(record.competition) == normalize_name(correction.competition)
        ]
        found = [
            (record, item)
            for record in season
            for item in _items(record)
            if item.date == correction.date and _same_clubs(item, correction)
        ]
        if not found:
            _warn_unmatched(season, correction)
        for record, item in found:
            _apply(record, item, correction)


def _warn_unmatched(season: list[TournamentRecord], correction: Correction):
    """The file changed under the correction: the same clubs meet with the same score
    within a month of its date (the match moved), or a file whose matches span its date
    has none of its clubs that day (a spelling changed). Either way it is named, and not
    applied."""
    moved = [
        (abs((item.date - correction.date).days), item.line, record, item)
        for record in season
        for item in _items(record)
        if item.date
        and abs((item.date - correction.date).days) <= MOVED_DAYS
        and _same_clubs(item, correction)
        and item.score_written in {correction.file_says, correction.fact}
    ]
    if moved:
        _days, line, record, item = min(moved, key=lambda found: found[:2])
        record.warnings.append(
            (
                line,
                f"correction {correction.where} ({correction.label()}) not applied: the file "
                f"has this match on {item.date.isoformat()}",
            )
        )
        return
    for record in season:
        dates = [item.date for item in _items(record) if item.date]
        if dates and min(dates) <= correction.date <= max(dates):
            record.warnings.append(
                (
                    record.line,
                    f"correction {correction.where} ({correction.label()}) matches no match "
                    "of this file: not applied",
                )
            )
            return


def _same_clubs(item, correction) -> bool:
    return normalize_name(item.home) == normalize_name(correction.home) and normalize_name(
        item.away
    ) == normalize_name(correction.away)


def _apply(record: TournamentRecord, item: LegRecord | MatchRecord, correction: Correction):
    written = item.score_written
    if written == correction.fact:
        record.warnings.append(
            (
                item.line,
                f"correction {correction.where} is no longer needed: the file now says "
                f"{written!r}, the fact",
            )
        )
        return
    if written != correction.file_says:
        record.warnings.append(
            (
                item.line,
                f"correction {correction.where} not applied: it expects {correction.file_says!r}, "
                f"the file now says {written!r}",
            )
        )
        return
    regular, extra, shootout, half_time = read_score(correction.fact)
    if isinstance(item, MatchRecord):
        if extra or shootout:
            raise ImportFailed(
                correction.source,
                correction.line,
                f"{correction.label()} is a regular-season match: no extra time or penalties",
            )
    else:
        item.extra_time, item.penalties = extra, shootout
        item.half_time = half_time
        item.after_extra_time = extra is not None
    item.home_score, item.away_score = regular
    item.score_written = correction.fact
    record.warnings.append(
        (
            item.line,
            f"corrected: {correction.file_says} → {correction.fact} "
            f"(source {correction.sources[0]}; {correction.where})",
        )
    )
