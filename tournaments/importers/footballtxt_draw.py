"""The football.txt cross-check: before a round is drawn, the clubs the rules send into
it must be the clubs the file shows there, paired and hosted as the rules pair them. Where
they differ the import names the tie, both clubs and the rule that decided it; with
--accept-mismatch the file's pairings are kept, with a warning. Plain functions over a
LoadContext (context.py).
"""

from __future__ import annotations

from datetime import date

from .. import formats
from ..models import Tournament
from ..models.league import relegation_last, relegation_span, relegation_table
from ..vocabulary import Tiebreak, score_text
from .context import LoadContext


def draw_round(ctx: LoadContext, tournament, number, record) -> bool:
    """Draw round `number` by the rules, after checking that the file pairs the clubs
    the rules send there as the rules pair them. On a difference the import names it;
    with --accept-mismatch the file's pairings are kept. False: cannot be drawn."""
    fresh = Tournament.objects.with_bracket().get(pk=tournament.pk)
    round_ = next(r for r in fresh.rounds.all() if r.number == number)
    plan = fresh.knockout_plan(number)
    stated = file_pairings(ctx, record)
    pairings = plan.pairings
    if pairings is None:
        # The first round still open is what stops the draw (not always the last one).
        earlier = [r for r in fresh.rounds_in_order() if r.number < number]
        stuck = next((r for r in earlier if not r.is_finished()), earlier[-1])
        ctx.mismatch(record.line, f"{record.name} cannot be drawn: {stuck.unfinished_message()}")
    else:
        ruled = {team for pair in pairings for team in pair}
        in_file = {}
        for leg in record.legs:
            for spelling in (leg.home, leg.away):
                in_file.setdefault(ctx.club(spelling, leg.line), leg.line)
        if set(in_file) != ruled and barred_as_the_file_says(
            ctx, fresh, number, record, ruled, set(in_file)
        ):
            fresh = Tournament.objects.with_bracket().get(pk=tournament.pk)
            round_ = next(r for r in fresh.rounds.all() if r.number == number)
            pairings = fresh.knockout_plan(number).pairings
            ruled = {team for pair in pairings for team in pair}
        if set(in_file) != ruled:
            explain_difference(ctx, fresh, number, record, ruled, in_file)
            pairings = None
        elif not _same_pairings(pairings, stated):
            ctx.mismatch(
                record.line,
                f"cross-check: the rules pair the {record.name} as "
                f"{'; '.join(f'{h} v {lo}' for h, lo in pairings)} (by table position), "
                f"the file as {'; '.join(f'{h} v {lo}' for h, lo, _k in stated)}",
            )
            pairings = None
    if pairings is None:
        if not ctx.accept_mismatch:
            return False
        pairings = [(h, lo) for h, lo, _k in stated]  # the file's facts, as warned
    stored = [(t.higher_seed, t.lower_seed) for t in round_.ties.all()]
    if stored and stored != pairings:
        round_.ties.all().delete()
        ctx.change(f"{record.name}: pairings redrawn")
        stored = []
    if not stored:
        round_.create_ties(pairings)
    return True


def barred_as_the_file_says(ctx: LoadContext, tournament, number, record, ruled, in_file) -> bool:
    """Relegation-table rule where the site cannot name the last club: a season the
    table spans is not on the site, or clubs share the last place. If the first round
    leaves out one club the rules send in (one that could be last) and has one they
    do not, and barring that club (the next club in the table taking its place) gives
    exactly the file's clubs, the club is taken as last in the relegation table,
    stored as stated and named in a warning. True if so."""
    missing, unexpected = ruled - in_file, in_file - ruled
    if number != 1 or len(missing) != 1 or len(unexpected) != 1:
        return False
    span = relegation_span(tournament)
    if span is None or tournament.barred_team():
        return False
    (club,), (replacement,) = missing, unexpected
    if span.complete:
        table = relegation_table(tournament, span)
        last = relegation_last(table)
        if len(last) < 2 or club not in last:
            return False
        _team, points, matches = table[0]
        why = (
            f"the relegation table ends in a tie: {' and '.join(map(str, last))} on "
            f"{points} points in {matches} matches"
        )
    else:
        seasons = ", ".join(f"{year}–{str(year + 1)[-2:]}" for year in span.missing)
        why = f"the relegation table cannot be computed: the site lacks the {seasons} season"
    table = [entry.team for entry in tournament.full_table() if entry.team != club]
    plan = formats.plan(tournament.knockout_format(), table, lambda n: None, number)
    if {team for pair in plan.pairings or [] for team in pair} != in_file:
        return False
    position = {e.team: e.position for e in tournament.full_table()}
    ctx.warn(
        record.line,
        f"{why}; the file's {record.name} leaves out {club} ({position[club]}.) and has "
        f"{replacement} ({position[replacement]}.), so {club} is taken as last in the "
        "relegation table (relegation-table rule)",
    )
    stored = Tournament.objects.get(pk=tournament.pk)
    stored.relegation_barred = club
    stored.save(update_fields=["relegation_barred"])
    return True


def file_pairings(ctx: LoadContext, record):
    """The file's ties as (higher seed, lower seed): the host of a single match, or
    of the later of two legs, is the higher seed. Where both legs carry one date the
    file does not say which came first: such a pair is (team, team, None)."""
    legs: dict[frozenset, list] = {}
    for leg in record.legs:
        home, away = ctx.club(leg.home, leg.line), ctx.club(leg.away, leg.line)
        legs.setdefault(frozenset((home, away)), []).append((leg.date, home, away))
    pairs = []
    for matches in legs.values():
        matches.sort(key=lambda m: m[0] or date.min)
        _date, home, away = matches[-1]
        known = len(matches) == 1 or matches[0][0] != matches[-1][0]
        pairs.append((home, away, known))
    return pairs


def _same_pairings(ruled, stated) -> bool:
    unordered = {frozenset(p) for p in ruled} == {frozenset((h, a)) for h, a, _k in stated}
    return unordered and all((h, a) in set(ruled) for h, a, known in stated if known)


def explain_difference(ctx: LoadContext, tournament, number, record, ruled, in_file):
    """Name each tie whose winner by the rules is not the club the file shows."""
    missing, unexpected = ruled - set(in_file), set(in_file) - ruled
    named = False
    if number > 1:
        previous = next(r for r in tournament.rounds.all() if r.number == number - 1)
        for tie in previous.ties.all():
            if tie.winner in missing and tie.loser in unexpected:
                rule = tie.decided_by.replace("_", " ")
                ctx.mismatch(
                    in_file[tie.loser],
                    f"cross-check: {previous.name} {tie.pairing_label()}: the rules send "
                    f"{tie.winner} through ({rule}: {score_line(tie)}), but the "
                    f"file's {record.name} has {tie.loser}",
                )
                named = True
    if not named:
        table = {e.team: e.position for e in tournament.seeds()}

        def show(teams):
            return ", ".join(
                f"{t} ({table[t]}.)" if t in table else str(t)
                for t in sorted(teams, key=lambda t: table.get(t, 99))
            )

        ctx.mismatch(
            record.line,
            f"cross-check: the rules send {show(missing)} into the {record.name}, the "
            f"file has {show(unexpected)} instead",
        )


def score_line(tie) -> str:
    legs = [leg for leg in tie.legs.all() if leg.is_played]
    text = ", ".join(
        f"{leg.home} {score_text(leg.home_score, leg.away_score)} {leg.away}" for leg in legs
    )
    last = tie.last_leg
    if last and last.has_extra_time:
        text += (
            f", {last.home_score + last.extra_time_home_score}–"
            f"{last.away_score + last.extra_time_away_score} a.e.t."
        )
    if tie.decided_by == Tiebreak.PENALTIES:
        text += f", {tie.shootout_score()} on penalties"
    return text
