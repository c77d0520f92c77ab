"""Display helpers for the public site's templates: words only, no competition rules."""

import re

from django import template
from django.utils.translation import gettext, gettext_noop, ngettext

from tournaments.models import Tiebreak

register = template.Library()

# Round names are stored as the sources write them (in English); shown in the reader's
# language. Marked here so makemessages collects them.
ROUND_NAMES = [
    gettext_noop("Final"),
    gettext_noop("Semi-finals"),
    gettext_noop("Quarter-finals"),
    gettext_noop("Promotional final"),
    gettext_noop("Apertura"),
    gettext_noop("Clausura"),
]
ROUND_OF = re.compile(r"^Round of (\d+)$")
TOURNAMENT_NAME = re.compile(r"^(Apertura|Clausura) (\d{4})$")


@register.filter
def round_name(name):
    """ "Quarter-finals" → "Cuartos de final"; unknown names are shown as stored."""
    if match := ROUND_OF.match(name or ""):
        return gettext("Round of %(teams)s") % {"teams": match.group(1)}
    return gettext(name) if name in ROUND_NAMES else name


@register.filter
def tournament_name(name):
    """ "Apertura 2011" stays as it is in both languages; "Promotional final" is translated."""
    if name in ROUND_NAMES:
        return gettext(name)
    return name


TIEBREAK_WORDS = {
    Tiebreak.AGGREGATE: gettext_noop("the aggregate score over both legs"),
    Tiebreak.AWAY_GOALS: gettext_noop("away goals"),
    Tiebreak.EXTRA_TIME: gettext_noop("30 minutes of extra time after the second leg"),
    Tiebreak.PENALTIES: gettext_noop("a penalty shoot-out"),
    Tiebreak.TABLE_POSITION: gettext_noop(
        "the better position in the general table (the higher seed goes through)"
    ),
}


@register.filter
def tiebreak_words(rules):
    """A round's tiebreak list in plain words: "the aggregate score…, then …"."""
    words = [gettext(TIEBREAK_WORDS[rule]) for rule in rules if rule in TIEBREAK_WORDS]
    return gettext(", then ").join(words)


@register.filter
def leg_label(number):
    return gettext("1st leg") if number == 1 else gettext("2nd leg")


@register.filter
def goals_label(count):
    return ngettext("%(count)s goal", "%(count)s goals", count) % {"count": count}


@register.filter
def title_label(count):
    return ngettext("%(count)s title", "%(count)s titles", count) % {"count": count}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the switcher: (code, local name, URL,
    current?). Links, not a form: the page stays the same for every visitor (no CSRF
    token, no cookie) and so can be cached."""
    from django.conf import settings
    from django.urls import translate_url
    from django.utils.translation import get_language, get_language_info

    request = context.get("request")
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if query:
            url = f"{url}?{query}"
        links.append((code, get_language_info(code)["name_local"], url, code == current))
    return links
