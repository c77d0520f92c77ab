"""Public pages cached and revalidated under the data version, which every write bumps.

Why signals here, when the house style keeps domain logic out of them: this is cache
invalidation, infrastructure that must follow *every* write path: the admin (forms,
inlines, actions, deletes), `import_season`, history reverts, next-round creation, the
shell. A receiver on post_save / post_delete / m2m_changed of every tournaments model
catches them all without each path having to remember; the few bulk `QuerySet.update()`
calls, which send no signal, call `data_changed()` themselves (importers/rows.py;
Leg.record_result claims its version with update() but then saves).

The version lives in the database (models/version.py) and is bumped once per transaction,
*inside* it (one UPDATE of one row), so the new version becomes visible at the very commit
that makes the data visible, and a rolled-back write bumps nothing. Each cached page is
stored with the version it was rendered under and served only while that is still the
current version:

- a request reads the version first, then the data. If a write commits between the two,
  the page shows the new data under the old version: harmless, that version is obsolete
  from that commit on;
- without Redis every request reads the version row, so every app server and worker sees
  a save on its next request whatever it has in its own memory;
- with Redis the version is mirrored there (RedisStore): published after each commit,
  only ever raised, re-read from the database when it expires (PAGE_VERSION_TTL). A save
  is on the next request everywhere once its commit has returned; only if Redis missed
  the publish (unreachable at that moment, or the process died between commit and
  publish) can a page lag, and then for at most PAGE_VERSION_TTL seconds;
- Redis down: versions come from the database and pages are rendered (served uncached).

A cached page is stored rendered and gzipped once, so a warm request does no rendering or
compression: one MGET with Redis, one version query and a memory read without. Browsers
and CDNs revalidate with the ETag / Last-Modified made from the same version.
"""

import contextlib
import contextvars
import gzip
import hashlib
import logging
import pickle
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from .models import DataVersion

logger = logging.getLogger(__name__)

# Query-string parameters a cached page may have (the scorer tables' sorting and paging);
# any other query is rendered without the cache, so made-up URLs cannot flood it.
CACHED_QUERY_PARAMETERS = frozenset({"sort", "page"})
GZIP_MIN_LENGTH = 200


# -- invalidation ---------------------------------------------------------------------------


def _bumped_here():
    """Marker registered with on_commit beside each bump; Django discards it together
    with the bump when its transaction or savepoint rolls back."""


def data_changed():
    """Bump the data version inside the current transaction: once per transaction (or
    savepoint) however many rows it writes; at once outside one."""
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        pending = connection.run_on_commit
        if any(sids == here and func is _bumped_here for sids, func, *_ in pending):
            return
        transaction.on_commit(_bumped_here)
        transaction.on_commit(_publish_after_commit)
        DataVersion.bump()
    else:
        DataVersion.bump()
        _publish_after_commit()


def _on_write(sender, **kwargs):
    if kwargs.get("raw"):  # loaddata: the fixture's rows are the data as it was
        return
    data_changed()


def _on_m2m(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        data_changed()


def connect_receivers():
    """Called from TournamentsConfig.ready(): every model of the app (not the history
    tables, whose rows only accompany a write already seen)."""
    for model in apps.get_app_config("tournaments").get_models():
        if model is DataVersion or model._meta.model_name.startswith("historical"):
            continue
        uid = f"liguilla-cache-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )


# -- where the version and the pages are kept ------------------------------------------------


class LocalStore:
    """No shared cache (no REDIS_URL): pages in this process's memory, the version read
    from the database on every request (another process may have written)."""

    def version(self):
        return DataVersion.current()

    def lookup(self, key):
        """((version, stamp), cached entry or None) for a page key."""
        current = self.version()
        entry = cache.get(key) if key else None
        return current, entry

    def store(self, key, entry):
        cache.set(key, entry)

    def publish(self, current):
        pass


class RedisStore(LocalStore):
    """Redis shared by every app server: the version is mirrored there beside the pages,
    so a warm page costs one round trip to Redis (MGET of the version and the page) and
    no database query.

    The database stays the source of truth. After each commit that bumped it, the new
    version is published to Redis with a compare-and-set that only ever raises it, so
    writers committing in any order, and readers refilling the mirror from an older read,
    can never lower it. The mirror expires after PAGE_VERSION_TTL seconds and is then
    read again from the database: that bounds how long Redis could lag behind if it was
    unreachable at the very moment of a publish. Any Redis error: the version comes from
    the database and the page is rendered (served uncached, never a 500)."""

    RAISE = """
        local current = redis.call('GET', KEYS[1])
        if (not current) or tonumber(string.match(current, '^(%d+)')) < tonumber(ARGV[1]) then
            redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'EX', ARGV[3])
        end
    """

    def __init__(self):
        from django_redis import get_redis_connection

        self.redis = get_redis_connection("default")
        self.version_key = cache.make_key("data-version")
        self.raise_script = self.redis.register_script(self.RAISE)

    def version(self):
        """The mirrored version alone: one GET (what a revalidation needs)."""
        return self.lookup(None)[0]

    def lookup(self, key):
        import redis

        try:
            if key:
                mirrored, raw = self.redis.mget([self.version_key, cache.make_key(key)])
            else:
                mirrored, raw = self.redis.get(self.version_key), None
        except redis.RedisError:
            return DataVersion.current(), None
        if mirrored is None:
            current = DataVersion.current()
            self.publish(current)
        else:
            version, _, stamp = mirrored.decode().partition(":")
            current = int(version), int(stamp)
        return current, (pickle.loads(raw) if raw is not None else None)

    def store(self, key, entry):
        import redis

        with contextlib.suppress(redis.RedisError):  # unreachable: served uncached
            self.redis.set(
                cache.make_key(key),
                pickle.dumps(entry, pickle.HIGHEST_PROTOCOL),
                ex=settings.PAGE_CACHE_TIMEOUT,
            )

    def publish(self, current):
        import redis

        version, stamp = current
        try:
            self.raise_script(
                keys=[self.version_key], args=[version, stamp, settings.PAGE_VERSION_TTL]
            )
        except redis.RedisError:
            logger.error("Could not publish data version %s to Redis", version)


_stores = {}


def page_store():
    """The store for the cache configured now (tests switch CACHES)."""
    location = settings.CACHES["default"].get("LOCATION", "")
    shared = settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    key = (shared, str(location), settings.CACHES["default"].get("KEY_PREFIX", ""))
    if key not in _stores:
        _stores[key] = RedisStore() if shared else LocalStore()
    return _stores[key]


def _publish_after_commit():
    store = page_store()
    if isinstance(store, RedisStore):
        store.publish(DataVersion.current())


# -- values computed once per write ---------------------------------------------------------

# The data version the page cache read for the page being rendered (PageCacheMiddleware).
_page_version = contextvars.ContextVar("liguilla_page_version", default=None)


def versioned(key, compute):
    """`compute()`, kept in the cache under the data version this page was read under, so
    a value many pages need (the title count) is computed once per write, not once per
    cold page; the next write bumps the version and the next page computes it again.

    The version is the one the page cache read before the page's data, so the value is
    never older than the page it goes into (the same reasoning as for the pages
    themselves). Outside a cached page's request (the admin, commands, a search) there is
    no such version: computed every time. The value must pickle, so keep it plain data
    (ids and numbers): model instances cost more to load than to read again."""
    version = _page_version.get()
    if version is None:
        return compute()
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(key, (version, value))
    return value


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


def page_key(request):
    """The page's key without the version: each page has one entry, replaced when a
    request finds it older than the data, so old versions take no room. The path holds the
    language (i18n_patterns; liguilla/middleware.py), so the path is the whole key."""
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"page:{path}"


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class CachedPageMixin:
    """For a view whose GET shows public tournament data: marks its 200 responses as
    pages that PageCacheMiddleware may keep and revalidate under the data version."""

    cache_page = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.cache_page and request.method in {"GET", "HEAD"}:
            response.cache_as_page = True
        return response


class PageCacheMiddleware:
    """Serves a warm public page before the rest of the stack runs: no URL resolving, no
    session, locale, CSRF or authentication work, no view; one MGET with Redis (the
    version and the page), one version query and a memory read without. So a warm page
    costs less than the trivial view that runs the whole stack.

    Placed after SecurityMiddleware (its headers go on every answer), WhiteNoise and
    GZipMiddleware (which leaves the stored, already-compressed bodies alone). A page is
    stored by this middleware on its way out, with the headers the inner middleware gave
    it (Content-Language, X-Frame-Options, …), only when a CachedPageMixin view marked
    it, it is a 200 and it sets no cookie. A stored page is served only while its version
    is the current data version, so a write is on the very next request. While a page is
    rendered, the version read for it keys the values `versioned` keeps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"} or request.path_info.startswith(
            settings.PAGE_CACHE_SKIPPED_PATHS
        ):
            return self.get_response(request)
        if not set(request.GET) <= CACHED_QUERY_PARAMETERS:
            # A query the cache never keeps (search, made-up parameters): rendered every
            # time, without a version read or validators, so made-up URLs cannot flood it.
            return self.get_response(request)
        store = self.page_store(request)
        if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
            # A revalidation: the validators are the data version's, so a copy made under
            # the current version is current whether or not this cache still holds the
            # page. One GET of the version with Redis, not the page's body.
            version, stamp = store.version()
            etag, stamp = f'W/"{version}.{stamp}"', settled(stamp)
            response = get_conditional_response(request, etag=etag, last_modified=stamp)
            if response is not None:
                return self._finish(response, etag, stamp)
        key = page_key(request)
        (version, stamp), entry = store.lookup(key)
        etag, stamp = f'W/"{version}.{stamp}"', settled(stamp)
        if entry is not None and entry[0] == version:
            response = get_conditional_response(request, etag=etag, last_modified=stamp)
            if response is None:
                response = self._replay(request, entry)
            return self._finish(response, etag, stamp)

        token = _page_version.set(version)
        try:
            response = self.get_response(request)
        finally:
            _page_version.reset(token)
        if not getattr(response, "cache_as_page", False) or response.status_code != 200:
            return response
        if response.streaming or response.cookies:
            return response
        body = response.content
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in REPLAYED_HEADERS_EXCLUDED
        )
        gzipped = len(body) >= GZIP_MIN_LENGTH
        entry = (version, headers, compress_string(body) if gzipped else body, gzipped)
        store.store(key, entry)
        conditional = get_conditional_response(request, etag=etag, last_modified=stamp)
        return self._finish(conditional or self._replay(request, entry), etag, stamp)

    def page_store(self, request):
        return page_store()

    @staticmethod
    def _replay(request, entry):
        _version, headers, content, gzipped = entry
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
            response["Last-Modified"] = http_date(stamp)
        response["Cache-Control"] = cache_control()
        return response
