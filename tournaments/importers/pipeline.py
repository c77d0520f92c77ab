"""An import as three plain steps over records, the same for every format:

1. **parse** (`read`): each file to records by the parser its content calls for
   (sources.py, the registry of formats); pure, every error FILE:LINE.
2. **check** (`check`): every club name cleaned (vocabulary.clean_name, as the admin
   cleans a typed one), the sourced corrections applied to football.txt records
   (corrections.py), and what a record must be before any row is touched (no pairing
   with more than two legs); pure.
3. **load** (`load`): the records written in one transaction by each format's loader
   (load.py), each fact checked against what the domain's rules derive.

`manage.py import_season` is these three calls; an error in any of them writes nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.conf import settings

from ..vocabulary import clean_name
from . import load as loading
from .corrections import apply_corrections, parse_corrections
from .footballtxt import ClubIndex, parse_clubs, sniff
from .records import ImportFailed, TournamentRecord
from .sources import MAX_SIZE_MB, parse_source, read_text

# The sourced corrections shipped with the project (importers/corrections.py).
CORRECTIONS = Path("data") / "corrections.toml"


# -- parse ---------------------------------------------------------------------------------


def expand(paths) -> list[Path]:
    """Files named, and every .txt/.json file under a folder named, in path order."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in {".txt", ".json"} and p.is_file()
            )
            if not found:
                raise ImportFailed(path, None, "no .txt or .json file in this folder")
            files += found
        else:
            files.append(path)
    return files


def read(paths, max_size=MAX_SIZE_MB, on_read=None) -> list[TournamentRecord]:
    """Every record of the files and folders named; `on_read(path, records)` after each."""
    records = []
    for path in paths:
        parsed = parse_source(path, max_size)
        if on_read:
            on_read(path, parsed)
        records += parsed
    return records


def club_lists(files, max_size=MAX_SIZE_MB) -> ClubIndex:
    """The club lists among the files and next to them (clubs.txt), told by content."""
    candidates = set(files)
    for path in files:
        for folder in (path.parent, path.parent.parent):
            if folder.is_dir():
                candidates.update(folder.glob("*.txt"))
    clubs = []
    for path in sorted(candidates):
        try:
            text = read_text(path, max_size)
        except ImportFailed:
            continue
        if sniff(text) == "clubs":
            clubs += parse_clubs(text, str(path))
    return ClubIndex(clubs)


def read_corrections(path=None, max_size=MAX_SIZE_MB):
    """The corrections list named, or the one shipped with the project (named as
    data/corrections.toml in messages, wherever the command runs from)."""
    if path is None:
        text = read_text(Path(settings.BASE_DIR) / CORRECTIONS, max_size)
        return parse_corrections(text, str(CORRECTIONS))
    return parse_corrections(read_text(path, max_size), str(path))


# -- check ---------------------------------------------------------------------------------


def clean_club_names(record: TournamentRecord):
    """Every club name the record holds, wherever it holds it (table, legs, goals,
    outcomes, squads, spellings), as vocabulary.clean_name makes it: a zero-width space or
    full-width letters in one line name the same club as the plain spelling elsewhere."""
    legs = [leg for round_ in record.rounds for leg in round_.legs]
    names = {entry.team for entry in record.entries}
    names |= {side for match in [*legs, *record.matches] for side in (match.home, match.away)}
    names |= {*record.team_variants, *record.team_variants.values()}
    renames = {name: clean_name(name) for name in names if clean_name(name) != name}
    if renames:
        _rename(record, renames)


def _rename(value, renames):
    """`value` with each string of `renames` replaced, dataclasses changed in place."""
    if isinstance(value, str):
        return renames.get(value, value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            object.__setattr__(value, field.name, _rename(getattr(value, field.name), renames))
        return value
    if isinstance(value, dict):
        return {_rename(k, renames): _rename(v, renames) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return type(value)(_rename(item, renames) for item in value)
    return value


def check(records: list[TournamentRecord], corrections=None) -> list[TournamentRecord]:
    """Clean every club name, correct the football.txt records' known mistakes (each a
    warning on its record) and refuse a record that cannot be loaded as it stands."""
    for record in records:
        clean_club_names(record)
    if corrections and any(r.layout == "footballtxt" for r in records):
        apply_corrections(records, corrections)
    for record in records:
        for round_ in record.rounds:
            legs = {}
            for leg in round_.legs:
                pairing = legs.setdefault(leg.teams, [])
                if len(pairing) >= 2:
                    raise ImportFailed(
                        record.source,
                        leg.line,
                        f"{leg.label()}: a third match of {' v '.join(sorted(leg.teams))} in "
                        f"the {round_.name} (line {pairing[0].line}, line "
                        f"{pairing[1].line}); a tie has at most two legs",
                    )
                pairing.append(leg)
    return records


# -- load ----------------------------------------------------------------------------------


def load(records, *, clubs=None, accept_mismatch=False, dry_run=False, progress=None, new_clubs=()):
    """Write the records in one transaction; a LoadReport each (load.py). `new_clubs`:
    names the operator confirmed are clubs of their own (import_season --new-club)."""
    return loading.load_all(
        records,
        accept_mismatch=accept_mismatch,
        dry_run=dry_run,
        clubs=clubs,
        progress=progress,
        new_clubs=new_clubs,
    )


load.alters_data = True
