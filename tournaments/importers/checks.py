"""What a source states that the site also derives, checked against the domain rules: who
advanced and why, the infobox and winners box, the top scorers, the goalscorers list. Plain
functions over a LoadContext (context.py): each disagreement is `ctx.mismatch` (FILE:LINE,
nothing written) or, where the source only leaves something out, `ctx.warn`. Also what
the loader understood, for `--dry-run`.
"""

from __future__ import annotations

from collections import Counter

from ..display import aggregate_line
from ..models import Goal, Leg, normalize_name
from ..vocabulary import score_text
from . import phrases
from .context import LoadContext


def described(ctx: LoadContext, tournament) -> list[str]:
    """What the importer understood: each round with its tiebreak list and where it
    was read, each tie with its aggregate and decision, and the champion."""
    lines = []
    if ctx.record.competition_aliases:
        names = ", ".join(ctx.record.competition_aliases)
        lines.append(f"{tournament.season.competition} (also called {names})")
    for number, round_ in enumerate(tournament.rounds.all(), start=1):
        record = ctx.record.rounds[number - 1] if number <= len(ctx.record.rounds) else None
        where = "default"
        if record and record.tiebreak_line:
            where = f"line {record.tiebreak_line}"
        elif record and record.tiebreak is None:
            where = "not stated: the previous round's or the Liguilla rule"
        lines.append(f"{round_.name}: tiebreak {', '.join(round_.tiebreak)} ({where})")
        if number == 1:
            lines.extend(f"  {team}: bye" for team in tournament.bye_teams())
        for tie in round_.ties.all():
            teams = aggregate_line(tie) if tie.aggregate() else tie.pairing_label()
            decision = tie.decision()
            outcome = (
                f"{decision.winner} advance on {decision.decided_by}"
                if decision.winner
                else f"undecided ({decision.missing})"
            )
            lines.append(f"  {teams}: {outcome}")
    champion = tournament.summary().champion
    lines.append(f"Champion: {champion or 'none yet'}")
    return lines


# -- checks of what the source states ------------------------------------------------


def check_outcomes(ctx: LoadContext, tournament):
    """ "X advanced 3 – 0 on aggregate" against the tie's own decision."""
    ties = {}
    for round_ in tournament.rounds.all():
        for tie in round_.ties.all():
            ties[(round_.number, frozenset((tie.higher_seed.name, tie.lower_seed.name)))] = tie
    for number, record in enumerate(ctx.record.rounds, start=1):
        for outcome in record.outcomes:
            tie = ties.get((number, outcome.teams))
            if tie is None:
                continue  # the pairing itself was already reported
            decision = tie.decision()
            aggregate = tie.aggregate()
            ruled = "undecided"
            if decision.winner:
                ruled = f"{decision.winner} advance on {decision.decided_by}"
            if aggregate:
                ruled += f" ({aggregate_line(tie)} on aggregate)"
            if outcome.claims_decision:
                winner = decision.winner.name if decision.winner else None
                reasons = {outcome.decided_by}
                if outcome.decided_by == "aggregate":
                    reasons.add("extra_time")  # "advanced 3 – 2 on aggregate" after a.e.t.
                stated_reason = outcome.decided_by is not None
                wrong_reason = stated_reason and decision.decided_by not in reasons
                if winner != outcome.winner or (winner and wrong_reason):
                    ctx.mismatch(outcome.line, f"{outcome.text!r}, but the rules say {ruled}")
                    continue
            if outcome.aggregate is not None:
                stated = (
                    outcome.aggregate.get(tie.higher_seed.name),
                    outcome.aggregate.get(tie.lower_seed.name),
                )
                if aggregate != stated:
                    ctx.mismatch(
                        outcome.line,
                        f"{outcome.text!r}: aggregate {score_text(*stated)}, but the legs "
                        f"give {score_text(*(aggregate or (0, 0)))} ({tie.pairing_label()})",
                    )
        if number == 1 and record.byes is not None:
            ruled = [t.name for t in tournament.bye_teams()]
            if sorted(record.byes.value) != sorted(ruled):
                ctx.mismatch(
                    record.byes.line,
                    f"byes {record.byes.value}, but the bye rule gives {ruled}",
                )


def check_facts(ctx: LoadContext, tournament):
    """The infobox and the winners box against the tournament's summary()."""
    summary = tournament.summary()
    ruled = {
        "teams": tournament.qualifiers,
        "matches": summary.matches,
        "goals": summary.goals,
        "champion": summary.champion.name if summary.champion else None,
        "runner_up": summary.runner_up.name if summary.runner_up else None,
        "champion_title": summary.champion_title,
        "top_scorers": sorted((r.player_name, r.goals) for r in summary.top_scorers),
    }
    labels = {
        "teams": "qualifiers",
        "matches": "matches played",
        "goals": "goals",
        "champion": "champion",
        "runner_up": "runner-up",
        "champion_title": "champion's title number",
        "top_scorers": "top scorer(s)",
    }
    for fact in ctx.record.facts:
        value = fact.value
        if fact.key == "top_scorers":
            value = sorted((name, goals) for name, goals in value)
            if _top_scorers_agree(ctx, value, tournament, fact.line):
                continue
        if fact.key == "champion_title" and _earlier_titles_missing(value, ruled):
            ctx.warn(
                fact.line,
                f"champion's title number: the source says {value}, this database holds "
                f"{ruled['champion_title']} (the club's earlier titles are not imported)",
            )
            continue
        if fact.key in ruled and value != ruled[fact.key]:
            ctx.mismatch(
                fact.line,
                f"{labels[fact.key]}: the source says {_show(value)}, "
                f"the results give {_show(ruled[fact.key])}",
            )


def _earlier_titles_missing(stated, ruled) -> bool:
    """A title number is counted over every tournament of the competition in the
    database: a source that counts more (a season document exported from a site with
    the whole history, imported alone) is no contradiction; one that counts fewer is."""
    counted = ruled["champion_title"]
    return isinstance(stated, int) and counted is not None and stated > counted


def _top_scorers_agree(ctx: LoadContext, stated, tournament, line) -> bool:
    """The infobox's top scorer(s) against the match lines, by the Goalscorers list's
    reasoning: a count above a player's named goals is no contradiction (a warning)
    when his team has that many goals no scorer line names; nobody may have scored
    more, or as many without being listed."""
    rows = Goal.objects.for_tournament(tournament).scorer_table()
    if not stated:  # nobody listed: right only when nobody scored a named goal
        return not rows
    unnamed = _unnamed_goals(ctx, tournament)
    top = max(goals for _name, goals in stated)
    matched = set()
    for name, goals in stated:
        row = next((r for r in rows if _names_player(name, r.player_name)), None)
        counted = row.goals if row else 0
        if row:
            matched.add((row.player_name, row.team_name))
        if goals == counted:
            continue
        if row is None or goals < counted or unnamed[row.team_name] < goals - counted:
            return False
        unnamed[row.team_name] -= goals - counted
        ctx.warn(
            line,
            f"top scorer {name}: the source says {goals}, the match lines name {counted} "
            f"({row.team_name} has unnamed goals)",
        )
    return not any(
        r.goals > top or (r.goals == top and (r.player_name, r.team_name) not in matched)
        for r in rows
    )


def check_scorer_list(ctx: LoadContext, tournament):
    """The goalscorers list against the goals of the match lines."""
    entries = ctx.record.scorer_list
    if not entries:
        return
    goals = Goal.objects.for_tournament(tournament)
    table = {(r.player_name, r.team_name): r.goals for r in goals.scorer_table()}
    own = Counter(
        (g.player.name, g.scorer_team.name)
        for g in goals.filter(own_goal=True).select_related("player", "leg", "team")
    )
    unnamed = _unnamed_goals(ctx, tournament)
    listed, listed_own = set(), set()
    for entry in entries:
        key = (ctx.people[(entry.team, entry.player)].name, entry.team)
        if entry.own_goals:
            listed_own.add(key)
            counted = own.get(key, 0)
            stated = sum(1 for e in entries if e.own_goals and (e.player, e.team) == key)
            stated = max(stated, entry.goals)
        else:
            listed.add(key)
            counted = table.get(key, 0)
            stated = entry.goals
        if stated == counted:
            continue
        what = "own goals" if entry.own_goals else "goals"
        message = (
            f"{entry.player} ({entry.team}): the list says {stated} {what}, "
            f"the match lines give {counted}"
        )
        if stated > counted and not entry.own_goals and unnamed[entry.team] >= stated - counted:
            unnamed[entry.team] -= stated - counted
            ctx.warn(entry.line, message + f" ({entry.team} has unnamed goals)")
        else:
            ctx.mismatch(entry.line, message)
    for (player, team), count in table.items():
        if (player, team) not in listed:
            ctx.mismatch(
                None,
                f"{player} ({team}) scored {count} in the match lines, "
                "but the goalscorers list does not name him",
            )
    for (player, team), count in own.items():
        if (player, team) not in listed_own:
            ctx.mismatch(
                None, f"{player} ({team}) scored {count} own goal(s) the list does not name"
            )


def _unnamed_goals(ctx: LoadContext, tournament):
    unnamed = Counter()
    for leg in Leg.objects.for_tournament(tournament).played().select_related("home", "away"):
        named = Counter(leg.goals.values_list("team_id", flat=True))
        for team in (leg.home, leg.away):
            unnamed[team.name] += leg.goals_of(team.pk) - named[team.pk]
    return unnamed


def _names_player(written, name) -> bool:
    """The infobox's "Christian Benítez" is the match lines' "Benítez" (or the same name)."""
    return normalize_name(written) == normalize_name(name) or phrases.same_player(name, written)


def _show(value):
    if isinstance(value, list):
        return ", ".join(f"{name} ({goals})" for name, goals in value) or "none"
    return "none" if value is None else str(value)
