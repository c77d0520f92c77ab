"""Build whole tournaments from a compact description, through the domain's own methods
(`Tournament.advance`, `Leg.record_result`), the way league staff would enter them."""

import zoneinfo
from dataclasses import dataclass

from django.utils import timezone

from tournaments.models import CUP_FINAL_TIEBREAK, Booking, Goal, Leg, SquadMember, Tie, Tournament
from tournaments.vocabulary import RoundKind, scorer_side

from .factories import (
    EntryFactory,
    PersonFactory,
    RoundFactory,
    TeamFactory,
    TournamentFactory,
)


@dataclass
class TableLine:
    team: str
    won: int
    drawn: int
    lost: int
    goals_for: int
    goals_against: int
    manager: str = ""
    captain: str = ""


def make_tournament(table, *, rounds=(), **kwargs) -> Tournament:
    """A tournament with a general table (best first) and, optionally, its rounds as
    (name, tiebreak) pairs planned ahead."""
    tournament = TournamentFactory(qualifiers=kwargs.pop("qualifiers", len(table)), **kwargs)
    for position, line in enumerate(table, start=1):
        if not isinstance(line, TableLine):
            line = TableLine(line, 99 - position, 0, position - 1, 200 - position, 10 + position)
        EntryFactory(
            tournament=tournament,
            team=TeamFactory(name=line.team),
            position=position,
            won=line.won,
            drawn=line.drawn,
            lost=line.lost,
            goals_for=line.goals_for,
            goals_against=line.goals_against,
            manager=PersonFactory(name=line.manager) if line.manager else None,
            captain=PersonFactory(name=line.captain) if line.captain else None,
        )
    for number, (name, tiebreak) in enumerate(rounds, start=1):
        kind = RoundKind.from_name(name)
        RoundFactory(tournament=tournament, number=number, kind=kind, tiebreak=list(tiebreak))
    return tournament


def ties_of(tournament):
    """A tournament's ties in bracket order (round, then position)."""
    return Tie.objects.filter(round__tournament=tournament).order_by("round__number", "position")


def leg_between(tournament, home, away) -> Leg:
    return Leg.objects.get(tie__round__tournament=tournament, home__name=home, away__name=away)


def play(tournament, home, home_score, away_score, away, *, goals=(), bookings=(), **extra):
    """Enter one leg's result like staff would: the score, then scorers and bookings.

    goals: (team, player, minute) or (team, player, minute, options dict) tuples;
    bookings: (team, player) tuples.
    """
    leg = leg_between(tournament, home, away)
    leg.record_result(home_score, away_score, **extra)
    for goal in goals:
        team, player, minute, *rest = goal
        options = rest[0] if rest else {}
        scorer_team = scorer_side(team, home, away, options.get("own_goal", False))
        person = person_in(tournament, scorer_team, player)
        checked_save(
            Goal(
                leg=leg,
                team=leg.home if team == home else leg.away,
                player=person,
                minute=minute,
                **options,
            )
        )
    for team, player in bookings:
        checked_save(
            Booking(
                leg=leg,
                team=leg.home if team == home else leg.away,
                player=person_in(tournament, team, player),
            )
        )
    return leg


def checked_save(event):
    """Save a goal or booking as the admin's forms and the importer do: full_clean first."""
    event.full_clean()
    event.save()
    return event


def person_in(tournament, team_name, name):
    member = SquadMember.objects.filter(
        tournament=tournament, team__name=team_name, person__name=name
    ).first()
    if member:
        return member.person
    person = PersonFactory(name=name)
    team = TeamFactory(name=team_name)
    SquadMember.objects.create(tournament=tournament, team=team, person=person)
    return person


MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


def clausura_2013_final(*, players=(("América", "Raúl Jiménez"),), kickoff_in=None):
    """The Clausura 2013 final (extra time, then penalties): Cruz Azul won the first leg
    1–0; the second leg, at América's ground, is still to be played. `players`: (club,
    name) in the squads; `kickoff_in`: the second leg scheduled that long from now (before
    now when negative), at the Estadio Azteca."""
    tournament = make_tournament(
        ["América", "Cruz Azul"], rounds=[("Final", CUP_FINAL_TIEBREAK)], name="Clausura 2013"
    )
    tournament.advance(1)
    for team, name in players:
        person_in(tournament, team, name)
    play(tournament, "Cruz Azul", 1, 0, "América")
    if kickoff_in is not None:
        kickoff = timezone.now().astimezone(MEXICO_CITY).replace(microsecond=0) + kickoff_in
        leg_between(tournament, "América", "Cruz Azul").schedule(kickoff, "Estadio Azteca")
    return tournament
