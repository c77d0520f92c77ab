"""What a knockout page reads, shared out once per page.

The page's queries are its recipe in models/querysets.py; this module hands their rows
out so that a page holds **one** `Team` instance per club and **one** `Person` per player,
however many ties, legs, goals and bookings name them (a 64-team results page used to
build ~800 `Team` copies and one `Person` per goal), and each leg's goals and bookings
as light `Event` rows instead of model instances. Reads only: nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Booking, Goal, Leg, Person, Tie

_HIGHER, _LOWER = Tie._meta.get_field("higher_seed"), Tie._meta.get_field("lower_seed")
_HOME, _AWAY = Leg._meta.get_field("home"), Leg._meta.get_field("away")
_PERSON_FIELDS = ["id", "name", "slug", "nationality"]


@dataclass(slots=True)
class Event:
    """A goal or a booking as a match report shows it (display.minute reads `minute` and
    `added_time`). `team_id` is the team it counts for: for an own goal, the one that
    benefits."""

    leg_id: int
    team_id: int
    player: Person
    minute: int | None
    added_time: int | None = None
    penalty: bool = False
    own_goal: bool = False
    colour: str = ""

    @property
    def colour_label(self) -> str:
        return str(Booking.Colour(self.colour).label)


def share_teams(ties) -> dict:
    """Point every tie and leg at one `Team` instance per club: the first copy the ties'
    query built. A leg's two teams are its tie's two (Leg.clean), so the legs need no
    join of their own. Returns team id → Team."""
    teams: dict = {}
    for tie in ties:
        for field, team in ((_HIGHER, tie.higher_seed), (_LOWER, tie.lower_seed)):
            field.set_cached_value(tie, teams.setdefault(team.pk, team))
    for tie in ties:
        for leg in tie.legs.all():
            _HOME.set_cached_value(leg, teams[leg.home_id])
            _AWAY.set_cached_value(leg, teams[leg.away_id])
    return teams


def knockout(tournament) -> list:
    """The tournament's rounds in order, their ties and legs sharing one Team per club.
    The tournament was read with TournamentQuerySet.with_bracket (legs without teams)."""
    rounds = tournament.rounds_in_order()
    share_teams([tie for round_ in rounds for tie in round_.ties.all()])
    return rounds


class Events:
    """Goals and bookings of a set of legs, in match order, grouped by leg, with one
    `Person` per player: two queries, no model instance per row."""

    def __init__(self, leg_filter: dict):
        self.people: dict[int, Person] = {}
        self.db = Goal.objects.db
        self.goals = self._read(
            Goal.objects.filter(**leg_filter).order_by(*Goal.EVENT_ORDER),
            ("minute", "added_time", "penalty", "own_goal"),
        )
        self.bookings = self._read(
            Booking.objects.filter(**leg_filter).order_by(*Booking.EVENT_ORDER),
            ("minute", "colour"),
        )

    def _person(self, pk, name, slug, nationality) -> Person:
        person = self.people.get(pk)
        if person is None:
            person = Person.from_db(self.db, _PERSON_FIELDS, (pk, name, slug, nationality))
            self.people[pk] = person
        return person

    def _read(self, queryset, fields) -> dict[int, list[Event]]:
        by_leg: dict[int, list[Event]] = {}
        rows = queryset.values_list(
            "leg_id", "team_id", "player_id", "player__name", "player__slug",
            "player__nationality", *fields,
        )  # fmt: skip
        for leg_id, team_id, pk, name, slug, nationality, *values in rows:
            event = Event(leg_id, team_id, self._person(pk, name, slug, nationality), None)
            for field, value in zip(fields, values, strict=True):
                setattr(event, field, value)
            by_leg.setdefault(leg_id, []).append(event)
        return by_leg

    def of(self, leg) -> tuple[list[Event], list[Event]]:
        """(goals, bookings) of one leg."""
        return self.goals.get(leg.pk, []), self.bookings.get(leg.pk, [])


def tournament_events(tournament) -> Events:
    return Events({"leg__tie__round__tournament": tournament})


def leg_events(leg) -> Events:
    return Events({"leg": leg})
