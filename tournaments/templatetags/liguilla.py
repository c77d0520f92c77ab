"""Display helpers for the public site's templates: words only, no competition rules."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop, ngettext

from tournaments.models import Tiebreak, tiebreak_label

register = template.Library()

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


@register.filter
def tiebreak_name(rule):
    """ "table_position" → "table position" (the reader's language)."""
    return tiebreak_label(rule)


@register.filter
def percent(share):
    """0.25 → "25%" (whole percent, the reader's number format)."""
    return f"{round(share * 100)}%"


@register.filter
def head_to_head_link(opponent, team):
    """The opponent's name linking to every tie between `team` and it."""
    url = reverse("tournaments:head_to_head", args=[team.slug, opponent.slug])
    return format_html('<a href="{}">{}</a>', url, opponent.name)


@register.filter
def unbroken(text):
    """A score such as "3–1" kept on one line."""
    return format_html('<span class="nowrap">{}</span>', text)


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
