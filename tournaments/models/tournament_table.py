"""The general table of a tournament and the rules read from it: seeding (who qualifies,
in what order), the relegation bar, the table's own order and arithmetic across rows, and
the table computed from a regular season. A mixin of Tournament (tournament.py), kept
apart so each family of rules is one module; re-exported through models/__init__.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .. import formats
from .. import table as table_rules

if TYPE_CHECKING:
    from .competition import Team
    from .tournament import TournamentEntry


class TournamentTable:
    """Seeding and general-table rules of Tournament."""

    # -- seeding ------------------------------------------------------------------------

    def seeds(self) -> list[TournamentEntry]:
        """Seeding rule: the top `qualifiers` entries of the general table, best first,
        less the club the relegation table bars (the next club taking its place).
        Read once per instance (`forget_seeds()` after changing the table)."""
        return self._seeds

    @cached_property
    def _seeds(self) -> list[TournamentEntry]:
        entries = self.entries.seeded().select_related("team", "manager", "captain")
        return self._qualified(list(entries[: self.qualifiers + 1]), lambda e: e.team_id)

    def _qualified(self, rows: list, team_id) -> list:
        """The first `qualifiers` of `rows` (the table's top, one more than needed) once
        the barred club gives its place to the next (no next club: no bar)."""
        barred = self.barred_team() if self.relegation_rule_applies() else None
        if barred is not None and len(rows) > self.qualifiers:
            rows = [row for row in rows if team_id(row) != barred.pk]
        return rows[: self.qualifiers]

    def relegation_rule_applies(self) -> bool:
        """Whether a relegation table can bar a club here: a season's Clausura in a
        competition that has one (Competition.relegation_seasons). No query of its own
        (it reads the season's competition)."""
        return (
            self.order == 2
            and self.kind == self.Kind.LIGUILLA
            and self.season.competition.relegation_seasons is not None
        )

    def barred_team(self) -> Team | None:
        """Relegation-table rule: the club kept out of the knockout (the last of the
        relegation table, in a season's Clausura), or None. Computed where the site holds
        every season the table spans and one club alone is last; otherwise the club as
        stated (`relegation_barred`, which the importer takes from a file that leaves it
        out), if it is one of those sharing the last place."""
        return self._barred

    @cached_property
    def _barred(self) -> Team | None:
        from .league import relegation_last, relegation_span, relegation_table

        span = relegation_span(self)
        if span is None:
            return None
        if not span.complete:
            return self.relegation_barred
        last = relegation_last(relegation_table(self, span))
        if len(last) == 1:
            return last[0]
        return next((team for team in last if team.pk == self.relegation_barred_id), None)

    def last_qualified_position(self) -> int:
        """The table position of the last club the seeding rule takes: the
        `qualifiers`-th, or one further down where the relegation table bars a club above
        it and the next club takes its place (0 without a table)."""
        seeds = self.seeds()
        return seeds[-1].position if seeds else 0

    def full_table(self) -> list[TournamentEntry]:
        """The whole general table, best first (read once per instance)."""
        return self._table

    @cached_property
    def _table(self) -> list[TournamentEntry]:
        return list(self.entries.seeded().select_related("team"))

    def seed_numbers(self) -> dict[int, int]:
        """Team id → seed (1 is the best)."""
        return {entry.team_id: n for n, entry in enumerate(self.seeds(), start=1)}

    def seeded_teams(self) -> list[Team]:
        """The qualified clubs in seed order (the seeding rule of `seeds`) without their
        table lines or staff: what a bracket shows (its seeds and byes), in one light
        query (a 64-team bracket built 256 instances for it). Read once per instance."""
        if "_seeds" in self.__dict__:
            return [entry.team for entry in self._seeds]
        return self._seeded_teams

    @cached_property
    def _seeded_teams(self) -> list[Team]:
        from .competition import Team

        fields = ["id", "name", "slug"]
        rows = self.entries.seeded().values_list("team_id", "team__name", "team__slug")
        rows = self._qualified(list(rows[: self.qualifiers + 1]), lambda row: row[0])
        return [Team.from_db(self.entries.db, fields, row) for row in rows]

    def forget_seeds(self):
        for memo in ("_seeds", "_seeded_teams", "_table", "_barred", "_round_seeds"):
            self.__dict__.pop(memo, None)

    @staticmethod
    def table_errors(entries) -> list[str]:
        """General table rules, as the importer checks them: positions run 1, 2, 3, … with
        no gap or repeat, and the order follows points, then goal difference, then goals
        for (the seeding rule); only teams level on all three may be listed either way.
        `entries` may be unsaved (an admin formset)."""
        errors = []
        positions = sorted(entry.position for entry in entries)
        if positions != list(range(1, len(positions) + 1)):
            errors.append(
                _(
                    "Table positions must run 1 to %(count)s without gaps or repeats; "
                    "they are %(positions)s."
                )
                % {"count": len(positions), "positions": ", ".join(map(str, positions))}
            )
            return errors

        def record(entry):
            return (entry.points, entry.goal_difference, entry.goals_for)

        listed = sorted(entries, key=lambda entry: entry.position)
        for above, below in zip(listed, listed[1:], strict=False):
            if record(below) > record(above):
                errors.append(
                    _(
                        "%(below)s (%(b_pts)s pts, GD %(b_gd)+d, GF %(b_gf)s) is placed "
                        "%(b_pos)s, below %(above)s (%(a_pts)s pts, GD %(a_gd)+d, GF %(a_gf)s): "
                        "the table is ordered by points, then goal difference, then goals for."
                    )
                    % {
                        "below": below.team,
                        "b_pos": below.position,
                        "b_pts": below.points,
                        "b_gd": below.goal_difference,
                        "b_gf": below.goals_for,
                        "above": above.team,
                        "a_pts": above.points,
                        "a_gd": above.goal_difference,
                        "a_gf": above.goals_for,
                    }
                )
                break
        return errors

    # -- the regular season's state ---------------------------------------------------

    SEASON_FINISHED = "finished"
    SEASON_UNFINISHED = "unfinished"
    SEASON_CUT_SHORT = "cut_short"

    def regular_season_state(self) -> str:
        """Where the regular season stands, read from its league matches: cut short when
        any was called off (the Liga MX Clausura 2020: no Liguilla, nobody qualified),
        unfinished while any is still to play (the qualifiers and their seeds are not
        settled), finished otherwise — also when the source gives the table and not the
        matches (the 2011 article). One query; a tournament with a champion needs none."""
        from .league import LeagueMatch

        if self.champion():
            return self.SEASON_FINISHED
        counts = self.league_matches.aggregate(
            called_off=Count("pk", filter=LeagueMatch.CALLED_OFF),
            to_play=Count("pk", filter=LeagueMatch.TO_PLAY),
        )
        if counts["called_off"]:
            return self.SEASON_CUT_SHORT
        if counts["to_play"]:
            return self.SEASON_UNFINISHED
        return self.SEASON_FINISHED

    def standings(self) -> list[table_rules.Row]:
        """General table rule: computed from the regular season's results (awarded ones
        as given): 3 points a win, 1 a draw; ranked by the format's criteria (points, goal
        difference, goals for, head-to-head, away goals: formats.TABLE_ORDER); the
        away-win bonus where the format counts it (formats.AWAY_WIN_BONUS)."""
        from .league import LeagueMatch

        matches = LeagueMatch.objects.filter(tournament=self).select_related("home", "away")
        teams, results, schedule = {}, [], []
        for match in matches:
            teams[match.home_id], teams[match.away_id] = match.home, match.away
            schedule.append(table_rules.Fixture(match.home, match.away, match.matchday))
            if match.is_played:
                results.append(
                    table_rules.Result(
                        match.home, match.away, match.home_score, match.away_score, match.matchday
                    )
                )
        fmt = self.knockout_format()
        order = fmt.table_order if fmt else formats.TABLE_ORDER
        return table_rules.compute(
            teams.values(),
            results,
            order,
            name=lambda t: t.name,
            schedule=schedule if self.awards_away_win_bonus() else None,
        )

    def awards_away_win_bonus(self) -> bool:
        """Whether the general table counts the away-win bonus (formats.AWAY_WIN_BONUS:
        a fourth point for an away win, in each club's first N away matches)."""
        fmt = self.knockout_format()
        return fmt is not None and fmt.points == formats.AWAY_WIN_BONUS

    def refresh_table(self) -> bool:
        """Store the computed general table as the tournament's entries (what seeding, the
        bracket and the pages read); True if anything changed. The one place the table
        cache is written."""
        from .tournament import TournamentEntry

        rows = self.standings()
        existing = {e.team_id: e for e in self.entries.all()}
        wanted = {}
        for row in rows:
            wanted[row.team.pk] = {
                "position": row.position,
                "played": row.played,
                "won": row.won,
                "drawn": row.drawn,
                "lost": row.lost,
                "goals_for": row.goals_for,
                "goals_against": row.goals_against,
                "points": row.points,
                "bonus_points": row.bonus,
            }
        same = set(existing) == set(wanted) and all(
            all(getattr(existing[pk], k) == v for k, v in values.items())
            for pk, values in wanted.items()
        )
        if same:
            return False
        with transaction.atomic():
            self.entries.exclude(team_id__in=wanted).delete()
            # Positions are unique per tournament: park the moved rows before renumbering.
            for entry in existing.values():
                TournamentEntry.objects.filter(pk=entry.pk).update(position=10000 + entry.pk)
            created = []
            for team_id, values in wanted.items():
                entry = existing.get(team_id) or TournamentEntry(tournament=self, team_id=team_id)
                for key, value in values.items():
                    setattr(entry, key, value)
                # The table's own rules (W+D+L = Pld, 3W+D = Pts); keys and uniqueness are
                # the database's (one query each otherwise, for every row of every table).
                entry.full_clean(
                    exclude=["tournament", "team", "manager", "captain"],
                    validate_unique=False,
                    validate_constraints=False,
                )
                if entry.pk:
                    entry.save()
                else:
                    created.append(entry)
            TournamentEntry.objects.bulk_create(created)
        self.forget_seeds()
        return True

    refresh_table.alters_data = True
