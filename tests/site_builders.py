"""Data for the public site's tests: a synthetic 64-team tournament (six rounds, 63 ties,
126 legs and hundreds of goals) drawn by Tournament.advance, to show that every page
costs the same number of queries as the 7-team 2011 Apertura."""

from tournaments.models import Booking, Goal, Leg, SquadMember

from .builders import TableLine, make_tournament
from .factories import PersonFactory, SeasonFactory
from .replay import replayable


@replayable
def make_big_tournament(teams=64, *, name="Torneo Grande 2030", start_year=2030):
    table = [
        TableLine(
            f"Equipo {n:02d}",
            won=teams - n,
            drawn=0,
            lost=n - 1,
            goals_for=100 - n,
            goals_against=10 + n,
            manager=f"Técnico {n:02d}",
            captain=f"Capitán {n:02d}",
        )
        for n in range(1, teams + 1)
    ]
    tournament = make_tournament(
        table,
        season=SeasonFactory(start_year=start_year),
        name=name,
        slug="torneo-grande",
    )
    scorers = {}
    for entry in tournament.entries.select_related("team"):
        person = PersonFactory(name=f"Goleador {entry.team.name[-2:]}")
        SquadMember.objects.create(tournament=tournament, team=entry.team, person=person)
        scorers[entry.team_id] = person
    for number in range(1, tournament.round_count() + 1):
        tournament.advance(number)
        legs = Leg.objects.filter(tie__round__tournament=tournament, tie__round__number=number)
        # The lower seed wins the first leg at home 2-1; the higher seed wins the second
        # 2-0 (3-2 on aggregate) or, in every third tie, 1-0 (2-2: table position).
        legs.filter(number=1).update(home_score=2, away_score=1)
        legs.filter(number=2).update(home_score=2, away_score=0)
        legs.filter(number=2, tie__position__in=range(3, 64, 3)).update(home_score=1)
        goals, bookings = [], []
        for leg in legs:
            for team_id, score in ((leg.home_id, leg.home_score), (leg.away_id, leg.away_score)):
                for i in range(score):
                    goals.append(
                        Goal(
                            leg=leg,
                            team_id=team_id,
                            player=scorers[team_id],
                            minute=10 + 20 * i,
                            added_time=2 if i == 2 else None,
                            penalty=i == 1,
                        )
                    )
            bookings.append(Booking(leg=leg, team_id=leg.away_id, player=scorers[leg.away_id]))
        Goal.objects.bulk_create(goals)
        Booking.objects.bulk_create(bookings)
    return tournament


def add_list_of_champions(tournament, seasons):
    """A sourced list of champions for the tournament's competition (as data/titles/
    loads it): `seasons` made-up seasons before the site's, then the tournament itself,
    won by its champion."""
    from tournaments.models import LeagueTitle, TitleList

    competition = tournament.season.competition
    TitleList.objects.create(competition=competition, label=competition.name, since="1900–01")
    champion = tournament.champion()
    for order in range(1, seasons + 1):
        LeagueTitle.objects.create(
            competition=competition,
            order=order,
            season=f"{1899 + order}–{(order % 100):02d}",
            champion=champion if order % 3 == 0 else None,
            champion_name=champion.name if order % 3 == 0 else f"Old Club {order % 7}",
            source="https://example.org/champions",
        )
    LeagueTitle.objects.create(
        competition=competition,
        order=seasons + 1,
        season=tournament.name,
        champion=champion,
        champion_name=champion.name,
        tournament=tournament,
        source="https://example.org/champions",
    )
