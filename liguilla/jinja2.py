"""The Jinja2 environment of the public site (templates/jinja2/); the admin keeps
Django's templates.

Why Jinja2: a cold 64-team results page spent three quarters of its time in Django's
template engine (nested includes, thousands of variable lookups); Jinja2 compiles
templates to Python and renders the same markup several times faster. Measured again
when the last pages moved over (bench/templates.py, docs/performance.md): one engine
for every public page, the page shell (base.html) included, and no bridge between the
two.

Words: Django's own gettext/ngettext, so the active language (from the URL) applies and
one catalogue serves the site and the admin. Write translatable strings as `{{ _("…") }}`
(with `|format(name=…)` for placeholders): `makemessages` extracts exactly that form from
.html files; a string passed to a function goes through `{% set x %}{{ _("…") }}{% endset %}`;
plurals go through display.py. Autoescape is on; as in Django's translation tags, a
translation itself is trusted markup and only the values put into it are escaped.
"""

from contextvars import ContextVar
from itertools import groupby

from django.contrib.humanize.templatetags.humanize import ordinal
from django.template import defaultfilters
from django.templatetags.static import static
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext
from django_tables2.templatetags.django_tables2 import table_page_range
from django_tables2.utils import AttributeDict
from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from tournaments import display, display_counts, markup, page_meta
from tournaments.reversing import absolute_url, cached_reverse

# A template's own words are trusted markup, as in Django's {% translate %} and
# {% blocktranslate %}: the translation is not escaped, what `|format` puts into it is.
# While a page renders, each message is translated once (PageTemplate.render): a 64-team
# results page asks for the same dozen words ~570 times, and each Django gettext call
# looks up the active language in a context-local (the language does not change
# mid-render).
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


class PageTemplate(Template):
    """A template whose render translates each of its words once (_page_words)."""

    def render(self, *args, **kwargs):
        token = _page_words.set({})
        try:
            return super().render(*args, **kwargs)
        finally:
            _page_words.reset(token)


def environment(**options):
    options["undefined"] = StrictUndefined  # a misspelt name fails its test, not silently
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.template_class = PageTemplate
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)
    env.globals.update(
        url=cached_reverse,
        absolute_url=absolute_url,
        static=static,
        language=get_language,
        language_links=page_meta.language_links,
        share_meta=page_meta.share_meta,
        leg_name=display.leg_name,
        bye_note=display.bye_note,
        goal_line_html=display.goal_line,
        tie_box_html=_tie_box,
        match_report_html=_match_report,
        standings_row_html=_standings_row,
        decided_tie_row_html=_decided_tie_row,
        person_link_html=markup.person_link,
        querystring=querystring,
        attrs_html=attrs_html,
        regroup=regroup,
        counts=display_counts,
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
        tiebreak_name=display.tiebreak_label,
        winner_score=display.winner_score,
        shootout_score=display.shootout_score,
        tie_row=display.tie_row,
        leg_label=display.leg_name,
        zone_name=display.zone_name,
        goals_label=display_counts.goals_label,
        penalties_label=display_counts.penalties_label,
        percent=display_counts.percent,
        table_page_range=table_page_range,
        minute=lambda event: Markup(display.minute(event)),  # digits, "+" and "'" only
    )
    return env


def _tie_box(row, show_links=False):
    return markup.tie_box(row, show_links, _=_gettext)


def _match_report(match, scorer_data, show_scorer_note=False, match_page=False):
    # The match page names the zone beside the kick-off and gives the score in its heading.
    return markup.match_report(
        match, scorer_data, show_scorer_note, match_page, not match_page, _=_gettext
    )


def _standings_row(entry, staff, qualifiers, champion, barred, bonus=False):
    return markup.standings_row(entry, staff, qualifiers, champion, barred, bonus=bonus, _=_gettext)


def _decided_tie_row(tie, penalties, with_competition):
    return markup.decided_tie_row(tie, penalties, with_competition, _=_gettext)


def querystring(request, updates):
    """The query string of `request` with `updates` ({name: value}), "?" included: the
    links of a table's sortable headers and pages (as django-tables2's
    {% querystring_replace %} writes them)."""
    query = request.GET.copy()
    for name, value in updates.items():
        query[name] = value
    return "?" + query.urlencode()


def attrs_html(attrs, **extra) -> Markup:
    """HTML attributes from a dict (a django-tables2 table's or column's `attrs`)."""
    attributes = AttributeDict(extra)
    attributes.update(attrs or {})
    return Markup(attributes.as_html())


def regroup(items, attribute):
    """[(value, [items])] of consecutive items sharing `attribute`, as Django's
    {% regroup %} (Jinja2's groupby sorts first, which model instances do not allow)."""
    return [(key, list(group)) for key, group in groupby(items, lambda i: getattr(i, attribute))]
