"""Rows the loader matches, validates (full_clean) and saves beside the results: a
tournament's regular-season matches, its general table and a leg's goals and bookings. A
mixin of the loader's _RecordLoader (loader.py), like SourceChecks (checks.py): it writes
through `self.sync`, `self.clean` and reports through `self.mismatch`, `self.change` and
`self.warn`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..cache import data_changed
from ..models import Booking, Goal, LeagueMatch, TournamentEntry


class RowLoading:
    # -- regular season -----------------------------------------------------------------

    def _league_matches(self):
        """The regular season's matches as the source lists them (football.txt, or a
        season document's `league_matches`): added, changed or removed to match it. Clubs
        are found by `self.club`, each loader's own way of naming them."""
        tournament = self.tournament
        existing = {(m.home_id, m.away_id): m for m in tournament.league_matches.all()}
        seen: dict[tuple, int] = {}
        new, changed = [], []
        for match in self.record.matches:
            home, away = self.club(match.home, match.line), self.club(match.away, match.line)
            key = (home.pk, away.pk)
            if key in seen:
                self.fail(
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
            elif self.sync(row, values, ""):
                changed.append((row, match))
        for row, match in new + changed:
            try:
                row.full_clean(
                    exclude=["tournament", "home", "away"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as exc:
                self.fail(match.line, f"{match.label()}: {'; '.join(exc.messages)}")
        stale = [m.pk for key, m in existing.items() if key not in seen]
        if stale:
            LeagueMatch.objects.filter(pk__in=stale).delete()
        LeagueMatch.objects.bulk_create([row for row, _m in new])
        for row, _m in changed:
            row.save()
        if (changed or stale) and not self.report.created:
            self.change(
                f"{self.record.name}: {len(changed)} matches changed, {len(new)} added, "
                f"{len(stale)} removed"
            )

    # -- general table ------------------------------------------------------------------

    def _entries(self):
        tournament = self.tournament
        existing = {e.team_id: e for e in tournament.entries.all()}
        wanted = set()
        # Positions may swap on a corrected table: clear them first (unique per tournament).
        moved = []
        for record in self.record.entries:
            team = self.teams[record.team]
            wanted.add(team.pk)
            entry = existing.get(team.pk) or TournamentEntry(tournament=tournament, team=team)
            values = self._checked_table_line(record)
            values["manager_id"] = (
                self._person(record.manager, None, record.line).pk if record.manager else None
            )
            values["captain_id"] = (
                self._person(record.captain, team, record.line).pk if record.captain else None
            )
            if self.sync(entry, values, f"table: {team.name}"):
                moved.append((entry, record))
        stale = [e for team_id, e in existing.items() if team_id not in wanted]
        for entry in stale:
            self.change(f"table: {entry.team} removed")
            entry.delete()
        for entry, _record in moved:
            if entry.pk:
                TournamentEntry.objects.filter(pk=entry.pk).update(position=10000 + entry.pk)
                data_changed()  # update() sends no signal (tournaments/cache.py)
        for entry, record in moved:
            if not self.clean(entry, record.line, f"table row of {record.team}"):
                continue
            entry.save()
        self._check_table_order()

    def _checked_table_line(self, record) -> dict:
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
                self.mismatch(record.line, f"{record.team}: {name}: {' '.join(errors)}")
            values["played"] = record.won + record.drawn + record.lost
            values["points"] = (
                3 * record.won + record.drawn + record.bonus_points - record.points_deducted
            )
        stated_gd = record.goal_difference
        if stated_gd is not None and stated_gd != probe.goal_difference:
            self.mismatch(
                record.line,
                f"{record.team}: GD is {stated_gd:+d}, but GF − GA is "
                f"{record.goals_for} − {record.goals_against} = {probe.goal_difference:+d}",
            )
        return values

    def _check_table_order(self):
        """The table's order must be the seeding rule's (points, goal difference, goals)."""
        entries = self.tournament.entries.select_related("team")
        stated = list(entries.order_by("position"))
        ruled = list(entries.seeded())
        lines = {r.team: r.line for r in self.record.entries}
        for listed, ranked in zip(stated, ruled, strict=True):
            if listed.pk != ranked.pk:
                self.mismatch(
                    lines.get(ranked.team.name) or lines.get(listed.team.name),
                    f"table order: {listed.team} ({listed.points} pts, GD "
                    f"{listed.goal_difference:+d}) is placed {listed.position}, above "
                    f"{ranked.team} ({ranked.points} pts, GD {ranked.goal_difference:+d})",
                )
                break

    # -- a leg's goals and bookings ----------------------------------------------------

    def _events(self, leg, stated, label):
        goals = []
        for goal in stated.goals:
            scorer_team = stated.scorer_team(goal)
            goals.append(
                (
                    self.teams[goal.team].pk,
                    self._player(scorer_team, goal.player).pk,
                    goal.minute,
                    goal.added_time,
                    goal.penalty,
                    goal.own_goal,
                    goal,
                )
            )
        bookings = [
            (self.teams[b.team].pk, self._player(b.team, b.player).pk, b.colour, b.minute, b)
            for b in stated.bookings
        ]
        stored_goals = sorted(
            leg.goals.values_list(
                "team_id", "player_id", "minute", "added_time", "penalty", "own_goal"
            ),
            key=repr,
        )
        if stored_goals != sorted((g[:-1] for g in goals), key=repr):
            if stored_goals and not self.report.created:
                self.change(f"{label}: goals {len(stored_goals)} → {len(goals)} entries")
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
                if self.clean(goal, record.line, f"{record.label} ({record.team})"):
                    goal.save()
        stored_bookings = sorted(
            leg.bookings.values_list("team_id", "player_id", "colour", "minute"), key=repr
        )
        if stored_bookings != sorted((b[:-1] for b in bookings), key=repr):
            if stored_bookings and not self.report.created:
                self.change(f"{label}: bookings {len(stored_bookings)} → {len(bookings)}")
            leg.bookings.all().delete()
            for team_id, player_id, colour, minute, record in bookings:
                booking = Booking(
                    leg=leg, team_id=team_id, player_id=player_id, colour=colour, minute=minute
                )
                if self.clean(booking, record.line, f"booking of {record.player}"):
                    booking.save()
        if leg.scorers_incomplete():
            named, total = leg.goals.count(), leg.goals_of(leg.home_id) + leg.goals_of(leg.away_id)
            where = "no scorer line" if not stated.scorer_lines else f"{named} of {total} named"
            self.warn(stated.line, f"{stated.label()}: scorers incomplete ({where})")
