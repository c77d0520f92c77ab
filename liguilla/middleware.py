"""The language of a request.

Public pages carry their language in the URL (Spanish unprefixed, English under /en/,
see liguilla/urls.py), so one URL is one page whatever the visitor's browser or cookies
say: a cache or a CDN can store it, and it needs no `Vary: Accept-Language`. Django's
LocaleMiddleware would add that header to every unprefixed page; this one adds it only
where the language really comes from the browser: the admin and the other pages outside
i18n_patterns.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Paths outside i18n_patterns, whose language comes from the browser (or the cookie).
BROWSER_LANGUAGE_PREFIXES = ("/admin/",)


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith(BROWSER_LANGUAGE_PREFIXES):
            language = translation.get_language_from_request(request)
        else:
            language = (
                translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            )
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path_info.startswith(BROWSER_LANGUAGE_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
