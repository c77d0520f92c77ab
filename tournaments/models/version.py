"""The data version: one number that changes with every write to the tournament data.

Infrastructure, not a competition rule: the public pages are cached under this number
(tournaments/cache.py), so a page cached before a write is never served after it. It
lives in the database, beside the data it versions, so every app server reads the same
number on every request, whatever cache it uses and even while Redis is down.
"""

import time

from django.db import connection, models
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A single row (id 1): the version, and when it last changed in whole seconds since
    the epoch (what Last-Modified, an HTTP date, can say)."""

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed = models.PositiveBigIntegerField(_("changed"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self):
        return f"data version {self.version}"

    @classmethod
    def current(cls):
        """(version, changed) in one primary-key query without the ORM's overhead: it runs
        on every public request. (0, 0) before the first write."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version, changed FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        return (row[0], row[1]) if row else (0, 0)

    @classmethod
    def bump(cls):
        """Add one to the version in one UPDATE (creating the row the first time).
        `changed` is the second of the write by this server's clock, never later (RFC 9110
        8.8.2.2: Last-Modified is never ahead of Date), and never goes back (another
        server's clock may be a little ahead). Two writes within one second share it: the
        page cache sends Last-Modified only once it is old enough to tell them apart."""
        now = int(time.time())
        bumped = cls.objects.filter(pk=1).update(
            version=F("version") + 1,
            changed=Case(When(changed__gt=now, then=F("changed")), default=Value(now)),
        )
        if not bumped:
            cls.objects.get_or_create(pk=1, defaults={"version": 1, "changed": now})

    bump.alters_data = True
