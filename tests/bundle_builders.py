"""Forty-seven real tournaments: the whole openfootball bundle (43: Liga MX 2010–11 to
2024–25, Liga de Expansión MX 2020–21 to 2024–25 with its Campeón finals) and four Liga de
Ascenso articles (Apertura 2009, Apertura 2011, Clausura 2012 and the 2011–12 promotional final),
imported as `import_season` imports them. Used by the query counts with the whole history
(tests/test_bundle_queries.py) and by the benchmarks (bench/test_bench_bundle.py)."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

from .replay import replayable

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "data" / "openfootball-mexico"
APERTURA_2011 = ROOT / "data" / "2011-apertura-liguilla.txt"
ARTICLES = ROOT / "tests" / "importers" / "articles"
ASCENSO = [
    APERTURA_2011,
    ARTICLES / "2012-ascenso-clausura-final-phase.txt",
    ARTICLES / "2011-12-ascenso-promotional-final.txt",
    ARTICLES / "2009-ascenso-apertura-nested-headings.txt",
]


def import_sources(*paths):
    # Strict, as `make run` imports them: every cross-check of the bundle passes.
    call_command("import_season", *map(str, paths), stdout=StringIO(), stderr=StringIO())


# What load_every_tournament() loads.
TOURNAMENTS = 47


@replayable
def load_every_tournament():
    import_sources(BUNDLE, *ASCENSO)
