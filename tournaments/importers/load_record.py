"""Load an article's or a season document's record: its competition, season and
tournament, its general table, squads and regular season (load_rows.py), each round
drawn by the rules (`Tournament.advance`) with the source's legs recorded on the drawn
ties through the one write path (`Leg.record_result`), then what the source states
checked against what the rules derive (checks.py). Plain functions over a LoadContext.

`load_record` is the pipeline; a promotional final (promotional.py) runs the same one with
its own way of finding the tournament and its table.
"""

from __future__ import annotations

from .. import formats
from ..models import (
    LIGUILLA_TIEBREAK,
    Competition,
    Leg,
    Round,
    Season,
    Tie,
    Tournament,
    normalize_name,
)
from ..vocabulary import RoundKind, slugify
from . import checks, load_rows
from .context import LoadContext, LoadReport


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def load_record(ctx: LoadContext, *, find_tournament=None, load_entries=None) -> LoadReport:
    """Load the whole record; `find_tournament` and `load_entries` replace those two
    steps (a promotional final's tournament and table come from its season)."""
    record = ctx.record
    ctx.tournament = (find_tournament or tournament_for)(ctx)
    for entry in record.entries:
        ctx.teams[entry.team] = load_rows.team(ctx, entry.team, entry.line)
    (load_entries or load_rows.entries)(ctx)
    relegation_barred(ctx)
    load_rows.squads(ctx)
    load_rows.league_matches(ctx)
    rounds(ctx)
    tournament = Tournament.objects.with_bracket().get(pk=ctx.tournament.pk)
    checks.check_outcomes(ctx, tournament)
    checks.check_facts(ctx, tournament)
    checks.check_scorer_list(ctx, tournament)
    ctx.finish()
    ctx.report.tournament = tournament
    ctx.report.summary = summary(tournament)
    ctx.report.read = checks.described(ctx, tournament)
    return ctx.report


# -- competition, season, tournament ---------------------------------------------------


def tournament_for(ctx: LoadContext) -> Tournament:
    return tournament_of(ctx, season(ctx))


def season(ctx: LoadContext) -> Season:
    """The record's competition (by any of its names) and season, created if new."""
    record = ctx.record
    # The article may call it by two names (title line and infobox): either finds it.
    names = [record.competition, *record.competition_aliases]
    wanted = {normalize_name(name) for name in names}
    competition = next(
        (c for c in Competition.objects.all() if normalize_name(c.name) in wanted), None
    )
    if competition is None:
        competition = Competition.with_known_rules(
            record.competition, slugify(record.competition), record.country
        )
        if record.kind == Tournament.Kind.PROMOTIONAL_FINAL and not competition.season_final:
            # A promotional final's own article says the competition promotes.
            competition.season_final = formats.PROMOTIONAL
        ctx.save_new(competition, record.line, f"competition {record.competition}")
    season_slug = slugify(record.season_name.replace("–", "-"))
    found = Season.objects.filter(competition=competition, slug=season_slug).first()
    if found is None:
        found = Season(
            competition=competition,
            name=record.season_name,
            slug=season_slug,
            start_year=record.season_start_year,
        )
        ctx.save_new(found, record.line, f"season {record.season_name}")
    return found


def tournament_of(ctx: LoadContext, season) -> Tournament:
    record = ctx.record
    competition = season.competition
    tournament = Tournament.objects.filter(season=season, slug=record.slug).first()
    ctx.report.created = tournament is None
    if tournament is None:
        tournament = Tournament(season=season, slug=record.slug)
    qualifiers = record.qualifiers or len(record.entries)
    changed = ctx.sync(
        tournament,
        {
            "name": record.name,
            "order": record.order,
            "kind": record.kind,
            "qualifiers": qualifiers,
            "timezone": record.timezone,
            "champion_title_override": record.champion_title,
            "format": knockout_format(ctx),
        },
        f"{record.name}",
    )
    if changed:
        if not ctx.clean(tournament, record.line, record.name):
            ctx.fail(record.line, f"{record.name} cannot be saved")
        tournament.save()
    if ctx.report.created:
        ctx.change(f"created {competition.slug}/{season.slug}/{tournament.slug}")
    return tournament


def relegation_barred(ctx: LoadContext):
    """The club stated last in the relegation table: one of the general table's."""
    name = ctx.record.relegation_barred
    if name is None:
        return
    if name not in ctx.teams:
        ctx.fail(ctx.record.line, f"relegation_barred: {name} is not in the general table")
    if ctx.sync(ctx.tournament, {"relegation_barred_id": ctx.teams[name].pk}, ctx.record.name):
        ctx.tournament.save(update_fields=["relegation_barred"])


def knockout_format(ctx: LoadContext) -> str:
    """The catalogue format the source names, or "" for the default bracket."""
    key = ctx.record.knockout_format or ""
    if key and key not in formats.FORMATS:
        known = ", ".join(formats.FORMATS)
        ctx.fail(ctx.record.line, f"unknown knockout format {key!r}; known: {known}")
    return key


# -- rounds, ties, legs ------------------------------------------------------------------


def stated_ties(ctx: LoadContext, round_record):
    """The source's legs grouped by pairing: {teams: {leg number: leg}}."""
    ties = {}
    for leg in round_record.legs:
        legs = ties.setdefault(leg.teams, {})
        if leg.number in legs or len(legs) >= 2:
            other = legs.get(leg.number) or next(iter(legs.values()))
            ctx.fail(
                leg.line,
                f"{leg.label()} would be a further leg {leg.number} of a tie that already "
                f"has {other.label()} (line {other.line}); a tie has at most two legs",
            )
        legs[leg.number] = leg
    return ties


def stated_pairings(stated, legs_per_tie):
    """(higher seed, lower seed) of each stated tie: the higher seed hosts the second
    leg, or the single match."""
    pairings = set()
    for legs in stated.values():
        if 2 in legs:
            pairings.add((legs[2].home, legs[2].away))
        elif legs_per_tie == 1:
            pairings.add((legs[1].home, legs[1].away))
        else:
            pairings.add((legs[1].away, legs[1].home))
    return pairings


def rounds(ctx: LoadContext):
    tournament = ctx.tournament
    records = ctx.record.rounds
    existing = {r.number: r for r in tournament.rounds.all()}
    for number, round_ in existing.items():
        if number > len(records):
            ctx.change(f"{round_.name}: removed")
            round_.delete()
    # A corrected result or table can change who meets whom: a round whose stored
    # pairings differ from the source's is cleared, with every round after it.
    for number, record in enumerate(records, start=1):
        round_ = existing.get(number)
        if round_ is None:
            continue
        stored = {(t.higher_seed.name, t.lower_seed.name) for t in round_.ties.all()}
        stated = stated_pairings(stated_ties(ctx, record), legs_per_tie(ctx, number, record))
        if stored and stated and stored != stated:
            ties = Tie.objects.filter(round__tournament=tournament, round__number__gte=number)
            ties.delete()
            ctx.change(f"{record.name} and later rounds: pairings redrawn")
            break
    previous_tiebreak = LIGUILLA_TIEBREAK
    for number, record in enumerate(records, start=1):
        tiebreak = record.tiebreak or previous_tiebreak
        previous_tiebreak = tiebreak
        round_ = existing.get(number)
        if round_ is None or round_.pk is None:
            round_ = Round(tournament=tournament, number=number)
        created = round_.pk is None
        # The kind the article's heading names (article.py), else read from the name.
        kind = RoundKind(record.kind) if record.kind else RoundKind.from_name(record.name)
        if kind is None:
            ctx.fail(
                record.line,
                f"{record.name!r} names no round the site knows (for example "
                "Quarter-finals, Semi-finals, Final, Round of 16, Round 1, Play-in)",
            )
        values = {
            "kind": kind.value,
            "tiebreak": tiebreak,
            "legs": legs_per_tie(ctx, number, record),
        }
        if ctx.sync(round_, values, record.name):
            if not ctx.clean(round_, record.tiebreak_line or record.line, record.name):
                ctx.fail(record.line, f"{record.name}: tiebreak {tiebreak} is not valid")
            round_.save()
        if created and not ctx.report.created:
            ctx.change(f"{record.name}: created")
        round_legs(ctx, number, record)


def legs_per_tie(ctx: LoadContext, number, record) -> int:
    """Legs per tie as the source states them, else as the tournament's catalogue format
    plays round `number`, else two."""
    if record.legs_per_tie:
        return record.legs_per_tie
    fmt = ctx.tournament.knockout_format()
    return fmt.rounds[number - 1].legs if fmt and number <= len(fmt.rounds) else 2


def round_legs(ctx: LoadContext, number, record):
    """Draw round `number` by the rules if it is not drawn yet, then record the source's
    legs on its ties; a pairing the rules do not give is a contradiction."""
    tournament = Tournament.objects.with_bracket().get(pk=ctx.tournament.pk)
    round_ = tournament.round(number)
    stated = stated_ties(ctx, record)
    if not round_.ties.exists():
        expected = tournament.expected_pairings(number)
        if expected is None:
            if stated:
                first = min(
                    (leg for legs in stated.values() for leg in legs.values()),
                    key=lambda leg: leg.line,
                )
                previous = tournament.round(number - 1)
                ctx.mismatch(
                    first.line,
                    f"{first.label()} in the {record.name}, but {previous.unfinished_message()}",
                )
            return
        tournament.advance(number)
        tournament = Tournament.objects.with_bracket().get(pk=ctx.tournament.pk)
        round_ = tournament.round(number)
    ties = {frozenset((t.higher_seed.name, t.lower_seed.name)): t for t in round_.ties.all()}
    rules = "; ".join(f"{t.higher_seed} v {t.lower_seed}" for t in ties.values())
    for teams, legs in stated.items():
        tie = ties.get(teams)
        first = min(legs.values(), key=lambda leg: leg.line)
        if tie is None:
            ctx.mismatch(
                first.line,
                f"{first.home} v {first.away} is not a pairing of the {record.name}: "
                f"the rules pair {rules}",
            )
            continue
        for leg_number in sorted(legs):
            leg(ctx, tie, legs[leg_number], record)
    for teams, tie in ties.items():
        # Second legs first: a first leg's result is only cleared after the second's.
        for stored in sorted(tie.legs.all(), key=lambda leg: -leg.number):
            if teams not in stated or stored.number not in stated[teams]:
                clear_leg(ctx, stored, record)


def clear_leg(ctx: LoadContext, leg, round_record):
    """A result the corrected source no longer states is removed through the models
    (the one write path for a result), so the history records each removal."""
    if leg.is_played:
        ctx.change(f"{leg}: result removed")
        leg.goals.all().delete()
        leg.bookings.all().delete()
        leg = Leg.objects.select_related("tie__round", "home", "away").get(pk=leg.pk)
        ctx.clean(leg, round_record.line, f"{leg}", check=lambda: leg.record_result(None, None))


def leg(ctx: LoadContext, tie, stated, round_record):
    """One leg's facts on its drawn tie, through `Leg.record_result`, then its events."""
    stored = Leg.objects.select_related("tie__round", "home", "away").get(
        tie=tie, number=stated.number
    )
    if stored.home.name != stated.home:
        ctx.mismatch(
            stated.line,
            f"{stated.label()}: the rules have {stored.home} at home in leg {stored.number} "
            f"of {tie.pairing_label()} (the higher seed, {tie.higher_seed}, hosts the "
            f"{'match' if tie.round.legs == 1 else '2nd leg'})",
        )
        return
    values = stated.leg_fields()
    label = f"{stored.home} v {stored.away} ({round_record.name}, leg {stored.number})"
    if ctx.sync(stored, values, label if not ctx.report.created else ""):

        def record():
            for change in stored.record_result(
                stated.home_score,
                stated.away_score,
                extra_time=stated.extra_time,
                penalties=stated.penalties,
            ):
                ctx.change(change)

        if not ctx.clean(stored, stated.line, stated.label(), check=record):
            return
    load_rows.events(ctx, stored, stated, label)


# -- summary --------------------------------------------------------------------------------


def summary(tournament) -> str:
    found = tournament.summary()
    champion = "none yet"
    if found.champion:
        title = f", {ordinal(found.champion_title)} title" if found.champion_title else ""
        champion = f"{found.champion}{title}"
    return (
        f"{tournament.season.competition.slug}/{tournament.season.slug}/{tournament.slug}: "
        f"{tournament.entries.count()} teams, {found.matches} legs, "
        f"{found.goals} goals, champion {champion}"
    )
