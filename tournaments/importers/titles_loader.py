"""Write a list of champions (importers/titles.py) as the competition's LeagueTitle rows.

Each champion is matched to a club on the site by name or alias (accents and case
ignored); a club the site has no record of keeps its name only. Each season is matched to
the site's own tournament of that name in the competition, and where the site's final has
a winner it must be the listed champion, or nothing is written. The rows are replaced
only when something differs, in one transaction, so loading the same list again writes
nothing (and leaves every cached page warm).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ..models import Competition, LeagueTitle, Team, Tie, TitleList, Tournament
from ..vocabulary import normalize_name
from .titles import ParsedTitles, TitleListError


@dataclass
class TitlesLoaded:
    changed: bool = False
    lines: list[str] = field(default_factory=list)


def load_title_list(titles: ParsedTitles, *, dry_run: bool = False) -> TitlesLoaded:
    result = TitlesLoaded()
    competition = Competition.objects.filter(slug=titles.competition).first()
    if competition is None:
        result.lines.append(
            f"{titles.path}: no competition {titles.competition!r} in the database: "
            "nothing loaded (import its seasons first)"
        )
        return result
    rows = _rows(titles, competition)
    head = {"label": titles.label, "since": titles.since, "notes": titles.notes}
    listed = TitleList.objects.filter(competition=competition).values(*head).first()
    stored = [listed] + [_key(row) for row in competition.league_titles.order_by("order")]
    linked = sum(1 for row in rows if row.tournament_id)
    summary = (
        f"{competition.name}: {len(rows)} seasons from {titles.since}, "
        f"{linked} of them on this site"
    )
    if stored == [head] + [_key(row) for row in rows]:
        result.lines.append(f"{summary} (nothing changed)")
        return result
    result.changed = True
    result.lines.append(summary)
    if dry_run:
        return result
    with transaction.atomic():
        TitleList.objects.update_or_create(competition=competition, defaults=head)
        competition.league_titles.all().delete()
        for row in rows:
            row.full_clean()
            row.save()
    return result


def _key(row: LeagueTitle) -> tuple:
    return (
        row.order,
        row.season,
        row.champion_id,
        row.champion_name,
        row.no_champion,
        row.tournament_id,
        row.special,
        row.source,
    )


def _rows(titles: ParsedTitles, competition: Competition) -> list[LeagueTitle]:
    clubs = _club_index(titles)
    tournaments = {
        normalize_name(t.name): t
        for t in Tournament.objects.filter(season__competition=competition).select_related("season")
    }
    finals = {
        tie.round.tournament_id: tie
        for tie in Tie.objects.filter(round__tournament__season__competition=competition)
        .select_related("round__tournament__season", "higher_seed", "lower_seed")
        .prefetch_related("legs")
        .finals()
    }
    rows = []
    for record in titles.titles:
        where = f"{titles.path}: title {record.number} ({record.season})"
        team = clubs.get(normalize_name(record.champion)) if record.champion else None
        tournament = tournaments.get(normalize_name(record.tournament or record.season))
        final = finals.get(tournament.pk) if tournament else None
        if final is not None and final.winner is not None and final.winner != team:
            raise TitleListError(
                f"{where}: the list says {record.champion or 'no champion'}, but this site's "
                f"{tournament.name} final was won by {final.winner}"
            )
        rows.append(
            LeagueTitle(
                competition=competition,
                order=record.number,
                season=record.season,
                champion=team,
                champion_name=record.champion,
                no_champion=record.no_champion,
                tournament=tournament,
                special=record.special,
                source=record.source,
            )
        )
    return rows


def _club_index(titles: ParsedTitles) -> dict[str, Team]:
    """Clubs by folded name and alias; a name two clubs share is an error if it is used."""
    index: dict[str, Team] = {}
    shared: set[str] = set()
    for team in Team.objects.prefetch_related("aliases"):
        for name in {team.name, *(alias.name for alias in team.aliases.all())}:
            folded = normalize_name(name)
            if folded in index and index[folded] != team:
                shared.add(folded)
            index[folded] = team
    for record in titles.titles:
        if record.champion and normalize_name(record.champion) in shared:
            raise TitleListError(
                f"{titles.path}: title {record.number} ({record.season}): "
                f"{record.champion!r} names more than one club"
            )
    return index
