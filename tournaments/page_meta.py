"""The head of every public page (templates/jinja2/base.html): the language switcher's
links and the share metadata (canonical URL, hreflang alternates, Open Graph and Twitter
cards), built from the page's URL name and arguments, never from the path asked for."""

import html

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import get_language, get_language_info

from .reversing import absolute_url, page_url_in

# Open Graph's names of the site's languages.
OG_LOCALES = {"es": "es_MX", "en": "en_US"}


def language_links(request):
    """The current page in each language, for the switcher: (code, local name, URL,
    current?). Links, not a form: the page stays the same for every visitor (no CSRF
    token, no cookie) and so can be cached. On a page that does not exist, the home page
    in each language (reversing.page_url_in)."""
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


def plain_text(markup) -> str:
    """A rendered block (title, description) as plain text, tags stripped: the title and
    description a page wrote once for its <title> and description are also its share
    card's."""
    return " ".join(html.unescape(strip_tags(str(markup))).split())


def share_image_path(tournament=None, leg=None):
    """The card of the page: its match's, its tournament's bracket, or the site's."""
    if leg is not None and hasattr(leg, "tie_id"):
        tie = leg.tie
        return reverse(
            "tournaments:leg_share_image",
            args=[*tournament.url_kwargs().values(), tie.round.number, tie.position, leg.number],
        )
    if tournament is not None:
        return reverse("tournaments:share_image", kwargs=tournament.url_kwargs())
    return reverse("tournaments:site_share_image")


def share_meta(request, title, description, tournament=None, leg=None):
    """The page's canonical URL, its address in each language (hreflang, x-default: the
    Spanish one, at the unprefixed address) and its Open Graph and Twitter card tags,
    every URL absolute and built from the page's URL name and arguments, never from the
    path asked for (reversing.page_url_in). Empty on a page that is no page (a 404 for
    an unknown path, the 500 page)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name is None:
        return ""
    language = get_language()
    title, description = plain_text(title), plain_text(description)
    canonical = absolute_url(request, page_url_in(request, language))
    page = request.GET.get("page", "")
    if page.isdigit() and page != "1":
        canonical += f"?page={page}"
    image = absolute_url(request, share_image_path(tournament, leg))
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
