"""Bad input: a one-line CommandError with the file (and line), no traceback, no writes."""

import json

import pytest
from django.core.management.base import CommandError

from .conftest import APERTURA_2011, export_document, row_counts, run_import

pytestmark = pytest.mark.django_db


def assert_refused(path, pattern):
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert "\n" not in message and message.startswith(str(path)), message
    assert pattern in message, message
    assert row_counts() == before


def test_empty_file(write_source):
    assert_refused(write_source("  \n\n"), "the file is empty")


def test_article_truncated_before_the_table(write_source, apertura_text):
    assert_refused(write_source(apertura_text[:900]), "no general table")


def test_article_truncated_in_the_quarter_finals(write_source, apertura_text):
    cut = apertura_text.index("===Second leg===")
    # The infobox promises 12 matches; the three that survived the cut contradict it.
    assert_refused(write_source(apertura_text[:cut]), "matches played: the source says 12")


def test_truncated_json(write_source):
    assert_refused(
        write_source('{"format": "liguilla-season/1", "rou', "x.json"), ":1: not valid JSON"
    )


def test_not_utf8(write_source, apertura_text):
    path = write_source(apertura_text.replace("–", "-").encode("latin-1"))
    assert_refused(path, "not UTF-8 text")


def test_unknown_extension(write_source):
    assert_refused(write_source("hello", "season.csv"), "unknown format '.csv'")


def test_unknown_json_format(write_source):
    assert_refused(
        write_source('{\n"format": "other/2"\n}', "x.json"),
        ':1: not a season document (no "format": "liguilla-season/1")',
    )


def test_malformed_article_line(write_source, apertura_text):
    text = apertura_text.replace("Irapuato 0 - 1 León", "Irapuato zero to one León")
    line = text.splitlines().index("Irapuato zero to one León") + 1
    assert_refused(write_source(text), f":{line}: unrecognised line in Quarter-finals")


def test_a_round_heading_that_names_no_known_round(write_source, apertura_text):
    text = apertura_text.replace("==Semi-finals==", "==Hexagonal==")
    line = text.splitlines().index("==Hexagonal==") + 1
    assert_refused(write_source(text), f":{line}: 'Hexagonal' names no round the site knows")


def test_malformed_table_row(write_source, apertura_text):
    text = apertura_text.replace("| 15 | 7 | 5 | 3 | 27 |", "| 15 | seven | 5 | 3 | 27 |")
    assert_refused(write_source(text), ":25: malformed table row: W is 'seven'")


def test_missing_file(tmp_path):
    assert_refused(tmp_path / "nowhere.txt", "cannot read the file")


def test_an_error_in_the_second_file_writes_neither(write_source):
    before = row_counts()
    with pytest.raises(CommandError):
        run_import(APERTURA_2011, write_source(""))
    assert row_counts() == before


def test_json_with_a_wrong_derived_value_names_its_line(write_source):
    run_import(APERTURA_2011)
    document = export_document("apertura-2011")
    document["rounds"][0]["ties"][0]["winner"] = "Altamira"
    text = json.dumps(document, ensure_ascii=False, indent=2)
    line = text.splitlines().index("    {") + 1  # not used: the tie object's own line
    path = write_source(text, "changed.json")
    before = row_counts()
    with pytest.raises(CommandError, match=r"changed.json:\d+: 'Correcaminos v Altamira'") as error:
        run_import(path)
    assert "the rules say Correcaminos advance on table_position" in str(error.value)
    assert row_counts() == before
    assert line > 0


def test_several_files_in_one_call(write_source, clausura_text):
    from .conftest import CLAUSURA_2012

    run = run_import(APERTURA_2011, CLAUSURA_2012)
    assert run.stdout.count("Read ") == 2
    assert "apertura-2011: 7 teams" in run.stdout and "clausura-2012: 8 teams" in run.stdout
