"""Title counts: which title each Liguilla win was for its champion.

Counting them means deciding every final of every competition (3.4 ms of CPU on the
benchmark's data), and the home, competition, team and tournament pages all need it. So the
count is kept as plain rows (ids and numbers, no model instances) by `remember`, which the
cache layer sets when the app starts (apps.py: tournaments/cache/ `versioned`, the rows
kept under the data version): computed once per write, not once per cold page. The models
do not import the cache; without it the rows are counted every time. A page that shows the
records reads the few tournaments and clubs it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .competition import Team
    from .tournament import Tournament

CACHE_KEY = "champion-titles"


def remember(key, compute):
    """The rows under `key`: `compute()` unless a store is set (apps.py sets the cache's)."""
    return compute()


@dataclass
class ChampionRecord:
    tournament: Tournament
    champion: Team | None
    runner_up: Team | None
    title: int | None
    # True when the number rests on a stated title (history before the site's records);
    # otherwise it counts only the titles this site holds.
    stated: bool = False


class TitleRow(NamedTuple):
    """One final as the cache keeps it (ChampionRecord with ids for instances)."""

    competition_id: int
    tournament_id: int
    champion_id: int | None
    runner_up_id: int | None
    title: int | None
    stated: bool
    # Season start year, season slug, order: the finals' order across competitions.
    played: tuple


class TitleCount:
    """The title rows of every competition, oldest final first, with the tournaments and
    clubs already in memory when this request counted them (so a page that just counted
    reads nothing more)."""

    def __init__(self):
        self.known: dict[tuple[str, int], object] = {}
        self.rows: list[TitleRow] = remember(CACHE_KEY, self._count)

    def _count(self) -> list[TitleRow]:
        """Title-count rule: a club's title count in a competition goes up by one with
        each final it wins; a title number stated for a tournament (history before the
        site's records), or the club's count in the competition's sourced list of
        champions (models/honours.py), takes precedence and the count goes on from it. A
        count with no stated number behind it only covers the site's records
        (`ChampionRecord.stated`). One read of every final and one of the lists (three
        queries)."""
        from .honours import LeagueTitle
        from .knockout import Tie

        sourced = LeagueTitle.objects.title_numbers()
        titles: dict[tuple[int, int], int] = {}
        stated: set[tuple[int, int]] = set()
        rows = []
        for final in Tie.objects.all().finals():
            tournament = final.round.tournament
            competition_id = tournament.season.competition_id
            played = (tournament.season.start_year, tournament.season.slug, tournament.order)
            self.known["tournament", tournament.pk] = tournament
            winner, loser = final.winner, final.loser
            if winner is None:
                row = TitleRow(competition_id, tournament.pk, None, None, None, False, played)
                rows.append(row)
                continue
            self.known["team", winner.pk] = winner
            self.known["team", loser.pk] = loser
            key = (competition_id, winner.pk)
            listed = sourced.get(tournament.pk)
            if tournament.champion_title_override:
                title = tournament.champion_title_override
                stated.add(key)
            elif listed is not None and listed[0] == winner.pk:
                title = listed[1]  # the club's real count (a sourced list of champions)
                stated.add(key)
            else:
                title = titles.get(key, 0) + 1
            titles[key] = title
            rows.append(
                TitleRow(
                    competition_id,
                    tournament.pk,
                    winner.pk,
                    loser.pk,
                    title,
                    key in stated,
                    played,
                )
            )
        return rows

    def by_competition(self, rows) -> list[TitleRow]:
        """`rows` grouped by competition (in the order each first won a final), oldest
        first within each: the order the pages list a history in."""
        grouped: dict[int, list[TitleRow]] = {}
        for row in rows:
            grouped.setdefault(row.competition_id, []).append(row)
        return [row for group in grouped.values() for row in group]

    def row_for(self, tournament_id: int) -> TitleRow | None:
        return next((row for row in self.rows if row.tournament_id == tournament_id), None)

    def records(self, rows: list[TitleRow]) -> list[ChampionRecord]:
        """`rows` as ChampionRecords: at most one read of the tournaments (with season and
        competition) and one of the clubs, for those not already in memory."""
        from .competition import Team
        from .tournament import Tournament

        missing_tournaments = {
            row.tournament_id for row in rows if ("tournament", row.tournament_id) not in self.known
        }
        for pk, tournament in (
            Tournament.objects.select_related("season__competition")
            .in_bulk(missing_tournaments)
            .items()
        ):
            self.known["tournament", pk] = tournament
        missing_teams = {
            pk
            for row in rows
            for pk in (row.champion_id, row.runner_up_id)
            if pk is not None and ("team", pk) not in self.known
        }
        for pk, team in Team.objects.in_bulk(missing_teams).items():
            self.known["team", pk] = team
        return [
            ChampionRecord(
                self.known["tournament", row.tournament_id],
                self.known.get(("team", row.champion_id)),
                self.known.get(("team", row.runner_up_id)),
                row.title,
                stated=row.stated,
            )
            for row in rows
        ]
