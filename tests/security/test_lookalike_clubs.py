"""Look-alike club names (issue 23, item 2): an import whose club was spelled with a
Cyrillic о created "Cоrrecaminos" beside Correcaminos, and a zero-width space created
"Ne​za" beside Neza; search found only the originals. Every club name that comes in (the
imports, the admin's club and alias forms, the table pasted to start a tournament) is
cleaned in one place (vocabulary.clean_name), and a new name that looks like an existing
club's is refused, naming that club, unless staff confirm it is a different club."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tests.admin_fixtures import form_data
from tests.importers.conftest import APERTURA_2011, export_document, row_counts, run_import
from tournaments.models import Team, TeamAlias, Tournament
from tournaments.vocabulary import clean_name, looks_alike, normalize_name

CYRILLIC_O = "\u043e"
LOOKALIKE = f"C{CYRILLIC_O}rrecaminos"  # "Cоrrecaminos": a Cyrillic о for the Latin o
ZERO_WIDTH = "Ne\u200bza"  # "Ne​za": a zero-width space inside

# -- the one normalisation and the look-alike rule ------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (ZERO_WIDTH, "Neza"),  # zero-width space
        ("Ne\u00adza\u200d", "Neza"),  # soft hyphen, zero-width joiner
        ("\u202eNeza\u202c", "Neza"),  # a right-to-left override and its end
        ("\ufeffNeza", "Neza"),  # a byte-order mark pasted in front
        ("Ｎｅｚａ", "Neza"),  # full-width letters (NFKC)
        ("  Club\u00a0 América \t", "Club América"),  # spaces collapsed and trimmed
        ("Correcaminos", "Correcaminos"),
    ],
)
def test_a_club_name_is_cleaned_however_it_was_typed(typed, stored):
    assert clean_name(typed) == stored


@pytest.mark.parametrize(
    ("name", "existing"),
    [
        (LOOKALIKE, "Correcaminos"),  # Cyrillic о
        ("AtIas", "Atlas"),  # a capital I for the l
        ("Purnas", "Pumas"),  # rn for m
    ],
)
def test_names_that_can_be_taken_for_each_other_look_alike(name, existing):
    assert looks_alike(name, existing)
    assert normalize_name(name) != normalize_name(existing)


@pytest.mark.parametrize(("name", "other"), [("Tigres", "Pumas"), ("Neza", "Necaxa")])
def test_different_clubs_do_not_look_alike(name, other):
    assert not looks_alike(name, other)


# -- import: article, season JSON, football.txt ----------------------------------------------


def refused(path, *options, **kwargs):
    before = row_counts()
    with pytest.raises(CommandError) as error:
        run_import(path, *options, **kwargs)
    assert row_counts() == before
    return str(error.value)


def line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.django_db
def test_an_article_with_a_cyrillic_o_is_refused_naming_the_existing_club(
    write_source, apertura_text
):
    run_import(APERTURA_2011)
    text = apertura_text.replace("Correcaminos", LOOKALIKE)
    path = write_source(text)
    message = refused(path)
    line = line_of(text, f"| {LOOKALIKE} |")
    assert message == (
        f"{path}:{line}: “{LOOKALIKE}” looks like the existing club Correcaminos. It differs "
        f"in U+043E ({CYRILLIC_O}). Nothing written; if it is a different club, import again "
        f"with --new-club '{LOOKALIKE}'"
    )
    assert [t.name for t in Team.objects.search("correcaminos")] == ["Correcaminos"]


@pytest.mark.django_db
def test_staff_confirm_a_different_club_with_new_club(write_source, apertura_text):
    run_import(APERTURA_2011)
    text = apertura_text.replace("Correcaminos", LOOKALIKE).replace(
        "Apertura 2011", "Apertura 2012"
    )
    run_import(write_source(text), new_clubs=[LOOKALIKE])
    assert Team.objects.filter(name=LOOKALIKE).exists()
    assert Team.objects.filter(name="Correcaminos").exists()
    # Search still finds clubs: both, whichever spelling a fan types or pastes.
    assert {t.name for t in Team.objects.search("Correcaminos")} == {"Correcaminos", LOOKALIKE}
    assert {t.name for t in Team.objects.search(LOOKALIKE)} == {"Correcaminos", LOOKALIKE}


@pytest.mark.django_db
def test_a_zero_width_space_names_the_existing_club(write_source, apertura_text):
    run_import(APERTURA_2011)
    before = row_counts()
    run_import(write_source(apertura_text.replace("Neza", ZERO_WIDTH)))
    assert row_counts() == before
    assert list(Team.objects.filter(name__contains="\u200b")) == []


@pytest.mark.django_db
def test_names_are_stored_clean_on_a_first_import(write_source, apertura_text):
    """Full-width letters in the general table and a zero-width space on the legs' lines:
    one club, stored as "Neza", found by search however it is typed."""
    table_row = "| 3 | Neza |"
    text = apertura_text.replace(table_row, "| 3 | Ｎｅｚａ |").replace("Neza", ZERO_WIDTH)
    run_import(write_source(text))
    neza = Team.objects.get(slug="neza")
    assert neza.name == "Neza"
    assert not TeamAlias.objects.filter(team=neza).exists()
    assert Team.objects.search(ZERO_WIDTH) == [neza]
    assert Team.objects.search("neza") == [neza]


@pytest.mark.django_db
def test_a_season_document_with_a_look_alike_club_is_refused(write_source):
    run_import(APERTURA_2011)
    document = export_document("apertura-2011")
    text = json.dumps(document, ensure_ascii=False, indent=2).replace("Correcaminos", LOOKALIKE)
    path = write_source(text, "season.json")
    message = refused(path)
    assert message.startswith(f"{path}:")
    assert f"“{LOOKALIKE}” looks like the existing club Correcaminos" in message
    assert f"--new-club '{LOOKALIKE}'" in message


FOOTBALLTXT = Path(__file__).resolve().parents[1] / "importers/footballtxt/ligamx-2023-24.txt"


@pytest.mark.django_db
def test_a_football_txt_club_that_looks_like_another_is_refused(write_source):
    """No club list links the spellings here: "Pumas UNAM" is a club, and "Purnas UNAM"
    (rn for m) would have been a second one."""
    text = FOOTBALLTXT.read_text(encoding="utf-8")
    run_import(write_source(text, "ligamx-2023-24.txt"))
    assert Team.objects.filter(name="Pumas UNAM").exists()
    lookalike = text.replace("Pumas UNAM", "Purnas UNAM")
    path = write_source(lookalike, "again.txt")
    message = refused(path)
    line = line_of(lookalike, "Purnas UNAM")
    assert message.startswith(
        f"{path}:{line}: “Purnas UNAM” looks like the existing club Pumas UNAM. It differs in "
        "U+0072 (r). Nothing written; if it is a different club, import again with "
        "--new-club 'Purnas UNAM'"
    )


# -- the admin: a club, another name of a club, the pasted table ----------------------------


TEAM_ADD = reverse("admin:tournaments_team_add")
NO_ALIASES = {"aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
ALIAS_ADD = reverse("admin:tournaments_teamalias_add")
START = reverse("admin:tournaments_tournament_start")


@pytest.fixture
def correcaminos(db):
    return Team.objects.create(name="Correcaminos", slug="correcaminos")


def name_errors(response):
    return [str(e) for e in response.context["adminform"].form.errors.get("name", [])]


def test_a_look_alike_club_in_the_admin_is_a_form_error_naming_the_club(
    superuser_client, correcaminos
):
    response = superuser_client.post(
        TEAM_ADD, {"name": LOOKALIKE, "slug": "crrecaminos", **NO_ALIASES}
    )
    assert response.status_code == 200
    assert name_errors(response) == [
        f"“{LOOKALIKE}” looks like the existing club Correcaminos. "
        f"It differs in U+043E ({CYRILLIC_O})."
    ]
    assert Team.objects.count() == 1


def test_staff_confirm_a_different_club_in_the_admin(superuser_client, correcaminos):
    data = {"name": LOOKALIKE, "slug": "crrecaminos", "different_club": "on", **NO_ALIASES}
    response = superuser_client.post(TEAM_ADD, data)
    assert response.status_code == 302
    assert Team.objects.filter(name=LOOKALIKE).exists()


def test_the_admin_stores_a_club_name_clean(superuser_client, db):
    response = superuser_client.post(
        TEAM_ADD, {"name": f"  {ZERO_WIDTH}\u00a0 ", "slug": "neza", **NO_ALIASES}
    )
    assert response.status_code == 302
    assert Team.objects.get(slug="neza").name == "Neza"


def test_editing_a_club_without_renaming_it_asks_nothing(superuser_client, correcaminos):
    confirmed = Team.objects.create(name=LOOKALIKE, slug="crrecaminos")
    url = reverse("admin:tournaments_team_change", args=[confirmed.pk])
    data = form_data(superuser_client.get(url), "team_form")
    data["slug"] = "correcaminos-2"
    assert superuser_client.post(url, data).status_code == 302


def test_an_alias_that_looks_like_another_club_is_refused(superuser_client, correcaminos):
    neza = Team.objects.create(name="Neza", slug="neza")
    response = superuser_client.post(ALIAS_ADD, {"team": neza.pk, "name": LOOKALIKE})
    assert response.status_code == 200
    assert name_errors(response)[0].startswith(
        f"“{LOOKALIKE}” looks like the existing club Correcaminos."
    )
    assert not TeamAlias.objects.exists()
    # Another spelling of the club itself is no look-alike of another club.
    response = superuser_client.post(ALIAS_ADD, {"team": correcaminos.pk, "name": "C0rrecaminos"})
    assert response.status_code == 302


def test_an_alias_in_the_club_page_inline_is_checked_too(superuser_client, correcaminos):
    neza = Team.objects.create(name="Neza", slug="neza")
    url = reverse("admin:tournaments_team_change", args=[neza.pk])
    data = form_data(superuser_client.get(url), "team_form")
    data.update({"aliases-TOTAL_FORMS": "1", "aliases-0-name": LOOKALIKE})
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    assert not TeamAlias.objects.exists()
    data["aliases-0-different_club"] = "on"
    assert superuser_client.post(url, data).status_code == 302
    assert neza.aliases.get().name == LOOKALIKE


TABLE = f"""\
1. {LOOKALIKE}, 11, 3, 3, 34, 15
2. Ｔｏｌｕｃａ, 8, 5, 4, 27, 17
3. Monterrey, 8, 4, 5, 31, 23
4. {ZERO_WIDTH}, 7, 6, 4, 29, 22
"""


def start_data(**changes):
    return {
        "competition": "",
        "new_competition": "Liga de Ascenso",
        "season": "2012–13",
        "start_year": "2012",
        "name": "Clausura 2013",
        "order": "2",
        "format": "liguilla-4",
        "table": TABLE,
        "format": "liguilla-4",
        **changes,
    }


def test_a_pasted_table_with_a_look_alike_club_is_refused_on_the_table(
    superuser_client, correcaminos
):
    response = superuser_client.post(START, start_data())
    assert response.status_code == 200
    errors = response.context["form"].errors["table"]
    assert errors == [
        f"Line 1: “{LOOKALIKE}” looks like the existing club Correcaminos. "
        f"It differs in U+043E ({CYRILLIC_O})."
    ]
    assert not Tournament.objects.exists()
    assert Team.objects.count() == 1


def test_a_pasted_table_confirmed_as_new_clubs_creates_them_clean(superuser_client, correcaminos):
    response = superuser_client.post(START, start_data(new_clubs="on"))
    assert response.status_code == 302
    names = set(Team.objects.values_list("name", flat=True))
    assert names == {"Correcaminos", LOOKALIKE, "Toluca", "Monterrey", "Neza"}


# -- what was made before: listed for staff ---------------------------------------------------


@pytest.mark.django_db
def test_look_alike_clubs_already_stored_are_listed_for_staff():
    """The probe's duplicates (made before look-alikes were refused) are still in a
    database that was live then: lookalike_clubs lists them, and exits 1."""
    correcaminos = Team.objects.create(name="Correcaminos", slug="correcaminos")
    copy = Team.objects.create(name=LOOKALIKE, slug="crrecaminos")
    neza = Team.objects.create(name=ZERO_WIDTH, slug="neza-2")
    Team.objects.create(name="Necaxa", slug="necaxa")
    stdout = StringIO()
    with pytest.raises(CommandError, match=r"^2 club name\(s\) to look at"):
        call_command("lookalike_clubs", stdout=stdout)
    assert stdout.getvalue().splitlines() == [
        f"Correcaminos (/admin/tournaments/team/{correcaminos.pk}/) and {LOOKALIKE} "
        f"(/admin/tournaments/team/{copy.pk}/) look alike: “Correcaminos” and “{LOOKALIKE}”, "
        f"differing in U+043E ({CYRILLIC_O})",
        f"Neza (/admin/tournaments/team/{neza.pk}/): the stored name {ZERO_WIDTH!r} holds "
        "invisible or compatibility characters; save it in the admin to clean it",
    ]


@pytest.mark.django_db
def test_no_look_alike_clubs_is_said_so():
    Team.objects.create(name="Correcaminos", slug="correcaminos")
    Team.objects.create(name="Neza", slug="neza")
    stdout = StringIO()
    call_command("lookalike_clubs", stdout=stdout)
    assert stdout.getvalue() == "No look-alike club names.\n"
