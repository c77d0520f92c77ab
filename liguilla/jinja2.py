"""The Jinja2 environment of the busiest public pages (templates/jinja2/).

Why two template engines: a cold 64-team results page spent three quarters of its time in
Django's template engine (nested includes, thousands of variable lookups); Jinja2 compiles
templates to Python and renders the same markup several times faster. Only the hot pages
(results, bracket, tournament overview, match page) and their partials are Jinja2; every
other page, and the page shell (base.html), stay Django templates.

A Jinja2 page defines the blocks `title`, `content` and `description` (of the page, for
its meta description and share card); `render_page` renders them and
the view places them in the one page shell, templates/tournaments/page.html, which
extends base.html (header, language links, tournament menu, footer).

Words: Django's own gettext/ngettext, so the active language (from the URL) applies and
one catalogue serves both engines. Write translatable strings as `{{ _("…") }}` (with
`|format(name=…)` for placeholders): `makemessages` extracts exactly that form from .html
files; plurals go through display.py. Autoescape is on; as in Django's translation tags,
a translation itself is trusted markup and only the values put into it are escaped.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from django.contrib.humanize.templatetags.humanize import ordinal
from django.template import defaultfilters, engines
from django.templatetags.static import static
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from tournaments import display, markup
from tournaments.reversing import absolute_url, cached_reverse


def environment(**options):
    options["undefined"] = StrictUndefined  # a misspelt name fails its test, not silently
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)
    env.globals.update(
        url=cached_reverse,
        absolute_url=absolute_url,
        static=static,
        leg_name=display.leg_name,
        bye_note=display.bye_note,
        goal_line_html=display.goal_line,
        tie_box_html=_tie_box,
        match_report_html=_match_report,
        standings_row_html=_standings_row,
        person_link_html=markup.person_link,
    )
    env.filters.update(
        capfirst=capfirst,
        date=defaultfilters.date,
        time=defaultfilters.time,
        floatformat=defaultfilters.floatformat,
        ordinal=ordinal,
        source_host=display.source_host,
        score=display.score,
        outcome=display.outcome,
        reason=display.reason,
        tiebreak_words=display.tiebreak_words,
        leg_label=display.leg_name,
        zone_name=display.zone_name,
        minute=lambda event: Markup(display.minute(event)),  # digits, "+" and "'" only
    )
    return env


# A template's own words are trusted markup, as in Django's {% translate %} and
# {% blocktranslate %}: the translation is not escaped, what `|format` puts into it is.
# While a page renders, each message is translated once (render_page): a 64-team results
# page asks for the same dozen words ~570 times, and each Django gettext call looks up
# the active language in a context-local (the language does not change mid-render).
_page_words: ContextVar[dict | None] = ContextVar("page_words", default=None)


def _gettext(message):
    words = _page_words.get()
    if words is None:
        return Markup(gettext(message))
    text = words.get(message)
    if text is None:
        text = words[message] = Markup(gettext(message))
    return text


def _ngettext(singular, plural, number):
    return Markup(ngettext(singular, plural, number))


def _tie_box(row, show_links=False):
    return markup.tie_box(row, show_links, _=_gettext)


def _match_report(match, scorer_data, show_scorer_note=False, match_page=False):
    # The match page names the zone beside the kick-off and gives the score in its heading.
    return markup.match_report(
        match, scorer_data, show_scorer_note, match_page, not match_page, _=_gettext
    )


def _standings_row(entry, staff, qualifiers, champion, barred, bonus=False):
    return markup.standings_row(entry, staff, qualifiers, champion, barred, bonus=bonus, _=_gettext)


def _env():
    return engines["jinja2"].env


@dataclass
class Page:
    title: Markup
    content: Markup
    description: Markup = Markup("")  # empty: the site's own description


def render_page(template_name, context) -> Page:
    """The `title`, `content` and (if it has one) `description` blocks of a Jinja2 page,
    for the Django page shell."""
    template = _env().get_template(template_name)
    jinja_context = template.new_context(dict(context))
    token = _page_words.set({})
    try:
        return Page(
            *(
                Markup("".join(template.blocks[block](jinja_context)))
                if block in template.blocks
                else Markup("")
                for block in ("title", "content", "description")
            )
        )
    finally:
        _page_words.reset(token)


@cache
def _macro(template_name, name):
    return getattr(_env().get_template(template_name).module, name)


def macro(template_name, name, *args, **kwargs) -> Markup:
    """Call a macro of a Jinja2 partial from Python or a Django template (the partials
    shared by both engines live once, in templates/jinja2/tournaments/partials/)."""
    return _macro(template_name, name)(*args, **kwargs)
