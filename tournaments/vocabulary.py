"""Words the rules and the parsers share, with no Django import: the tiebreak rules a round
can list, the cleaning every club name gets where it comes in, the folding that makes two
spellings of a name match, and the skeletons that tell a look-alike name."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum

import icu

# Characters that show nothing, or nothing of their own: format characters (zero-width
# space and joiners, soft hyphen, direction marks and overrides, the byte-order mark),
# controls, and Unicode's other default-ignorable code points (variation selectors, the
# Hangul fillers), as ICU's data names them. Names are few and met again and again (every
# line of an import names clubs and people): the functions below remember their answers.
_INVISIBLE = icu.UnicodeSet("[[:Cf:][:Cc:][:Default_Ignorable_Code_Point:]-[:White_Space:]]")
_INVISIBLE.freeze()
_SPOOF = icu.SpoofChecker()


@functools.lru_cache(maxsize=65536)
def clean_name(name: str) -> str:
    """A club's name as the site stores it, however it was typed, pasted or imported:
    Unicode NFKC (full-width "ＮＥＺＡ" is "NEZA", a ligature its letters), every invisible
    or format character removed ("Ne\u200bza" is "Neza"), spaces collapsed and trimmed.
    The one normalisation of a club name: every way in calls it."""
    composed = unicodedata.normalize("NFKC", name)
    visible = "".join(c for c in composed if not _INVISIBLE.contains(c))
    return " ".join(visible.split())


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Fold a name for matching: cleaned (clean_name), no accents, no case, single spaces
    ("León " == "leon")."""
    decomposed = unicodedata.normalize("NFKD", clean_name(name))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@functools.lru_cache(maxsize=4096)
def name_skeletons(name: str) -> frozenset[str]:
    """Look-alike rule (Unicode UTS #39, confusable detection): two names that look the
    same have the same skeleton ("Cоrrecaminos" with a Cyrillic о and "Correcaminos",
    "Purnas" and "Pumas"). Both the cleaned name's skeleton and its folded form's, so that case
    and accents (which matching ignores) neither hide a look-alike ("AtIas" with a capital
    I) nor make one. Not for display: a skeleton is only compared."""
    cleaned = clean_name(name)
    return frozenset(
        {_SPOOF.getSkeleton(0, cleaned), _SPOOF.getSkeleton(0, normalize_name(cleaned))}
    )


@functools.lru_cache(maxsize=4096)
def search_key(text: str) -> str:
    """A name as search compares it: folded (normalize_name), then its skeleton, so that a
    look-alike spelling typed or pasted into the search ("Cоrrecaminos" with a Cyrillic
    о) finds the club. A skeleton maps each character on its own, so a word inside a
    name is still inside its key."""
    return _SPOOF.getSkeleton(0, normalize_name(text))


def looks_alike(name: str, other: str) -> bool:
    """Whether two names can be taken for each other (name_skeletons)."""
    return bool(name_skeletons(name) & name_skeletons(other))


def differing_characters(name: str, other: str) -> list[str]:
    """The characters of `name` that `other` does not have (case and accents aside), as
    "U+043E (о)": what makes a look-alike differ, since on screen it does not show."""
    known = set(normalize_name(other))
    unseen = dict.fromkeys(
        c for c in clean_name(name) if not c.isspace() and not set(normalize_name(c)) <= known
    )
    return [f"U+{ord(c):04X} ({c})" for c in unseen]


def score_text(home, away) -> str:
    """A score as the site writes it, with an en dash: "2–0"."""
    return f"{home}–{away}"


def minute_text(minute: int, added_time: int | None = None) -> str:
    """A match minute as the site writes it: "64'", "90+2'" (added time after the plus)."""
    return f"{minute}+{added_time}'" if added_time else f"{minute}'"


def slugify(text: str) -> str:
    """A URL slug, as Django's slugify makes it ("Club León" → "club-leon")."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^\w\s-]", "", ascii_text.lower())
    return re.sub(r"[-\s]+", "-", words).strip("-_")


def unique_slug(name: str, is_taken: Callable[[str], bool], fallback: str) -> str:
    """A slug for `name` that `is_taken` does not refuse: gonzalez, gonzalez-2, …"""
    base = slugify(name) or fallback
    slug, n = base, 1
    while is_taken(slug):
        n += 1
        slug = f"{base}-{n}"
    return slug


def scorer_side(credited, home, away, own_goal: bool):
    """Own-goal rule: a goal is credited to the team that benefits, and its scorer plays
    for that team, or for the other one when it is an own goal. Works on names, ids or
    teams alike: returns whichever of `home` and `away` the scorer plays for."""
    if not own_goal:
        return credited
    return away if credited == home else home


class Tiebreak(StrEnum):
    """How a tie is decided, in the order a round lists them (also a tie's `decided_by`)."""

    AGGREGATE = "aggregate"
    AWAY_GOALS = "away_goals"
    EXTRA_TIME = "extra_time"
    PENALTIES = "penalties"
    TABLE_POSITION = "table_position"


# The side a tie's deciding match sends through (models/needs.py, Needs.outcome); else the
# tiebreak it goes on to (Tiebreak.EXTRA_TIME, Tiebreak.PENALTIES).
HIGHER_SEED, LOWER_SEED = "higher_seed", "lower_seed"

# Rules after which no tie can still be level: the higher seed or a shoot-out settles it.
DECISIVE_TIEBREAKS = {Tiebreak.TABLE_POSITION, Tiebreak.PENALTIES}
LIGUILLA_TIEBREAK = [Tiebreak.AGGREGATE.value, Tiebreak.TABLE_POSITION.value]
CUP_FINAL_TIEBREAK = [
    Tiebreak.AGGREGATE.value,
    Tiebreak.EXTRA_TIME.value,
    Tiebreak.PENALTIES.value,
]


class RoundKind(StrEnum):
    """What a round is, stored on the round; its name is derived from it (and translated
    when a page shows it), never stored as text."""

    ROUND = "round"  # a numbered round ("Round 1", the Liga de Expansión's early rounds)
    PLAY_IN = "play_in"
    RECLASSIFICATION = "reclassification"
    ROUND_OF_64 = "round_of_64"
    ROUND_OF_32 = "round_of_32"
    ROUND_OF_16 = "round_of_16"
    QUARTER_FINAL = "quarter_final"
    SEMI_FINAL = "semi_final"
    FINAL = "final"
    PROMOTIONAL_FINAL = "promotional_final"

    @classmethod
    def for_teams(cls, teams: int) -> RoundKind:
        """The kind of a knockout round by the bracket slots it has (8 → quarter-final);
        a numbered round where a bracket is larger than the named rounds."""
        return _BY_TEAMS.get(teams, cls.ROUND)

    @classmethod
    def from_name(cls, name: str) -> RoundKind | None:
        """The kind a source's round heading names ("Quarter-finals", "Semifinales",
        "Round of 16", "Round 2", "Play-in round 1"), or None for a heading that names
        no round the site knows."""
        folded = "".join(c for c in normalize_name(name) if c.isalnum() or c == " ")
        words = folded.replace(" ", "")
        if words in _BY_NAME:
            return _BY_NAME[words]
        if words.startswith("playin"):
            return cls.PLAY_IN
        if words.startswith("round") and words[5:].isdigit():
            return cls.ROUND
        return None


_BY_TEAMS = {
    2: RoundKind.FINAL,
    4: RoundKind.SEMI_FINAL,
    8: RoundKind.QUARTER_FINAL,
    16: RoundKind.ROUND_OF_16,
    32: RoundKind.ROUND_OF_32,
    64: RoundKind.ROUND_OF_64,
}

# Headings as sources write them, folded (no accents, case, spaces or punctuation).
_BY_NAME = {
    "final": RoundKind.FINAL,
    "finals": RoundKind.FINAL,
    "semifinal": RoundKind.SEMI_FINAL,
    "semifinals": RoundKind.SEMI_FINAL,
    "semifinales": RoundKind.SEMI_FINAL,
    "quarterfinal": RoundKind.QUARTER_FINAL,
    "quarterfinals": RoundKind.QUARTER_FINAL,
    "cuartosdefinal": RoundKind.QUARTER_FINAL,
    "roundof16": RoundKind.ROUND_OF_16,
    "octavosdefinal": RoundKind.ROUND_OF_16,
    "roundof32": RoundKind.ROUND_OF_32,
    "roundof64": RoundKind.ROUND_OF_64,
    "promotionalfinal": RoundKind.PROMOTIONAL_FINAL,
    "finaldeascenso": RoundKind.PROMOTIONAL_FINAL,
    "playin": RoundKind.PLAY_IN,
    "reclassification": RoundKind.RECLASSIFICATION,
    "reclasificacion": RoundKind.RECLASSIFICATION,
    "recalificacion": RoundKind.RECLASSIFICATION,  # openfootball's 2021-22 files, once
}
