"""URLs of public pages built once per process, not once per link.

A 64-team results page links ~800 teams, players and legs; Django's reverse() costs
~70 µs each (a tenth of the page). A slug's URL never changes for a given language,
script prefix and URL configuration, so it is remembered under exactly those.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, override


@lru_cache(maxsize=50_000)
def _reverse(viewname, args, language, prefix, urlconf):
    # The key names everything reverse() reads, so the language active now is `language`.
    return reverse(viewname, args=args, urlconf=urlconf)


def cached_reverse(viewname, *args):
    """reverse(viewname, args=args), remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=10_000)
def _reverse_in(viewname, args, kwargs, target, prefix, urlconf):
    with override(target):
        return reverse(viewname, args=args, kwargs=dict(kwargs), urlconf=urlconf)


def page_url_in(request, language):
    """The page `request` shows, in `language` (the language switcher's links), built from
    the page's URL name and arguments, never from the path asked for: a path that is no
    page (`//evil.example/`, `/\\evil.example/`) gets the home page in that language, not a
    link off the site. Remembered: resolving and reversing twice a page cost ~0.9 ms."""
    match = getattr(request, "resolver_match", None) if request is not None else None
    if match is None or match.url_name is None:
        viewname, args, kwargs = "tournaments:home", (), ()
    else:
        viewname = match.view_name
        args, kwargs = tuple(match.args), tuple(sorted(match.kwargs.items()))
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse_in(viewname, args, kwargs, language, get_script_prefix(), urlconf)


def absolute_url(request, path: str) -> str:
    """`path` on the site's public origin (settings.SITE_URL), or on the origin `request`
    came to when that is not set: for links read off the site (canonical and hreflang
    links, share cards, calendars, feeds)."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)
