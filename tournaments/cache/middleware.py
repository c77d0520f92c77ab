"""Serving: the page cache's middleware and the mixin that marks a view's pages."""

import functools
import gzip
import hashlib
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from .scopes import names_of, schedules_of
from .store import _page_versions, page_scopes, page_store, versioned_page_data

# Query-string parameters a cached page may have (the tables' sorting and paging); any
# other query is rendered without the cache. A view says which values it accepts.
CACHED_QUERY_PARAMETERS = frozenset({"sort", "page"})
GZIP_MIN_LENGTH = 200


# -- serving --------------------------------------------------------------------------------

# Headers set per request here, never replayed from a stored page.
REPLAYED_HEADERS_EXCLUDED = frozenset(
    {"content-length", "content-encoding", "etag", "last-modified", "cache-control", "vary"}
)


def cache_control():
    return (
        f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage={settings.PAGE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}"
    )


# Last-Modified is sent only for data unchanged for this many seconds (see `settled`).
LAST_MODIFIED_SETTLED = 2


def settled(stamp):
    """The data's last change (whole seconds) as Last-Modified, or None while it is too
    recent to send. Last-Modified is never ahead of the clock (RFC 9110 8.8.2.2), so two
    writes within one second share it; a copy stamped that second could then be answered
    304 after the second write. Sent only once the data has been unchanged for
    LAST_MODIFIED_SETTLED seconds, by when any write of that second has been seen, a
    Last-Modified names one version only; until then the ETag alone validates."""
    return stamp if stamp <= time.time() - LAST_MODIFIED_SETTLED else None


CONDITIONAL_HEADERS = frozenset(
    {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE"}
)


@functools.lru_cache(maxsize=64)
def last_modified(stamp):
    """The Last-Modified header of a change at `stamp` (a few distinct ones are current)."""
    return http_date(stamp)


def conditional_response(request, etag, stamp):
    """A 304 when the request's validators say its copy is current, else None (Django's
    get_conditional_response). A first visit names no validator, a revisit the one ETag it
    was given: both answered at once, as that function would answer them (If-None-Match
    decides without If-Modified-Since, RFC 9110 13.2.2), without parsing the header as a
    list."""
    meta = request.META
    if not any(name in meta for name in CONDITIONAL_HEADERS):  # a first visit
        return None
    if (
        meta.get("HTTP_IF_NONE_MATCH") == etag
        and "HTTP_IF_MATCH" not in meta
        and "HTTP_IF_UNMODIFIED_SINCE" not in meta
    ):
        return HttpResponseNotModified()
    return get_conditional_response(request, etag=etag, last_modified=stamp)


def page_key(request):
    """The page's key: the release and the path with its query. The path holds the
    language (i18n_patterns; liguilla/middleware.py). Each page has one entry, replaced
    when a request finds it older than the data, so old versions take no room."""
    path = request.get_full_path().encode()
    digest = hashlib.blake2b(path, digest_size=16, person=b"liguilla-page").hexdigest()
    return f"page:{settings.RELEASE}:{digest}"


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class CachedPageMixin:
    """For a view whose GET shows public tournament data: marks its 200 responses as
    pages that PageCacheMiddleware may keep and revalidate under the versions of the
    scopes the view says it showed (`shows`; none said: every write). A query string is
    kept only when the view accepted it (`accept_query`)."""

    cache_page = True
    # The page shows when legs are played (a date, a kick-off, a venue, what is still to
    # come and when: scopes.schedule_scope): a view whose page shows none of them says
    # False, and a leg's schedule moved keeps it warm. True unless a test shows the page
    # unchanged by a schedule write (tests/test_cache_schedule.py).
    shows_schedule = True

    def shows(self, *scopes):
        """Note scopes this page shows (scope names: tournament_scope(), SITE, …), with
        the names of their clubs (scopes.names_scope) and their schedules when the page
        shows the schedule (`shows_schedule`)."""
        shown = self.__dict__.setdefault("page_scopes", set())
        shown.update(scopes)
        shown.update(names_of(scopes))
        if self.shows_schedule:
            shown.update(schedules_of(scopes))

    def page_data(self, read, *, fresh_clubs=False):
        """`read()`'s data ({name: value}, what the page reads from the database), read once
        per write to what it shows for every language the page is shown in: the scopes
        `read` says it shows (`shows`) are kept with it and said again when it is taken
        from the cache (store.versioned_page_data tells when). Keyed by the view and its
        URL's arguments, so `read` must depend on nothing else: not the query string, not
        the language (text is translated at render time from the data). What the day
        changes (a match dated before today still without a result) is kept as long as
        the page itself is: until a write to what it shows, PAGE_CACHE_TIMEOUT at most.
        With `fresh_clubs`, a club renamed keeps the data too, its clubs read again as they
        are now (store.versioned): only for data that holds clubs as `Team` instances
        and orders nothing by their names."""
        shown = self.__dict__.setdefault("page_scopes", set())
        before = set(shown)

        def computed():
            data = read()
            return data, shown - before

        arguments = "/".join(f"{name}={value}" for name, value in sorted(self.kwargs.items()))
        key = f"page-data:{settings.RELEASE}:{type(self).__qualname__}:{arguments}"
        data, scopes = versioned_page_data(key, computed, fresh_clubs=fresh_clubs)
        shown.update(scopes)  # as read (schedules and names included: not derived again)
        return data

    def accept_query(self):
        """The request's query is a real page of this view (a page number, a sort)."""
        self.query_accepted = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        query_accepted = not request.GET or getattr(self, "query_accepted", False)
        if self.cache_page and request.method in {"GET", "HEAD"} and query_accepted:
            response.cache_as_page = True
            response.page_scopes = tuple(sorted(getattr(self, "page_scopes", ())))
        return response


class PageCacheMiddleware:
    """Serves a warm public page before the rest of the stack runs: no URL resolving, no
    session, locale, CSRF or authentication work, no view; one round trip to Redis, or
    one version query and a memory read without. So a warm page costs less than the
    trivial view that runs the whole stack.

    Placed after SecurityMiddleware (its headers go on every answer), WhiteNoise and
    GZipMiddleware (which leaves the stored, already-compressed bodies alone). A page is
    stored by this middleware on its way out, with the headers the inner middleware gave
    it (Content-Language, X-Frame-Options, …), only when a CachedPageMixin view marked
    it, it is a 200 and it sets no cookie. A stored page is served (or answered 304)
    only while the versions of its scopes are the current ones, so a write is on the
    very next request; a path that is not a stored page is always passed on, so only a
    real page is ever answered 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"} or request.path_info.startswith(
            settings.PAGE_CACHE_SKIPPED_PATHS
        ):
            return self.get_response(request)
        if request.META.get("QUERY_STRING") and not set(request.GET) <= CACHED_QUERY_PARAMETERS:
            # A query the cache never keeps (search, made-up parameters): rendered every
            # time, without a version read or validators, so made-up URLs cannot flood it.
            return self.get_response(request)
        try:
            request.get_host()
        except DisallowedHost:  # answered 400 by the stack, never from the cache
            return self.get_response(request)
        store = self.page_store(request)
        key = page_key(request)
        versions, entry = store.lookup(key)
        if entry is not None:
            scopes, etag, _headers, _content, _gzipped, numbers = entry
            # The current page (stored under the versions read now, so its ETag is their
            # validator: compared as numbers, not hashed again), or one the worker
            # prepared for a write about to be published (newer, never older:
            # Versions.behind), served with its own ETag and no Last-Modified, rather
            # than rendered again under the versions of before and stored over it.
            current = versions.numbers(scopes) == numbers
            prepared = not current and versions.behind(scopes, numbers)
            if current or prepared:
                stamp = settled(versions.changed(scopes)) if current else None
                response = conditional_response(request, etag, stamp)
                if response is None:
                    response = self._replay(request, entry)
                return self._finish(response, etag, stamp)

        token = _page_versions.set(versions)
        try:
            response = self.get_response(request)
        finally:
            _page_versions.reset(token)
        if not getattr(response, "cache_as_page", False) or response.status_code != 200:
            return response
        if response.streaming or response.cookies:
            return response
        scopes = page_scopes(response.page_scopes)
        after = store.versions(scopes)
        if not versions.unchanged(after, scopes):
            return response  # a write came in during the render: served, not kept
        etag, stamp = after.validator(scopes)
        body = response.content
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in REPLAYED_HEADERS_EXCLUDED
        )
        gzipped = len(body) >= GZIP_MIN_LENGTH
        content = compress_string(body) if gzipped else body
        entry = (scopes, etag, headers, content, gzipped, after.numbers(scopes))
        store.store(key, entry, url=request.build_absolute_uri())
        stamp = settled(stamp)
        conditional = conditional_response(request, etag, stamp)
        return self._finish(conditional or self._replay(request, entry), etag, stamp)

    def page_store(self, request):
        return page_store()

    @staticmethod
    def _replay(request, entry):
        _scopes, _etag, headers, content, gzipped, _numbers = entry
        response = HttpResponse()
        for name, value in headers:
            response.headers[name] = value
        if gzipped:
            patch_vary_headers(response, ("Accept-Encoding",))
            if accepts_gzip(request):
                response["Content-Encoding"] = "gzip"
            else:
                content = gzip.decompress(content)
        response.content = content
        return response

    @staticmethod
    def _finish(response, etag, stamp):
        response["ETag"] = etag
        if stamp is not None:
            response["Last-Modified"] = last_modified(stamp)
        response["Cache-Control"] = cache_control()
        return response
