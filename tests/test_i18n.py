"""Spanish (the default) and English: every interface string translated, nothing fuzzy,
dates, ordinals and reasons localised, and a language switcher on every page. The
language is in the URL (Spanish unprefixed, English under /en/), never in a cookie."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

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


def spanish(name, **kwargs):
    with translation.override("es"):
        return reverse(f"tournaments:{name}", kwargs=kwargs)


def english(name, **kwargs):
    with translation.override("en"):
        return reverse(f"tournaments:{name}", kwargs=kwargs)


def test_spanish_urls_are_the_old_unprefixed_ones_and_english_ones_are_under_en():
    assert spanish("bracket", **KW) == "/liga-de-ascenso/2011-12/apertura-2011/bracket/"
    assert english("bracket", **KW) == "/en/liga-de-ascenso/2011-12/apertura-2011/bracket/"
    assert (spanish("home"), english("home")) == ("/", "/en/")


@pytest.mark.django_db
def test_pages_are_in_spanish_by_default(client, apertura_2011):
    apertura_2011.champion_title_override = 2
    apertura_2011.save()
    page = text(client.get(spanish("bracket", **KW)))
    assert "Cuartos de final" in page and "Semifinales" in page
    assert "por posición en la tabla" in page
    assert "Campeón Correcaminos 2º título" in page
    page = text(client.get(spanish("results", **KW)))
    assert "Correcaminos avanzó por mejor posición en la tabla general, 2–2 en el global" in page
    assert "León avanzó 3–0 en el global" in page
    page = text(client.get(spanish("tournament_scorers", **KW)))
    assert "Goleadores" in page and "Lugar Jugador Nacionalidad Equipo Goles" in page


@pytest.mark.django_db
def test_the_browser_language_does_not_change_a_public_page(client, apertura_2011):
    """One URL, one page: what a cache stores is what every visitor gets."""
    response = client.get(spanish("bracket", **KW), HTTP_ACCEPT_LANGUAGE="en")
    assert "Cuartos de final" in text(response)
    assert response["Content-Language"] == "es"
    assert "Accept-Language" not in response.get("Vary", "")
    response = client.get(english("bracket", **KW), HTTP_ACCEPT_LANGUAGE="es")
    assert "Quarter-finals" in text(response) and response["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_admin_still_follows_the_browser_language(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es"' in response.text
    assert "Accept-Language" in response["Vary"]
    assert '<html lang="en"' in admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").text


@pytest.mark.django_db
def test_dates_are_localised(client, apertura_2011):
    from tournaments.models import Leg

    Leg.objects.filter(home__name="Irapuato", number=1).update(date="2011-11-23")
    assert "23 de noviembre de 2011" in text(client.get(spanish("results", **KW)))
    assert "Nov. 23, 2011" in text(client.get(english("results", **KW)))


@pytest.mark.django_db
def test_switching_language_and_back_with_links(client, apertura_2011):
    """The switcher is two links to the same page in each language: no form, no token,
    no cookie."""
    response = client.get(spanish("tournament_scorers", **KW) + "?sort=player_name")
    html = response.content.decode()
    english_url = english("tournament_scorers", **KW) + "?sort=player_name"
    assert f'href="{english_url}"' in html and 'aria-current="true"' in html
    assert "csrf" not in html and not response.cookies
    response = client.get(english_url)
    assert "Goalscorers" in text(response) and not response.cookies
    spanish_url = spanish("tournament_scorers", **KW) + "?sort=player_name"
    assert f'href="{spanish_url}"' in response.content.decode()
    assert "Goleadores" in text(client.get(spanish_url))
