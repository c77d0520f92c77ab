"""Template filters for the site and the admin: page wording from tournaments.display,
plus plural labels. Words only, no competition rules."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from tournaments import display

register = template.Library()

register.filter("score", display.score)
register.filter("full_score", display.full_score)
register.filter("tie_lines", display.tie_lines)
register.filter("tie_row", display.tie_row)
register.filter("reason", display.reason)
register.filter("outcome", display.outcome)
register.filter("tiebreak_words", display.tiebreak_words)
register.filter("leg_label", display.leg_name)
register.filter("tiebreak_name", display.tiebreak_label)
register.filter("winner_score", display.winner_score)
register.filter("shootout_score", display.shootout_score)


@register.filter
def minute(event):
    # Digits, "+" and the minute mark only: shown as written ("62'", not "62&#x27;").
    return mark_safe(display.minute(event))  # noqa: S308


@register.simple_tag
def partial(template_name, macro_name, *args, **kwargs):
    """A macro of a Jinja2 partial in a Django template (`{% partial "tournaments/partials/
    _tie.html" "tie_box" row show_links=True %}`): the partials shared with the Jinja2
    pages exist once, in templates/jinja2/ (liguilla/jinja2.py)."""
    from liguilla.jinja2 import macro

    return macro(template_name, macro_name, *args, **kwargs)


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
def absolute_url(context, path):
    """`path` as an absolute URL on the site's public origin (reversing.absolute_url)."""
    from ..reversing import absolute_url

    return absolute_url(context["request"], path)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language, for the switcher: (code, local name, URL,
    current?). Links, not a form: the page stays the same for every visitor (no CSRF
    token, no cookie) and so can be cached. On a page that does not exist, the home page
    in each language (reversing.page_url_in)."""
    from django.conf import settings
    from django.utils.translation import get_language, get_language_info

    from ..reversing import page_url_in

    request = context.get("request")
    known_page = request is not None and getattr(request, "resolver_match", None) is not None
    query = request.META.get("QUERY_STRING", "") if known_page else ""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = page_url_in(request, code)
        if query:
            url = f"{url}?{query}"
        links.append((code, get_language_info(code)["name_local"], url, code == current))
    return links


# Open Graph's names of the site's languages.
OG_LOCALES = {"es": "es_MX", "en": "en_US"}


def _block_text(context, name):
    """The text of this page's block `name` (the most derived one), tags stripped, as
    plain text: the title and description a page wrote once for its <title> and
    description are also its share card's."""
    import html

    from django.template.loader_tags import BLOCK_CONTEXT_KEY
    from django.utils.html import strip_tags

    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block(name) if blocks is not None else None
    if block is None:
        return ""
    rendered = block.render(context)  # as {% block %} renders it ({{ block.super }} too)
    return " ".join(html.unescape(strip_tags(rendered)).split())


def share_image_path(context):
    """The card of the page: its match's, its tournament's bracket, or the site's."""
    leg, tournament = context.get("leg"), context.get("tournament")
    if leg is not None and hasattr(leg, "tie_id"):
        tie = leg.tie
        return reverse(
            "tournaments:leg_share_image",
            args=[*tournament.url_kwargs().values(), tie.round.number, tie.position, leg.number],
        )
    if tournament is not None:
        return reverse("tournaments:share_image", kwargs=tournament.url_kwargs())
    return reverse("tournaments:site_share_image")


@register.simple_tag(takes_context=True)
def share_meta(context):
    """The page's canonical URL, its address in each language (hreflang, x-default: the
    Spanish one, at the unprefixed address) and its Open Graph and Twitter card tags,
    every URL absolute and built from the page's URL name and arguments, never from the
    path asked for (reversing.page_url_in). None on a page that is no page (a 404 for
    an unknown path, the 500 page)."""
    from django.conf import settings
    from django.utils.translation import get_language

    from ..reversing import absolute_url, page_url_in

    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return ""
    language = get_language()
    title = _block_text(context, "title")
    description = _block_text(context, "description")
    canonical = absolute_url(request, page_url_in(request, language))
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        canonical += f"?page={page}"
    image = absolute_url(request, share_image_path(context))
    alternates = [
        (code, absolute_url(request, page_url_in(request, code)))
        for code in [*(code for code, _name in settings.LANGUAGES), settings.LANGUAGE_CODE]
    ]
    alternates[-1] = ("x-default", alternates[-1][1])
    properties = [
        ("og:type", "website"),
        ("og:site_name", "Liguilla"),
        ("og:title", title),
        ("og:description", description),
        ("og:url", canonical),
        ("og:locale", OG_LOCALES.get(language, language)),
        *[("og:locale:alternate", OG_LOCALES[code]) for code in OG_LOCALES if code != language],
        ("og:image", image),
        ("og:image:type", "image/png"),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", title),
    ]
    names = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", title),
        ("twitter:description", description),
        ("twitter:image", image),
        ("twitter:image:alt", title),
    ]
    return format_html(
        '<link rel="canonical" href="{}">\n  {}\n  {}\n  {}',
        canonical,
        format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', alternates),
        format_html_join("\n  ", '<meta property="{}" content="{}">', properties),
        format_html_join("\n  ", '<meta name="{}" content="{}">', names),
    )
