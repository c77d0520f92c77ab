"""Read the clubs' nicknames (data/nicknames.toml) into plain records: pure, like the
other parsers. importers/nicknames_loader.py writes them as TeamAlias rows."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


class NicknamesError(ValueError):
    pass


@dataclass(frozen=True)
class ClubNicknames:
    club: str  # the club as the site names it (a name or an alias)
    nicknames: tuple[str, ...]


def parse_nicknames(path: str | Path) -> list[ClubNicknames]:
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise NicknamesError(f"{path}: cannot read it ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise NicknamesError(f"{path}: not a TOML file: {exc}") from exc
    clubs = document.get("clubs")
    if not isinstance(clubs, dict) or not clubs:
        raise NicknamesError(f"{path}: no [clubs] table")
    records, seen = [], {}
    for club, nicknames in clubs.items():
        if not isinstance(nicknames, list) or not all(
            isinstance(n, str) and n.strip() for n in nicknames
        ):
            raise NicknamesError(f"{path}: {club}: expected a list of names")
        for nickname in nicknames:
            key = " ".join(nickname.casefold().split())
            if key in seen:
                raise NicknamesError(
                    f"{path}: {club}: {nickname!r} is already a nickname of {seen[key]}"
                )
            seen[key] = club
        records.append(ClubNicknames(club.strip(), tuple(n.strip() for n in nicknames)))
    return records
