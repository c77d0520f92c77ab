"""Reading a source file and choosing its parser: the entry point from a path to records.

Pure, like the parsers it dispatches to (no Django import); records.py holds only the
records, so nothing imports back into the parsers.
"""

from __future__ import annotations

from pathlib import Path

from . import article, json_format
from .records import ImportFailed, TournamentRecord

# A season's article is about 10 kB and its JSON about 25 kB; anything near this cap is not
# a season (import_season --max-size raises it).
MAX_SIZE_MB = 5


def read_text(path, max_size_mb=MAX_SIZE_MB) -> str:
    """The file's text, or ImportFailed for a missing, oversized, binary or non-UTF-8
    file. The size is checked before anything is read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            limit = int(max_size_mb * 1024 * 1024)
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportFailed(path, None, f"cannot read the file ({exc.strerror})") from exc
    except ValueError as exc:  # a NUL byte in the path
        raise ImportFailed(repr(str(path)), None, f"cannot read the file ({exc})") from exc
    if len(data) > limit:
        raise ImportFailed(
            path,
            None,
            f"larger than {max_size_mb:g} MB, more than any season; "
            f"if it really is one, raise the limit with --max-size MB",
        )
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


def parse_file(path, max_size_mb=MAX_SIZE_MB) -> TournamentRecord:
    """Parse one source by its extension: .txt is an article, .json a season document."""
    parsers = {".txt": article.parse_article, ".json": json_format.parse_document}
    suffix = Path(path).suffix.lower()
    if suffix not in parsers:
        known = ", ".join(sorted(parsers))
        raise ImportFailed(
            path, None, f"unknown format {suffix or '(no extension)'!r}; use {known}"
        )
    return parsers[suffix](read_text(path, max_size_mb), source=str(path))
