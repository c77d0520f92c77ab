"""import_season against hostile or careless input (issue 12): one line naming what and
where, never a traceback, nothing written; junk is never silently accepted; big input is
capped; every change a file makes is in the history, naming the file."""

import json
import os
import socket
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.importers.conftest import APERTURA_2011, export_document, row_counts, run_import
from tournaments.models import Goal, Leg, Season, Team, TournamentEntry
from tournaments.models.history import shortened_reason

pytestmark = pytest.mark.django_db


def refused(path, *options, **kwargs):
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path, *options, **kwargs)
    assert row_counts() == before
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


@pytest.fixture
def document(apertura_text, write_source):
    """The 2011 Apertura as a season JSON document (imported, exported, then removed
    again is not needed: import is idempotent, tests compare row counts)."""
    run_import(APERTURA_2011)
    return export_document("apertura-2011")


# -- JSON --------------------------------------------------------------------------------


def test_json_nested_600_levels_is_one_line(write_source):
    path = write_source(
        '{"format": "liguilla-season/1", "x": ' + "[" * 600 + "]" * 600 + "}", "x.json"
    )
    assert "nested too deeply" in refused(path)


def test_a_key_given_twice_is_an_error_naming_its_line(write_source, document):
    text = json.dumps(document, ensure_ascii=False, indent=2)
    first = text.index('"manager": "Cristóbal Ortega"')
    text = text[:first] + '"manager": "Someone Else",\n      ' + text[first:]
    line = text[: text.rfind("{", 0, first)].count("\n") + 1  # where the object starts
    path = write_source(text, "dup.json")
    message = refused(path)
    assert message == f"{path}:{line}: the key 'manager' is given twice in this object"


# -- articles: junk is a warning after a list, an error inside it --------------------------


def test_junk_inside_the_general_table_is_an_error(write_source, apertura_text):
    row = "| 3 | Neza |"
    text = apertura_text.replace(row, "lorem ipsum\n" + row, 1)
    line = text.splitlines().index("lorem ipsum") + 1
    message = refused(write_source(text))
    assert f":{line}: unreadable line 'lorem ipsum' inside the general table" in message


def test_junk_inside_the_goalscorers_list_is_an_error(write_source, apertura_text):
    text = apertura_text.replace(";3 goals", "@@@ junk @@@\n;3 goals", 1)
    line = text.splitlines().index("@@@ junk @@@") + 1
    assert f":{line}: unreadable line '@@@ junk @@@' inside the goalscorers list" in refused(
        write_source(text)
    )


def test_junk_after_the_goalscorers_list_is_one_warning_naming_its_first_line(
    write_source, apertura_text
):
    text = apertura_text.rstrip("\n") + "\n" + "junk line\n" * 5000
    line = len(apertura_text.rstrip("\n").splitlines()) + 1
    run = run_import(write_source(text))
    assert f":{line}: 5000 unreadable lines after the goalscorers list, ignored" in run.stderr
    assert run.stderr.count("warning:") == 1


# -- size and error caps ---------------------------------------------------------------


def test_a_file_over_the_size_cap_is_refused_before_reading(write_source, apertura_text):
    path = write_source(apertura_text + "\n" * (1024 * 1024))
    message = refused(path, max_size=1)
    assert message == (
        f"{path}: larger than 1 MB, more than any season; "
        "if it really is one, raise the limit with --max-size MB"
    )
    run_import(path, max_size=2)
    assert Season.objects.exists()


def test_the_size_cap_must_be_positive():
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("import_season", str(APERTURA_2011), "--max-size", "0")


def test_checking_stops_after_100_errors(write_source, document):
    leg = document["rounds"][0]["ties"][0]["legs"][1]
    scorer = leg["goals"][0]
    leg["goals"] = [{**scorer, "minute": 150 + n % 50} for n in range(1000)]
    Goal.objects.all().delete()  # the document is loaded into an empty tournament's legs
    path = write_source(json.dumps(document, ensure_ascii=False), "many.json")
    stderr = []
    with pytest.raises(CommandError) as error:
        from io import StringIO

        out, err = StringIO(), StringIO()
        try:
            call_command("import_season", str(path), stdout=out, stderr=err)
        finally:
            stderr.append(err.getvalue())
    assert str(error.value).endswith(
        f"(and 99 more, listed above); stopped after 100 errors: the rest of {path} "
        "was not checked, so it may hold more errors"
    )
    assert stderr[0].count("error:") == 99


# -- history and reports ----------------------------------------------------------------


def test_a_removed_result_is_in_the_history_with_the_file_that_removed_it(write_source, document):
    """Issue 12: a corrected file that removed a leg's result updated the leg in bulk, so
    the history still showed the old score."""
    final = document["rounds"][-1]["ties"][0]
    del final["legs"][1]  # the second leg of the final: no result any more
    for key in ("extra_time", "penalties", "aggregate", "winner", "decided_by"):
        final[key] = None
    document.pop("summary", None)
    path = write_source(json.dumps(document, ensure_ascii=False), "corrected.json")
    run_import(path, accept_mismatch=True)
    leg = Leg.objects.get(tie__round__number=3, number=2)
    assert leg.home_score is None
    latest = leg.history.latest()
    assert latest.home_score is None
    reason = shortened_reason(f"import_season {path}")
    assert reason.endswith("corrected.json")
    assert latest.history_change_reason == reason
    removed = Goal.history.filter(leg_id=leg.pk, history_type="-")
    assert removed.exists()
    assert {r.history_change_reason for r in removed} == {reason}


def test_competition_season_and_alias_have_history(document):
    from tournaments.models import Competition, TeamAlias

    for model in (Competition, Season, TeamAlias, Team):
        assert model.history.exists() or not model.objects.exists()
    reason = Season.history.get().history_change_reason
    assert reason == shortened_reason(f"import_season {APERTURA_2011}")


def test_change_reports_name_people_not_ids_and_speak_english(write_source, document):
    document["standings"][0]["manager"] = "Pedro Muñoz"
    path = write_source(json.dumps(document, ensure_ascii=False), "manager.json")
    with translation.override("es"):
        run = run_import(path)
    assert "table: La Piedad: manager Cristóbal Ortega (MEX) → Pedro Muñoz (MEX)" in run.stdout
    entry = TournamentEntry.objects.get(team__name="La Piedad")
    assert entry.manager.name == "Pedro Muñoz"


def test_messages_are_english_when_the_site_language_is_spanish(write_source, apertura_text):
    text = apertura_text.replace("Irapuato 0 - 1 León", "Irapuato 0 - 0 León", 1)
    with translation.override("es"):
        message = refused(write_source(text))
    assert "anotó" not in message and "Vuelta" not in message and "Ida" not in message


@pytest.mark.parametrize("key, value", [("tiebreak", [[]]), ("tiebreak", [None]), ("byes", [1])])
def test_lists_of_the_wrong_things_are_one_line(write_source, document, key, value):
    """Found by the fuzz test: a tiebreak of [[]] or [None] crashed the round's rules."""
    document["rounds"][0][key] = value
    path = write_source(json.dumps(document, ensure_ascii=False, indent=1), "lists.json")
    assert f"{key!r} should be a list of strings" in refused(path)


# -- what is not a season file at all (issue 23) -------------------------------------------


def refused_in_time(path, seconds=20):
    """refused(path), from a thread that must finish: a named pipe hung import_season
    forever."""
    outcome = {}

    def attempt():
        try:
            outcome["message"] = refused(path)
        except BaseException as exc:  # reported below, in the test's own thread
            outcome["error"] = exc

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"import_season {path} still waiting after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["message"]


@pytest.mark.django_db(transaction=True)
def test_a_named_pipe_is_refused_at_once(tmp_path):
    pipe = tmp_path / "season.txt"
    os.mkfifo(pipe)
    assert refused_in_time(pipe) == f"{pipe}: not a file but a named pipe; a season is a file"


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "season.txt"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        assert refused_in_time(path) == f"{path}: not a file but a socket; a season is a file"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused(tmp_path):
    device = tmp_path / "zero.txt"
    device.symlink_to("/dev/zero")
    assert refused(device) == f"{device}: not a file but a device; a season is a file"


SHADOW = "root:*:20228:0:99999:7:::\ndaemon:*:20228:0:99999:7:::\n"


@pytest.mark.parametrize(
    ("name", "text", "secret"),
    [
        ("shadow.txt", SHADOW, "20228"),
        (".env.txt", "DJANGO_SECRET_KEY=k3y-s3cr3t\n", "s3cr3t"),
        ("tokens.json", '{"token": "hunter2", "token": "hunter3"}', "token"),
        ("tokens.json", '{"format": "hunter2", "season": "x"}', "hunter2"),
        ("tokens.json", '{"format": 1234567, "season": "x"}', "1234567"),
        ("tokens.json", '{"password": "hunter2"}', "hunter2"),
    ],
)
def test_a_file_that_is_no_season_is_named_never_quoted(tmp_path, name, text, secret):
    """Issue 23: /etc/shadow linked as shadow.txt was refused with its first line quoted.
    Only a file recognised as a season (an article's title read, a season document's
    format declared) has its lines quoted."""
    target = tmp_path / "elsewhere"
    target.write_text(text)
    path = tmp_path / name
    path.symlink_to(target)
    message = refused(path)
    assert message.startswith(f"{path}:")
    said = message.removeprefix(f"{path}:")
    assert "not a season" in said
    assert secret not in said


def test_another_version_of_the_season_format_is_named(write_source):
    path = write_source('{"format": "liguilla-season/2"}', "next.json")
    assert refused(path) == (
        f"{path}:1: format 'liguilla-season/2', but this site reads 'liguilla-season/1'"
    )
