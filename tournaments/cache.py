"""Public pages cached and revalidated under the data version, which every write bumps.

Why signals here, when the house style keeps domain logic out of them: this is cache
invalidation, infrastructure that must follow *every* write path: the admin (forms,
inlines, actions, deletes), `import_season`, history reverts, next-round creation, the
shell. A receiver on post_save / post_delete / m2m_changed of every tournaments model
catches them all without each path having to remember; the few bulk `QuerySet.update()`
calls, which send no signal, call `data_changed()` themselves (importers/loader.py,
Leg.save_edit).

The version lives in the database (models/version.py) and is bumped once per transaction,
*inside* it (one UPDATE of one row), so the new version becomes visible at the very commit
that makes the data visible, and a rolled-back write bumps nothing. (A bump in an
on_commit callback would leave a window, and be lost if the process died in it.) So a page
is never cached under a version that a later write will not change:

- a request reads the version first, then the data. If the write commits between the two,
  the page shows the new data under the old version: harmless, that version is obsolete
  from that commit on;
- every app server reads the same row, so a save through one is seen through all on the
  next request, whatever cache each uses (Redis shared, or local memory per process);
- Redis going down and coming back cannot resurrect old pages: they are keyed by versions
  no request asks for any more.

A cached page is stored rendered and gzipped once, so a warm request costs the version
query, one cache read and no rendering or compression. Browsers and CDNs revalidate with
the ETag / Last-Modified made from the same version: a 304 costs that one query.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string
from django.utils.translation import get_language

from .models import DataVersion

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
    DataVersion.bump()


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


# -- serving --------------------------------------------------------------------------------


def cache_control():
    return (
        f"public, max-age={settings.PAGE_MAX_AGE}, s-maxage={settings.PAGE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}"
    )


def validators():
    """(version, ETag, Last-Modified timestamp) of the data as it is now."""
    version, stamp = DataVersion.current()
    return version, f'W/"{version}.{stamp}"', stamp


def page_key(version, request):
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"page:{version}:{get_language()}:{path}"


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class CachedPageMixin:
    """For a view whose GET shows public tournament data: conditional GET and the page
    cache, both keyed by the data version. Only 200 responses are cached."""

    cache_page = True

    def dispatch(self, request, *args, **kwargs):
        if not self.cache_page or request.method not in {"GET", "HEAD"}:
            return super().dispatch(request, *args, **kwargs)
        version, etag, stamp = validators()
        response = get_conditional_response(request, etag=etag, last_modified=stamp)
        if response is not None:
            return self._finish(response, etag, stamp)
        cacheable = set(request.GET) <= CACHED_QUERY_PARAMETERS
        key = page_key(version, request)
        entry = cache.get(key) if cacheable else None
        if entry is None:
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            if hasattr(response, "render"):
                response.render()
            body = response.content
            gzipped = compress_string(body) if len(body) >= GZIP_MIN_LENGTH else None
            entry = (response["Content-Type"], body, gzipped)
            if cacheable:
                cache.set(key, entry)
        content_type, body, gzipped = entry
        response = HttpResponse(content_type=content_type)
        if gzipped is not None and accepts_gzip(request):
            response.content = gzipped
            response["Content-Encoding"] = "gzip"
        else:
            response.content = body
        if gzipped is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        return self._finish(response, etag, stamp)

    def _finish(self, response, etag, stamp):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(stamp)
        response["Cache-Control"] = cache_control()
        return response
