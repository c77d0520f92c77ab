"""The sections of a Liguilla article that are lists of facts (the general table, the
goalscorers list) and the prose between them. Functions over the reader
(article.ArticleParser); pure, no Django.

A line that is neither prose (phrases.is_prose), markup nor a fact is unreadable: an error
when a fact of its section follows it (it sits among the facts), else one warning naming
the first line of the run and how many there were.
"""

from __future__ import annotations

import re

from . import phrases
from .phrases import flatten
from .records import EntryRecord, PersonRef, ScorerListRecord

GROUP_RE = re.compile(
    r"^(?:;|'''|==+)?\s*(?:(?P<n>\d+)\s+goals?|(?P<own>(?:\d+\s+)?own\s+goals?))\s*"
    r"(?:'''|==+)?$",
    re.IGNORECASE,
)
# Table and template markup with no text of its own: `{|`, `|}`, `|-`, `|+`, `{{…`, `}}`, `!`.
MARKUP_RE = re.compile(r"^(?:\{\||\|\}|\|-|\|\+|\{\{|\}\}|!)")
LIST_ENTRY_RE = re.compile(
    r"^[-*#]\s*(?:(?P<nat>[A-Z]{3})\s+)?(?P<name>[^()]+?)\s*\((?P<team>[^()]+)\)"
    r"(?:\s*[-:,]?\s*\(?(?P<count>\d+)(?:\s*goals?)?\)?)?$"
)


def _person(cell: str) -> PersonRef | None:
    """`MEX Cristóbal Ortega` -> PersonRef("Cristóbal Ortega", "MEX")."""
    cell = cell.strip()
    if not cell or cell in {"-", "–", "?"}:
        return None
    match = re.match(r"^(?P<nat>[A-Z]{3})\s+(?P<name>.+)$", cell)
    if match:
        return PersonRef(match["name"].strip(), match["nat"])
    return PersonRef(cell)


def prose(reader, number, line, section, under=None):
    """A line of a section of prose (the bracket's, a round's before its legs): read
    for the rules it states; markup skipped; a bracket drawing counted."""
    if line.startswith(("|", "{", "}", "!")):
        if not MARKUP_RE.match(line):
            reader.drawing = reader.drawing or [number, 0]
            reader.drawing[1] += 1
        return
    if phrases.is_prose(line):
        reader.rule_text.append((number, line, under))
    else:
        reader.unreadable_line(number, line, section)


def table_row(reader, number, line):
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    while cells and cells[-1] == "":
        cells.pop()
    if MARKUP_RE.match(line):
        return
    if not line.startswith("|") or not cells or not re.fullmatch(r"\d+", cells[0]):
        # Prose about who qualified and header rows come before the table's rows.
        if reader.record.entries:
            reader.unreadable_line(number, line, "general table")
        elif line.startswith("|") and all(re.search(r"[^\W\d_]", c) for c in cells if c):
            pass  # a header row: "| Pos | Team | … | Pts |"
        elif not line.startswith("|") and phrases.is_prose(line):
            reader.rule_text.append((number, line, "teams"))  # who qualified, as what
        else:
            reader.unreadable_line(number, line, "general table")
        return
    reader.fact_line()
    numbers = cells[-8:]
    names = cells[1:-8]
    if len(cells) < 10 or not 1 <= len(names) <= 3:
        reader.fail(
            number,
            f"malformed table row: expected position, team, [manager, captain], "
            f"Pld W D L GF GA GD Pts; got {len(cells)} cells",
        )
    values = []
    labels = ["Pld", "W", "D", "L", "GF", "GA", "GD", "Pts"]
    for label, cell in zip(labels, numbers, strict=True):
        if not re.fullmatch(r"[+-−]?\d+", cell):
            reader.fail(number, f"malformed table row: {label} is {cell!r}, not a number")
        values.append(int(cell.replace("−", "-")))
    team = names[0]
    if not team:
        reader.fail(number, "malformed table row: no team name")
    pld, w, d, lost, gf, ga, gd, pts = values
    entry = EntryRecord(
        line=number,
        position=int(cells[0]),
        team=team,
        manager=_person(names[1]) if len(names) > 1 else None,
        captain=_person(names[2]) if len(names) > 2 else None,
        played=pld,
        won=w,
        drawn=d,
        lost=lost,
        goals_for=gf,
        goals_against=ga,
        goal_difference=gd,
        points=pts,
    )
    if any(e.team == team for e in reader.record.entries):
        reader.fail(number, f"{team} appears twice in the general table")
    if reader.record.entries and entry.position <= reader.record.entries[-1].position:
        previous = reader.record.entries[-1]
        reader.fail(
            number,
            f"table position {entry.position} of {team} does not follow position "
            f"{previous.position} of {previous.team}",
        )
    reader.record.entries.append(entry)
    reader.table_teams.append(team)


def scorer_list(reader, number, line):
    flat = flatten(line)
    if match := GROUP_RE.match(flat):
        reader.fact_line()
        reader.group = ("own", 1) if match["own"] else ("goals", int(match["n"]))
        return
    if not line.startswith(("-", "*", "#")):
        # Prose may introduce the list; after its first heading, a line is a fact.
        if reader.group is not None or line.startswith(";") or not phrases.is_prose(line):
            reader.unreadable_line(number, line, "goalscorers list")
        return
    reader.fact_line()
    match = LIST_ENTRY_RE.match(flat)
    if not match:
        reader.fail(number, f"malformed goalscorer {line!r} (expected '- NAT Name (Team)')")
    if reader.group is None and not match["count"]:
        reader.fail(number, "goalscorer before any ';N goals' heading")
    kind, goals = reader.group or ("goals", None)
    if match["count"]:
        goals = int(match["count"])
    reader.record.scorer_list.append(
        ScorerListRecord(
            line=number,
            player=match["name"].strip(),
            nationality=match["nat"] or "",
            team=reader.team(number, match["team"]),
            goals=goals,
            own_goals=kind == "own",
        )
    )
