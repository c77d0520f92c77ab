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
from . import article_legs, article_lists, article_rules, article_single, phrases
from .article_grammar import CHAMPIONS_FINAL, HEADING_RE, INFOBOX_RE, PHASES, PROMOTIONAL
from .article_legs import LegState
from .phrases import flatten, fold, same_player
from .records import (
    EntryRecord,
    ImportFailed,
    RoundRecord,
    TournamentRecord,
)


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
    champions = re.search(r"\b(?:campe[oó]n de campeones|champions? of champions)\b", rest, re.I)
    liguilla = re.search(r"\b(?:liguilla|final phase|final stage|playoffs?)\b", rest, re.I)
    kind = "liguilla"
    if champions and not phase:
        kind, promotional = CHAMPIONS_FINAL, champions
    elif promotional and not phase:
        kind = PROMOTIONAL
    for found in (promotional, liguilla):
        if found:
            rest = rest.replace(found[0], " ")
    words = " ".join(rest.split())
    competition = re.sub(r"^(?:(?:of|the|de|del)\s+)+|(?:\s+(?:of|the|de|del))+$", "", words)
    return year, phase[1] if phase else None, kind, competition.strip()


class ArticleParser:
    """Reads one article top to bottom: its state (the section, round and leg being read,
    the unreadable lines pending) and the helpers every section shares; the lines of a
    round, the lists and the rules are read by article_legs, article_lists and
    article_rules."""

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
        # Facts only a round's deciding match may have (extra time, a shoot-out): (line,
        # leg, what), checked once the round's legs per tie are known.
        self.deciding = []
        # Rounds whose legs stand under leg headings (First leg, Second leg).
        self.legged_rounds = set()

    def fail(self, line, message):
        raise ImportFailed(self.source, line, message)

    def warn(self, line, message):
        self.record.warnings.append((line, message))

    @property
    def promotional(self):
        """A final between a season's champions (promotional, or Campeón de Campeones):
        no general table, its two teams the first two its results name, one round."""
        return self.record.kind in (PROMOTIONAL, CHAMPIONS_FINAL)

    def _nonblank(self, after=0):
        """(line number, text) of each non-blank line after line `after`. Blank lines are
        skipped at C speed (itertools), and nothing is copied per line: 20 MB of blank
        lines cost a fraction of a second and no more memory than the text."""
        lines = itertools.islice(self.lines, after, None)
        numbered = itertools.islice(enumerate(self.lines, start=1), after, None)
        return itertools.compress(numbered, map(str.strip, lines))

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
                # "7th v 8th" inside the Play-in: a heading over one of the round's matches.
                match_of_round = (
                    round_ is not None
                    and level > round_level
                    and kind is None
                    and leg is None
                    and phrases.match_heading(name)
                    and not phrases.round_heading(name)
                )
                inside_round = round_ is not None and (
                    leg is not None
                    or match_of_round
                    or (kind == "container" and level > round_level)
                )
                if not inside_round:  # a leg's heading does not end its round's facts
                    self.end_of_section()
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
                        round_, round_level = self._new_round(number, None, None), 1
                    section, leg_number, state = "round", leg, LegState(offset=state.offset)
                    self.legged_rounds.add(id(round_))
                    continue
                if match_of_round:
                    section, leg_number, state = "round", None, LegState(offset=state.offset)
                    continue
                if kind is None and (found := phrases.round_heading(name)):
                    if found[0] == PROMOTIONAL and self.record.kind != PROMOTIONAL:
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
                if kind == "container" and self.promotional:
                    # "==Match==", "==Details==": a season final's one round.
                    round_, round_level = self._new_round(number, None, None), level
                    section, leg_number, state = "round", None, LegState()
                    continue
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
                article_lists.table_row(self, number, line)
            elif section in ("bracket", "container"):
                article_lists.prose(self, number, line, label)
            elif section == "goalscorers":
                article_lists.scorer_list(self, number, line)
            elif section == "round":
                article_legs.round_line(self, number, raw, line, round_, leg_number, state)
        self.end_of_section()
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
        if self.record.kind == CHAMPIONS_FINAL:
            kind, name = "final", "Final"
        round_ = RoundRecord(
            line=number, name=name or "Promotional final", kind=kind or PROMOTIONAL
        )
        self.record.rounds.append(round_)
        return round_

    def _title(self, number, line) -> TournamentRecord:
        read = read_title(line) if line.startswith("=") else None
        if read is None or (read[1] is None and read[2] == "liguilla"):
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
        if kind in (PROMOTIONAL, CHAMPIONS_FINAL):
            # Played at the season's end: "2011–12" or "2012" is the 2011–12 season.
            start = first if year["end"] else first - 1
            name = "Promotional final" if kind == PROMOTIONAL else "Campeón de Campeones"
            order = 3
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
            qualifiers=2 if kind != "liguilla" else None,
        )

    def _intro(self, number, line):
        # "Infobox", "{{Infobox football tournament", "{{": the box opens; "}}": it ends.
        if fold(line).startswith("infobox") or line in {"{{", "}}"}:
            return
        match = INFOBOX_RE.match(line)
        if line.startswith(("-", "|", "*")) and match:
            self.fact_line()
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
            self.unreadable_line(number, line, "infobox" if self.section_facts else "introduction")

    def _infobox_value(self, number, key, value):
        fact = phrases.infobox_key(key)
        if fact is None:
            self.warn(number, f"infobox field {key.strip()!r} is not one the importer reads")
        elif fact:
            self.infobox[fact] = (number, value.strip())

    def infobox_int(self, key):
        if key not in self.infobox:
            return None
        number, value = self.infobox[key]
        if (found := phrases.leading_number(value)) is None:
            self.warn(number, f"infobox {key}: {value!r} is not a number; not checked")
            return None
        return number, found

    def team(self, number, written, new=False) -> str:
        """The general table's name for a team the article writes `written`; other
        spellings ("Santos" for "Santos Laguna") are matched word by word and remembered
        so the loader can record them as aliases. A promotional final has no table: its
        two teams are the first two its results name (`new`)."""
        written = re.sub(r"\s*\((?:[A-Z]{3}|promoted|champions?)\)$", "", written.strip())
        close = self.teams_named(written)
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

    def teams_named(self, written) -> list[str]:
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

    def names_a_team(self, written) -> bool:
        return len(self.teams_named(written.strip())) == 1

    def _promotional_entries(self):
        """The final's two teams, the higher seed (host of the second leg) first; their
        season records are the tournaments' tables, not the article's."""
        legs = [leg for round_ in self.record.rounds for leg in round_.legs]
        if not legs:
            self.fail(None, "no legs: a promotional final article needs its results")
        second = next((leg for leg in legs if leg.number == 2), None)
        higher = second.home if second else legs[0].away
        if self.record.kind == CHAMPIONS_FINAL and not second and len(legs) == 1:
            higher = legs[0].home  # one match: the higher seed is its host
        lower = next(iter(legs[0].teams - {higher}))
        self.record.entries = [
            EntryRecord(legs[0].line, position, team, None, None, 0, 0, 0, 0, 0, 0, 0)
            for position, team in enumerate([higher, lower], start=1)
        ]

    def _finish(self):
        article_single.split_play_in(self)
        article_single.legs_per_tie(self)
        article_single.check_deciding(self)
        article_rules.infobox_facts(self)
        article_rules.tiebreaks(self)
        article_single.choose_format(self)
        if self.promotional:
            article_rules.champions_named(self)
        self._extra_time_split()
        article_lists.resolve_own_goals(self)
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
        self._top_scorers_named()
        for round_ in record.rounds:
            for leg in round_.legs:
                for goal in leg.goals:
                    team = leg.scorer_team(goal)
                    goal.player = self._link(goal.line, team, goal.written)
                    record.squad_member(team, goal.player)
                for booking in leg.bookings:
                    booking.player = self._link(booking.line, booking.team, booking.written)
                    record.squad_member(booking.team, booking.player)

    def _top_scorers_named(self):
        """An infobox top scorer no list names ("Jürgen Damm (1)") is the full name of
        the match lines' "Damm" where those goals are one team's."""
        listed = {normalize_name(s.player) for s in self.record.scorer_list}
        for fact in self.record.facts:
            if fact.key != "top_scorers":
                continue
            for name, _goals in fact.value:
                if normalize_name(name) in listed:
                    continue
                teams = {
                    leg.scorer_team(goal)
                    for round_ in self.record.rounds
                    for leg in round_.legs
                    for goal in leg.goals
                    if same_player(goal.written, name)
                }
                if len(teams) == 1:
                    self.record.squad_member(teams.pop(), name)

    def _link(self, number, team, written):
        known = [p.name for p in self.record.squads.get(team, [])]
        matches = [name for name in known if same_player(written, name)]
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

    def unreadable_line(self, number, line, section):
        if self.unreadable is None:
            self.unreadable = [number, line, 0, section, self.section_facts]
        self.unreadable[2] += 1

    def fact_line(self):
        """A line stating a fact: unreadable lines before it sat among the section's facts."""
        if self.unreadable is not None:
            number, line, count, section, _after = self.unreadable
            more = f" (and {count - 1} more unreadable lines after it)" if count > 1 else ""
            self.fail(number, f"unreadable line {line[:60]!r} inside the {section}{more}")
        self.section_facts = True

    def end_of_section(self):
        """Unreadable lines no fact follows (after the last fact of a section, or in a
        section of prose) and a bracket drawing: ignored, with one warning each."""
        if self.unreadable is not None:
            number, line, count, section, after = self.unreadable
            what = f"{count} unreadable lines" if count > 1 else f"unreadable line {line[:60]!r}"
            where = "after" if after else "in"
            self.record.warnings.append((number, f"{what} {where} the {section}, ignored"))
            self.unreadable = None
        if self.drawing is not None:
            number, count = self.drawing
            lines = f"{count} lines" if count > 1 else "a line"
            self.warn(
                number,
                f"{lines} of a bracket drawing are not read (the site draws it from the results)",
            )
            self.drawing = None
        self.section_facts = False
