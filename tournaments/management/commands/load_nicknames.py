"""Load the names fans use for clubs (data/nicknames.toml) as the clubs' aliases, so the
search finds "Chivas" or "Rayados" and club pages show them.

    manage.py load_nicknames [FILE] [--dry-run]

Thin: importers/nicknames.py parses, importers/nicknames_loader.py writes. Running it
again adds nothing; aliases staff added in the admin are kept.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from tournaments.importers.nicknames import NicknamesError, parse_nicknames
from tournaments.importers.nicknames_loader import load_nicknames

NICKNAMES = Path("data") / "nicknames.toml"


class Command(BaseCommand):
    help = "Load the clubs' nicknames (data/nicknames.toml) as their aliases."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(NICKNAMES))
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            loaded = load_nicknames(parse_nicknames(file), dry_run=dry_run)
        except NicknamesError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise CommandError(f"{file}: the database refused the nicknames: {first}") from exc
        line = f"{len(loaded.added)} nicknames added"
        if loaded.clubs_missing:
            line += f"; clubs not on the site: {', '.join(loaded.clubs_missing)}"
        self.stdout.write(line)
