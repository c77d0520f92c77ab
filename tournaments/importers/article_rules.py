"""What a Liguilla article states in words, read once the whole article is: the infobox's
facts and the tiebreak rules of each round. Functions over the reader
(article.ArticleParser); pure.
"""

from __future__ import annotations

import re

from ..vocabulary import Tiebreak
from . import phrases
from .article_single import is_single, single_match_default
from .phrases import flatten, fold
from .records import Fact

TWO_LEGS = re.compile(r"\b(?:aggregate|both legs|two legs|second leg|home and away)\b")


def infobox_facts(reader):
    record, box = reader.record, reader.infobox
    if "title" in box:
        number, title = box["title"]
        title = flatten(title)
        if not record.competition:
            record.competition = title
        elif fold(title) != fold(record.competition):
            # Two names of one competition ("Mexican Primera División" in the box,
            # "Primera División de México" in the title): an alias, not a contradiction.
            record.competition_aliases.append(title)
    if not record.competition:
        reader.fail(record.line, "the title line names no competition and the infobox no Title")
    if "country" in box:
        record.country = box["country"][1]
    for key in ("teams", "matches", "goals"):
        if (value := reader.infobox_int(key)) is not None:
            record.facts.append(Fact(value[0], key, value[1]))
    if "champion" in box:
        number, value = box["champion"]
        team, title = phrases.read_titled_team(value)
        if title is not None:
            record.facts.append(Fact(number, "champion_title", title))
        record.facts.append(Fact(number, "champion", reader.team(number, team)))
    if (value := reader.infobox_int("count")) is not None:
        record.facts.append(Fact(value[0], "champion_title", value[1]))
    if "runner_up" in box:
        number, value = box["runner_up"]
        team, _title = phrases.read_titled_team(value)
        record.facts.append(Fact(number, "runner_up", reader.team(number, team)))
    if "top_scorer" in box:
        number, value = box["top_scorer"]
        if scorers := phrases.read_top_scorers(value):
            record.facts.append(Fact(number, "top_scorers", scorers))
        else:
            reader.warn(number, f"top scorer {value!r} not understood ('Name (goals)')")
    titles = [f for f in record.facts if f.key == "champion_title"]
    if titles:
        record.champion_title = titles[0].value


def tiebreaks(reader):
    """Read the tiebreak rules stated in words (==Bracket==, the introduction, a
    round's own prose) into each round's list.

    A sentence that names rounds ("in the quarter- and semi-finals", "except the
    final") applies to those rounds; one that continues the last ("if still level, …")
    keeps its rounds; one under a round's heading applies to that round; any other to
    every round. A round's own decisive rule (penalties) replaces the general one (the
    higher seed advances). Rules come in the site's order (aggregate, away goals, extra
    time, penalties, table position) whatever order the prose names them in.
    """
    general, specific, negated, line_of = [], {}, {}, {}
    # Rules said of every round in words about legs ("level on aggregate", "after both
    # legs"): the two-legged rounds', not a single match's.
    two_legged = []
    scope, first_line = None, None
    for number, text, under in reader.rule_text:
        if under == "teams":
            continue  # who qualified, not how ties are decided
        for sentence in phrases.sentences(text):
            read = phrases.read_rule_sentence(sentence)
            if read is None:
                if phrases.looks_like_a_rule(sentence):
                    reader.warn(number, f"tiebreak sentence not understood: {sentence[:80]!r}")
                continue
            first_line = first_line or number
            if read.rounds is not None:
                scope = read.rounds
            elif under is not None:
                scope = {under}
            elif not read.continues:
                scope = None
            for kind in scope or [None]:
                if read.rules:
                    line_of.setdefault(kind, number)
                target = general if kind is None else specific.setdefault(kind, [])
                if kind is None and TWO_LEGS.search(fold(sentence)):
                    target = two_legged
                target.extend(r for r in read.rules if r not in target)
                negated.setdefault(kind, set()).update(read.negated)
    order = [t.value for t in Tiebreak]
    decisive = {Tiebreak.PENALTIES.value, Tiebreak.TABLE_POSITION.value}
    for round_ in reader.record.rounds:
        own = specific.get(round_.kind, [])
        every = set(general) | (set() if is_single(round_) else set(two_legged))
        rules = set(own) | (every - (decisive if set(own) & decisive else set()))
        rules -= negated.get(round_.kind, set()) - set(own)
        rules -= negated.get(None, set()) - set(own)
        line = line_of.get(round_.kind) or line_of.get(None) or round_.line
        if not rules and first_line is None:
            rules, line = rules_from_results(reader, round_), round_.line
            if not rules:
                continue  # the previous round's, or the Liguilla rule
        rules.add(Tiebreak.AGGREGATE.value)
        listed = sorted(rules, key=order.index)
        if listed[-1] not in decisive:
            added = (
                Tiebreak.PENALTIES.value
                if Tiebreak.EXTRA_TIME.value in rules or is_single(round_)
                else Tiebreak.TABLE_POSITION.value
            )
            reader.warn(
                line,
                f"{round_.name}: the rules read ({', '.join(listed)}) can leave a tie "
                f"level; read as ending with {added}",
            )
            listed.append(added)
        round_.tiebreak, round_.tiebreak_line = listed, line


def rules_from_results(reader, round_) -> set[str]:
    """No rule stated anywhere: what the round's results show (extra time played, a
    shoot-out, "advanced on away goals"), with a warning; empty when they show none."""
    shown = set()
    for leg in round_.legs:
        if leg.extra_time is not None or leg.after_extra_time:
            shown.add(Tiebreak.EXTRA_TIME.value)
        if leg.penalties is not None:
            shown.add(Tiebreak.PENALTIES.value)
    for outcome in round_.outcomes:
        if outcome.decided_by not in (None, Tiebreak.AGGREGATE.value):
            shown.add(outcome.decided_by)
    if not shown and is_single(round_):
        shown = single_match_default(round_)
        reader.warn(
            round_.line,
            f"{round_.name}: no tiebreak rule stated; a level single match goes straight "
            f"to penalties, as the site's formats play a {round_.name}",
        )
        return shown
    if shown:
        reader.warn(
            round_.line,
            f"{round_.name}: no tiebreak rule stated; the results show {', '.join(sorted(shown))}",
        )
    else:
        reader.warn(
            round_.line,
            f"{round_.name}: no tiebreak rule stated; a level tie goes to the higher seed "
            "(aggregate, table_position)",
        )
    return shown


def champions_named(reader):
    """ "Correcaminos, winners of the Apertura 2011" or "- León: Clausura 2012
    champions" in a promotional final's prose: kept as facts, checked against those
    tournaments when the site has them."""
    for number, text, _under in reader.rule_text:
        folded = fold(text)
        for team in reader.table_teams:
            name = re.escape(fold(team))
            for pattern in (
                rf"\b{name} (?:the )?(?:winners?|champions?) of (?:the )?"
                r"(apertura|clausura) (\d{4})",
                rf"\b{name} (?:the )?(apertura|clausura) (\d{{4}}) (?:winners?|champions?)",
            ):
                for found in re.finditer(pattern, folded):
                    tournament = f"{found[1].capitalize()} {found[2]}"
                    reader.record.facts.append(Fact(number, "won", (team, tournament)))
