"""Public pages cached and revalidated under the versions of the scopes they show.

A scope is what a page shows and a write can change: a tournament (`t:<id>`), a club
(`team:<id>`: its own ties, table lines and seeds), a person (`person:<id>`), a season
with its tournaments (`s:<id>`), a competition with its seasons (`c:<id>`), the site-wide
lists (`site`: competitions, seasons, tournaments; `teams`: the clubs and their names),
the title counts (`titles`). Each page is stored with the scopes it showed and
their versions (models/version.py); each write raises the versions of the scopes it
changed. So a save in one tournament leaves every other tournament's pages, and the pages
of clubs that did not play in it, warm with their validators unchanged. A page that names
no scopes depends on every write (`any`), as every page did before scopes.

Writes. Why signals here, when the house style keeps domain logic out of them: this is
cache invalidation, infrastructure that must follow *every* write path: the admin (forms,
inlines, actions, deletes), `import_season`, history reverts, next-round creation, the
shell. A receiver on post_save / post_delete / m2m_changed of every tournaments model
notes what the row belongs to (its "anchors": the leg of a goal, the tournament of a
round, …, read from the row's own foreign keys, no query); the few bulk
`QuerySet.update()` calls, which send no signal, call `data_changed(row)` themselves. The
notes are turned into scopes and the versions raised once per transaction, *after* it
commits (`transaction.on_commit`), in a short transaction of their own, so an import's
long transaction and the staff's saves never queue on a version row, and a rolled-back
write raises nothing.

Reads. Versions are read before the page's data: a page rendered from data older than a
write is stored under versions older than that write, so it is obsolete from the write's
raise on. The scopes a page shows are only known once it is rendered, so the `any` version
(raised by every write) is read before the render and again with the page's scopes after
it: if a write came in between, the page is served but not stored. A page rendered again
has its scopes read before too (its previous entry named them): then only a write to one
of them keeps it from being stored (Versions.unchanged). A write's data commits
before its versions are raised, so a page may be stored with newer data under older
versions for a moment: harmless, the raise makes it obsolete.

- Without Redis every request reads the versions from the database (one query for a
  warm page, two for a cold one), so every app server sees a save on its next request.
- With Redis the versions are mirrored there beside the pages (RedisStore): published
  after each raise, only ever raised, re-read from the database when they expire
  (PAGE_VERSION_TTL): a warm page is one round trip to Redis (a script that reads the
  epoch, the page and its scopes' versions) and no query.
- Redis hung or down: after one failed try it is left alone for PAGE_CACHE_REDIS_COOLDOWN
  seconds (a circuit breaker, one log line per cool-down), versions come from the
  database and pages are rendered (served uncached, never a 500); /healthz says
  "degraded".

Every key and validator holds the release (settings.RELEASE: a deploy never serves the
HTML of the one before, which names other hashed static files) and the epoch (a restore
replaces it: no page of the replaced timeline is ever matched again). Only a page that
resolved and rendered as a cacheable 200 is stored, so a 304 is only ever given for a real
page, and a query string is kept only when the view accepted every parameter (a real
page number, a real sort column); the host is validated before anything is replayed.
"""

import contextvars
import gzip
import hashlib
import logging
import pickle
import threading
import time
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.text import compress_string

from .models import ScopeVersion
from .models.version import ANY, EPOCH

logger = logging.getLogger(__name__)

# Query-string parameters a cached page may have (the tables' sorting and paging); any
# other query is rendered without the cache. A view says which values it accepts.
CACHED_QUERY_PARAMETERS = frozenset({"sort", "page"})
GZIP_MIN_LENGTH = 200

# -- scopes ---------------------------------------------------------------------------------

SITE = "site"  # the competitions, seasons and tournaments: menus, lists, links between them
TEAMS = "teams"  # the clubs, their names and nicknames: the teams index, names in lists
TITLES = "titles"  # the title counts (models/titles.py): raised only when they change
ALL = "all"  # every page shows it: raised by a write the cache cannot place
# Legs anywhere (dates, kick-offs, live state, results): the home page's ties of the week.
FIXTURES = "fixtures"


def tournament_scope(pk):
    return f"t:{pk}"


def competition_scope(pk):
    return f"c:{pk}"


def season_scope(pk):
    """A season's pages: its tournaments (raised with any of them), its own fields."""
    return f"s:{pk}"


def listing_scope(pk):
    """A competition's list of seasons and tournaments (not their results): the links
    from one Liguilla to the previous and next."""
    return f"cs:{pk}"


def titles_scope(pk):
    """The title counts of one competition (raised only when they change)."""
    return f"titles:{pk}"


def team_scope(pk):
    return f"team:{pk}"


def person_scope(pk):
    return f"person:{pk}"


# -- invalidation: what a write changed -----------------------------------------------------

# model name → (anchors read from the row's own fields, site-wide scopes it changes).
# An anchor is (kind, id): resolved after the commit into scopes (resolve()).
ANCHORS = {
    "competition": (("competition", "id"), ("listing", "id")),
    "season": (("season", "id"), ("season_listing", "id")),
    "tournament": (("tournament", "id"), ("season", "season_id"), ("season_listing", "season_id")),
    "round": (("tournament", "tournament_id"),),
    "tie": (("tie", "id"),),
    "leg": (("leg", "id"), ("tie", "tie_id")),
    "goal": (("leg", "leg_id"),),
    "booking": (("leg", "leg_id"),),
    "tournamententry": (("tournament", "tournament_id"),),
    "squadmember": (("tournament", "tournament_id"),),
    "leaguematch": (("tournament", "tournament_id"),),
    "leaguetitle": (("tournament", "tournament_id"), ("competition_pages", "competition_id")),
    "team": (("team_wide", "id"),),
    "teamalias": (),
    "person": (("person_wide", "id"),),
}
# What a row added or removed also changes: a tie added to a round or taken from it changes
# the round's size, so which tie is the final, on the pages of every club in the round.
ANCHORS_ADDED_OR_REMOVED = {
    "tie": (("round", "round_id"),),
}
# Rows whose write changes the pages of their own clubs only (the leg's two, the tie's
# two), not of every club on the tournament: their previous clubs are read before an
# update (_before_save), as the page of a club taken off a tie showed it.
CLUB_ROWS = frozenset({"tie", "leg", "goal", "booking"})
SITE_WIDE = {
    "competition": {SITE},
    "season": {SITE},
    "tournament": {SITE},
    "team": {TEAMS},
    "teamalias": {TEAMS},
    "tournamententry": {TEAMS},
    "leg": {FIXTURES},
}


def anchors_of(instance, added_or_removed=False):
    """What a written row belongs to, from its own fields (no query); a row of a model
    the cache does not know changes everything (ALL). `added_or_removed`: the row was
    created or deleted (ANCHORS_ADDED_OR_REMOVED)."""
    name = instance._meta.model_name
    if name not in ANCHORS:
        return {("scope", ALL)}
    found = {("scope", scope) for scope in SITE_WIDE.get(name, ())}
    extra = ANCHORS_ADDED_OR_REMOVED.get(name, ()) if added_or_removed else ()
    for kind, attname in (*ANCHORS[name], *extra):
        if (pk := getattr(instance, attname, None)) is not None:
            found.add((kind, pk))
    for field in instance._meta.concrete_fields:
        if field.many_to_one and (pk := getattr(instance, field.attname)) is not None:
            related = field.related_model._meta.model_name
            if related == "team":
                found.add(("scope", team_scope(pk)))
            elif related == "person":
                found.add(("scope", person_scope(pk)))
    return found


class Pending(threading.local):
    """The anchors noted in this thread's transaction, raised at its commit."""

    def __init__(self):
        self.anchors = set()


_pending = Pending()


def data_changed(*instances, scopes=(), added_or_removed=False):
    """Note that `instances` were written (and `scopes` changed): their scopes' versions
    are raised once, after the current transaction commits (at once outside one).

    Every call registers a commit hook; the first to run raises all that was noted and
    the rest find nothing left. A hook of a rolled-back savepoint or transaction is
    dropped by Django; what it noted stays noted and is raised with the next commit (a
    page made cold for nothing, never a stale one)."""
    for instance in instances:
        _pending.anchors |= anchors_of(instance, added_or_removed)
    _pending.anchors |= {("scope", scope) for scope in scopes}
    after_commit(flush)


def after_commit(callback):
    """The one place writes meet the transaction (tests replace it: tests/conftest.py)."""
    transaction.on_commit(callback, robust=True)


def flush():
    """Raise the versions of what was noted, then publish them to Redis."""
    anchors, _pending.anchors = _pending.anchors, set()
    if not anchors:
        return
    scopes = resolve(anchors)
    fingerprints = {}
    if ALL in scopes or any(s.startswith(("t:", "c:")) for s in scopes):
        fingerprints = titles_fingerprints()
    raised = ScopeVersion.bump(scopes, fingerprints)
    page_store().publish(raised)
    from . import rerender  # the pages it touched, rendered again in the background

    rerender.schedule(raised)


def everything_changed():
    """The whole database was replaced (a restore): a new epoch, so no page or validator
    made before is ever matched again."""
    ScopeVersion.new_epoch()
    page_store().publish_epoch(ScopeVersion.read([EPOCH])[EPOCH])


def titles_fingerprints():
    """{scope: digest} of the title counts, all of them (TITLES) and by competition: a
    write raises only the counts it changed (most change none)."""
    from .models.titles import TitleCount

    def digest(rows):
        return hashlib.blake2b(repr(rows).encode(), digest_size=16).hexdigest()

    rows = TitleCount().rows
    by_competition = defaultdict(list)
    for row in rows:
        by_competition[row.competition_id].append(row)
    found = {titles_scope(pk): digest(group) for pk, group in by_competition.items()}
    return {TITLES: digest(rows), **found}


def resolve(anchors):
    """The scopes a set of anchors stands for, in a few queries after the commit: a
    tournament's pages, its season's and competition's, and the pages of the clubs and
    people it changed. A leg, goal, booking or tie changes the pages of its own clubs
    (what a club's page shows of a tournament is its own ties, its table line and its
    seed); a write to the tournament, a round, the table, the squads or the league
    matches, those of every club on it. An anchor whose row is gone (deleted with its
    parent) changes everything."""
    from .models import Goal, Leg, Round, Season, Tie, Tournament

    scopes = {pk for kind, pk in anchors if kind == "scope"}
    ids = defaultdict(set)
    for kind, pk in anchors:
        if kind != "scope":
            ids[kind].add(pk)

    def follow(model, pks, path):
        found = dict(model.objects.filter(pk__in=pks).values_list("pk", path))
        if len(found) < len(pks):
            scopes.add(ALL)
        return {value for value in found.values() if value is not None}

    def clubs_of(model, pks, tournament, *clubs):
        """The tournaments of these legs or ties, with their clubs' scopes."""
        rows = model.objects.filter(pk__in=pks).values_list(tournament, *clubs)
        found = set()
        for tournament_id, *club_ids in rows:
            found.add(tournament_id)
            scopes.update(team_scope(pk) for pk in club_ids if pk is not None)
        if len(rows) < len(pks):
            scopes.add(ALL)
        return found

    tournaments = set(ids["tournament"])  # every club on them changed
    competitions = set(ids["competition"]) | set(ids["competition_pages"])
    seasons = set(ids["season"])
    people = set()
    clubs_only = set()  # tournaments where only the clubs of the rows changed
    if ids["leg"]:
        clubs_only |= clubs_of(
            Leg,
            ids["leg"],
            "tie__round__tournament_id",
            *("home_id", "away_id", "tie__higher_seed_id", "tie__lower_seed_id"),
        )
        people |= set(Goal.objects.filter(leg__in=ids["leg"]).values_list("player_id", flat=True))
    if ids["tie"]:
        clubs_only |= clubs_of(
            Tie, ids["tie"], "round__tournament_id", "higher_seed_id", "lower_seed_id"
        )
    if ids["round"]:
        tournaments |= follow(Round, ids["round"], "tournament_id")
    if ids["season"]:
        competitions |= follow(Season, ids["season"], "competition_id")
        tournaments |= set(
            Tournament.objects.filter(season__in=ids["season"]).values_list("pk", flat=True)
        )
    listings = set(ids["listing"])
    if ids["season_listing"]:
        listings |= follow(Season, ids["season_listing"], "competition_id")
    scopes |= {listing_scope(pk) for pk in listings}
    if ids["competition"]:
        seasons |= set(
            Season.objects.filter(competition__in=ids["competition"]).values_list("pk", flat=True)
        )
        tournaments |= set(
            Tournament.objects.filter(season__competition__in=ids["competition"]).values_list(
                "pk", flat=True
            )
        )
    if ids["team_wide"]:  # a club's name is on every page of every tournament it played
        tournaments |= tournaments_featuring(ids["team_wide"], TEAM_PATHS)
    if ids["person_wide"]:
        tournaments |= tournaments_featuring(ids["person_wide"], PERSON_PATHS)
    if tournaments | clubs_only:
        for season, competition in Tournament.objects.filter(
            pk__in=tournaments | clubs_only
        ).values_list("season_id", "season__competition_id"):
            seasons.add(season)
            competitions.add(competition)
    if tournaments:
        scopes |= {team_scope(pk) for pk in teams_on(tournaments)}
    scopes |= {tournament_scope(pk) for pk in tournaments | clubs_only}
    scopes |= {season_scope(pk) for pk in seasons}
    scopes |= {competition_scope(pk) for pk in competitions}
    scopes |= {team_scope(pk) for pk in ids["team_wide"]}
    scopes |= {person_scope(pk) for pk in people | ids["person_wide"] if pk is not None}
    return scopes


# Where a club or a person appears: (model, field naming them, path to the tournament).
TEAM_PATHS = (
    ("TournamentEntry", "team", "tournament_id"),
    ("Leg", "home", "tie__round__tournament_id"),
    ("Leg", "away", "tie__round__tournament_id"),
    ("Tie", "higher_seed", "round__tournament_id"),
    ("Tie", "lower_seed", "round__tournament_id"),
    ("LeagueMatch", "home", "tournament_id"),
    ("LeagueMatch", "away", "tournament_id"),
    ("SquadMember", "team", "tournament_id"),
    ("LeagueTitle", "champion", "tournament_id"),
)
PERSON_PATHS = (
    ("Goal", "player", "leg__tie__round__tournament_id"),
    ("Booking", "player", "leg__tie__round__tournament_id"),
    ("SquadMember", "person", "tournament_id"),
    ("TournamentEntry", "manager", "tournament_id"),
    ("TournamentEntry", "captain", "tournament_id"),
)


def tournaments_featuring(pks, paths):
    """The tournaments on whose pages any of the clubs (or people) `pks` appear."""
    found = set()
    for model, field, path in paths:
        rows = apps.get_model("tournaments", model).objects.filter(**{f"{field}__in": pks})
        found |= set(rows.values_list(path, flat=True).distinct().order_by())
    return found - {None}


def teams_on(tournaments):
    """The clubs that appear on a tournament's pages: its table, its legs, its league."""
    found = set()
    for model, field, path in TEAM_PATHS:
        rows = apps.get_model("tournaments", model).objects.filter(**{f"{path}__in": tournaments})
        found |= set(rows.values_list(f"{field}_id", flat=True).distinct().order_by())
    return found - {None}


def _on_write(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loaddata: the fixture's rows are the data as it was
        return
    # post_delete sends no `created`: a deleted row is a row removed.
    data_changed(instance, added_or_removed=kwargs.get("created", True))


def _before_save(sender, instance, **kwargs):
    """A leg, goal, booking or tie about to be updated: what it belonged to before (its
    clubs, its leg, its tie), read from the database, is noted with what it belongs to
    after. The pages of a club taken off a tie showed the tie. Noted only: raised with
    the write's own note, after it (a raise before the write could let a page render the
    old row under the new versions)."""
    if kwargs.get("raw") or instance._state.adding or instance.pk is None:
        return
    fields = [f.name for f in sender._meta.concrete_fields if f.many_to_one]
    before = sender._base_manager.filter(pk=instance.pk).only(*fields).first()
    if before is None:
        return
    # A tie moved to another round: taken from one, added to the other.
    moved = any(
        getattr(before, attname) != getattr(instance, attname)
        for _kind, attname in ANCHORS_ADDED_OR_REMOVED.get(sender._meta.model_name, ())
    )
    _pending.anchors |= anchors_of(before, moved)
    if moved:
        _pending.anchors |= anchors_of(instance, moved)


def _on_m2m(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        data_changed(instance)


def connect_receivers():
    """Called from TournamentsConfig.ready(): every model of the app (not the history
    tables, whose rows only accompany a write already seen)."""
    for model in apps.get_app_config("tournaments").get_models():
        if model is ScopeVersion or model._meta.model_name.startswith("historical"):
            continue
        uid = f"liguilla-cache-{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        if model._meta.model_name in CLUB_ROWS:
            pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-before")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_m2m, sender=field.remote_field.through, dispatch_uid=uid + field.name
            )


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

    def validator(self, scopes):
        """(ETag, changed) of a page showing `scopes`, under this release and epoch."""
        shown = sorted({*scopes, EPOCH, ALL})
        key = "|".join([settings.RELEASE, *(f"{s}={self[s][0]}" for s in shown)])
        digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
        return f'W/"{digest}"', max(self[s][1] for s in shown)


def page_scopes(scopes):
    """What a page's versions are read for: its scopes, or every write when it named none."""
    return tuple(sorted(set(scopes or (ANY,)) | {EPOCH, ALL}))


# -- where the versions and the pages are kept ----------------------------------------------


class LocalStore:
    """No shared cache (no REDIS_URL): pages in this process's memory, the versions read
    from the database on every request (another process may have written)."""

    shared = False

    def versions(self, scopes):
        return Versions(ScopeVersion.read([EPOCH, ANY, *scopes]))

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


class RedisStore(LocalStore):
    """Redis shared by every app server: the versions are mirrored there beside the
    pages, so a warm page costs one round trip to Redis (a script reading the epoch, the
    page and the versions of the scopes stored with it) and no database query.

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
        local out = {epoch or false, page}
        if not epoch then return out end
        epoch = string.match(epoch, '^(%d+)')
        local scopes = {}
        for i = 2, #ARGV do scopes[#scopes + 1] = ARGV[i] end
        if page then
            local head = string.match(page, '^([^\\n]*)\\n')
            for scope in string.gmatch(head or '', '%S+') do scopes[#scopes + 1] = scope end
        end
        for _, scope in ipairs(scopes) do
            out[#out + 1] = scope
            out[#out + 1] = redis.call('GET', ARGV[1] .. epoch .. ':' .. scope) or false
        end
        return out
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
        return self._lookup(cache.make_key(key), ())

    def _lookup(self, page_key, scopes):
        answer = self._call(
            self.lookup_script,
            [self.epoch_key, page_key],
            [self.version_prefix, ANY, *scopes],
        )
        if answer is None:  # Redis out of reach: the database, no page
            return LocalStore.versions(self, scopes), None
        epoch, raw, *pairs = answer
        entry = pickle.loads(raw.partition(b"\n")[2]) if raw is not None else None
        wanted = {EPOCH, ANY, *scopes, *(entry[0] if entry else ())}
        found = {}
        if epoch is not None:
            number, _, changed = epoch.decode().partition(":")
            found[EPOCH] = (int(number), int(changed))
            for scope, value in zip(pairs[::2], pairs[1::2], strict=True):
                if value is not None:
                    version, _, changed = value.decode().partition(":")
                    found[scope.decode()] = (int(version), int(changed))
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
        return Versions(found), entry

    def store(self, key, entry, url=None):
        """Keep the page; with `url` (where it was asked for), note it under each scope it
        shows, for the pages a write touched to be rendered again (rerender.py)."""
        # The scopes first, in plain text, for the lookup script.
        head = " ".join(s for s in entry[0] if s != EPOCH).encode() + b"\n"
        pipe = self.redis.pipeline(transaction=False)
        body = head + pickle.dumps(entry, pickle.HIGHEST_PROTOCOL)
        pipe.set(cache.make_key(key), body, settings.PAGE_CACHE_TIMEOUT)
        if url is not None:
            from .rerender import index_page

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


def versioned(key, compute, scopes=()):
    """`compute()`, kept in the cache under the versions this page was read under, so a
    value many pages need (the title count, a club's ties) is computed once per write,
    not once per cold page.

    Under the versions of `scopes` (the scopes the value shows: a club's ties, its
    `team:` scope) when the page read them before its data, as a page rendered again
    does (its previous entry named them): then a write elsewhere leaves the value
    valid. Otherwise, and with no `scopes`, under every write so far (Versions.token).
    The versions are the ones the page cache read before the page's data, so the value
    is never older than the page it goes into (the same reasoning as for the pages
    themselves). Outside a cached page's request (the admin, commands, a search) there is
    no such version: computed every time. The value must pickle: plain data (ids and
    numbers) where it can, as model instances can cost more to load than to read again
    (measure: a club's ties load in a quarter of the time their queries take)."""
    versions = _page_versions.get()
    if versions is None:
        return compute()
    token = versions.token_for(scopes)
    store = page_store()
    entry = store.get_value(key)
    if entry is not None and entry[0] == token:
        return pickle.loads(entry[1])
    value = compute()
    # Pickled apart from its token, so that finding it obsolete loads only the token.
    store.set_value(key, (token, pickle.dumps(value, pickle.HIGHEST_PROTOCOL)))
    return value


def versioned_for_clubs(key, compute, clubs):
    """`versioned` under the scopes of these clubs (ids): what models/records.py keeps."""
    return versioned(key, compute, [team_scope(pk) for pk in clubs])


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

    def shows(self, *scopes):
        """Note scopes this page shows (scope names: tournament_scope(), SITE, …)."""
        self.__dict__.setdefault("page_scopes", set()).update(scopes)

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
        if not set(request.GET) <= CACHED_QUERY_PARAMETERS:
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
            scopes, etag, _headers, _content, _gzipped = entry
            if versions.validator(scopes)[0] == etag:
                stamp = settled(versions.validator(scopes)[1])
                response = get_conditional_response(request, etag=etag, last_modified=stamp)
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
        entry = (scopes, etag, headers, compress_string(body) if gzipped else body, gzipped)
        store.store(key, entry, url=request.build_absolute_uri())
        stamp = settled(stamp)
        conditional = get_conditional_response(request, etag=etag, last_modified=stamp)
        return self._finish(conditional or self._replay(request, entry), etag, stamp)

    def page_store(self, request):
        return page_store()

    @staticmethod
    def _replay(request, entry):
        _scopes, _etag, headers, content, gzipped = entry
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
