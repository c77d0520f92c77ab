"""Setting up a tournament from lists staff paste: its general table (creating the season,
the competition and the teams as needed) and each team's squad (creating people as
needed). Rows come from tournaments.importers.pasted; every row is checked by the models'
own rules (full_clean, Tournament.table_errors) and all is written in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..vocabulary import clean_name, normalize_name
from .competition import Competition, Person, Season, Team, name_slug
from .tournament import SquadMember, Tournament, TournamentEntry


@dataclass
class SquadReport:
    added: list[Person] = field(default_factory=list)
    already: list[Person] = field(default_factory=list)
    created: list[Person] = field(default_factory=list)


def people_by_name() -> dict[str, list[Person]]:
    index: dict[str, list[Person]] = {}
    for person in Person.objects.only("id", "name", "nationality", "slug"):
        index.setdefault(normalize_name(person.name), []).append(person)
    return index


def find_person(name: str, nationality: str, team: Team, index) -> Person | None:
    """People-matching rule for a pasted name: same name ignoring case and accents (and a
    compatible nationality); a player already in this club's squads first; otherwise the
    only person of that name; otherwise nobody (a new person)."""
    candidates = [
        person
        for person in index.get(normalize_name(name), [])
        if not nationality or person.nationality in ("", nationality)
    ]
    if not candidates:
        return None
    in_club = set(
        SquadMember.objects.filter(team=team, person__in=candidates).values_list(
            "person_id", flat=True
        )
    )
    preferred = [person for person in candidates if person.pk in in_club]
    if preferred:
        return preferred[0]
    return candidates[0] if len(candidates) == 1 else None


def register_squad(tournament: Tournament, team: Team, players) -> SquadReport:
    """Squad rule: a pasted list registers each player for `team` in `tournament`
    (find_person, or a new person); one already registered is left alone; a player
    registered for another team of the tournament is refused (a player plays for one
    club per tournament). Nothing is written unless every line is accepted."""
    report = SquadReport()
    errors = []
    index = people_by_name()
    with transaction.atomic():
        for player in players:
            person = find_person(player.name, player.nationality, team, index)
            if person is None:
                person = Person(
                    name=player.name,
                    nationality=player.nationality,
                    slug=Person.unique_slug(player.name),
                )
                person.full_clean()
                person.save()
                index.setdefault(normalize_name(person.name), []).append(person)
                report.created.append(person)
            elif player.nationality and not person.nationality:
                person.nationality = player.nationality
                person.save(update_fields=["nationality"])
            elsewhere = (
                SquadMember.objects.filter(tournament=tournament, person=person)
                .exclude(team=team)
                .select_related("team")
                .first()
            )
            if elsewhere:
                errors.append(
                    _("Line %(line)s: %(player)s is already in %(team)s's squad.")
                    % {"line": player.line, "player": person.name, "team": elsewhere.team}
                )
                continue
            _member, created = SquadMember.objects.get_or_create(
                tournament=tournament, team=team, person=person
            )
            (report.added if created else report.already).append(person)
        if errors:
            raise ValidationError(errors)
    return report


register_squad.alters_data = True


def find_or_create_team(name: str, *, new_clubs=False) -> Team:
    """The club a pasted name means (by name or alias), else a new club: its name cleaned
    (vocabulary.clean_name) and, unless staff confirmed new clubs (`new_clubs`), refused
    when it looks like another club's (Team.refuse_lookalike)."""
    name = clean_name(name)
    matches = Team.objects.matching(name)
    if matches:
        return matches[0]
    if not new_clubs:
        Team.refuse_lookalike(name)
    team = Team(name=name, slug=Team.unique_slug(name))
    team.full_clean()
    team.save()
    return team


def find_competition(name: str) -> Competition | None:
    """The competition staff typed, by its name ignoring case and accents."""
    wanted = normalize_name(name)
    return next((c for c in Competition.objects.all() if normalize_name(c.name) == wanted), None)


def start_tournament(
    *,
    competition_name,
    season_name,
    start_year,
    name,
    order,
    rows,
    qualifiers=None,
    knockout_format="",
    new_clubs=False,
):
    """Start a tournament: the competition and season (found by name, or created), the
    tournament in its knockout format (a key of formats.FORMATS, which says how many
    qualify; "" for the top `qualifiers` in a bracket with byes), its teams (found by name
    or alias, or created: find_or_create_team, with `new_clubs` when staff confirmed that
    look-alike names are clubs of their own) and its general table in the pasted order.
    The table must follow the table rules (Tournament.table_errors)."""
    with transaction.atomic():
        competition = find_competition(competition_name)
        if competition is None:
            competition = Competition.with_known_rules(
                competition_name, name_slug(competition_name)
            )
            competition.full_clean()
            competition.save()
        season = Season.objects.filter(competition=competition, name=season_name).first()
        if season is None:
            season = Season(
                competition=competition,
                name=season_name,
                slug=name_slug(season_name),
                start_year=start_year,
            )
            season.full_clean()
            season.save()
        tournament = Tournament(
            season=season,
            name=name,
            slug=name_slug(name),
            order=order,
            qualifiers=qualifiers or len(rows),
            format=knockout_format,
        )
        tournament.full_clean()
        tournament.save()
        entries, errors, lookalikes = [], [], []
        for row in rows:
            try:
                team = find_or_create_team(row.team, new_clubs=new_clubs)
            except ValidationError as refused:
                lookalikes += [
                    _("Line %(line)s: %(message)s") % {"line": row.line, "message": message}
                    for message in refused.messages
                ]
                continue
            entry = TournamentEntry(
                tournament=tournament,
                team=team,
                position=row.position,
                played=row.won + row.drawn + row.lost,
                won=row.won,
                drawn=row.drawn,
                lost=row.lost,
                goals_for=row.goals_for,
                goals_against=row.goals_against,
                points=3 * row.won + row.drawn,
            )
            if row.points is not None and row.points != entry.points:
                errors.append(
                    _(
                        "Line %(line)s: %(team)s has %(points)s points, but 3 × won + drawn "
                        "is %(expected)s."
                    )
                    % {
                        "line": row.line,
                        "team": row.team,
                        "points": row.points,
                        "expected": entry.points,
                    }
                )
            entries.append(entry)
        teams = [entry.team_id for entry in entries]
        if len(set(teams)) != len(teams):
            errors.append(_("A team appears twice in the table."))
        if tournament.qualifiers > len(entries):
            errors.append(
                _("%(qualifiers)s teams qualify, but the table has %(count)s.")
                % {"qualifiers": tournament.qualifiers, "count": len(entries)}
            )
        if lookalikes:
            raise ValidationError({"table": lookalikes})
        errors += Tournament.table_errors(entries)
        if errors:
            raise ValidationError(errors)
        for entry in entries:
            entry.save()
    return tournament


start_tournament.alters_data = True
