"""The pages a write touched, rendered again in the background, so no visitor waits on them.

Which pages. Each page the cache keeps (cache.RedisStore.store) is noted, by the address
it was asked at, under every scope it shows: a Redis set per scope (`idx:<release>:
<scope>`). A write raises the versions of the scopes it changed (cache.flush); the pages
noted under those scopes are exactly the pages it made obsolete, the ones visitors had
been reading, and only those: a page nobody asked for is not rendered for nobody, and
every kind of page (a head-to-head, a feed, a sorted table) is covered without a list of
URLs per scope to keep in step with the views. A write the cache cannot place (`all`) or a
restore (a new epoch) renders nothing here: every page is cold, as without a worker.

When. After the commit, once the versions are raised (so the render reads the new data
under the new versions), `schedule` adds those pages to one pending set and enqueues a job
only when none is waiting (a flag set with NX): writes that come while a job waits join it
(coalesced), so a burst of saves is one job, and without a worker the queue holds one job
at most, which expires. The job takes the whole set at once (`render_touched`) and asks
for each page through the site's own WSGI handler, exactly as a visitor would: the page
cache stores it (or finds it already stored by a visitor who came first, at the cost of a
warm hit).

Before the write is seen (`prepare`). With a worker listening and few pages touched (at
most PAGE_PREPARE_MAX_PAGES), the write's flush hands those pages to the worker first, with
the versions it raised, and publishes the versions only once they are rendered (or after
PAGE_PREPARE_WAIT seconds, whichever comes first): the worker renders under the raised
versions (cache.store.unpublished) while visitors are still served the pages of before,
which were the current ones until the write completes, and from the moment the versions
are published every touched page is warm with the new facts. A save returns only then,
so whoever made it, or reads after it returned, sees it; no visitor renders a page a
write touched, and none is served a page older than a completed write. A wider write (a
club renamed: every page naming it) is published at once and rendered after, as above.

Never in the way of a save. Only with REDIS_URL set and PAGE_RERENDER on (settings). The
scheduling is one script and, at most, one enqueue on the page cache's own connection
(0.25 s timeouts) through its circuit breaker: with Redis down or hung the save goes on
and nothing is scheduled; with no worker running the next request renders as it always
did. RQ with django-rq (README, "Dependencies"); the worker: `manage.py rerender_worker`.
"""

import io
import logging
import sys
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from .models.version import EPOCH

logger = logging.getLogger(__name__)

# Scopes never worth a background render: every page shows them (a write the cache could
# not place, a restore).
EVERY_PAGE = frozenset({EPOCH, "all"})

# SUNIONSTORE the touched pages into the pending set; enqueue only if no job waits.
SCHEDULE = """
    redis.call('SUNIONSTORE', KEYS[1], KEYS[1], unpack(KEYS, 3))
    if redis.call('SCARD', KEYS[1]) == 0 then return 0 end
    redis.call('EXPIRE', KEYS[1], ARGV[1])
    if redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then return 2 end
    return 1
"""
# The job's start: clear the flag (a write from now on enqueues a new job), take the set.
TAKE = """
    redis.call('DEL', KEYS[2])
    local pages = redis.call('SMEMBERS', KEYS[1])
    redis.call('DEL', KEYS[1])
    return pages
"""


def enabled():
    """On with a queue configured (settings: with REDIS_URL) and PAGE_RERENDER on."""
    return settings.PAGE_RERENDER and settings.PAGE_RERENDER_QUEUE in settings.RQ_QUEUES


def index_key(scope):
    return cache.make_key(f"idx:{settings.RELEASE}:{scope}")


def pending_key():
    return cache.make_key(f"rerender:{settings.RELEASE}:pending")


def flag_key():
    return cache.make_key(f"rerender:{settings.RELEASE}:queued")


def index_page(pipe, url, scopes):
    """Note the page at `url` under each scope it shows (on `pipe`, the store's pipeline)."""
    if not enabled():
        return
    for scope in scopes:
        if scope not in EVERY_PAGE:
            pipe.sadd(index_key(scope), url)
            pipe.expire(index_key(scope), settings.PAGE_CACHE_TIMEOUT)


def schedule(raised):
    """After a write's commit: the pages noted under the `raised` scopes are to be
    rendered again; one job is enqueued unless one is already waiting. Returns the number
    of jobs enqueued (0 or 1). Never raises: a save has already succeeded."""
    if not enabled() or not raised or EVERY_PAGE & set(raised):
        return 0
    from .cache import page_store

    store = page_store()
    if not store.shared:
        return 0
    try:
        keys = [pending_key(), flag_key(), *(index_key(s) for s in sorted(raised))]
        script = store.redis.register_script(SCHEDULE)
        outcome = store._call(script, keys, [settings.PAGE_RERENDER_JOB_TTL])
        if outcome != 2:
            return 0
        job = store._call(enqueue, store.redis)
        if job is None:  # Redis went away between the two: the next write tries again
            store._call(store.redis.delete, flag_key())
            return 0
        return 1
    except Exception:  # a save must never fail here (the render comes on request anyway)
        logger.exception("Could not schedule the pages a write touched")
        return 0


def prepare(raised):
    """Before `raised` ({scope: (version, changed)}, raised in the database) is published:
    the pages noted under those scopes rendered under them by the worker, waited for at
    most PAGE_PREPARE_WAIT seconds. True when every page was rendered (nothing is left to
    schedule). Never raises: the save has already succeeded."""
    if not enabled() or not raised or EVERY_PAGE & set(raised):
        return False
    from .cache import page_store

    store = page_store()
    if not store.shared:
        return False
    try:
        pages = store._call(store.redis.sunion, [index_key(s) for s in sorted(raised)])
        if not pages or len(pages) > settings.PAGE_PREPARE_MAX_PAGES:
            return False
        if not store._call(workers_listening, store.redis):
            return False
        token = uuid.uuid4().hex
        urls = sorted((page.decode() for page in pages), key=broad_first)
        if store._call(enqueue_prepare, store.redis, urls, raised, token) is None:
            return False
        return wait_prepared(store, token, time.monotonic() + settings.PAGE_PREPARE_WAIT)
    except Exception:  # a save must never fail here (the render comes on request anyway)
        logger.exception("Could not prepare the pages a write touched")
        return False


def workers_listening(connection):
    """Whether a worker takes this site's queue now (RQ registers each one in Redis)."""
    from rq import Worker

    return Worker.count(connection=connection, queue=queue(connection)) > 0


def done_key(token):
    return cache.make_key(f"rerender:{settings.RELEASE}:prepared:{token}")


def wait_prepared(store, token, deadline):
    """Until the worker says the job of `token` is done, or `deadline` (monotonic)."""
    while True:
        if store._call(store.redis.exists, done_key(token)):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


def enqueue_prepare(connection, urls, raised, token):
    """The job at the front of the queue: a write waits for it."""
    wait = settings.PAGE_PREPARE_WAIT
    return queue(connection).enqueue(
        render_prepared,
        urls,
        raised,
        token,
        at_front=True,
        ttl=max(1, int(wait) + 1),  # not started by then: the write went on without it
        result_ttl=0,
        failure_ttl=settings.PAGE_RERENDER_JOB_TTL,
        job_timeout=settings.PAGE_RERENDER_JOB_TTL,
    )


def render_prepared(urls, raised, token):
    """The job of `prepare`: each page asked for under the versions the write raised,
    then the write told (it publishes them). Returns {url: status}."""
    from .cache import page_store
    from .cache.store import unpublished

    started = time.monotonic()
    with unpublished(raised):
        done = {url: render(url) for url in urls}
    store = page_store()
    store._call(store.redis.set, done_key(token), b"1", 60)
    logger.info(
        "%d pages a write touched, prepared in %.2f s", len(done), time.monotonic() - started
    )
    return done


def queue(connection=None):
    import django_rq

    return django_rq.get_queue(
        settings.PAGE_RERENDER_QUEUE, connection=connection, commit_mode="auto"
    )


def enqueue(connection):
    """The job, on the page cache's connection (its timeouts, its circuit breaker)."""
    ttl = settings.PAGE_RERENDER_JOB_TTL
    return queue(connection).enqueue(
        render_touched, ttl=ttl, result_ttl=0, failure_ttl=ttl, job_timeout=ttl
    )


def take_pending():
    from .cache import page_store

    store = page_store()
    if not store.shared:
        return []
    script = store.redis.register_script(TAKE)
    pages = store._call(script, [pending_key(), flag_key()], []) or []
    return [page.decode() for page in pages]


def render_touched():
    """The job: every page waiting to be rendered again, asked for as a visitor would.
    Broad pages first (the home page, a competition: fewer path segments), which more
    visitors share. Returns {url: status}."""
    started = time.monotonic()
    by_path = {}
    for url in sorted(take_pending(), key=broad_first):
        parts = urlsplit(url)
        by_path.setdefault((parts.path, parts.query), url)  # one render per page
    done = {url: render(url) for url in by_path.values()}
    logger.info(
        "%d pages a write touched, asked for in %.2f s", len(done), time.monotonic() - started
    )
    return done


def broad_first(url):
    """Pages with fewer path segments first (the home page, a competition), which more
    visitors share: rendered first when time runs short."""
    return (urlsplit(url).path.count("/"), url)


def render(url):
    """GET `url` through the site's WSGI handler, with the host, scheme and encoding a
    visitor's browser sends: the page cache stores the page as for that visitor."""
    from django.core.handlers.wsgi import WSGIHandler

    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or (443 if secure else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": parts.netloc,
        "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_USER_AGENT": "liguilla-rerender",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if secure and (header := getattr(settings, "SECURE_PROXY_SSL_HEADER", None)):
        environ[header[0]] = header[1]
    status = []
    response = _handler(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        for _chunk in response:
            pass
    finally:
        response.close()
    return int(status[0].split()[0]) if status else 0


_handler = None
