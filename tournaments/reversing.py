"""URLs of public pages built once per process, not once per link.

A 64-team results page links ~800 teams, players and legs; Django's reverse() costs
~70 µs each (a tenth of the page). A slug's URL never changes for a given language,
script prefix and URL configuration, so it is remembered under exactly those.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse, translate_url
from django.utils.translation import get_language


@lru_cache(maxsize=50_000)
def _reverse(viewname, args, language, prefix, urlconf):
    # The key names everything reverse() reads, so the language active now is `language`.
    return reverse(viewname, args=args, urlconf=urlconf)


def cached_reverse(viewname, *args):
    """reverse(viewname, args=args), remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, get_language(), get_script_prefix(), urlconf)


@lru_cache(maxsize=10_000)
def _translate(path, target, language, prefix, urlconf):
    # Resolving `path` depends on the language active now (i18n_patterns), reversing it on
    # `target`: both are in the key, as is everything else reverse() reads.
    return translate_url(path, target)


def cached_translate_url(path, language):
    """translate_url(path, language), remembered: the page shell links the page in each
    language, and resolving then reversing the path twice costs ~0.9 ms a page. Bounded,
    as any path that renders the shell (a 404 too) could be asked for."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _translate(path, language, get_language(), get_script_prefix(), urlconf)
