"""Public pages cached and revalidated under the versions of the scopes they show.

A scope is what a page shows and a write can change: a tournament (`t:<id>`), a club
(`team:<id>`: its own ties, table lines and seeds), a person (`person:<id>`), a season
with its tournaments (`s:<id>`), a competition with its seasons (`c:<id>`), the site-wide
lists (`site`: competitions, seasons, tournaments; `teams`: the clubs and their names),
the title counts (`titles`); and the names of the clubs a scope's pages show
(`<scope>:names`, shown with it: a club renamed raises only those, and what the pages
read is kept, scopes.names_scope). Each page is stored with the scopes it showed and
their versions (models/version.py); each write raises the versions of the scopes it
changed. So a save in one tournament leaves every other tournament's pages, and the pages
of clubs that did not play in it, warm with their validators unchanged. A page that names
no scopes depends on every write (`any`), as every page did before scopes.

Writes. A receiver on every model of the app notes what each written row belongs to; the
scopes are raised once per transaction, after it commits (invalidation.py says why
signals here, and how every write path is followed).

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
  epoch, the page and its scopes' versions the first time a process asks for the page,
  then one MGET of the same keys) and no query.
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

from .invalidation import after_commit, data_changed, everything_changed, flush
from .middleware import CachedPageMixin, PageCacheMiddleware
from .scopes import (
    ALL,
    FIXTURES,
    LATEST,
    SITE,
    TEAMS,
    TITLES,
    competition_scope,
    listing_scope,
    pair_schedule_scope,
    person_scope,
    season_scope,
    team_scope,
    titles_scope,
    tournament_scope,
)
from .store import page_etag, page_store, versioned, versioned_for_clubs

__all__ = [
    "ALL",
    "FIXTURES",
    "LATEST",
    "SITE",
    "TEAMS",
    "TITLES",
    "CachedPageMixin",
    "PageCacheMiddleware",
    "after_commit",
    "competition_scope",
    "data_changed",
    "everything_changed",
    "flush",
    "listing_scope",
    "pair_schedule_scope",
    "page_etag",
    "page_store",
    "person_scope",
    "season_scope",
    "team_scope",
    "titles_scope",
    "tournament_scope",
    "versioned",
    "versioned_for_clubs",
]
