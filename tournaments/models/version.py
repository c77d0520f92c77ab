"""The data version: one number that changes with every write to the tournament data.

Infrastructure, not a competition rule: the public pages are cached under this number
(tournaments/cache.py), so a page cached before a write is never served after it. It
lives in the database, beside the data it versions, so every app server reads the same
number on every request, whatever cache it uses and even while Redis is down.
"""

from datetime import UTC, timedelta

from django.db import connection, models, transaction
from django.utils import timezone


class DataVersion(models.Model):
    """A single row (id 1): the version and when it last changed."""

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return f"data version {self.version}"

    @classmethod
    def current(cls):
        """(version, changed_at) in one primary-key query without the ORM's overhead:
        it runs on every public request. (0, None) before the first write."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version, changed_at FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        if row is None:
            return 0, None
        version, changed_at = row
        if isinstance(changed_at, str):  # SQLite through a raw cursor
            changed_at = models.DateTimeField().to_python(changed_at)
        if changed_at is not None and timezone.is_naive(changed_at):
            changed_at = timezone.make_aware(changed_at, UTC)
        return version, changed_at

    @classmethod
    def bump(cls):
        """Add one to the version (creating the row the first time). `changed_at` is in
        whole seconds and moves at least one second forward each time, so Last-Modified
        (an HTTP date, whole seconds) changes with every version too."""
        next_second = timezone.now().replace(microsecond=0) + timedelta(seconds=1)
        with transaction.atomic():
            row, created = cls.objects.select_for_update().get_or_create(
                pk=1, defaults={"version": 1, "changed_at": next_second}
            )
            if not created:
                row.version += 1
                row.changed_at = max(next_second, row.changed_at + timedelta(seconds=1))
                row.save(update_fields=["version", "changed_at"])

    bump.alters_data = True
