"""Load the sourced lists of league champions (data/titles/*.toml) that the club and
champions pages count.

    manage.py load_titles                       # every list in data/titles/
    manage.py load_titles data/titles/liga-mx.toml [--dry-run]

Thin: each file is parsed (importers/titles.py) and loaded (importers/titles_loader.py);
a list is replaced only where it changed, so running it again writes nothing. A mistake
is one line naming the file and the entry, and nothing of that file is written.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from tournaments.importers.titles import TitleListError, parse_title_list
from tournaments.importers.titles_loader import load_title_list

TITLES = Path("data") / "titles"


class Command(BaseCommand):
    help = "Load the sourced lists of league champions (data/titles/)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="TOML lists (default: data/titles/*.toml)")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")

    def handle(self, *args, files, dry_run, **options):
        paths = [Path(name) for name in files] or sorted(TITLES.glob("*.toml"))
        if not paths:
            raise CommandError(f"no list of champions in {TITLES}/")
        with translation.override("en"):
            for path in paths:
                try:
                    loaded = load_title_list(parse_title_list(path), dry_run=dry_run)
                except TitleListError as exc:
                    raise CommandError(str(exc)) from exc
                except DatabaseError as exc:
                    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                    raise CommandError(f"{path}: the database refused the list: {first}") from exc
                for line in loaded.lines:
                    self.stdout.write(line)
