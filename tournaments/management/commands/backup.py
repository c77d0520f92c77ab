"""Back up the whole database (results, history, users, groups, aliases, slugs).

    manage.py backup FILE

PostgreSQL: pg_dump's custom format; SQLite: a consistent online copy. docs/security.md.
"""

from django.core.management.base import BaseCommand, CommandError

from tournaments.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the whole database to FILE (pg_dump -Fc on PostgreSQL, a copy on SQLite)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Where to write the backup.")

    def handle(self, *args, file, **options):
        try:
            self.stdout.write(backup(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
