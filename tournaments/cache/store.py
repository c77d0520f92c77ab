"""Where the versions and the pages are kept (local memory or Redis), and the validators
read from them."""

import contextlib
import contextvars
import hashlib
import io
import logging
import os
import pickle
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.base import model_unpickle
from django.utils.functional import cached_property

from ..models import ScopeVersion, Team
from ..models.version import ANY, EPOCH
from .scopes import ALL, is_names_scope, names_of, schedule_scope, team_scope

logger = logging.getLogger(__name__)

# -- validators -----------------------------------------------------------------------------


class Versions(dict):
    """{scope: (version, changed)} as read at one moment, the epoch and `any` included."""

    @property
    def epoch(self):
        return self[EPOCH][0]

    @property
    def token(self):
        """What `versioned` values are kept under: the epoch and every write so far."""
        return (settings.RELEASE, self.epoch, self[ANY][0])

    def token_for(self, scopes):
        """What a `versioned` value showing `scopes` is kept under: their versions (with
        the epoch and `all`) when they were read, else `token` (every write so far)."""
        shown = {*scopes, EPOCH, ALL}
        if not scopes or not shown <= self.keys():
            return self.token
        return (settings.RELEASE, *sorted((s, self[s][0]) for s in shown))

    def unchanged(self, after, scopes):
        """No write to what a page showing `scopes` shows between these versions (read
        before its render) and `after` (read after it), so the page can be kept. Known
        from the page's own scopes when they were read before (a page rendered again:
        its previous entry named them, a write elsewhere does not cost its render; on a
        match night a write every 2 s would otherwise throw away the renders it
        overlapped, the background worker's too), else from `any` (every write)."""
        if after.epoch != self.epoch:
            return False
        if set(scopes) <= self.keys():
            return all(after[scope][0] == self[scope][0] for scope in scopes)
        return after[ANY][0] == self[ANY][0]

    def numbers(self, scopes):
        """The version numbers of `scopes` (a page's, sorted, the epoch among them), as a
        stored page keeps them."""
        return tuple(self[scope][0] for scope in scopes)

    def behind(self, scopes, numbers):
        """Whether a page stored under `numbers` (the versions of its `scopes`, the epoch
        among them) is at least as new as these versions on every scope, and newer on one:
        a page the worker prepared for a write whose versions are not published yet
        (rerender.prepare). Versions only rise within an epoch, so such a page never shows
        less than these versions do: it shows the committed write that is about to be
        published. Only within the same epoch: a restore starts a random one, lower as
        often as higher, and no page of another timeline is ever taken."""
        mine = self.numbers(scopes)
        return mine != numbers and all(
            current == stored if scope == EPOCH else current <= stored
            for scope, current, stored in zip(scopes, mine, numbers, strict=True)
        )

    def changed(self, scopes):
        """When what a page showing `scopes` shows last changed (the Last-Modified)."""
        return max(self[s][1] for s in {*scopes, EPOCH, ALL})

    def validator(self, scopes):
        """(ETag, changed) of a page showing `scopes`, under this release and epoch."""
        shown = sorted({*scopes, EPOCH, ALL})
        key = "|".join([settings.RELEASE, *(f"{s}={self[s][0]}" for s in shown)])
        digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
        return f'W/"{digest}"', self.changed(shown)


def page_scopes(scopes):
    """What a page's versions are read for: its scopes, or every write when it named none."""
    return tuple(sorted(set(scopes or (ANY,)) | {EPOCH, ALL}))


# -- where the versions and the pages are kept ----------------------------------------------


# The versions a write raised and has not published yet, while the background worker
# renders the pages it touched under them (rerender.prepare): the pages it stores are the
# ones visitors are served from the moment the versions are published.
_unpublished = contextvars.ContextVar("liguilla_unpublished_versions", default=None)


@contextlib.contextmanager
def unpublished(raised):
    """Read versions as if `raised` ({scope: (version, changed)}) were published."""
    token = _unpublished.set(raised)
    try:
        yield
    finally:
        _unpublished.reset(token)


def with_unpublished(found):
    """`found` ({scope: (version, changed)}) with the unpublished raises over it."""
    raised = _unpublished.get()
    if raised:
        for scope, value in raised.items():
            if scope in found and found[scope][0] < value[0]:
                found[scope] = value
    return found


class LocalStore:
    """No shared cache (no REDIS_URL): pages in this process's memory, the versions read
    from the database on every request (another process may have written)."""

    shared = False

    def versions(self, scopes):
        return Versions(with_unpublished(ScopeVersion.read([EPOCH, ANY, *scopes])))

    def lookup(self, key):
        """(Versions of the epoch, `any` and the entry's scopes; the entry or None)."""
        entry = cache.get(key)
        return self.versions(entry[0] if entry else ()), entry

    def store(self, key, entry, url=None):
        cache.set(key, entry)

    def get_value(self, key):
        return cache.get(key)

    def set_value(self, key, value):
        cache.set(key, value)

    def publish(self, raised):
        pass

    def publish_epoch(self, epoch):
        pass

    def healthy(self):
        return True


# Pages whose lookup a process remembers (RedisStore.known), about 1.3 KB each (a page of
# 7 scopes): at most 7 MB a process; forgotten all at once past this many (read again by
# the script, then remembered).
KNOWN_PAGES_MAX = 5_000


class RedisStore(LocalStore):
    """Redis shared by every app server: the versions are mirrored there beside the
    pages, so a warm page costs one round trip to Redis and no database query: a script
    reading the epoch, the page and the versions of the scopes stored with it the first
    time a process asks for the page, then one MGET of the same keys (`_known_lookup`).

    The database stays the source of truth. After each raise the new versions are
    published with a compare-and-set that only ever raises them, so writers committing
    in any order, and readers refilling the mirror from an older read, can never lower
    them. Mirrored versions are keyed by the epoch (a restore starts afresh) and expire
    after PAGE_VERSION_TTL seconds, then are read again from the database: that bounds
    how long Redis could lag if it missed a publish. Redis needs to be one server (the
    script reads keys it derives; not Redis Cluster)."""

    shared = True

    LOOKUP = """
        local epoch = redis.call('GET', KEYS[1])
        local page = false
        if KEYS[2] ~= '' then page = redis.call('GET', KEYS[2]) end
        if not epoch then return {false, page, ''} end
        local number = string.match(epoch, '^(%d+)')
        local scopes = {}
        for i = 2, #ARGV do scopes[#scopes + 1] = ARGV[i] end
        if page then
            local head = string.match(page, '^([^\\n]*)\\n')
            for scope in string.gmatch(head or '', '%S+') do scopes[#scopes + 1] = scope end
        end
        -- The versions found, as one string ("scope=version:changed …"): one reply of
        -- three items to parse, not two per scope.
        local keys = {}
        for i, scope in ipairs(scopes) do keys[i] = ARGV[1] .. number .. ':' .. scope end
        local values = redis.call('MGET', unpack(keys))
        local found = {}
        for i, scope in ipairs(scopes) do
            if values[i] then found[#found + 1] = scope .. '=' .. values[i] end
        end
        return {epoch, page, table.concat(found, ' ')}
    """
    RAISE = """
        for i, key in ipairs(KEYS) do
            local version, changed = ARGV[2 * i], ARGV[2 * i + 1]
            local current = redis.call('GET', key)
            if (not current)
                or tonumber(string.match(current, '^(%d+)')) < tonumber(version) then
                redis.call('SET', key, version .. ':' .. changed, 'EX', ARGV[1])
            end
        end
    """

    def __init__(self):
        from django_redis import get_redis_connection

        self.redis = get_redis_connection("default")
        self.epoch_key = cache.make_key("epoch")
        self.version_prefix = cache.make_key("v:")
        self.lookup_script = self.redis.register_script(self.LOOKUP)
        self.raise_script = self.redis.register_script(self.RAISE)
        # The circuit breaker: one failed try, then PAGE_CACHE_REDIS_COOLDOWN seconds
        # without Redis (monotonic clock).
        self.down_until = 0.0
        self.held = threading.local()  # the lookup's own connection (`_run_lookup`)
        # {page key: (epoch number, the head of its entry, the scopes whose versions it is
        # served under, the MGET of them packed)} as this process last found the page:
        # its next lookup is that MGET (`_known_lookup`), not the script.
        self.known = {}

    def _call(self, action, *args):
        """action(*args), or None when Redis is (or just went) out of reach."""
        import redis

        if time.monotonic() < self.down_until:
            return None
        try:
            return action(*args)
        except redis.RedisError as exc:
            cooldown = settings.PAGE_CACHE_REDIS_COOLDOWN
            self.down_until = time.monotonic() + cooldown
            logger.warning(
                "Redis unreachable (%s): pages are served from the database, uncached, "
                "for the next %s s",
                exc,
                cooldown,
            )
            return None

    def healthy(self):
        return self._call(self.redis.ping) is not None

    def versions(self, scopes):
        return self._lookup("", scopes)[0]

    def lookup(self, key):
        key = cache.make_key(key)
        return self._call(self._known_lookup, key) or self._lookup(key, ())

    def _known_lookup(self, key):
        """A page this process found before, read with the versions its entry named then in
        one MGET (as atomic as the script, a fifth of its time in Redis: no script to
        run, no copy of the page into it), or None when it is not known or Redis does not
        hold what it remembered: the same epoch, the page with the same scopes, every
        version mirrored. Then the script reads it (`_lookup`), which remembers it again."""
        known = self.known.get(key)
        if known is None:
            return None
        number, head, scopes, packed = known
        epoch, raw, *values = self._run_held(packed=packed)
        if epoch is None or raw is None or None in values or not raw.startswith(head):
            return None
        epoch_number, _, changed = epoch.partition(b":")
        if int(epoch_number) != number:
            return None
        found = {EPOCH: (number, int(changed))}
        for scope, value in zip(scopes, values, strict=True):
            version, _, changed = value.partition(b":")
            found[scope] = (int(version), int(changed))
        entry = pickle.loads(memoryview(raw)[len(head) :])
        return Versions(with_unpublished(found)), entry

    def _run_lookup(self, keys, args):
        """The lookup script (`_run_held`)."""
        return self._run_held("EVALSHA", self.lookup_script.sha, len(keys), *keys, *args)

    def _run_held(self, *command, packed=None):
        """A lookup's command, on a connection this process (and thread) keeps for it: a
        warm page is one lookup, and taking a connection from the pool and giving it back
        cost a third of its time in Redis (65 µs on a kept connection, 102 µs through the
        client). A connection found broken (Redis restarted) is replaced once, at once; a
        timeout (a hung Redis) goes to the circuit breaker. A forked process opens its own.
        `packed`: the command as `pack_command` wrote it before, instead of `command` (a
        known page's MGET: 29 µs of CPU a round trip instead of 40)."""
        import redis

        for attempt in range(2):
            connection = getattr(self.held, "connection", None)
            if connection is None or self.held.pid != os.getpid():
                connection = self.redis.connection_pool.make_connection()
                self.held.connection, self.held.pid = connection, os.getpid()
            try:
                if packed is None:
                    connection.send_command(*command)
                else:
                    connection.send_packed_command(packed, check_health=False)
                return connection.read_response()
            except redis.exceptions.NoScriptError:  # Redis restarted or flushed its scripts
                self.redis.script_load(self.LOOKUP)
            except redis.TimeoutError:
                self._drop_held(connection)
                raise
            except redis.ConnectionError:
                self._drop_held(connection)
                if attempt:
                    raise
        return self.redis.execute_command(*command)

    def _drop_held(self, connection):
        connection.disconnect()
        self.held.connection = None

    def _lookup(self, page_key, scopes):
        answer = self._call(
            self._run_lookup,
            [self.epoch_key, page_key],
            [self.version_prefix, ANY, *scopes],
        )
        if answer is None:  # Redis out of reach: the database, no page
            return LocalStore.versions(self, scopes), None
        epoch, raw, pairs = answer
        entry = None
        if raw is not None:
            head, _, pickled = raw.partition(b"\n")
            entry = pickle.loads(pickled)
            if epoch is not None and page_key:
                self._remember(page_key, int(epoch.partition(b":")[0]), head)
        wanted = {EPOCH, ANY, *scopes, *(entry[0] if entry else ())}
        found = {}
        if epoch is not None:
            number, _, changed = epoch.decode().partition(":")
            found[EPOCH] = (int(number), int(changed))
            for pair in pairs.decode().split():
                scope, _, value = pair.partition("=")
                version, _, changed = value.partition(":")
                found[scope] = (int(version), int(changed))
        missing = wanted - found.keys()
        if missing:
            # Expired or never mirrored: from the database, then mirrored. Without an
            # epoch in Redis (expired, Redis restarted empty) everything is read again.
            read = ScopeVersion.read([EPOCH, *(wanted if epoch is None else missing)])
            if epoch is None or read[EPOCH][0] != found[EPOCH][0]:
                read = ScopeVersion.read(wanted)
                found = dict(read)
                self.publish_epoch(read[EPOCH])
            else:
                found.update((scope, read[scope]) for scope in missing)
            mirrored = {s: found[s] for s in missing if s != EPOCH}
            self.publish(mirrored, epoch=found[EPOCH][0])
        return Versions(with_unpublished(found)), entry

    def _remember(self, page_key, number, head):
        """Note a page the script found (under epoch `number`, its entry's `head`: the
        scopes it names) for its next lookup to be one MGET (`_known_lookup`)."""
        held = getattr(self.held, "connection", None)
        if held is None:  # the script ran through the client, not on the kept connection
            return
        if len(self.known) >= KNOWN_PAGES_MAX:
            self.known.clear()
        scopes = (ANY, *head.decode().split())
        names = [f"{self.version_prefix}{number}:{scope}" for scope in scopes]
        packed = held.pack_command("MGET", self.epoch_key, page_key, *names)
        self.known[page_key] = (number, head + b"\n", scopes, packed)

    def store(self, key, entry, url=None):
        """Keep the page; with `url` (where it was asked for), note it under each scope it
        shows, for the pages a write touched to be rendered again (rerender.py)."""
        # The scopes first, in plain text, for the lookup script.
        head = " ".join(s for s in entry[0] if s != EPOCH).encode() + b"\n"
        pipe = self.redis.pipeline(transaction=False)
        body = head + pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)
        pipe.set(cache.make_key(key), body, settings.PAGE_CACHE_TIMEOUT)
        if url is not None:
            from ..rerender import index_page

            index_page(pipe, url, entry[0])
        self._call(pipe.execute)

    def get_value(self, key):
        raw = self._call(self.redis.get, cache.make_key(key))
        return pickle.loads(raw) if raw is not None else None

    def set_value(self, key, value):
        self._call(
            self.redis.set,
            cache.make_key(key),
            pickle.dumps(value, pickle.HIGHEST_PROTOCOL),
            settings.PAGE_CACHE_TIMEOUT,
        )

    def publish(self, raised, epoch=None):
        """Raise the mirrored versions to `raised` ({scope: (version, changed)})."""
        if not raised:
            return
        if epoch is None:
            epoch = ScopeVersion.read([EPOCH])[EPOCH][0]
        keys, args = [], [settings.PAGE_VERSION_TTL]
        for scope, (version, changed) in raised.items():
            keys.append(f"{self.version_prefix}{epoch}:{scope}")
            args += [version, changed]
        self._call(self.raise_script, keys, args)

    def publish_epoch(self, epoch):
        """Mirror the epoch, (number, changed): a restore's is set over any other."""
        value = f"{epoch[0]}:{epoch[1]}"
        self._call(self.redis.set, self.epoch_key, value, settings.PAGE_VERSION_TTL)


_stores = {}


def page_store():
    """The store for the cache configured now (tests switch CACHES)."""
    location = settings.CACHES["default"].get("LOCATION", "")
    shared = settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    key = (shared, str(location), settings.CACHES["default"].get("KEY_PREFIX", ""))
    if key not in _stores:
        _stores[key] = RedisStore() if shared else LocalStore()
    return _stores[key]


# -- values computed once per write ---------------------------------------------------------

# The versions the page cache read for the page being rendered (PageCacheMiddleware).
_page_versions = contextvars.ContextVar("liguilla_page_versions", default=None)


def page_etag(scopes) -> str:
    """The ETag a page showing `scopes` is served with, read while it is rendered ("" outside
    the page cache): a live page names it so that its script's first check can be a 304.
    One version read (live pages only)."""
    if _page_versions.get() is None:
        return ""
    shown = page_scopes(scopes)
    return page_store().versions(shown).validator(shown)[0]


def versioned(key, compute, scopes=(), *, fresh_clubs=False):
    """`compute()`, kept in the cache under the versions this page was read under, so a
    value many pages need (the title count, a club's ties) is computed once per write,
    not once per cold page.

    Under the versions of `scopes` (the scopes the value shows: a club's ties, its
    `team:` scope), as the page read them before its data (its previous entry named
    them), else read before the value: a write elsewhere leaves the value valid. With
    no `scopes`, or on a page's first render, under every write so far
    (Versions.token). The versions are read before the value is, so it is never older
    than they say, nor than the page it goes into (the same reasoning as for the pages
    themselves). Outside a cached page's request (the admin, commands, a search) there is
    no such version: computed every time. The value must pickle: plain data (ids and
    numbers) where it can, as model instances can cost more to load than to read again
    (measure: a club's ties load in a quarter of the time their queries take).

    Club names are part of what `scopes` show (scopes.names_scope): a club renamed makes
    the value computed again, unless `fresh_clubs` says it holds clubs only as `Team`
    instances and orders nothing by their names. Then it is kept, and taken after a
    rename with its clubs read again as they are now (`load_with_clubs_as_now`)."""
    versions = _page_versions.get()
    if versions is None:
        return compute()
    shown = {*scopes, *names_of(scopes)}
    if scopes and versions.keys() - {EPOCH, ANY} and not shown <= versions.keys():
        # A page rendered again (its versions read for its scopes) that does not show
        # all of the value's (a head-to-head shows its pair's schedule, not each club's,
        # which their ties hold): read now, before the value, which is then never older
        # than they say, nor than the page. On a first render, as for the page itself:
        # under every write (no version read for it).
        versions = page_store().versions(sorted({*shown, ALL}))
    token, names = _tokens(versions, shown, fresh_clubs)
    store = page_store()
    entry = store.get_value(key)
    if entry is not None and entry[0] == token:
        value = _load(entry[2], fresh_clubs and names != entry[1])
        if value is not _GONE:
            return value
    value = compute()
    # Pickled apart from its tokens, so that finding it obsolete loads only the tokens.
    store.set_value(key, (token, names, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
    return value


def versioned_for_clubs(key, compute, clubs, *, schedule=False, fresh_clubs=False):
    """`versioned` under the scopes of these clubs (ids), with their schedules when the
    value shows when their legs are played (`schedule`): what models/records.py keeps."""
    scopes = [team_scope(pk) for pk in clubs]
    if schedule:
        scopes += [schedule_scope(scope) for scope in scopes]
    return versioned(key, compute, scopes, fresh_clubs=fresh_clubs)


def versioned_page_data(key, compute, *, fresh_clubs=False):
    """A page's data, read from the database once per write to what it shows and shared
    by every page that shows the same data: the Spanish and the English page of one
    tournament (views.Page.page_data). `compute()` returns (data, the scopes reading it
    showed), both kept; the data is taken again only under the same versions of those
    scopes as this page read before its own data (its previous entry named them), so it
    is never older than the page it goes into; otherwise, and with no version read for a
    scope, under every write so far (`versioned`'s reasoning). Outside a cached page's
    request: computed every time. The data must pickle and must not depend on the
    language (translated text is made from it at render time). `fresh_clubs`: as for
    `versioned`."""
    versions = _page_versions.get()
    if versions is None:
        return compute()
    store = page_store()
    entry = store.get_value(key)
    if entry is not None:
        token, names, scopes, data = entry
        current, current_names = _tokens(versions, scopes, fresh_clubs)
        if current == token:
            data = _load(data, fresh_clubs and current_names != names)
            if data is not _GONE:
                return data, scopes
    data, scopes = compute()
    scopes = tuple(sorted(scopes))
    token, names = _tokens(versions, scopes, fresh_clubs)
    pickled = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
    store.set_value(key, (token, names, scopes, pickled))
    return data, scopes


def _tokens(versions, scopes, fresh_clubs):
    """(What a value showing `scopes` is kept under, the versions of the names it shows
    or None). With `fresh_clubs` and the versions of its names read, these apart (a club
    renamed keeps the value: its clubs are taken as they are now); otherwise in the first
    with the rest."""
    if fresh_clubs:
        names = sorted(scope for scope in scopes if is_names_scope(scope))
        if set(names) <= versions.keys():
            facts = [scope for scope in scopes if not is_names_scope(scope)]
            return versions.token_for(facts), tuple(versions[scope][0] for scope in names)
    return versions.token_for(scopes), None


# -- clubs as they are now in a value kept from before a rename -----------------------------

_GONE = object()  # a club of the value is no longer in the database: compute it again


def _load(pickled, clubs_as_now):
    return load_with_clubs_as_now(pickled) if clubs_as_now else pickle.loads(pickled)


class _ClubsNoted(pickle.Unpickler):
    """Unpickles as pickle.loads does, noting each `Team` it makes (Django pickles a model
    instance as `model_unpickle` and its state)."""

    def __init__(self, file):
        super().__init__(file)
        self.clubs = []

    def find_class(self, module, name):
        found = super().find_class(module, name)
        return self._model if found is model_unpickle else found

    def _model(self, class_id):
        instance = model_unpickle(class_id)
        if isinstance(instance, Team):
            self.clubs.append(instance)
        return instance


def load_with_clubs_as_now(pickled):
    """The value with every `Team` in it given its fields as they are in the database now
    (one query), or _GONE when one is no longer there."""
    unpickler = _ClubsNoted(io.BytesIO(pickled))
    value = unpickler.load()
    if not unpickler.clubs:
        return value
    now = Team.objects.in_bulk({club.pk for club in unpickler.clubs})
    fields = [field.attname for field in Team._meta.concrete_fields]
    memos = [name for name, attr in vars(Team).items() if isinstance(attr, cached_property)]
    for club in unpickler.clubs:
        row = now.get(club.pk)
        if row is None:
            return _GONE
        for name in fields:
            setattr(club, name, getattr(row, name))
        for name in memos:  # derived from the fields (its URL): derived again
            club.__dict__.pop(name, None)
    return value
