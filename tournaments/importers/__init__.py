"""Importers: parse a source (article text or season JSON) into plain records, then load
the records into the database in one transaction.

`parse_file` picks the parser by extension; `SeasonLoader` writes; both raise ImportFailed,
whose message is one line: ``FILE:LINE: what is wrong``.
"""

from .records import ImportFailed
from .sources import parse_file, read_text

__all__ = ["ImportFailed", "parse_file", "read_text"]
