"""Site-wide views: the health check and the error pages."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error

from .middleware import BROWSER_LANGUAGE_PREFIXES

# Errors that mean "the database cannot be reached or did not answer in time", as opposed
# to a bug: they are answered with 503 and a Retry-After, and pass by themselves.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 otherwise. For load balancers and
    orchestrators: a dead database is never hidden by the cache. With the shared page
    cache out of reach (Redis hung or down, tournaments/cache/) the site still serves
    every page, rendered from the database: 200, "degraded"."""
    from tournaments.cache import page_store

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_DOWN:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not page_store().healthy():
        return HttpResponse("degraded: page cache unavailable\n", content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """handler500: a database outage (unreachable, hung past the timeouts, connection
    killed mid-request) is a 503 "back in a moment" page that no cache keeps; anything
    else is the usual 500 page. Django calls this inside the `except` block of the
    failed request, so the exception is at hand."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_DOWN):
        return service_unavailable(request)
    return django_server_error(request)


def service_unavailable(request):
    # In the URL's language even when the outage is met before the locale middleware ran
    # (the page cache reads the data version first).
    language = translation.get_language()
    if not request.path_info.startswith(BROWSER_LANGUAGE_PREFIXES):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.render_to_string("503.html")
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
