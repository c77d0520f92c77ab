"""Data versions by scope: numbers that change with the writes to what a page shows.

Infrastructure, not a competition rule. The public pages are cached under these numbers
(tournaments/cache/): each page is kept with the versions of the scopes it shows (a
tournament, a club, a competition, the site-wide lists), and each write raises the
versions of the scopes it changed, so a page cached before a write is never served after
it, and a write in one tournament leaves the pages of every other one alone. They live in
the database, beside the data they version, so every app server reads the same numbers
whatever cache it uses and even while Redis is down.

Two scopes are special: `epoch`, a random number every page is stored under, replaced when
the whole database is (a restore), so no page or validator of the replaced timeline is
ever matched again, whatever numbers the restored rows hold; and `any`, raised by every
write, which the page cache reads before and after a render to know that no write came in
between (tournaments/cache/).
"""

import secrets
import time

from django.db import connection, models, transaction
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

EPOCH = "epoch"
ANY = "any"


class ScopeVersion(models.Model):
    """One row per scope: its version, and when it last changed in whole seconds since
    the epoch by the writer's clock (what Last-Modified, an HTTP date, can say)."""

    scope = models.CharField(_("scope"), max_length=64, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)
    changed = models.BigIntegerField(_("changed"), default=0)
    # For a scope raised only when what it covers really changed (the title counts): a
    # digest of that content at the last raise.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"{self.scope} version {self.version}"

    @classmethod
    def read(cls, scopes):
        """{scope: (version, changed)} for `scopes` in one query without the ORM's
        overhead (it runs on public requests); (0, 0) for a scope never written."""
        scopes = list(dict.fromkeys(scopes))
        table = connection.ops.quote_name(cls._meta.db_table)
        marks = ", ".join(["%s"] * len(scopes))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT scope, version, changed FROM {table} WHERE scope IN ({marks})", scopes
            )
            found = {scope: (version, changed) for scope, version, changed in cursor.fetchall()}
        return {scope: found.get(scope, (0, 0)) for scope in scopes}

    @classmethod
    def bump(cls, scopes, fingerprints=None):
        """Raise each of `scopes` (and `any`) by one, in a short transaction of its own:
        called after the write's own transaction committed (tournaments/cache/), so writers never
        queue on these rows for longer than this. The rows are locked in scope order, so
        two writers raising overlapping scopes cannot deadlock. `changed` is the second
        of the write by this server's clock, never later (RFC 9110 8.8.2.2: Last-Modified
        is never ahead of Date) and never back (another server's clock may be a little
        ahead).

        `fingerprints`: {scope: digest} raised only when the digest differs from the one
        stored (the title counts: most writes do not change them). Returns
        {scope: (version, changed)} of the rows raised."""
        now = int(time.time())
        fingerprints = fingerprints or {}
        scopes = sorted({*scopes, *fingerprints, ANY})
        with transaction.atomic():
            cls.objects.bulk_create(
                [cls(scope=scope, changed=now) for scope in scopes], ignore_conflicts=True
            )
            rows = cls.objects.select_for_update().filter(scope__in=scopes).order_by("scope")
            stored = dict(rows.values_list("scope", "fingerprint"))
            same = {s for s, digest in fingerprints.items() if stored.get(s) == digest}
            raised = [scope for scope in scopes if scope not in same]
            cls.objects.filter(scope__in=raised).update(
                version=F("version") + 1,
                changed=Case(When(changed__gt=now, then=F("changed")), default=Value(now)),
            )
            for scope, digest in fingerprints.items():
                if scope not in same:
                    cls.objects.filter(scope=scope).update(fingerprint=digest)
            return cls.read(raised)

    bump.alters_data = True

    @classmethod
    def new_epoch(cls):
        """A new random epoch: every page and validator made before is never matched
        again. After a restore, which brings back the rows of another timeline."""
        epoch = secrets.randbits(62)
        cls.objects.update_or_create(
            scope=EPOCH, defaults={"version": epoch, "changed": int(time.time())}
        )
        return epoch

    new_epoch.alters_data = True
