"""Fuzzing import_season: mutated copies of the 2011 article and of its season JSON.

Whatever the mutation, the command either imports or fails with a one-line CommandError;
never a traceback; and when it fails the database (history included) is exactly as it
was. Examples are few and derandomised so the suite stays fast and repeatable."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importers.conftest import APERTURA_2011, export_document

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


class Rollback(Exception):
    pass


def state():
    """Every row of the app, history included (as sorted reprs)."""
    return {
        model.__name__: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_app_config("tournaments").get_models()
    }


def import_or_fail_cleanly(path):
    before = state()
    try:
        with transaction.atomic():
            try:
                call_command("import_season", str(path), stdout=StringIO(), stderr=StringIO())
            except CommandError as error:
                message = str(error)
                assert message and "\n" not in message and "Traceback" not in message
                assert state() == before, message
            raise Rollback  # each example starts from the same database
    except Rollback:
        pass


@pytest.fixture
def imported(db):
    """The 2011 Apertura in the database (so mutations are corrections of it)."""
    call_command("import_season", str(APERTURA_2011), stdout=StringIO())
    return export_document("apertura-2011")


def mutate_lines(data, lines):
    lines = list(lines)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "digits"]))
        if kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "replace":
            lines[index] = data.draw(TEXT)
        elif kind == "insert":
            lines.insert(index, data.draw(TEXT))
        else:
            digit = str(data.draw(st.integers(0, 130)))
            lines[index] = "".join(digit if c.isdigit() else c for c in lines[index])
    return lines


@FUZZ
@given(data=st.data())
def test_mutated_articles_import_or_fail_in_one_line(imported, tmp_path, data):
    lines = APERTURA_2011.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "mutated.txt"
    path.write_text("\n".join(mutate_lines(data, lines)) + "\n", encoding="utf-8")
    import_or_fail_cleanly(path)


def mutate_document(data, node):
    """Replace or delete one value somewhere in the document."""
    while True:
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        children = [(k, v) for k, v in children]
        if not children:
            return
        key, child = data.draw(st.sampled_from(children))
        if isinstance(child, dict | list) and child and data.draw(st.booleans()):
            node = child
            continue
        if data.draw(st.booleans()) and isinstance(node, dict):
            del node[key]
        else:
            node[key] = data.draw(JSON_VALUES)
        return


@FUZZ
@given(data=st.data())
def test_mutated_json_documents_import_or_fail_in_one_line(imported, tmp_path, data):
    document = json.loads(json.dumps(imported))
    for _ in range(data.draw(st.integers(1, 3))):
        mutate_document(data, document)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(text)))
        text = text[:cut] + data.draw(TEXT) + text[cut + data.draw(st.integers(0, 5)) :]
    path = tmp_path / "mutated.json"
    path.write_text(text, encoding="utf-8")
    import_or_fail_cleanly(path)
