"""Import whole tournaments from article text, season JSON or openfootball football.txt.

    manage.py import_season data/2011-apertura-liguilla.txt [more files] [--dry-run]
                                                                 [--accept-mismatch]
    manage.py import_season data/openfootball-mexico      # a folder: everything under it

The format of each file is told by its content (articles and football.txt files are both
.txt). A folder is read whole, its club lists (clubs.txt) used to fold club spellings, and
its seasons loaded in order. Every file is parsed and checked first; then all of them are
written in one transaction, so an error anywhere writes nothing. Importing the same files
again changes nothing. docs/import-formats.md has the formats.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tournaments.importers import ImportFailed
from tournaments.importers.footballtxt import ClubIndex, parse_clubs, sniff
from tournaments.importers.loader import SeasonLoader
from tournaments.importers.records import parse_source, read_text


def expand(paths):
    """Files named, and every .txt/.json file under a folder named, in path order."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in {".txt", ".json"} and p.is_file()
            )
            if not found:
                raise ImportFailed(path, None, "no .txt or .json file in this folder")
            files += found
        else:
            files.append(path)
    return files


def club_lists(files):
    """The club lists among the files and next to them (clubs.txt), by content."""
    candidates = set(files)
    for path in files:
        for folder in (path.parent, path.parent.parent):
            if folder.is_dir():
                candidates.update(folder.glob("*.txt"))
    clubs = []
    for path in sorted(candidates):
        try:
            text = read_text(path)
        except ImportFailed:
            continue
        if sniff(text) == "clubs":
            clubs += parse_clubs(text, str(path))
    return ClubIndex(clubs)


class Command(BaseCommand):
    help = "Import tournaments from article text, season JSON or football.txt files or folders."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )
        parser.add_argument(
            "--accept-mismatch",
            action="store_true",
            help="Import even where the source contradicts the rules (each one is a warning).",
        )
        parser.add_argument(
            "--progress", action="store_true", help="Show a progress bar (on standard error)."
        )

    def handle(self, *args, files, dry_run, accept_mismatch, progress, verbosity, **options):
        try:
            paths = expand(files)
            records = []
            for path in paths:
                parsed = parse_source(path)
                records += parsed
                if verbosity >= 1 and not progress:
                    for record in parsed:
                        legs = sum(len(r.legs) for r in record.rounds)
                        teams = (
                            f"{len(record.matches)} matches"
                            if record.matches
                            else f"{len(record.entries)} teams"
                        )
                        self.stdout.write(
                            f"Read {path}: {record.competition} {record.name}, {teams}, {legs} legs"
                        )
            clubs = club_lists(paths) if any(r.layout == "footballtxt" for r in records) else None
            loader = SeasonLoader(accept_mismatch=accept_mismatch, dry_run=dry_run)
            reports = loader.load_all(
                records, clubs=clubs, progress=self._bar if progress else None
            )
        except ImportFailed as exc:
            if progress:
                sys.stderr.write("\n")
            for other in exc.more:
                self.stderr.write(f"error: {other}")
            more = f" (and {len(exc.more)} more, listed above)" if exc.more else ""
            raise CommandError(f"{exc}{more}") from exc
        if progress:
            self.stderr.write("")
        for report in reports:
            for warning in report.warnings:
                self.stderr.write(self.style.WARNING(f"warning: {warning}"))
            prefix = "Dry run, nothing written. " if dry_run else ""
            if report.created:
                state = "would create" if dry_run else "created"
            elif report.changes:
                state = f"would change {len(report.changes)}" if dry_run else "updated"
            else:
                state = "nothing changed"
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary} ({state})"))
            if verbosity >= 2 or (report.changes and not report.created):
                for change in report.changes:
                    self.stdout.write(f"  {change}")

    def _bar(self, done, total, record):
        width = 30
        filled = width * done // total
        label = f"{record.competition} {record.name} {record.part}"[:50]
        self.stderr.ending = ""
        self.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:50}")
        self.stderr.ending = "\n"
