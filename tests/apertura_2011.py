"""The 2011 Liga de Ascenso Apertura Liguilla, rebuilt with factories (not the importer)
from the article in data/2011-apertura-liguilla.txt."""

from tournaments.models import LIGUILLA_TIEBREAK

from .builders import TableLine, make_tournament, play
from .factories import SeasonFactory
from .replay import replayable

TABLE = [
    TableLine("La Piedad", 10, 1, 4, 26, 17, "Cristóbal Ortega", "Jorge Campos"),
    TableLine("Correcaminos", 7, 6, 2, 33, 21, "Ignacio Rodríguez", "Diego Olsina"),
    TableLine("Neza", 7, 5, 3, 27, 22, "David Patiño", "Carlos Cariño"),
    TableLine("León", 5, 8, 2, 26, 16, "Pedro Muñoz", "Alejandro Corona"),
    TableLine("Irapuato", 7, 2, 6, 24, 17, "Omar Arellano", "Cuauhtémoc Blanco"),
    TableLine("Necaxa", 6, 5, 4, 15, 14, "Luis Francisco García", "Pablo Quatrocchi"),
    TableLine("Altamira", 6, 4, 5, 22, 22, "Mario Alberto García", "Eduardo García"),
]

ROUNDS = [
    ("Quarter-finals", LIGUILLA_TIEBREAK),
    ("Semi-finals", LIGUILLA_TIEBREAK),
    ("Final", LIGUILLA_TIEBREAK),
]


@replayable
def build_apertura_2011(*, through="final"):
    """Enter the tournament round by round; `through` stops after "quarter-finals",
    "semi-finals" or "final" (each round drawn by Tournament.advance)."""
    season = SeasonFactory(start_year=2011)
    tournament = make_tournament(
        TABLE,
        rounds=ROUNDS,
        season=season,
        name="Apertura 2011",
        slug="apertura-2011",
        champion_title_override=None,
    )
    tournament.advance(1)
    # Quarter-finals, first leg
    play(tournament, "Irapuato", 0, 1, "León", goals=[("León", "Eder Pacheco", 69)])
    play(
        tournament,
        "Altamira",
        2,
        1,
        "Correcaminos",
        goals=[
            ("Altamira", "Cristian Rojas", 62),
            ("Altamira", "Eliazar Vázquez", 80),
            ("Correcaminos", "Raymundo Torres", 24),
        ],
        bookings=[("Altamira", "Collazo")],
    )
    play(
        tournament,
        "Necaxa",
        0,
        1,
        "Neza",
        goals=[("Neza", "Luciano Emílio", 42)],
        bookings=[("Neza", "Mejía")],
    )
    # Quarter-finals, second leg
    play(
        tournament,
        "León",
        2,
        0,
        "Irapuato",
        goals=[("León", "Eder Pacheco", 7), ("León", "Eder Pacheco", 13)],
        bookings=[("Irapuato", "Hernández")],
    )
    play(
        tournament,
        "Neza",
        2,
        2,
        "Necaxa",
        goals=[
            ("Neza", "Rodrigo Prieto", 29),
            ("Neza", "Luciano Emílio", 78),
            ("Necaxa", "Jesús Isijara", 5),
            ("Necaxa", "Víctor Lojero", 42),
        ],
        bookings=[("Necaxa", "Castillo")],
    )
    play(
        tournament,
        "Correcaminos",
        1,
        0,
        "Altamira",
        goals=[("Correcaminos", "Diego Menghi", 88)],
        bookings=[("Altamira", "Cuevas")],
    )
    if through == "quarter-finals":
        return tournament
    tournament.advance(2)
    play(
        tournament,
        "Neza",
        2,
        1,
        "Correcaminos",
        goals=[
            ("Neza", "Rodrigo Prieto", 75),
            ("Neza", "Rodrigo Prieto", 88),
            ("Correcaminos", "Diego Menghi", 87),
        ],
        bookings=[("Neza", "Rojas")],
    )
    play(
        tournament,
        "León",
        3,
        5,
        "La Piedad",
        goals=[
            ("León", "Gregorio Torres", 58),
            ("León", "Nelson Sebastián Maz", 81),
            ("León", "Nelson Sebastián Maz", 82),
            ("La Piedad", "Roberto Nurse", 29),
            ("La Piedad", "Jesús Padilla", 41),
            ("La Piedad", "Jesús Padilla", 47),
            ("La Piedad", "Luis Ángel Mendoza", 87),
            ("La Piedad", "Luis Ángel Mendoza", 90),
        ],
    )
    play(
        tournament,
        "La Piedad",
        1,
        2,
        "León",
        goals=[
            ("La Piedad", "Jesús Armando Sánchez", 81),
            ("León", "Eder Pacheco", 32),
            ("León", "Carlos Alberto Peña", 44),
        ],
        bookings=[("León", "González")],
    )
    play(
        tournament,
        "Correcaminos",
        2,
        1,
        "Neza",
        goals=[
            ("Correcaminos", "Roberto Nicolás Saucedo", 66),
            ("Correcaminos", "Hugo Sánchez", 70),
            ("Neza", "Luciano Emílio", 38),
        ],
    )
    if through == "semi-finals":
        return tournament
    tournament.advance(3)
    play(
        tournament,
        "Correcaminos",
        3,
        1,
        "La Piedad",
        goals=[
            ("Correcaminos", "Diego Olsina", 52),
            ("Correcaminos", "Antonio González Arias", 76),
            ("Correcaminos", "Antonio González Arias", 86),
            ("La Piedad", "Roberto Nurse", 38),
        ],
    )
    play(
        tournament,
        "La Piedad",
        0,
        1,
        "Correcaminos",
        goals=[("Correcaminos", "Tomás Domínguez", 84)],
    )
    return tournament
