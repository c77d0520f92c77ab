"""Reading a source file and choosing its parser by the registry of formats (FORMATS): the
entry point from a path to records.

Pure, like the parsers it dispatches to (no Django import); records.py holds only the
records, so nothing imports back into the parsers.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import article, footballtxt, json_format
from .records import ImportFailed, TournamentRecord

# A season's article is about 10 kB and its JSON about 25 kB; anything near this cap is not
# a season (import_season --max-size raises it).
MAX_SIZE_MB = 5


# What a path can be besides a file, in words.
NOT_FILES = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFDIR: "a folder",
    stat.S_IFSOCK: "a socket",
}


def not_a_file(path) -> str | None:
    """What `path` is if it exists but is not a regular file ("a socket"), else None."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return None if stat.S_ISREG(mode) else NOT_FILES.get(stat.S_IFMT(mode), "not a regular file")


def read_text(path, max_size_mb=MAX_SIZE_MB) -> str:
    """The file's text, or ImportFailed for a missing, oversized, binary or non-UTF-8
    file, or something that is not a file at all. Opened without waiting (a named pipe
    would otherwise block until someone writes to it, forever) and checked to be a
    regular file before anything is read; the size too."""
    path = Path(path)
    limit = int(max_size_mb * 1024 * 1024)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(descriptor, "rb") as handle:
            mode = os.fstat(descriptor).st_mode
            if not stat.S_ISREG(mode):
                kind = NOT_FILES.get(stat.S_IFMT(mode), "not a regular file")
                raise ImportFailed(path, None, f"not a file but {kind}; a season is a file")
            data = handle.read(limit + 1)
    except OSError as exc:
        kind = not_a_file(path)
        if kind:  # a socket cannot even be opened
            raise ImportFailed(path, None, f"not a file but {kind}; a season is a file") from exc
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
    """Parse one source that holds one tournament (an article or a season document)."""
    records = parse_source(path, max_size_mb)
    if len(records) != 1:
        raise ImportFailed(path, None, f"holds {len(records)} tournament parts, not one")
    return records[0]


@dataclass(frozen=True)
class SourceFormat:
    """A format the importer reads: the file suffixes it comes in, whether a text is in it
    (told by content, as articles and football.txt files are both .txt), and its parser
    (text, source name) -> records."""

    name: str
    suffixes: frozenset[str]
    claims: Callable[[str], bool]
    parse: Callable[[str, str], list[TournamentRecord]]


# The registry, most specific first: the first format of the file's suffix that claims
# its text parses it. A clubs list holds no tournament (the command reads it for names).
FORMATS = [
    SourceFormat(
        "season-json",
        frozenset({".json"}),
        lambda text: True,
        lambda text, source: [json_format.parse_document(text, source=source)],
    ),
    SourceFormat(
        "football.txt",
        frozenset({".txt"}),
        lambda text: footballtxt.sniff(text) == "footballtxt",
        lambda text, source: footballtxt.parse_footballtxt(text, source=source),
    ),
    SourceFormat(
        "clubs",
        frozenset({".txt"}),
        lambda text: footballtxt.sniff(text) == "clubs",
        lambda text, source: [],
    ),
    SourceFormat(
        "article",
        frozenset({".txt"}),
        lambda text: True,
        lambda text, source: [article.parse_article(text, source=source)],
    ),
]
SUFFIXES = sorted({suffix for fmt in FORMATS for suffix in fmt.suffixes})


def format_of(suffix: str, text: str) -> SourceFormat | None:
    return next((f for f in FORMATS if suffix in f.suffixes and f.claims(text)), None)


def parse_source(path, max_size_mb=MAX_SIZE_MB) -> list[TournamentRecord]:
    """Parse one source into its records by the format its suffix and content say
    (FORMATS): a football.txt file (title '= Liga MX 2013/14…' and date lines) may hold
    several tournament parts; a clubs list holds none; other .txt files are articles,
    .json files season documents."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFailed(
            path,
            None,
            f"unknown format {suffix or '(no extension)'!r}; use {', '.join(SUFFIXES)}",
        )
    text = read_text(path, max_size_mb)
    return format_of(suffix, text).parse(text, str(path))
