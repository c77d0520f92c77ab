"""Spanish (the default) and English: every interface string translated, nothing fuzzy,
dates, ordinals and reasons localised, and a language switcher on every page. The
language is in the URL (Spanish unprefixed, English under /en/), never in a cookie."""

import ast
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


# The familiar register (tú) in Spanish: its pronouns and verb forms, which the formal
# register (usted, Django's own) never uses; and its imperatives, which the formal
# register writes differently ("pegue", not "pega") but which can also be a third person
# ("la fuente lo indica"), so they count only where a sentence or clause begins.
TU_FORMS = (
    r"tú|tu|tus|ti|te|contigo|puedes|quieres|tienes|debes|sabes|buscas|editabas|olvidaste"
    r"|haz|pon|ten|ven|inténtalo|déjalo|bórralo|agrégalo|quítalo|márcalo|escríbelo"
)
TU_IMPERATIVES = (
    r"pega|escribe|recarga|elige|escoge|usa|captura|borra|quita|marca|indica|vuelve|busca"
    r"|pulsa|añade|agrega|revisa|corrige|abre|deja|selecciona|introduce|completa|cambia"
)
CLAUSE_START = r"(?:^|[.:;!?¡¿«(]\s*|\b(?:y|o|ahora|luego|después)\s+)"


def familiar_register(text):
    found = re.findall(rf"\b(?:{TU_FORMS})\b", text, flags=re.I)
    found += re.findall(rf"{CLAUSE_START}((?:{TU_IMPERATIVES}))\b", text, flags=re.I)
    return found


def catalogue_entries(po_text):
    """(msgid, msgstr) pairs of a .po file, each string joined from its lines."""
    entries = []
    for block in po_text.split("\n\n"):
        parts = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgstr(?:\[0-9]\])?) (".*")$', line)
            if match:
                key = match.group(1)
                parts[key] = [match.group(2)]
            elif line.startswith('"') and key:
                parts[key].append(line)
        joined = {k: "".join(ast.literal_eval(piece) for piece in v) for k, v in parts.items()}
        if joined.get("msgid"):
            translations = [v for k, v in joined.items() if k.startswith("msgstr")]
            entries.extend((joined["msgid"], t) for t in translations)
    return entries


def test_the_spanish_catalogue_speaks_as_usted_like_djangos_own_admin():
    """One register throughout: Django's admin addresses staff as usted ("Elija",
    "Su contraseña"), so this project's texts do too, never tú ("pega", "recarga")."""
    familiar = {
        msgid: (msgstr, familiar_register(msgstr))
        for msgid, msgstr in catalogue_entries(PO.read_text())
        if familiar_register(msgstr)
    }
    assert familiar == {}


def test_the_register_check_tells_tu_from_usted():
    assert familiar_register("Pega al menos un jugador.") == ["Pega"]
    assert familiar_register("Ahora pega el plantel; recarga la página.") == ["pega", "recarga"]
    assert familiar_register("Si olvidaste tu contraseña") == ["olvidaste", "tu"]
    assert familiar_register("Pegue al menos un jugador. Si olvidó su contraseña, pida…") == []
    assert familiar_register("Cuando una fuente lo indica. El sitio busca equipos.") == []


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
def test_kickoff_times_name_the_time_zone_in_words(client, apertura_2011):
    page = text(client.get(spanish("results", **KW)))
    assert "Los horarios son en hora del centro de México." in page
    assert "America/Mexico_City" not in page
    page = text(client.get(english("results", **KW)))
    assert "Kickoff times are in central Mexico time." in page


def test_a_time_zone_not_listed_is_named_by_its_place():
    from tournaments.display import zone_name

    with translation.override("es"):
        assert zone_name("America/Mexico_City") == "hora del centro de México"
        assert zone_name("America/Los_Angeles") == "hora de Los Angeles"


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


# -- the staff admin, in Spanish -------------------------------------------------------------

ES = {"HTTP_ACCEPT_LANGUAGE": "es"}
# English that must never show on a Spanish admin page (simple-history's own pages, round
# names, redraw messages, this project's admin wording).
ENGLISH_LEFTOVERS = [
    "Choose a date",
    "Changed by",
    "Change reason",
    "Historical",
    "historical",
    "Quarter-finals",
    "Semi-finals",
    "redrawn",
    "Tournaments",
    "Save and",
    "Create the",
    "Create next round",
    "Match desk",
    "Results to enter",
    "no score yet",
    "scorers incomplete",
    "tiebreak",
    "table position",
    "1st leg",
    "2nd leg",
    "Squad of",
    "Start a tournament",
    "general table",
    "Date/time",
    "Revert",
    "Home",
    "Live desk",
    "Set live",
    "Kick-off",
    "kick-off",
    "venue",
    "Goals and cards",
    "Take this goal away",
    "Save the schedule",
    "half-time",
    "Play-in",
    "Slug",
]


def admin_pages(tournament):
    """Every admin page of the app for one object of each model, and the staff pages."""
    from django.apps import apps as django_apps
    from django.contrib import admin

    pages = [reverse("admin:index"), reverse("admin:app_list", args=["tournaments"])]
    for model in django_apps.get_app_config("tournaments").get_models():
        if model not in admin.site._registry or model.__name__.startswith("Historical"):
            continue
        name = f"admin:tournaments_{model._meta.model_name}"
        pages += [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        obj = model.objects.order_by("pk").first()
        if obj is not None:
            pages += [
                reverse(f"{name}_change", args=[obj.pk]),
                reverse(f"{name}_history", args=[obj.pk]),
            ]
            record = obj.history.order_by("history_id").first() if hasattr(obj, "history") else None
            if record is not None:
                pages.append(reverse(f"{name}_simple_history", args=[obj.pk, record.history_id]))
    team = tournament.entries.order_by("position").first().team
    pages += [
        reverse("admin:tournaments_tournament_start"),
        reverse("admin:tournaments_tournament_squad", args=[tournament.pk, team.pk]),
        reverse("admin:tournaments_tournament_next_round", args=[tournament.pk]),
    ]
    # The live desk of a leg being played and of one still to come; a round's schedule.
    from tournaments.models import Leg

    legs = Leg.objects.filter(tie__round__tournament=tournament, home_score__isnull=True)
    for leg in legs.order_by("-live_period", "pk")[:2]:
        pages.append(reverse("admin:tournaments_leg_live", args=[leg.pk]))
    for round_ in tournament.rounds.all():
        pages.append(reverse("admin:tournaments_round_schedule", args=[round_.pk]))
    # The live desk of a leg already played; the deleted goals and cards to recover; a
    # leg's and a goal's delete confirmation.
    played = Leg.objects.filter(tie__round__tournament=tournament, home_score__isnull=False)
    played = played.order_by("pk").first()
    pages += [
        reverse("admin:tournaments_leg_live", args=[played.pk]),
        reverse("admin:tournaments_goal_recover"),
        reverse("admin:tournaments_booking_recover"),
        reverse("admin:tournaments_leg_delete", args=[played.pk]),
    ]
    goal = played.goals.order_by("pk").first()
    if goal is not None:
        pages.append(reverse("admin:tournaments_goal_delete", args=[goal.pk]))
    return pages


@pytest.mark.django_db
def test_every_admin_page_is_in_spanish(admin_client):
    from tests.apertura_2011 import build_apertura_2011
    from tournaments.models import Leg

    tournament = build_apertura_2011(through="quarter-finals")
    tournament.advance(2)
    # A correction that redraws the semi-finals, so its message shows too.
    leg = Leg.objects.get(tie__round__tournament=tournament, home__name="León", number=2)
    url = reverse("admin:tournaments_leg_change", args=[leg.pk])
    from .admin_fixtures import confirm_box, form_data

    removed = Leg.objects.get(tie__round__number=2, home__name="León", number=1)
    removed_tie_id = removed.tie_id
    data = form_data(admin_client.get(url, **ES), "leg_form")
    data.update(home_score="2", away_score="4", _save="1")  # Irapuato through, 4–3
    # First the page that says what the correction will redraw and asks to confirm it.
    asked = admin_client.post(url, data, **ES)
    pages = {"confirmation": text(asked)}
    assert "Esta corrección cambia quién pasa" in pages["confirmation"]
    name, value = confirm_box(asked)
    redraw = text(admin_client.post(url, {**data, name: value}, follow=True, **ES))
    assert "Semifinales: cruces rehechos" in redraw
    # The page a colleague who had a removed semi-final leg open is sent to, with its message.
    removed_url = reverse("admin:tournaments_leg_change", args=[removed.pk])
    pages["removed leg"] = text(admin_client.get(removed_url, follow=True, **ES))
    assert "este partido ya no existe" in pages["removed leg"]
    removed_tie_url = reverse("admin:tournaments_tie_change", args=[removed_tie_id])
    pages["removed tie"] = text(admin_client.get(removed_tie_url, follow=True, **ES))
    assert "este cruce ya no existe" in pages["removed tie"]
    # A semi-final's first leg being played, with a goal and a card.
    semi = Leg.objects.filter(tie__round__tournament=tournament, number=1, tie__round__number=2)
    semi = semi.order_by("pk").first()
    semi.start_live()
    semi.set_clock("second_half", 60)
    from tournaments.models import Goal

    Leg.objects.get(pk=semi.pk).add_live_goal(Goal(team=semi.home, minute=61))
    # A goal and a card deleted, so the pages that recover them list one each.
    from tournaments.models import Booking

    Goal.objects.filter(leg__tie__round__number=1).order_by("-pk").first().delete()
    Booking.objects.order_by("pk").first().delete()
    # A round's schedule with a pasted line it cannot read.
    quarter_finals = tournament.rounds.get(number=1)
    schedule_url = reverse("admin:tournaments_round_schedule", args=[quarter_finals.pk])
    refused = admin_client.post(schedule_url, {"paste": "Toluca, mañana"}, **ES)
    pages["schedule refused"] = text(refused)
    for page_url in [*admin_pages(tournament), url]:
        response = admin_client.get(page_url, **ES)
        assert response.status_code == 200, page_url
        pages[page_url] = text(response)
    leftovers = {}
    for page_url, page in pages.items():
        found = [w for w in ENGLISH_LEFTOVERS if re.search(rf"\b{re.escape(w)}\b", page)]
        found += re.findall(r"\b(?:None|True|False)\b", page)  # Python's, never the admin's
        # A pairing reads "La Piedad vs. León" (a pasted example may show "v": it is read).
        found += re.findall(r"(?<!«)\b\w+ v [A-ZÁÉÍÓÚ]\w*", page)
        if found:
            leftovers[page_url] = found
    assert leftovers == {}


@pytest.mark.django_db
def test_starting_a_tournament_in_a_format_and_its_preview_are_in_spanish(admin_client):
    """The start page with the catalogue's formats, its preview of the Play-In drawn from
    an 18-club table, a refusal, and the competition's page with its rules."""
    from tournaments.models import Competition

    from .admin_fixtures import TABLE_OF_18

    liga_mx = Competition.with_known_rules("Liga MX", "liga-mx")
    liga_mx.save()
    start = reverse("admin:tournaments_tournament_start")
    data = {
        "competition": liga_mx.pk,
        "season": "2025–26",
        "start_year": "2025",
        "name": "Apertura 2025",
        "order": "1",
        "table": TABLE_OF_18,
    }
    pages = {
        "start": admin_client.get(start, {"competition": liga_mx.pk}, **ES),
        "preview": admin_client.post(start, {**data, "_preview": "1"}, **ES),
        "refused": admin_client.post(
            start, {**data, "table": "".join(TABLE_OF_18.splitlines(True)[:3])}, **ES
        ),
        "competition": admin_client.get(
            reverse("admin:tournaments_competition_change", args=[liga_mx.pk]), **ES
        ),
        "competitions": admin_client.get(reverse("admin:tournaments_competition_changelist"), **ES),
    }
    assert "Vista previa: Play-In de 10 (repechaje)" in text(pages["preview"])
    assert "necesita 10 clubes" in text(pages["refused"])
    assert "Liga MX: Liguilla de 8 (2010)" in text(pages["competition"])
    leftovers = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = text(response)
        words = [*ENGLISH_LEFTOVERS, "None", "Preview", "format", "qualify", "Liguilla of"]
        found = [w for w in words if re.search(rf"\b{re.escape(w)}\b", page)]
        if found:
            leftovers[name] = found
    assert leftovers == {}


@pytest.mark.django_db
def test_the_admin_says_a_round_was_saved_in_good_spanish(admin_client):
    """Django's Spanish catalogue puts "El" before every model's name ("El ronda …"); ours
    words the admin's messages without an article, and a round is named as Spanish
    says it: "Final del Apertura 2011", not "Apertura 2011 Final"."""
    from tests.apertura_2011 import build_apertura_2011

    from .admin_fixtures import form_data

    tournament = build_apertura_2011()
    final = tournament.rounds.get(number=3)
    url = reverse("admin:tournaments_round_change", args=[final.pk])
    data = form_data(admin_client.get(url, **ES), "round_form")
    page = text(admin_client.post(url, {**data, "_save": "1"}, follow=True, **ES))
    page = page.replace("« ", "«").replace(" »", "»")  # the name is a link
    assert "Se guardaron los cambios: ronda «Final del Apertura 2011»." in page
    assert not re.search(r"\bEl (ronda|serie|competencia|temporada|persona)\b", page)
    data = form_data(admin_client.get(url, **ES), "round_form")
    page = text(admin_client.post(url, {**data, "_continue": "1"}, follow=True, **ES))
    assert "Puede seguir editando a continuación." in page
    with translation.override("en"):
        assert str(final) == "Apertura 2011 Final"


def test_every_model_and_field_name_has_a_spanish_name():
    """A verbose name that reads the same in both languages was never translated (the
    few words Spanish shares with English are listed)."""
    from django.apps import apps as django_apps
    from django.utils import translation

    same_in_both = {"id", "ID", "Liguilla", "final", "version"}
    untranslated = []
    for model in django_apps.get_app_config("tournaments").get_models():
        names = [model._meta.verbose_name, model._meta.verbose_name_plural]
        if not model.__name__.startswith("Historical"):  # simple-history's own columns
            names += [f.verbose_name for f in model._meta.fields if not f.auto_created]
        for name in names:
            with translation.override("en"):
                english = str(name)
            with translation.override("es"):
                spanish = str(name)
            if english == spanish and english not in same_in_both:
                untranslated.append(f"{model.__name__}: {english}")
    assert sorted(set(untranslated)) == []


@pytest.mark.parametrize("count", [1, 2, 12, 1_000_000])
def test_plural_sentences_are_spanish_for_every_count(count):
    """Spanish has three plural forms in Django's catalogue (1; millions; the rest): a
    sentence with only two forms fell back to English for 12 ("The top 12 qualify")."""
    with translation.override("es"):
        text = translation.ngettext(
            "The top %(counter)s qualify for the knockout.",
            "The top %(counter)s qualify for the knockout.",
            count,
        ) % {"counter": count}
    assert text.startswith("Los "), text
