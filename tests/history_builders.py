"""A whole history for the history pages' tests: fifteen seasons of Liga MX (Apertura and
Clausura, 30 Liguillas) and two of Liga de Expansión MX (4 more), eight qualifiers each,
drawn by Tournament.advance from a rotating pool of clubs so the same clubs meet again and
again. Scores only, no scorers (as in the football.txt sources), and results chosen so
that every rule decides some ties: aggregate, table position, away goals (in the
tournaments whose rounds list them), extra time and penalties (finals)."""

from tournaments.models import CUP_FINAL_TIEBREAK, LIGUILLA_TIEBREAK, Leg, Tiebreak

from .builders import TableLine, make_tournament
from .factories import CompetitionFactory, SeasonFactory
from .replay import replayable

LIGA_MX = [
    "América",
    "Tigres",
    "Monterrey",
    "Toluca",
    "León",
    "Santos Laguna",
    "Cruz Azul",
    "Pachuca",
    "Guadalajara",
    "Pumas UNAM",
    "Atlas",
    "Puebla",
]
EXPANSION = ["Atlante", "Celaya", "Tepatitlán", "Tampico Madero", "Morelia", "Cancún", "Oaxaca"]
AWAY_GOALS_TIEBREAK = [Tiebreak.AGGREGATE, Tiebreak.AWAY_GOALS, Tiebreak.TABLE_POSITION]

# (first leg: lower seed at home, second leg: higher seed at home) as (home, away) scores.
HIGHER_ON_AGGREGATE = ((1, 1), (2, 0))  # 1–3: the higher seed
LOWER_ON_AGGREGATE = ((2, 0), (1, 1))  # 3–1: the lower seed
LEVEL_NO_AWAY_GOALS = ((1, 0), (1, 0))  # 1–1, no away goals: table position
HIGHER_ON_AWAY_GOALS = ((2, 1), (1, 0))  # 2–2, one away goal for the higher seed
LEVEL_FINAL = ((1, 1), (0, 0))  # 1–1 after both legs: extra time (and penalties)


@replayable
def make_history(*, liga_mx_seasons=15, expansion_seasons=2, first_year=2010):
    """Every tournament built, oldest first."""
    built = []
    plan = [
        ("Liga MX", LIGA_MX, liga_mx_seasons),
        ("Liga de Expansión MX", EXPANSION, expansion_seasons),
    ]
    for competition_name, clubs, seasons in plan:
        competition = CompetitionFactory(name=competition_name)
        start = first_year + (liga_mx_seasons - seasons)
        for year in range(start, start + seasons):
            season = SeasonFactory(competition=competition, start_year=year)
            for order, name in ((1, f"Apertura {year}"), (2, f"Clausura {year + 1}")):
                index = len(built)
                built.append(make_liguilla(season, name, order, clubs, index))
    return built


def make_liguilla(season, name, order, clubs, index):
    """Eight of `clubs` (rotating with `index`), seeded in that order, played to the end."""
    shift = (index * 7) % len(clubs)
    names = (clubs[shift:] + clubs[:shift])[:8]
    # 17 matchdays; the points fall with the position.
    table = [
        TableLine(club, 12 - position, 3, 2 + position, 30 - position, 15 + position)
        for position, club in enumerate(names)
    ]
    quarter_tiebreak = AWAY_GOALS_TIEBREAK if index % 3 == 0 else LIGUILLA_TIEBREAK
    tournament = make_tournament(
        table,
        season=season,
        name=name,
        slug=name.lower().replace(" ", "-"),
        order=order,
        rounds=[
            ("Quarter-finals", quarter_tiebreak),
            ("Semi-finals", LIGUILLA_TIEBREAK),
            ("Final", CUP_FINAL_TIEBREAK),
        ],
    )
    patterns = [HIGHER_ON_AGGREGATE, LEVEL_NO_AWAY_GOALS, HIGHER_ON_AWAY_GOALS, LOWER_ON_AGGREGATE]
    for number in (1, 2, 3):
        tournament.advance(number)
        legs = Leg.objects.filter(tie__round__tournament=tournament, tie__round__number=number)
        for leg in legs.select_related("tie"):
            if number == 3:
                first, second = LEVEL_FINAL
                if index % 2:
                    first, second = LOWER_ON_AGGREGATE
            else:
                first, second = patterns[(leg.tie.position + index + number) % len(patterns)]
            leg.home_score, leg.away_score = first if leg.number == 1 else second
            if number == 3 and not index % 2 and leg.number == 2:
                # Level finals: extra time settles every fourth, a shoot-out the others.
                if index % 4 == 0:
                    leg.extra_time_home_score, leg.extra_time_away_score = 1, 0
                else:
                    leg.extra_time_home_score, leg.extra_time_away_score = 0, 0
                    leg.penalties_home, leg.penalties_away = 3, 4
            leg.save()
    return tournament
