"""Template filters for the site and the admin: page wording from tournaments.display,
plus plural labels. Words only, no competition rules."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from tournaments import display

register = template.Library()

register.filter("score", display.score)
register.filter("full_score", display.full_score)
register.filter("tie_lines", display.tie_lines)
register.filter("reason", display.reason)
register.filter("outcome", display.outcome)
register.filter("tiebreak_words", display.tiebreak_words)
register.filter("leg_label", display.leg_name)


@register.filter
def minute(event):
    # Digits, "+" and the minute mark only: shown as written ("62'", not "62&#x27;").
    return mark_safe(display.minute(event))  # noqa: S308


@register.filter
def goals_label(count):
    return ngettext("%(count)s goal", "%(count)s goals", count) % {"count": count}


@register.filter
def title_label(count):
    return ngettext("%(count)s title", "%(count)s titles", count) % {"count": count}


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
