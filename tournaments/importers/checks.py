"""What a source states that the site also derives, checked against the domain rules: who
advanced and why, the infobox and winners box, the top scorers, the goalscorers list. Plain
functions over a LoadContext (context.py): each disagreement is `ctx.mismatch` (FILE:LINE,
nothing written) or, where the source only leaves something out, `ctx.warn`. Also what
the loader understood, for `--dry-run`.
"""

from __future__ import annotations

from collections import Counter

from .. import formats
from ..display import aggregate_line
from ..models import Goal, Leg, normalize_name
from ..vocabulary import score_text
from . import phrases
from .context import LoadContext


def described(ctx: LoadContext, tournament) -> list[str]:
    """What the importer understood: each round with how its ties are played (single
    matches or two legs, who hosts), its tiebreak list and where it was read, the clubs
    joining there, each tie with its score (each leg's, extra time, a shoot-out) and
    decision (with the seed a Play-in gives), and the champion."""
    lines = []
    if ctx.record.competition_aliases:
        names = ", ".join(ctx.record.competition_aliases)
        lines.append(f"{tournament.season.competition} (also called {names})")
    fmt = tournament.knockout_format()
    if fmt:
        lines.append(f"Format {fmt.key}: {fmt.description}")
    position = {entry.team: entry.position for entry in tournament.full_table()}
    for number, round_ in enumerate(tournament.rounds.all(), start=1):
        record = ctx.record.rounds[number - 1] if number <= len(ctx.record.rounds) else None
        where = "default"
        if record and record.tiebreak_line:
            where = f"line {record.tiebreak_line}"
        elif record and record.tiebreak is None:
            where = "not stated: the previous round's or the Liguilla rule"
        played = (
            "single matches, the higher seed at home"
            if round_.legs == 1
            else "two legs, the higher seed at home in the second"
        )
        lines.append(f"{round_.name} ({played}): tiebreak {', '.join(round_.tiebreak)} ({where})")
        if number == 1:
            lines.extend(f"  {team}: bye" for team in tournament.bye_teams())
        spec = fmt.rounds[number - 1] if fmt and number <= len(fmt.rounds) else None
        if spec and spec.enter:
            joining = [t for t, p in position.items() if spec.enter[0] <= p <= spec.enter[1]]
            joining.sort(key=position.get)
            lines.append("  joining here: " + ", ".join(f"{t} ({position[t]}.)" for t in joining))
        seeds = {}
        if fmt and round_.kind == "play_in":
            seeds = tournament.knockout_plan(number + 1).seeds
        for index, tie in enumerate(round_.ties.all()):
            decision = tie.decision()
            outcome = f"undecided ({decision.missing})"
            if decision.winner:
                outcome = f"{decision.winner} advance on {decision.decided_by}"
                if spec and spec.pairing == formats.PLAY_IN_FIRST and index == 1:
                    outcome += ", to the match for the next seed"
                elif decision.winner in seeds:
                    outcome += f", seed {seeds[decision.winner]}"
            lines.append(f"  {tie_line(tie)}: {outcome}")
    champion = tournament.summary().champion
    lines.append(f"Champion: {champion or 'none yet'}")
    return lines


def tie_line(tie) -> str:
    """ "Cruz Azul 0–0 Guadalajara, 3–4 on penalties" for a single match; "Atlas 3–2
    Toluca on aggregate (Toluca 2–1 Atlas; Atlas 2–0 Toluca)" over two legs."""
    legs = [leg for leg in sorted(tie.legs.all(), key=lambda leg: leg.number) if leg.is_played]
    if not legs:
        return tie.pairing_label()

    def score(leg):
        text = f"{leg.home} {score_text(leg.home_score, leg.away_score)} {leg.away}"
        if leg.has_extra_time:
            home = leg.home_score + leg.extra_time_home_score
            away = leg.away_score + leg.extra_time_away_score
            text += f", {score_text(home, away)} after extra time"
        if leg.has_penalties:
            text += f", {score_text(leg.penalties_home, leg.penalties_away)} on penalties"
        return text

    if tie.round.legs == 1:
        return score(legs[0])
    return f"{aggregate_line(tie)} on aggregate ({'; '.join(score(leg) for leg in legs)})"


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
            if outcome.seed is not None:
                _check_seed(ctx, tournament, number, tie, outcome)
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


def _check_seed(ctx: LoadContext, tournament, number, tie, outcome):
    """ "Toluca go through as the seventh seed" against the seed the format's rule gives
    the winner (the Play-in: the winner of 7th v 8th is seed 7, of the second match 8)."""
    if not tournament.knockout_format() or tie.winner is None:
        return
    seeds = tournament.knockout_plan(number + 1).seeds
    ruled = seeds.get(tie.winner)
    if tie.winner.name != outcome.winner or ruled != outcome.seed:
        ctx.mismatch(
            outcome.line,
            f"{outcome.text!r}, but the rules make {tie.winner} seed {ruled} "
            f"({tournament.knockout_format().key})",
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
    reasoning: a count above a player's named goals is no contradiction (a warning saying
    which figure comes from where) when his club has that many goals no scorer line names,
    even none of his goals named at all; nobody may have scored more named goals, or as
    many without being listed."""
    rows = Goal.objects.for_tournament(tournament).scorer_table()
    if not stated:  # nobody listed: right only when nobody scored a named goal
        return not rows
    unnamed = _unnamed_goals(ctx, tournament)
    top = max(goals for _name, goals in stated)
    matched = set()
    for name, goals in stated:
        row = next((r for r in rows if _names_player(name, r.player_name)), None)
        counted = row.goals if row else 0
        team = row.team_name if row else _team_of(ctx, name)
        if row:
            matched.add((row.player_name, row.team_name))
        if goals == counted:
            continue
        if team is None or goals < counted or unnamed[team] < goals - counted:
            return False
        unnamed[team] -= goals - counted
        named = f"name {counted}" if counted else "name none of his goals"
        ctx.warn(
            line,
            f"top scorer {name}: the source says {goals}, the match lines {named} "
            f"({team} has unnamed goals{_legs_without_scorers(ctx, team)}); the site "
            "counts the goals the match lines name",
        )
    return not any(
        r.goals > top or (r.goals == top and (r.player_name, r.team_name) not in matched)
        for r in rows
    )


def _team_of(ctx: LoadContext, name) -> str | None:
    """The club of a player the match lines do not name: the goalscorers list's, else
    the squads' (one club only)."""
    clubs = {e.team for e in ctx.record.scorer_list if _names_player(name, e.player)}
    clubs = clubs or {
        team
        for team, people in ctx.record.squads.items()
        for person in people
        if _names_player(name, person.name)
    }
    return clubs.pop() if len(clubs) == 1 else None


def _legs_without_scorers(ctx: LoadContext, team) -> str:
    """ "; its goals in Puebla 2–1 León (line 71) are not all named" for the team's legs
    whose scorer lines name fewer goals than it scored."""
    missing = []
    for round_ in ctx.record.rounds:
        for leg in round_.legs:
            if team not in leg.teams or not leg.is_played:
                continue
            home = team == leg.home
            extra = leg.extra_time or (0, 0)
            scored = (leg.home_score + extra[0]) if home else (leg.away_score + extra[1])
            if sum(1 for goal in leg.goals if goal.team == team) < scored:
                missing.append(f"{leg.label()} (line {leg.line})")
    return f"; not all named in {', '.join(missing)}" if missing else ""


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
