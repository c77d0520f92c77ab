"""The rows a record's tournament holds besides its knockout, matched, validated
(full_clean) and saved: its clubs and people, its squads, its general table, its
regular-season matches, and a leg's goals and bookings. Plain functions over a
LoadContext (context.py).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError

from ..cache import data_changed
from ..models import (
    Booking,
    Goal,
    LeagueMatch,
    Person,
    SquadMember,
    Team,
    TeamAlias,
    TournamentEntry,
    normalize_name,
)
from ..vocabulary import clean_name
from .context import LoadContext

# -- clubs and people ------------------------------------------------------------------


def team(ctx: LoadContext, name, line) -> Team:
    """The club a general table's name means (by name or alias, with the record's other
    spellings of it), created if new; each new spelling kept as an alias. Names are
    cleaned (vocabulary.clean_name); a new one that looks like another club's is refused
    (LoadContext.refuse_lookalike)."""
    name = clean_name(name)
    variants = [name] + [
        clean_name(v) for v, t in ctx.record.team_variants.items() if clean_name(t) == name
    ]
    found_team = None
    for variant in variants:
        found = Team.objects.matching(variant)
        if len(found) > 1:
            ctx.fail(line, f"{variant} matches several teams: {', '.join(map(str, found))}")
        if found:
            found_team = found[0]
            break
    if found_team is None:
        ctx.refuse_lookalike(name, line)
        found_team = Team(name=name, slug=Team.unique_slug(name))
        ctx.save_new(found_team, line, f"team {name}")
    known = {normalize_name(found_team.name)}
    known |= {normalize_name(a.name) for a in found_team.aliases.all()}
    for variant in variants:
        if normalize_name(variant) not in known:
            ctx.refuse_lookalike(variant, line, team=found_team)
            alias = TeamAlias(team=found_team, name=variant)
            ctx.save_new(alias, line, f"alias {variant} for {found_team.name}")
            known.add(normalize_name(variant))
    return found_team


def person(ctx: LoadContext, ref, club: Team | None, line) -> Person:
    """The person a name means: a player of this club in any tournament the site knows;
    else, for a full name, the one person of that name; else a new person. A bare surname
    ("Rojas") is only reused within its club."""
    if ctx.people_index is None:
        ctx.people_index = defaultdict(list)
        for known in Person.objects.all():
            ctx.people_index[normalize_name(known.name)].append(known)
    candidates = ctx.people_index[normalize_name(ref.name)]
    if ref.nationality:
        candidates = [p for p in candidates if p.nationality in ("", ref.nationality)]
    found = None
    if candidates and club is not None:
        in_club = set(
            SquadMember.objects.filter(team=club, person__in=candidates).values_list(
                "person_id", flat=True
            )
        )
        found = next((p for p in candidates if p.pk in in_club), None)
    if found is None and len(candidates) == 1:
        only = candidates[0]
        full_name = len(ref.name.split()) > 1
        free = club is None or not only.squads.exclude(team=club).exists()
        if full_name or free and only.squads.filter(tournament=ctx.tournament).exists():
            found = only
    if found is None:
        found = Person(
            name=ref.name, nationality=ref.nationality, slug=Person.unique_slug(ref.name)
        )
        ctx.save_new(found, line, f"person {ref.name}")
        ctx.people_index[normalize_name(ref.name)].append(found)
    elif ref.nationality and not found.nationality:
        ctx.sync(found, {"nationality": ref.nationality}, found.name)
        found.save()
    return found


def squads(ctx: LoadContext):
    """The players each club fielded, as the record names them: added or removed."""
    wanted = set()
    line = ctx.record.line
    for team_name, refs in ctx.record.squads.items():
        club = ctx.teams.get(team_name)
        if club is None:
            ctx.fail(line, f"{team_name} is not a team of the general table")
        for ref in refs:
            player = person(ctx, ref, club, line)
            ctx.people[(team_name, ref.name)] = player
            wanted.add((club.pk, player.pk))
    existing = {
        (m.team_id, m.person_id): m for m in SquadMember.objects.filter(tournament=ctx.tournament)
    }
    added = wanted - set(existing)
    for key in added:
        SquadMember.objects.create(tournament=ctx.tournament, team_id=key[0], person_id=key[1])
    stale = set(existing) - wanted
    if stale and not ctx.report.created:
        ctx.change(f"squads: {len(added)} added, {len(stale)} removed")
    elif added and not ctx.report.created:
        ctx.change(f"squads: {len(added)} added")
    for key in stale:
        existing[key].delete()


# -- regular season --------------------------------------------------------------------


def league_matches(ctx: LoadContext):
    """The regular season's matches as the source lists them (football.txt, or a season
    document's `league_matches`): added, changed or removed to match it. Clubs are found
    by `ctx.club`, each format's own way of naming them."""
    tournament = ctx.tournament
    existing = {(m.home_id, m.away_id): m for m in tournament.league_matches.all()}
    seen: dict[tuple, int] = {}
    new, changed = [], []
    for match in ctx.record.matches:
        home, away = ctx.club(match.home, match.line), ctx.club(match.away, match.line)
        key = (home.pk, away.pk)
        if key in seen:
            ctx.fail(
                match.line,
                f"{match.label()}: {home} already hosted {away} in this regular season "
                f"(line {seen[key]})",
            )
        seen[key] = match.line
        values = {
            "matchday": match.matchday,
            "date": match.date,
            "kickoff": match.kickoff,
            "home_score": match.home_score,
            "away_score": match.away_score,
            "awarded": match.awarded,
            "cancelled": match.status == "cancelled",
        }
        row = existing.get(key)
        if row is None:
            row = LeagueMatch(tournament=tournament, home=home, away=away, **values)
            new.append((row, match))
        elif ctx.sync(row, values, ""):
            changed.append((row, match))
    for row, match in new + changed:
        try:
            row.full_clean(
                exclude=["tournament", "home", "away"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            ctx.fail(match.line, f"{match.label()}: {'; '.join(exc.messages)}")
    stale = [m.pk for key, m in existing.items() if key not in seen]
    if stale:
        LeagueMatch.objects.filter(pk__in=stale).delete()
    LeagueMatch.objects.bulk_create([row for row, _m in new])
    for row, _m in changed:
        row.save()
    if (changed or stale) and not ctx.report.created:
        ctx.change(
            f"{ctx.record.name}: {len(changed)} matches changed, {len(new)} added, "
            f"{len(stale)} removed"
        )


# -- general table ---------------------------------------------------------------------


def entries(ctx: LoadContext):
    """The general table as the record states it (article, JSON), each row's arithmetic
    and the table's order checked by the entry's and the seeding's own rules."""
    tournament = ctx.tournament
    existing = {e.team_id: e for e in tournament.entries.all()}
    wanted = set()
    # Positions may swap on a corrected table: clear them first (unique per tournament).
    moved = []
    for record in ctx.record.entries:
        club = ctx.teams[record.team]
        wanted.add(club.pk)
        entry = existing.get(club.pk) or TournamentEntry(tournament=tournament, team=club)
        values = _checked_table_line(ctx, record)
        values["manager_id"] = (
            person(ctx, record.manager, None, record.line).pk if record.manager else None
        )
        values["captain_id"] = (
            person(ctx, record.captain, club, record.line).pk if record.captain else None
        )
        if ctx.sync(entry, values, f"table: {club.name}"):
            moved.append((entry, record))
    stale = [e for team_id, e in existing.items() if team_id not in wanted]
    for entry in stale:
        ctx.change(f"table: {entry.team} removed")
        entry.delete()
    for entry, _record in moved:
        if entry.pk:
            TournamentEntry.objects.filter(pk=entry.pk).update(position=10000 + entry.pk)
            data_changed(entry)  # update() sends no signal (tournaments/cache/)
    for entry, record in moved:
        if not ctx.clean(entry, record.line, f"table row of {record.team}"):
            continue
        entry.save()
    _check_table_order(ctx)


def _checked_table_line(ctx: LoadContext, record) -> dict:
    """The row's stored facts; its arithmetic (W+D+L = Pld, 3W+D = Pts, GF−GA = GD) is
    checked through the entry's own rules, and the derived values win on a mismatch."""
    values = {
        "position": record.position,
        "played": record.played,
        "won": record.won,
        "drawn": record.drawn,
        "lost": record.lost,
        "goals_for": record.goals_for,
        "goals_against": record.goals_against,
        "points": record.points,
        "bonus_points": record.bonus_points,
        "points_deducted": record.points_deducted,
        "deduction_reason": record.deduction_reason,
    }
    probe = TournamentEntry(**values)
    try:
        probe.clean()
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            ctx.mismatch(record.line, f"{record.team}: {name}: {' '.join(errors)}")
        values["played"] = record.won + record.drawn + record.lost
        values["points"] = (
            3 * record.won + record.drawn + record.bonus_points - record.points_deducted
        )
    stated_gd = record.goal_difference
    if stated_gd is not None and stated_gd != probe.goal_difference:
        ctx.mismatch(
            record.line,
            f"{record.team}: GD is {stated_gd:+d}, but GF − GA is "
            f"{record.goals_for} − {record.goals_against} = {probe.goal_difference:+d}",
        )
    return values


def _check_table_order(ctx: LoadContext):
    """The table's order must be the seeding rule's (points, goal difference, goals)."""
    table = ctx.tournament.entries.select_related("team")
    stated = list(table.order_by("position"))
    ruled = list(table.seeded())
    lines = {r.team: r.line for r in ctx.record.entries}
    for listed, ranked in zip(stated, ruled, strict=True):
        if listed.pk != ranked.pk:
            ctx.mismatch(
                lines.get(ranked.team.name) or lines.get(listed.team.name),
                f"table order: {listed.team} ({listed.points} pts, GD "
                f"{listed.goal_difference:+d}) is placed {listed.position}, above "
                f"{ranked.team} ({ranked.points} pts, GD {ranked.goal_difference:+d})",
            )
            break


# -- a leg's goals and bookings --------------------------------------------------------


def events(ctx: LoadContext, leg, stated, label):
    """A leg's goals and bookings as the record states them (replaced when different),
    and a warning where its scorers do not add up to its score."""
    goals = []
    for goal in stated.goals:
        scorer_team = stated.scorer_team(goal)
        goals.append(
            (
                ctx.teams[goal.team].pk,
                ctx.player(scorer_team, goal.player).pk,
                goal.minute,
                goal.added_time,
                goal.penalty,
                goal.own_goal,
                goal,
            )
        )
    bookings = [
        (ctx.teams[b.team].pk, ctx.player(b.team, b.player).pk, b.colour, b.minute, b)
        for b in stated.bookings
    ]
    fields = ("team_id", "player_id", "minute", "added_time", "penalty", "own_goal")
    stored_goals = sorted(leg.goals.values_list(*fields), key=repr)
    if stored_goals != sorted((g[:-1] for g in goals), key=repr):
        if stored_goals and not ctx.report.created:
            ctx.change(f"{label}: goals {len(stored_goals)} → {len(goals)} entries")
        leg.goals.all().delete()
        for *fields, record in goals:
            team_id, player_id, minute, added, penalty, own_goal = fields
            goal = Goal(
                leg=leg,
                team_id=team_id,
                player_id=player_id,
                minute=minute,
                added_time=added,
                penalty=penalty,
                own_goal=own_goal,
            )
            if ctx.clean(goal, record.line, f"{record.label} ({record.team})"):
                goal.save()
    stored_bookings = sorted(
        leg.bookings.values_list("team_id", "player_id", "colour", "minute"), key=repr
    )
    if stored_bookings != sorted((b[:-1] for b in bookings), key=repr):
        if stored_bookings and not ctx.report.created:
            ctx.change(f"{label}: bookings {len(stored_bookings)} → {len(bookings)}")
        leg.bookings.all().delete()
        for team_id, player_id, colour, minute, record in bookings:
            booking = Booking(
                leg=leg, team_id=team_id, player_id=player_id, colour=colour, minute=minute
            )
            if ctx.clean(booking, record.line, f"booking of {record.player}"):
                booking.save()
    if leg.scorers_incomplete():
        named, total = leg.goals.count(), leg.goals_of(leg.home_id) + leg.goals_of(leg.away_id)
        where = "no scorer line" if not stated.scorer_lines else f"{named} of {total} named"
        ctx.warn(stated.line, f"{stated.label()}: scorers incomplete ({where})")
