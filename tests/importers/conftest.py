"""Helpers for the importer tests: run the commands, count rows, write small sources."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tournaments import models

DATA = Path(__file__).resolve().parents[2] / "data"
APERTURA_2011 = DATA / "2011-apertura-liguilla.txt"
CLAUSURA_2012 = Path(__file__).resolve().parent / "clausura_2012.txt"
ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

COUNTED = [
    models.Competition,
    models.Season,
    models.Tournament,
    models.TournamentEntry,
    models.Team,
    models.TeamAlias,
    models.Person,
    models.SquadMember,
    models.Round,
    models.Tie,
    models.Leg,
    models.Goal,
    models.Booking,
]


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


class Run:
    def __init__(self, stdout, stderr):
        self.stdout, self.stderr = stdout, stderr


def run_import(*paths, **options):
    stdout, stderr = StringIO(), StringIO()
    call_command("import_season", *map(str, paths), stdout=stdout, stderr=stderr, **options)
    return Run(stdout.getvalue(), stderr.getvalue())


def run_export(*args):
    stdout = StringIO()
    call_command("export_season", *args, stdout=stdout)
    return stdout.getvalue()


def export_document(slug):
    return json.loads(run_export(slug))


@pytest.fixture
def write_source(tmp_path):
    """Write `text` (str or bytes) to a file named `name` and return its path."""

    def write(text, name="article.txt"):
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def apertura_text():
    return APERTURA_2011.read_text(encoding="utf-8")


@pytest.fixture
def clausura_text():
    return CLAUSURA_2012.read_text(encoding="utf-8")
