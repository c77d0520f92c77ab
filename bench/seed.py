"""Fill the benchmark database: the 2011 Apertura and a synthetic 64-team tournament.

Run by bench/run.sh with DATABASE_URL pointing at a throw-away database.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liguilla.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.apertura_2011 import build_apertura_2011  # noqa: E402
from tests.site_builders import make_big_tournament  # noqa: E402

call_command("migrate", verbosity=0)
apertura = build_apertura_2011()
apertura.champion_title_override = 2
apertura.save()
big = make_big_tournament(64)
print(apertura.get_absolute_url())
print(big.get_absolute_url())
