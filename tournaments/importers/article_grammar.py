"""The grammar of a Liguilla article's lines as regular expressions: headings, infobox
fields, dates and kickoffs, result lines and their notes, scorer lines. Shared by the
reader's modules (article.py, article_legs.py); pure, no state.
"""

from __future__ import annotations

import re

PHASES = {"apertura": 1, "clausura": 2, "bicentenario": 1, "invierno": 1, "verano": 2}
PROMOTIONAL = "promotional_final"
# The final between a season's two champions, as one match or two (Campeón de Campeones).
CHAMPIONS_FINAL = "champions_final"
HEADING_RE = re.compile(r"^(?P<level>={2,6})\s*(?P<name>[^=]+?)\s*(?P=level)$")
INFOBOX_RE = re.compile(r"^[-|*]\s*(?P<key>[^:=|]+?)\s*[:=]\s*(?P<value>.*?)\s*\|?$")
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
TIME = (
    r"(?:,?\s*(?:-\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
    r"(?:\s*\(?UTC\s*(?P<offset>[+-]\d{1,2})(?::(?P<offset_minutes>\d{2}))?\)?)?\.?$"
)
DATE_RES = [
    re.compile(
        rf"^{WEEKDAY}(?P<month>[A-Za-z]+)\s+(?P<day>\d{{1,2}}),?\s*(?P<year>\d{{4}}){TIME}", re.I
    ),
    re.compile(
        rf"^{WEEKDAY}(?P<day>\d{{1,2}})\s+(?P<month>[A-Za-z]+),?\s+(?P<year>\d{{4}}){TIME}", re.I
    ),
]
OFFSET_RE = re.compile(r"UTC\s*(?P<offset>[+-]\d{1,2})(?::(?P<offset_minutes>\d{2}))?")
NOTE = r"(?:\s*\((?P<{}>[^()]*)\))?"
SCORE_RE = re.compile(
    r"^(?P<home>\S.*?)\s+(?P<hs>\d{1,2})\s*-\s*(?P<as>\d{1,2})"
    + NOTE.format("mid")
    + r"\s+(?P<away>[^()]*?\S)"
    + NOTE.format("end")
    + r"$"
)
AET_RE = re.compile(r"\ba\.?\s?e\.?\s?t\b|extra time|after 120", re.I)
# "4-3 p", "4-3 pen.", "4-3 on penalties", "p. 4-3", "pens 4-3", "penalties: 4-3",
# "4-3 en penales": the shoot-out in the order the line gives its teams.
SHOOTOUT_RE = re.compile(
    r"(?P<a>\d{1,2})\s*-\s*(?P<b>\d{1,2})\s*(?:p\b|pen|on penalties|penalties|pk\b|en penales)"
    r"|(?:\bp\.|\bpens?\.?|\bpenalties:?|\bpk|\bpenales)\s*(?P<a2>\d{1,2})\s*-\s*(?P<b2>\d{1,2})",
    re.I,
)


def shootout_score(match) -> tuple[int, int]:
    """The two numbers a SHOOTOUT_RE match read, in the line's order."""
    if match["a"] is not None:
        return int(match["a"]), int(match["b"])
    return int(match["a2"]), int(match["b2"])


# "Penalties: 4-3", "Penalty shoot-out: Pachuca 3-4 Santos", "Penales: Santos 4-3": a
# line of its own under the match it follows.
PENALTIES_LINE_RE = re.compile(
    r"^(?:penalt(?:y|ies)(?: shoot ?-?out)?|(?:penalty )?shoot ?-?out|(?:tanda de )?penales"
    r"|pens?)\s*:?\s*(?:(?P<home>[^\d:]+?)\s+)?(?P<a>\d{1,2})\s*-\s*(?P<b>\d{1,2})"
    r"(?:\s+(?P<away>[^\d]+?))?\.?$",
    re.I,
)
FIXTURE_RE = re.compile(r"^(?P<home>\S.*?)\s+(?:v|vs\.?)\s+(?P<away>.*?\S)$")
SCORER_LINE_RE = re.compile(r"^(?P<team>[^:']+?):\s*(?P<items>.*)$")
MINUTE_RE = re.compile(
    r"(?P<minute>\d+)(?:\s*\+\s*(?P<added>\d+))?\s*'"
    r"(?:\s*\(?(?P<kind>pen\.?|penalty|penal|p\.?|o\.?\s?g\.?|own goal|a\.?\s?g\.?|autogol"
    r"|e\.?\s?c\.?)\)?(?!\w))?",
    re.IGNORECASE,
)
FOOTBALLBOX_RE = re.compile(
    r"^(?:attendance|referee|stadium|venue|report|match report|man of the match|"
    r"assistant referees?|fourth official)\b",
    re.I,
)
CHAMPIONS_LINE_RE = re.compile(r"^[^:]*\b(?:winners?|champions?)\s*:\s*(?P<rest>.+)$", re.I)

# "(1-0)", "(HT 1-0)", "(1-0 h.t.)", "(half-time: 1-0)", "(medio tiempo 1-0)": the score at
# the break (dashes already flattened).
HALF_TIME_RE = re.compile(
    r"^(?:(?:ht|h\.t\.|half[- ]?time|medio tiempo|descanso)\s*:?\s*)?"
    r"(?P<h>\d{1,2})\s*-\s*(?P<a>\d{1,2})(?:\s*(?:ht|h\.t\.))?$",
    re.IGNORECASE,
)
