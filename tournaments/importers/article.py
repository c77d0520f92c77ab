"""Parse a Liguilla article (the wiki-like text of data/*.txt) into a TournamentRecord.

Pure: text in, records out, no database. The reader follows the grammar of such articles
rather than one file: headings name rounds, legs and sections at any level; prose is read
for tiebreak rules (phrases.py); facts (scores, scorers, dates, who advanced, the infobox,
the winners box, the goalscorers list) are kept with their line for the loader to check
against the domain rules. What cannot be read with confidence in prose, headings or the
infobox is a warning naming its line; a fact that cannot be read (a result line, a
minute) is an error. A line that is neither prose (phrases.is_prose), markup nor a fact is
unreadable: an error where facts follow it in its section (the infobox, the general table,
a round, the goalscorers list), else one warning naming the first of its run.
docs/import-formats.md describes the format.
"""

from __future__ import annotations

import itertools
import re

from ..vocabulary import normalize_name, slugify
from . import phrases
from .article_legs import LegState, RoundLines
from .article_lists import FactLists
from .article_rules import ArticleRules
from .phrases import flatten, fold
from .records import (
    EntryRecord,
    ImportFailed,
    RoundRecord,
    TournamentRecord,
)

PHASES = {"apertura": 1, "clausura": 2, "bicentenario": 1, "invierno": 1, "verano": 2}
PROMOTIONAL = "promotional_final"
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
SHOOTOUT_RE = re.compile(r"(\d{1,2})\s*-\s*(\d{1,2})\s*(?:p\b|pen|on penalties|penalties)", re.I)
FIXTURE_RE = re.compile(r"^(?P<home>\S.*?)\s+(?:v|vs\.?)\s+(?P<away>.*?\S)$")
SCORER_LINE_RE = re.compile(r"^(?P<team>[^:']+?):\s*(?P<items>.*)$")
MINUTE_RE = re.compile(
    r"(?P<minute>\d+)(?:\s*\+\s*(?P<added>\d+))?\s*'"
    r"(?:\s*\(?(?P<kind>pen\.?|penalty|p\.?|o\.?\s?g\.?|own goal)\)?(?!\w))?",
    re.IGNORECASE,
)
FOOTBALLBOX_RE = re.compile(
    r"^(?:attendance|referee|stadium|venue|report|match report|man of the match|"
    r"assistant referees?|fourth official)\b",
    re.I,
)
CHAMPIONS_LINE_RE = re.compile(r"^[^:]*\b(?:winners?|champions?)\s*:\s*(?P<rest>.+)$", re.I)


def parse_article(text: str, source: str) -> TournamentRecord:
    return ArticleParser(text, source).parse()


def read_title(line: str):
    """`= 2011 Liga de Ascenso Apertura Liguilla =`, `= Liguilla of the Clausura 2013
    Liga MX =`, `= 2011–12 Liga de Ascenso Promotional Final =`: (year match, phase or
    None, kind, competition words) or None when the line names no year."""
    text = flatten(line).strip("= ")
    year = re.search(r"\b(?P<y>(?:19|20)\d{2})(?:\s*-\s*(?P<end>\d{2,4}))?\b", text)
    if not year:
        return None
    rest = (text[: year.start()] + " " + text[year.end() :]).strip()
    phase = re.search(r"\b(" + "|".join(PHASES) + r")\b", rest, re.I)
    if phase:
        rest = rest[: phase.start()] + " " + rest[phase.end() :]
    promotional = re.search(
        r"\b(?:promotion(?:al)? (?:final|play-?off)s?|final de ascenso|ascenso final)\b",
        rest,
        re.I,
    )
    liguilla = re.search(r"\b(?:liguilla|final phase|final stage|playoffs?)\b", rest, re.I)
    kind = PROMOTIONAL if promotional and not phase else "liguilla"
    for found in (promotional, liguilla):
        if found:
            rest = rest.replace(found[0], " ")
    words = " ".join(rest.split())
    competition = re.sub(r"^(?:(?:of|the|de|del)\s+)+|(?:\s+(?:of|the|de|del))+$", "", words)
    return year, phase[1] if phase else None, kind, competition.strip()


class ArticleParser(FactLists, RoundLines, ArticleRules):
    def __init__(self, text: str, source: str):
        self.source = source
        self.lines = text.splitlines()
        self.record: TournamentRecord | None = None
        self.infobox: dict[str, tuple[int, str]] = {}
        # Prose that may state tiebreak rules: (line, text, the round kind it is under).
        self.rule_text: list[tuple[int, str, str | None]] = []
        self.table_teams: list[str] = []
        self.group = None
        # Unreadable lines since the last fact of the section: [first line, its text, how
        # many, section, whether a fact came before them]. An error if another fact
        # follows (they sit inside the facts), a warning if the section ends first.
        self.unreadable = None
        self.section_facts = False  # has the current section stated a fact yet?
        # Lines of a bracket drawing in this section: [first line, how many]; not read.
        self.drawing = None

    def fail(self, line, message):
        raise ImportFailed(self.source, line, message)

    def warn(self, line, message):
        self.record.warnings.append((line, message))

    @property
    def promotional(self):
        return self.record.kind == PROMOTIONAL

    def _nonblank(self, after=0):
        """(line number, text) of each non-blank line after line `after`. Blank lines are
        skipped at C speed (itertools), and nothing is copied per line: 20 MB of blank
        lines cost a fraction of a second and no more memory than the text."""
        lines = itertools.islice(self.lines, after, None)
        numbered = itertools.islice(enumerate(self.lines, start=1), after, None)
        return itertools.compress(numbered, map(str.strip, lines))

    # -- driver -------------------------------------------------------------------------

    def parse(self) -> TournamentRecord:
        first = next(self._nonblank(), None)
        if first is None:
            self.fail(None, "the file is empty")
        first_line, title = first
        self.record = self._title(first_line, title.strip())
        section, round_, round_level, unknown, skipped = "intro", None, 0, None, 0
        label = None  # the name of a section of prose, for its warnings
        leg_number = None
        state = LegState()
        for number, raw in self._nonblank(after=first_line):
            line = raw.strip()
            if heading := HEADING_RE.match(line):
                level, name = len(heading["level"]), heading["name"]
                if skipped and level > skipped:
                    continue  # inside a section that is not read
                skipped = 0
                leg = phrases.leg_heading(name)
                kind = phrases.section_of(name)
                inside_round = round_ is not None and (
                    leg is not None or (kind == "container" and level > round_level)
                )
                if not inside_round:  # a leg's heading does not end its round's facts
                    self._end_of_section()
                if leg is not None:
                    if round_ is None:
                        if unknown is not None:  # legs under a heading the reader cannot place
                            self.fail(
                                unknown[0],
                                f"{unknown[1]!r} names no round the site knows (for example "
                                "Quarter-finals, Semi-finals, Final, Round of 16, Round 1, "
                                "Play-in)",
                            )
                        if not self.promotional:
                            self.fail(number, f"leg heading {line!r} outside a round section")
                        round_, round_level = self._new_round(number, PROMOTIONAL, None), 1
                    section, leg_number, state = "round", leg, LegState(offset=state.offset)
                    continue
                if kind is None and (found := phrases.round_heading(name)):
                    if found[0] == PROMOTIONAL and not self.promotional:
                        # A Liguilla article telling of the final that follows it: that
                        # final is its own article (its own tournament).
                        self.warn(
                            number,
                            f"{name!r}: the promotional final is imported from "
                            "its own article; this section is not read",
                        )
                        section, round_, leg_number, unknown = "other", None, None, None
                        skipped = level
                        continue
                    round_, round_level = self._new_round(number, found[0], found[1]), level
                    section, leg_number, state = "round", None, LegState()
                    continue
                if kind == "container" and round_ is not None and level > round_level:
                    continue  # "Matches" or "Results" inside a round
                unknown = (number, name) if kind is None else None
                if kind is None:
                    self.warn(
                        number,
                        f"section {name!r} is neither a round nor Teams, Bracket or "
                        "Goalscorers: its lines are not read",
                    )
                    kind = "other"
                section, round_, leg_number, state = kind, None, None, LegState()
                label = "bracket" if kind == "bracket" else name
                continue
            if section == "intro":
                self._intro(number, line)
            elif section == "teams":
                self._table_row(number, line)
            elif section in ("bracket", "container"):
                self._prose(number, line, label)
            elif section == "goalscorers":
                self._scorer_list(number, line)
            elif section == "round":
                self._round_line(number, raw, line, round_, leg_number, state)
        self._end_of_section()
        if self.promotional:
            self._promotional_entries()
        if self.record.entries == []:
            self.fail(None, "no general table (==Teams== with one row per qualifier)")
        if not self.record.rounds:
            self.fail(None, "no rounds (==Quarter-finals== and so on)")
        self._finish()
        return self.record

    def _new_round(self, number, kind, name):
        if self.promotional and self.record.rounds:
            return self.record.rounds[0]  # one round: its legs may sit under any heading
        round_ = RoundRecord(line=number, name=name or "Promotional final", kind=kind)
        self.record.rounds.append(round_)
        return round_

    def _title(self, number, line) -> TournamentRecord:
        read = read_title(line) if line.startswith("=") else None
        if read is None or (read[1] is None and read[2] != PROMOTIONAL):
            # Not quoted: until its title is read, this may be any file at all (one
            # linked by mistake, /etc/shadow), and an error message is no place for it.
            self.fail(
                number,
                "not a season article: this line should be its title, "
                "'= YEAR COMPETITION Apertura|Clausura Liguilla =' "
                "or '= SEASON COMPETITION Promotional Final ='",
            )
        year, phase, kind, competition = read
        first = int(year["y"])
        if kind == PROMOTIONAL:
            # Played at the season's end: "2011–12" or "2012" is the 2011–12 season.
            start = first if year["end"] else first - 1
            name, order = "Promotional final", 3
        else:
            phase = phase.capitalize()
            order = PHASES[phase.lower()]
            start = first if order == 1 or year["end"] else first - 1
            name = f"{phase} {start if order == 1 else start + 1}"
        return TournamentRecord(
            source=self.source,
            line=number,
            competition=competition,
            season_name=f"{start}–{str(start + 1)[-2:]}",
            season_start_year=start,
            name=name,
            slug=slugify(name),
            order=order,
            kind=kind,
            qualifiers=2 if kind == PROMOTIONAL else None,
        )

    # -- infobox ------------------------------------------------------------------------

    def _intro(self, number, line):
        if fold(line) in {"infobox", "infobox football"} or line in {"{{", "}}"}:
            return
        match = INFOBOX_RE.match(line)
        if line.startswith(("-", "|", "*")) and match:
            self._fact_line()
            # "- Count: 2 | runner-up = La Piedad": more keys after a bar.
            value, *more = match["value"].split("|")
            self._infobox_value(number, match["key"], value)
            for extra in more:
                key, equals, value = extra.partition("=")
                if equals:
                    self._infobox_value(number, key, value)
                elif extra.strip():
                    self.warn(number, f"infobox field {extra.strip()!r} is not 'key = value'")
            return
        if line.startswith(("-", "|")):
            self.warn(number, f"infobox line {line[:60]!r} is not '- Key: Value'; not read")
            return
        if phrases.is_prose(line):
            self.rule_text.append((number, line, None))  # prose may state the rules
        else:
            self._unreadable_line(number, line, "infobox" if self.section_facts else "introduction")

    def _infobox_value(self, number, key, value):
        fact = phrases.infobox_key(key)
        if fact is None:
            self.warn(number, f"infobox field {key.strip()!r} is not one the importer reads")
        elif fact:
            self.infobox[fact] = (number, value.strip())

    def _infobox_int(self, key):
        if key not in self.infobox:
            return None
        number, value = self.infobox[key]
        if (found := phrases.leading_number(value)) is None:
            self.warn(number, f"infobox {key}: {value!r} is not a number; not checked")
            return None
        return number, found

    # -- teams ---------------------------------------------------------------------------

    def _team(self, number, written, new=False) -> str:
        """The general table's name for a team the article writes `written`; other
        spellings ("Santos" for "Santos Laguna") are matched word by word and remembered
        so the loader can record them as aliases. A promotional final has no table: its
        two teams are the first two its results name (`new`)."""
        written = re.sub(r"\s*\((?:[A-Z]{3}|promoted|champions?)\)$", "", written.strip())
        close = self._teams_named(written)
        if len(close) == 1:
            if normalize_name(close[0]) != normalize_name(written):
                self.record.team_variants[written] = close[0]
            return close[0]
        if close:
            self.fail(number, f"{written!r} could be any of {', '.join(close)}")
        if self.promotional and new and len(self.table_teams) < 2 and written:
            self.table_teams.append(written)
            return written
        if not self.table_teams:
            self.fail(number, f"{written} is named before the general table")
        table = "of the final" if self.promotional else "of the general table"
        self.fail(number, f"{written!r} is not a team {table}")

    def _teams_named(self, written) -> list[str]:
        """The table's teams `written` can name: the one of that name, else those whose
        words contain its words or are contained in them."""
        wanted = normalize_name(written)
        for team in self.table_teams:
            if normalize_name(team) == wanted:
                return [team]
        words = set(wanted.split())
        return [
            team
            for team in self.table_teams
            if words
            and (
                words <= set(normalize_name(team).split())
                or set(normalize_name(team).split()) <= words
            )
        ]

    def _names_a_team(self, written) -> bool:
        return len(self._teams_named(written.strip())) == 1

    def _promotional_entries(self):
        """The final's two teams, the higher seed (host of the second leg) first; their
        season records are the tournaments' tables, not the article's."""
        legs = [leg for round_ in self.record.rounds for leg in round_.legs]
        if not legs:
            self.fail(None, "no legs: a promotional final article needs its results")
        second = next((leg for leg in legs if leg.number == 2), None)
        higher = second.home if second else legs[0].away
        lower = next(iter(legs[0].teams - {higher}))
        self.record.entries = [
            EntryRecord(legs[0].line, position, team, None, None, 0, 0, 0, 0, 0, 0, 0)
            for position, team in enumerate([higher, lower], start=1)
        ]

    # -- after reading everything ------------------------------------------------------

    def _finish(self):
        self._infobox_facts()
        self._tiebreaks()
        if self.promotional:
            self._champions_named()
        self._extra_time_split()
        self._squads()

    def _extra_time_split(self):
        """`(a.e.t.)` gives the score after 120 minutes; goals after the 90th minute are
        the extra period's."""
        for round_ in self.record.rounds:
            for leg in round_.legs:
                if not leg.after_extra_time:
                    continue
                extra = [g for g in leg.goals if g.minute > 90]
                home = sum(1 for g in extra if g.team == leg.home)
                away = len(extra) - home
                if home > leg.home_score or away > leg.away_score:
                    self.fail(
                        leg.line,
                        f"{leg.label()} (a.e.t.): {home + away} goals after 90' exceed the score",
                    )
                leg.extra_time = (home, away)
                leg.home_score -= home
                leg.away_score -= away

    def _squads(self):
        """Link the match lines' surnames to the full names the goalscorers list and the
        table give, within each team (León's Torres is not Correcaminos' Torres)."""
        record = self.record
        for entry in record.entries:
            if entry.captain:
                record.squad_member(entry.team, entry.captain.name, entry.captain.nationality)
        for scorer in record.scorer_list:
            player_team = scorer.team
            record.squad_member(player_team, scorer.player, scorer.nationality)
        for round_ in record.rounds:
            for leg in round_.legs:
                for goal in leg.goals:
                    team = leg.scorer_team(goal)
                    goal.player = self._link(goal.line, team, goal.written)
                    record.squad_member(team, goal.player)
                for booking in leg.bookings:
                    booking.player = self._link(booking.line, booking.team, booking.written)
                    record.squad_member(booking.team, booking.player)

    def _link(self, number, team, written):
        known = [p.name for p in self.record.squads.get(team, [])]
        matches = [name for name in known if _same_player(written, name)]
        exact = [name for name in matches if normalize_name(name) == normalize_name(written)]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            self.record.warnings.append(
                (number, f"{written} ({team}) could be {' or '.join(matches)}; kept as written")
            )
        return written


def _same_player(written, full):
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
