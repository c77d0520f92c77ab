"""The season document's shape is declared once (importers/season_schema.py) and published
for other tools as docs/season.schema.json; an export validates against it."""

import json
from pathlib import Path

import pytest

from tournaments.importers.season_schema import Document

from .conftest import APERTURA_2011, run_export, run_import

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "season.schema.json"


def test_the_published_schema_is_the_one_the_importer_validates_against():
    published = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert published == Document.model_json_schema(), (
        "docs/season.schema.json is out of date: regenerate it with "
        "json.dumps(Document.model_json_schema(), indent=2, ensure_ascii=False)"
    )


@pytest.mark.django_db
def test_an_exported_document_is_valid_by_the_schema():
    run_import(APERTURA_2011)
    document = json.loads(run_export("apertura-2011"))
    valid = Document.model_validate(document)
    assert {t.higher_seed for t in valid.rounds[0].ties} == {"León", "Neza", "Correcaminos"}
