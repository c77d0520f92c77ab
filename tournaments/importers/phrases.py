"""How Liguilla articles word things: headings, tiebreak sentences, "advanced" lines, top
scorers. Pure functions over one line or sentence, no Django, no state, so each phrasing
can be tested on its own and the article reader stays a reader of structure.

The reading is by grammar, not by template: a tiebreak sentence is read for the rules it
names (wherever they stand in it, unless negated) and the rounds it is about; an outcome
line for its team, its verb, its scores and the reason it gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import RoundKind, Tiebreak, normalize_name

# -- text ---------------------------------------------------------------------------------


def flatten(text: str) -> str:
    """One kind of dash, apostrophe and space; no wiki bold or link brackets: "3 – 0",
    "3–0" and "3 - 0" read alike, as do 45′ and 45'."""
    text = re.sub(r"'''?|\[\[(?:[^\]|]*\|)?|\]\]", "", text)
    text = re.sub(r"[–—−‒]", "-", text)
    text = re.sub(r"[’′‘`]", "'", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """For matching words: no accents, case, hyphens or punctuation."""
    folded = normalize_name(text).replace("-", " ").replace("_", " ")
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


PROSE_WORD = re.compile(r"[^\W\d_]{2,}")
SENTENCE_END = (".", "!", "?", ":", ";", ")", '"')


def is_prose(line: str) -> bool:
    """Does a line read as a sentence (or an item of a list of sentences), however worded?
    Prose is read for the rules it states; a line that is not prose, markup or a fact is
    unreadable. A sentence has at least three words, is mostly letters, and ends like
    one (or is a list item, or is long enough to be a sentence without its full stop)."""
    text = flatten(line)
    item = text.startswith(("-", "*", "#", ":"))
    text = text.lstrip("-*#: ")
    words = PROSE_WORD.findall(text)
    if len(words) < 3:
        return False
    letters = sum(map(len, words))
    if letters < 0.6 * (len(text) - text.count(" ")):
        return False
    return item or len(words) >= 8 or text.endswith(SENTENCE_END)


# -- headings -------------------------------------------------------------------------------

# (pattern on the folded heading, kind, the name the site gives that round)
ROUND_HEADINGS = [
    (r"(?:quarter ?finals?|cuartos de final)", "quarter_final", "Quarter-finals"),
    (r"(?:semi ?finals?|semifinales)", "semi_final", "Semi-finals"),
    (
        r"(?:promotion(?:al)? (?:final|play ?off)s?|final de ascenso|ascenso final)",
        "promotional_final",
        "Promotional final",
    ),
    (r"(?:(?:grand|championship|liguilla) )?finals?", "final", "Final"),
    (r"(?:round of 16|eighth ?finals|octavos de final)", "round_of_16", "Round of 16"),
    (
        r"(?:reclassification|reclasificacion|repechage|repechaje|wild ?card)",
        "reclassification",
        "Reclassification",
    ),
    (r"(?:play ?in)", "play_in", "Play-in"),
]
ROUND_HEADING_WORDS = r"(?:liguilla |the )?(?P<name>.+?)(?: (?:round|stage|phase|matches|ties))?"
LEG_HEADINGS = [
    (r"(?:first|1st|leg 1|ida)(?: legs?| matches| match| games?)?", 1),
    (r"(?:second|2nd|leg 2|vuelta)(?: legs?| matches| match| games?)?", 2),
]
SECTIONS = {
    "teams": "teams",
    "qualified teams": "teams",
    "qualified clubs": "teams",
    "participants": "teams",
    "participating teams": "teams",
    "qualification": "teams",
    "seeding": "teams",
    "seeds": "teams",
    "standings": "teams",
    "general table": "teams",
    "bracket": "bracket",
    "format": "bracket",
    "rules": "bracket",
    "tiebreakers": "bracket",
    "tie breakers": "bracket",
    "tiebreaking criteria": "bracket",
    "tie breaking criteria": "bracket",
    "format and rules": "bracket",
    "goalscorers": "goalscorers",
    "goal scorers": "goalscorers",
    "top goalscorers": "goalscorers",
    "top goal scorers": "goalscorers",
    "top scorers": "goalscorers",
    "scorers": "goalscorers",
    # Headings that only group the rounds below them.
    "liguilla": "container",
    "final phase": "container",
    "final stage": "container",
    "knockout stage": "container",
    "knockout phase": "container",
    "playoffs": "container",
    "play offs": "container",
    "results": "container",
    "matches": "container",
    "match details": "container",
    "match": "container",
    "the match": "container",
    "details": "container",
    "fixtures": "container",
    # Sections with nothing the importer reads.
    "references": "other",
    "notes": "other",
    "see also": "other",
    "external links": "other",
    "awards": "other",
    "statistics": "other",
    "venues": "other",
    "stadiums": "other",
    "squads": "other",
    "broadcasting": "other",
    "background": "other",
    "road to the final": "other",
    "aftermath": "other",
    "summary": "other",
}


def round_heading(name: str) -> tuple[str, str] | None:
    """(kind, site name) for a heading that names a round ("Quarterfinals",
    "Semi-finals", "Finals", "Liguilla Final", "Promotional Final"), else None."""
    folded = fold(name)
    words = re.fullmatch(ROUND_HEADING_WORDS, folded)
    candidates = [folded, words["name"]] if words else [folded]
    for candidate in candidates:
        for pattern, kind, site_name in ROUND_HEADINGS:
            if re.fullmatch(pattern, candidate):
                return kind, site_name
    if kind := RoundKind.from_name(name):  # "Round 2", "Cuartos de final", "Round of 32"
        return kind.value, name
    return None


def leg_heading(name: str) -> int | None:
    folded = fold(name)
    for pattern, number in LEG_HEADINGS:
        if re.fullmatch(pattern, folded):
            return number
    return None


def section_of(name: str) -> str | None:
    return SECTIONS.get(fold(name))


MATCH_HEADING = re.compile(
    r"\b(?:v|vs|versus|match|game|play ?off|place|seed|\d+(?:st|nd|rd|th))\b"
)


def match_heading(name: str) -> bool:
    """A heading inside a round that names one of its matches ("7th v 8th", "Match for
    the eighth seed", "Ninth place v tenth place"): the round goes on under it."""
    folded = fold(name)
    if re.search(r"\b(?:third|3rd) place\b", folded):
        return False  # a third-place match is no match of the round's ties
    return bool(MATCH_HEADING.search(folded))


# -- tiebreak sentences ---------------------------------------------------------------------

RULE_PHRASES = [
    (Tiebreak.AWAY_GOALS, r"away goals?"),
    (
        Tiebreak.EXTRA_TIME,
        r"extra time|overtime|two (?:periods|halves) of (?:15|fifteen) minutes"
        r"|two (?:15|fifteen) minute (?:periods|halves)|30 (?:additional|extra|more) minutes"
        r"|tiempos? extras?|prorroga",
    ),
    (
        Tiebreak.PENALTIES,
        r"penalt(?:y|ies)|shoot ?outs?|spot kicks|kicks from the penalty mark|penales",
    ),
    (
        Tiebreak.TABLE_POSITION,
        r"(?:better|higher|best) (?:league |table |general table |overall )?"
        r"(?:placed|ranked|seeded|seed|classified|position|place|placing|ranking|standing)"
        r"|(?:higher|top|better) seeds?"
        r"|(?:position|place|placing|ranking) (?:in|on) the (?:general |league |overall )?"
        r"(?:table|standings|classification)"
        r"|(?:finished|placed|ranked|seeded|classified) (?:higher|better|above)"
        r"|(?:better|best) (?:regular season |league |overall )?record"
        r"|higher (?:up )?in the (?:general |league |overall )?(?:table|standings)",
    ),
]
# "The better-placed club hosts the match": who plays at home, not who goes through.
HOSTING = re.compile(
    r"\b(?:host\w*|at home|home (?:ground|field|stadium|side)|stadium|ground of|venue)\b"
)
# A tiebreak sentence is about deciding a tie; "the higher seed plays at home" is not.
DECIDING = re.compile(
    r"\b(?:advanc\w*|go(?:es)? through|went through|progress\w*|qualif\w*|wins?|won|winner"
    r"|decided?|determined|settled|tiebreak\w*|tie break\w*|tied|level|even|draw\w*)\b"
)
NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|never|without|nor|neither|sin)\b(?:\W+\w+){0,4}\W*$|\bn't\b(?:\W+\w+){0,3}\W*$"
)
NEGATED_AFTER = re.compile(
    r"^\W*(?:rule\s+)?(?:is|was|are|were|does|do|did|will|would)\s+(?:not|no longer|never)\b"
    r"|^\W*(?:rule\s+)?(?:isn t|wasn t|aren t|weren t|doesn t|don t|didn t|won t)\b"
    r"|^\W*(?:rule\s+)?(?:do|does|did)\s+not\s+(?:apply|count)"
)
CONTINUES = re.compile(
    r"\b(?:still|otherwise|if necessary|if needed|if required|failing (?:that|this)"
    r"|if (?:that|this) (?:fails|is also level))\b"
)
ROUND_WORDS = [
    ("promotional_final", r"promotion(?:al)? (?:final|play ?off)s?"),
    ("reclassification", r"reclassification|reclasificacion|repechage|repechaje|wild ?card"),
    ("play_in", r"play ?ins?"),
    ("quarter_final", r"quarter ?finals?|quarters"),
    ("semi_final", r"semi ?finals?|semis"),
    ("round_of_16", r"round of 16|eighth ?finals"),
    (
        "final",
        r"(?<!quarter )(?<!semi )(?<!quarter)(?<!semi)(?<!promotional )(?<!promotion )"
        r"\bfinals?\b(?! (?:phase|stage|tournament|knockout|round of the|table|whistle|score|result"
        r"|minutes?|standings|position|day|matchday))",
    ),
]
ALL_ROUNDS = re.compile(r"\b(?:all|every|each|both) (?:rounds?|ties|stages)\b")
EXCEPT = re.compile(r"\b(?:except|other than|apart from|but not|excluding)\b(?P<rest>.*)$")


@dataclass
class RuleSentence:
    rules: list[str]  # in the order the sentence names them
    rounds: set[str] | None  # kinds of round it is about; None: every round
    negated: list[str]  # rules the sentence says do not apply
    continues: bool  # "if still level, …": the previous sentence's rounds


def sentences(text: str) -> list[str]:
    """A paragraph's sentences and semicolon clauses ("… advanced; if it was still level,
    …"): each is read for rules; one that continues the last keeps its rounds."""
    text = re.sub(r"^[-*#:]+\s*", "", flatten(text))
    return [part for part in re.split(r"(?<=[.;!?])\s+", text) if part.strip()]


def read_rule_sentence(sentence: str) -> RuleSentence | None:
    """The tiebreak rules a sentence states, in its own order, and the rounds it scopes
    them to; None for a sentence that states no rule."""
    text = fold(sentence)
    found, negated = [], []
    for rule, pattern in RULE_PHRASES:
        for match in re.finditer(rf"\b(?:{pattern})\b", text):
            clause_start = max(text.rfind(",", 0, match.start()), -1) + 1
            before = text[clause_start : match.start()]
            after = text[match.end() :]
            if NEGATED_BEFORE.search(before) or NEGATED_AFTER.search(after):
                negated.append(rule.value)
                continue
            if rule == Tiebreak.TABLE_POSITION and (
                not DECIDING.search(text) or HOSTING.search(_clause(text, match))
            ):
                continue
            found.append((match.start(), rule.value))
            break
    rules = []
    for _start, rule in sorted(found):
        if rule not in rules and rule not in negated:
            rules.append(rule)
    if not rules and not negated:
        return None
    return RuleSentence(rules, rounds_named(text), negated, bool(CONTINUES.search(text)))


def _clause(text: str, match) -> str:
    """The words around a match up to the nearest comma or clause break either side."""
    start = max(text.rfind(",", 0, match.start()), text.rfind(" and ", 0, match.start()))
    ends = [i for i in (text.find(",", match.end()), text.find(" and ", match.end())) if i >= 0]
    return text[max(start, 0) : min(ends, default=len(text))]


LEGS_PHRASES = [
    (
        1,
        r"(?:a |one )?single (?:match|game|leg|fixture)(?:es|s)?|one (?:match|game|leg)"
        r"|partidos? unicos?|one off (?:match|game)(?:es|s)?",
    ),
    (2, r"two legs|two legged|home and away|(?:over )?two (?:matches|games)|ida y vuelta"),
]


def read_legs_sentence(sentence: str) -> tuple[int, set[str] | None] | None:
    """ "The reclassification is played over a single match": (1, {"reclassification"});
    "Every round is played over two legs": (2, None); None when it says neither."""
    text = fold(sentence)
    for legs, pattern in LEGS_PHRASES:
        if re.search(rf"\b(?:{pattern})\b", text):
            return legs, rounds_named(text)
    return None


def rounds_named(text: str) -> set[str] | None:
    """Kinds of round a folded sentence is about; None when it names none (or all)."""
    excluded = set()
    if match := EXCEPT.search(text):
        excluded = _kinds_in(match["rest"])
        text = text[: match.start()]
        if excluded:
            kept = {k for k, _p in ROUND_WORDS} - excluded
            named = _kinds_in(text)
            return (named - excluded) or kept
    if ALL_ROUNDS.search(text):
        return None
    return _kinds_in(text) or None


def _kinds_in(text: str) -> set[str]:
    kinds = set()
    # "quarter- and semi-finals" names both: the dangling "quarter" before "and".
    text = re.sub(r"\bquarter (?:and|or) semi", "quarter finals and semi", text)
    for kind, pattern in ROUND_WORDS:
        if re.search(pattern, text):
            kinds.add(kind)
    return kinds


def looks_like_a_rule(sentence: str) -> bool:
    """A sentence about level ties that names no rule the reader knows: worth a warning."""
    text = fold(sentence)
    return bool(
        re.search(r"\b(?:tied|level|even|draw\w*)\b", text)
        and re.search(
            r"\b(?:advanc\w*|go(?:es)? through|progress\w*|decid\w*|settl\w*|wins?)\b", text
        )
    )


# -- outcome lines ------------------------------------------------------------------------

SCORE = r"(?<![\d-])(\d{1,2}) ?- ?(\d{1,2})(?![\d-])"
VERBS = (
    r"advanced|advances|advance|won|wins|went through|goes through|progressed|progresses"
    r"|qualified|qualifies|(?:was|were|is|are) promoted|(?:was|were) crowned(?: champions?)?"
    r"|(?:are|were|was|is) (?:the )?champions?|go through"
)
BEATING = r"beat|beats|defeated|defeats|eliminated|eliminates|knocked out|overcame"
OUTCOME_RE = re.compile(
    rf"^(?P<team>[^\d,;:]+?)\s+(?:(?P<verb>{VERBS})|(?:{BEATING})\s+(?P<loser>[^\d,;]+?))"
    rf"(?=\s|$)(?P<rest>.*)$",
    re.IGNORECASE,
)
WHY = [
    (Tiebreak.PENALTIES.value, r"penalt|shoot ?out|spot kicks|\bpens?\b|\bp\b"),
    (Tiebreak.EXTRA_TIME.value, r"extra time|\ba e t\b|\baet\b|after 120|overtime"),
    (Tiebreak.AWAY_GOALS.value, r"away goals?"),
    (
        Tiebreak.TABLE_POSITION.value,
        r"(?:better|higher|best) (?:league |table |general table )?"
        r"(?:position|placed|seed|seeded|place|placing|ranking|record|standing)"
        r"|(?:higher|top|better) seed|position (?:on|in) the (?:league |general )?table",
    ),
]
LEVEL_RE = re.compile(
    rf"^(?:aggregate(?: score)?:? )?{SCORE}(?: on aggregate| agg\.?| aggregate)?"
    r"(?:[;,] (?P<noet>no goals in extra time))?\.?$",
    re.IGNORECASE,
)
TEAM_AGGREGATE_RE = re.compile(
    rf"^(?:aggregate(?: score)?:? )?(?P<home>[^\d:]+?) {SCORE} (?P<away>[^\d]+?)"
    r"(?: on aggregate| \(?agg(?:regate)?\.?\)?)?\.?$",
    re.IGNORECASE,
)


@dataclass
class Outcome:
    team: str  # as written
    decided_by: str | None  # None: the line names the winner and no reason
    aggregate: tuple[int, int] | None = None  # (winner's goals, other's)
    shootout: tuple[int, int] | None = None  # (winner's, other's)
    loser: str | None = None
    seed: int | None = None  # "as the seventh seed": the seed the win gives


def read_outcome(line: str) -> Outcome | None:
    """ "León advanced 3–0 on aggregate", "Toluca won on away goals (2–2 on aggregate)",
    "Correcaminos advanced due to better league position", "América won 4–2 on
    penalties", "León beat Irapuato 3–0 on aggregate", "Pachuca advanced." …"""
    text = flatten(line).rstrip(".!")
    match = OUTCOME_RE.match(text)
    if not match:
        return None
    team = match["team"].strip()
    if team.lower() in {"the", "it", "they", "who", "which", "the team", "the winner"}:
        return None
    rest = fold(re.split(r"\band (?:were|was|is|are|will|would|thus|so)\b", match["rest"])[0])
    rest_raw = re.split(r"\band (?:were|was|is|are|will|would|thus|so)\b", match["rest"])[0]
    scores = [(int(a), int(b)) for a, b in re.findall(SCORE, rest_raw)]
    why = next((rule for rule, pattern in WHY if re.search(pattern, rest)), None)
    outcome = Outcome(team=team, decided_by=why, loser=match["loser"])
    if seed := SEED_RE.search(rest):
        outcome.seed = title_number(seed)
    if why == Tiebreak.PENALTIES.value:
        if not scores:
            return outcome
        # "won 4–2 on penalties (2–2 on aggregate)" or "won 4–3 on penalties after a 2–2".
        outcome.shootout = scores[0]
        if len(scores) > 1:
            outcome.aggregate = scores[1]
        return outcome
    if scores:
        outcome.aggregate = scores[0]
    if why is None and (scores or re.search(r"\baggregate\b|\bagg\b", rest)):
        outcome.decided_by = Tiebreak.AGGREGATE.value
    return outcome


def read_level(line: str):
    """ "2–2 on aggregate", "Aggregate: 1–1; no goals in extra time": (a, b, no_et)."""
    match = LEVEL_RE.match(flatten(line))
    if not match:
        return None
    return int(match[1]), int(match[2]), bool(match["noet"])


def read_team_aggregate(line: str):
    """ "Aggregate: León 3–0 Irapuato" or "León 3–0 Irapuato on aggregate"."""
    text = flatten(line)
    if not re.search(r"\bagg", text, re.IGNORECASE):
        return None
    match = TEAM_AGGREGATE_RE.match(text)
    if not match:
        return None
    return match["home"].strip(), int(match[2]), int(match[3]), match["away"].strip()


# -- infobox ------------------------------------------------------------------------------

INFOBOX_KEYS = {
    "title": "title",
    "competition": "title",
    "tournament": "title",
    "num teams": "teams",
    "teams": "teams",
    "number of teams": "teams",
    "champions": "champion",
    "champion": "champion",
    "winners": "champion",
    "winner": "champion",
    "promoted": "champion",
    "count": "count",
    "titles": "count",
    "runner up": "runner_up",
    "runners up": "runner_up",
    "matches": "matches",
    "matches played": "matches",
    "goals": "goals",
    "goals scored": "goals",
    "top goal scorer": "top_scorer",
    "top goal scorers": "top_scorer",
    "top goalscorer": "top_scorer",
    "top goalscorers": "top_scorer",
    "top scorer": "top_scorer",
    "top scorers": "top_scorer",
    "country": "country",
}
IGNORED_INFOBOX_KEYS = {
    "year", "season", "dates", "date", "prevseason", "nextseason", "previous season",
    "next season", "prev", "next", "attendance", "average attendance", "total attendance",
    "best player", "player of the tournament", "relegated", "continental", "league",
    "confederation", "logo", "caption", "first leg", "second leg", "aggregate", "event",
    "venue", "venues", "stadium", "referee", "man of the match", "on aggregate",
    "biggest home win", "biggest away win", "highest scoring",
}  # fmt: skip


def infobox_key(key: str) -> str | None:
    """The fact an infobox key names, "" for a key the importer knows and leaves, None
    for one it does not know."""
    folded = fold(key)
    if folded in INFOBOX_KEYS:
        return INFOBOX_KEYS[folded]
    return "" if folded in IGNORED_INFOBOX_KEYS else None


def leading_number(value: str) -> int | None:
    """ "34", "34 (2.83 per match)", "12 matches": 34, 34, 12; else None."""
    match = re.match(r"^\s*(\d+)\b", flatten(value).replace(",", ""))
    return int(match[1]) if match else None


TOP_SCORER_RE = re.compile(
    r"\s*(?:(?P<nat>\b[A-Z]{3})\s+)?(?P<name>[^,;()\d<>]+?)\s*,?\s*"
    r"(?:\((?P<team>[^()\d]+)\)\s*,?\s*)?"
    r"(?:\(\s*(?:(?P<team2>[^()\d,]+),\s*)?(?P<n>\d+)(?:\s*goals?)?(?:\s*each)?\s*\)"
    r"|[-:]\s*(?P<n2>\d+)\s*goals?)"
)


def read_top_scorers(value: str) -> list[tuple[str, int]] | None:
    """ "BRA Eder Pacheco (4)", "ECU Christian Benítez (5 goals)", "Oribe Peralta,
    (6 goals)", "Christian Benítez (América, 5 goals)", "A (4), B (4)"; None when the
    value names nobody the reader can count."""
    text = flatten(value)
    found = []
    for match in TOP_SCORER_RE.finditer(text):
        name = match["name"].strip(" ,;")
        name = re.sub(r"^(?:and|&)\s+", "", name)
        if not name:
            continue
        found.append((name, int(match["n"] or match["n2"])))
    return found or None


ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
]  # fmt: skip
# "as the seventh seed", "8th seed": the seed a Play-in win gives.
SEED_RE = re.compile(
    r"\b(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINALS) + r")) seed\b"
)
TITLE_NUMBER = r"(?P<n>\d+)(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINALS) + r")"
WINNERS_BOX_RE = re.compile(
    rf"^(?P<team>.+?)\s*(?:<br\s*/?>)?\s*,?\s*\(?(?:{TITLE_NUMBER})\s+(?:title|championship|"
    r"league title|star)\)?$",
    re.IGNORECASE,
)


def title_number(match) -> int:
    if match["n"]:
        return int(match["n"])
    return ORDINALS.index(match["word"].lower()) + 1


def read_titled_team(value: str) -> tuple[str, int | None]:
    """ "Correcaminos 2nd Title", "América (11th title)", "León, second title",
    "Correcaminos": (team as written, title number or None)."""
    text = flatten(value).strip()
    if match := WINNERS_BOX_RE.match(text):
        return match["team"].strip(" ,("), title_number(match)
    return re.sub(r"\s*\((?:promoted|champions?)\)$", "", text, flags=re.I), None


# -- people ---------------------------------------------------------------------------------


def same_player(written, full):
    """Does `J. Sánchez` or `Torres` name `Jesús Armando Sánchez` / `Gregorio Torres`?
    The surname words must appear in the full name after its first word, and any
    initials must match its first words."""
    words = normalize_name(written).replace(".", ". ").split()
    initials = [w[0] for w in words if w.endswith(".")]
    surname = [w for w in words if not w.endswith(".")]
    names = normalize_name(full).split()
    if not surname:
        return False
    if words == names:
        return True
    if any(i >= len(names) or names[i][0] != initial for i, initial in enumerate(initials)):
        return False
    start = max(1, len(initials))
    return any(
        names[i : i + len(surname)] == surname for i in range(start, len(names) - len(surname) + 1)
    )
