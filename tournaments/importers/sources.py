"""Reading a source file and choosing its parser: the entry point from a path to records.

Pure, like the parsers it dispatches to (no Django import); records.py holds only the
records, so nothing imports back into the parsers.
"""

from __future__ import annotations

from pathlib import Path

from . import article, json_format
from .records import ImportFailed, TournamentRecord


def read_text(path) -> str:
    """The file's text, or ImportFailed for a missing, binary or non-UTF-8 file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(path, None, f"cannot read the file ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFailed(path, line, "not a text file (NUL byte)")
    if not text.strip():
        raise ImportFailed(path, None, "the file is empty")
    return text


def parse_file(path) -> TournamentRecord:
    """Parse one source by its extension: .txt is an article, .json a season document."""
    parsers = {".txt": article.parse_article, ".json": json_format.parse_document}
    suffix = Path(path).suffix.lower()
    if suffix not in parsers:
        known = ", ".join(sorted(parsers))
        raise ImportFailed(
            path, None, f"unknown format {suffix or '(no extension)'!r}; use {known}"
        )
    return parsers[suffix](read_text(path), source=str(path))
