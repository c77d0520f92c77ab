"""The sections of a Liguilla article that are lists of facts (the general table, the
goalscorers list) and the prose between them. Functions over the reader
(article.ArticleParser); pure, no Django.

A line that is neither prose (phrases.is_prose), markup nor a fact is unreadable: an error
when a fact of its section follows it (it sits among the facts), else one warning naming
the first line of the run and how many there were.
"""

from __future__ import annotations

import re

from ..vocabulary import normalize_name
from . import phrases
from .phrases import flatten
from .records import EntryRecord, PersonRef, ScorerListRecord

GROUP_RE = re.compile(
    r"^(?:;|'''|==+)?\s*(?:(?P<n>\d+)\s+goals?|(?P<own>(?:\d+\s+)?(?:own\s+goals?|autogol(?:es)?)))\s*"
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


def _header_row(line, cells) -> bool:
    """A row of column names: words and signs, no cell a number."""
    return (
        line.startswith("|")
        and any(re.search(r"[^\W\d_]", c) for c in cells)
        and not any(re.fullmatch(r"[+\-−]?\d+", c) for c in cells)
    )


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
        elif _header_row(line, cells):
            pass  # a header row: "| Pos | Team | … | Pts |", "| # | Club | … |"
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
    if line.startswith(("|", "{", "!")):
        scorer_row(reader, number, line)
        return
    if not line.startswith(("-", "*", "#")):
        # Prose may introduce the list; after its first heading, a line is a fact.
        if reader.group is not None or line.startswith(";") or not phrases.is_prose(line):
            reader.unreadable_line(number, line, "goalscorers list")
        return
    reader.fact_line()
    entry = flat.lstrip("-*# ")
    if OWN_GOAL_RE.match(entry) or (reader.group and reader.group[0] == "own"):
        reader.record.scorer_list.append(own_goal_entry(reader, number, entry))
        return
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


# An own goal's entry as editors word it: "NAT Name (Own club)", "autogol de Name (Own club)
# a favor de Other", "Name (Own club, for Other)", "own goal by Name (Own club) against
# Other", "Name (for Other)": the scorer's club, and the club the goal counted for.
OWN_GOAL_RE = re.compile(r"^(?:autogol|own goal|o\.?g\.?)\b\s*(?:de|by|:)?\s*", re.I)
BENEFICIARY_RE = re.compile(
    r"^(?:a favor de|in favou?r of|scored for|counted for|credited to|benefiting|for|vs\.?"
    r"|v\.?|versus|against)\s+",
    re.I,
)
OWN_NAME_RE = re.compile(
    r"^(?:(?P<nat>[A-Z]{3})\s+)?(?P<name>[^(),;:]+?)\s*"
    r"(?=$|[(),;:]|\s-\s|\s(?:a favor de|in favou?r of|for|against|vs\.?|v\.?)\s)"
)


def own_goal_entry(reader, number, entry) -> ScorerListRecord:
    """An own goal of the list: the scorer's club is the club named plainly, the club
    after "for", "a favor de", "against" or "vs" the one the goal counted for (his
    opponent that day). A club not named is found from the match lines afterwards
    (resolve_own_goals)."""
    text = OWN_GOAL_RE.sub("", entry, count=1)
    match = OWN_NAME_RE.match(text)
    if not match or not match["name"].strip():
        reader.fail(number, f"own goal {entry!r}: no player named")
    own, benefits, count = "", "", 1
    clause = r"\s(?=(?:for|a favor de|in favou?r of|against|vs\.?|versus)\s)"
    for part in re.split(rf"[(),;]|\s-\s|{clause}", text[match.end() :]):
        part = part.strip(" .:")
        if not part:
            continue
        if found := re.fullmatch(r"(\d+)(?:\s+own goals?|\s+autogol(?:es)?|\s+goals?)?", part):
            count = int(found[1])
            continue
        prefix = BENEFICIARY_RE.match(part)
        club = part[prefix.end() :] if prefix else part
        if club.lower() in {"own goal", "own goals", "autogol", "og", "o.g."}:
            continue
        if not reader.names_a_team(club):
            reader.fail(number, f"own goal {entry!r}: {club!r} is not a team of the table")
        if prefix:
            benefits = reader.team(number, club)
        else:
            own = reader.team(number, club)
    if own and own == benefits:
        reader.fail(
            number, f"own goal {entry!r}: {own} is named as his club and as the club it counted for"
        )
    if not own and not benefits:
        reader.fail(number, f"own goal {entry!r}: no club named (expected 'Name (Club)')")
    return ScorerListRecord(
        line=number,
        player=match["name"].strip(),
        nationality=match["nat"] or "",
        team=own,
        goals=count,
        own_goals=True,
        for_team=benefits,
    )


def resolve_own_goals(reader):
    """An own goal listed only with the club it counted for: his club is the other club
    of the match in which the match lines give him that own goal."""
    for entry in reader.record.scorer_list:
        if not entry.own_goals or entry.team:
            continue
        clubs = {
            leg.scorer_team(goal)
            for round_ in reader.record.rounds
            for leg in round_.legs
            for goal in leg.goals
            if goal.own_goal and goal.team == entry.for_team and _same(goal.written, entry.player)
        }
        if len(clubs) != 1:
            reader.fail(
                entry.line,
                f"own goal of {entry.player} for {entry.for_team}: the list does not name "
                "his club and the match lines give him no such own goal"
                if not clubs
                else f"own goal of {entry.player}: his club could be {' or '.join(sorted(clubs))}",
            )
        entry.team = clubs.pop()


def _same(written, listed) -> bool:
    return normalize_name(written) == normalize_name(listed) or phrases.same_player(written, listed)


def scorer_row(reader, number, line):
    """A row of a goalscorers table: `| 1 | MEX Henry Martín | América | 6 |` (the rank
    may be empty where players share it); header rows and table markup are skipped."""
    if MARKUP_RE.match(line) and not line.startswith("| "):
        return
    cells = [cell.strip() for cell in flatten(line).strip("|").split("|")]
    while cells and cells[-1] == "":
        cells.pop()
    if not cells or not re.fullmatch(r"\d+", cells[-1]):
        if all(not re.search(r"\d", cell) for cell in cells):
            return  # "| Rank | Player | Club | Goals |"
        reader.fail(
            number, f"malformed goalscorers row {line!r} (expected '| Player | Club | Goals |')"
        )
    clubs = [i for i, cell in enumerate(cells[:-1]) if reader.names_a_team(cell)]
    players = [
        i
        for i, cell in enumerate(cells[:-1])
        if i not in clubs and not re.fullmatch(r"[\d=T.-]*", cell)
    ]
    if len(clubs) != 1 or len(players) != 1:
        reader.fail(
            number,
            f"goalscorers row {line!r}: expected one player and one club of the table, "
            "then the goals",
        )
    reader.fact_line()
    person = _person(cells[players[0]])
    reader.record.scorer_list.append(
        ScorerListRecord(
            line=number,
            player=person.name,
            nationality=person.nationality,
            team=reader.team(number, cells[clubs[0]]),
            goals=int(cells[-1]),
        )
    )
