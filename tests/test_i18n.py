"""Spanish (the default) and English: every interface string translated, nothing fuzzy,
dates, ordinals and reasons localised, and a language switcher on every page."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from .test_views import KW, text

PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
IGNORE = [".venv", "venv", "tests", "staticfiles", "bench", "node_modules", "docs"]


@pytest.fixture(scope="module", autouse=True)
def compiled_messages(django_db_blocker):
    """`make` compiles the catalogue; compile it here too so plain `pytest` works."""
    from asgiref.local import Local
    from django.utils.translation import trans_real

    call_command("compilemessages", ignore=IGNORE, verbosity=0)
    # Catalogues loaded before the .mo existed are cached per process: start afresh.
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def statistics(po):
    """(translated, fuzzy, untranslated) counts as msgfmt reports them."""
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", result.stderr):
        counts[kind] = int(number)
    return counts


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed")
def test_every_spanish_string_is_translated_and_none_is_fuzzy(tmp_path, settings, monkeypatch):
    """Run makemessages over the project into a copy of the catalogue (so new strings in
    code or templates show up as untranslated) and let msgfmt count."""
    # makemessages writes into every locale/ folder below the working directory, so it
    # runs over a copy of the sources: the suite never touches a tracked file.
    base = Path(settings.BASE_DIR)
    for folder in ("liguilla", "tournaments", "templates", "locale"):
        shutil.copytree(base / folder, tmp_path / folder)
    target = tmp_path / "locale"
    settings.LOCALE_PATHS = [target]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages", locale=["es"], ignore_patterns=IGNORE, no_location=True, verbosity=0
    )
    fresh = target / "es" / "LC_MESSAGES" / "django.po"
    counts = statistics(fresh)
    fuzzy = re.findall(r"#, fuzzy.*\n(?:#.*\n)*msgid (\".+\")", fresh.read_text())
    untranslated = re.findall(r'^msgid (".+")\nmsgstr ""\n(?!")', fresh.read_text(), flags=re.M)
    assert counts["translated"] > 250
    assert (counts["fuzzy"], counts["untranslated"]) == (0, 0), (fuzzy, untranslated)


@pytest.mark.django_db
def test_pages_are_in_spanish_by_default(client, apertura_2011):
    apertura_2011.champion_title_override = 2
    apertura_2011.save()
    page = text(client.get(reverse("tournaments:bracket", kwargs=KW)))
    assert "Cuartos de final" in page and "Semifinales" in page
    assert "por posición en la tabla" in page
    assert "Campeón Correcaminos 2º título" in page
    page = text(client.get(reverse("tournaments:results", kwargs=KW)))
    assert "Correcaminos avanzó por mejor posición en la tabla general, 2–2 en el global" in page
    assert "León avanzó 3–0 en el global" in page
    page = text(client.get(reverse("tournaments:tournament_scorers", kwargs=KW)))
    assert "Goleadores" in page and "Lugar Jugador Nacionalidad Equipo Goles" in page


@pytest.mark.django_db
def test_dates_are_localised(client, apertura_2011):
    from tournaments.models import Leg

    Leg.objects.filter(home__name="Irapuato", number=1).update(date="2011-11-23")
    url = reverse("tournaments:results", kwargs=KW)
    assert "23 de noviembre de 2011" in text(client.get(url))
    assert "Nov. 23, 2011" in text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


@pytest.mark.django_db
def test_switching_language_and_back(client, apertura_2011):
    url = reverse("tournaments:bracket", kwargs=KW)
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert "Quarter-finals" in text(client.get(url))
    client.post(reverse("set_language"), {"language": "es", "next": url})
    assert "Cuartos de final" in text(client.get(url))
