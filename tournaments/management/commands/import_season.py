"""Import whole tournaments from article text, season JSON or openfootball football.txt.

    manage.py import_season data/2011-apertura-liguilla.txt [more files] [--dry-run]
                      [--accept-mismatch] [--max-size MB] [--progress]
                      [--corrections FILE | --no-corrections]
    manage.py import_season data/openfootball-mexico      # a folder: everything under it

The format of each file is told by its content (articles and football.txt files are both
.txt). A folder is read whole, its club lists (clubs.txt) used to fold club spellings, and
its seasons loaded in order. Every file is parsed and checked first; then all of them are
written in one transaction, so an error anywhere writes nothing. Importing the same files
again changes nothing; a corrected file updates its tournament in place.
The known mistakes of football.txt files are corrected from a sourced list
(data/corrections.toml, importers/corrections.py), each correction a warning;
--no-corrections imports the files exactly as they are.
docs/import-formats.md has the formats.

Whatever the input, a failure is one line on stderr (and the errors before it, at most
100), never a traceback; two imports at once run one after the other.
"""

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from tournaments.importers import ImportFailed
from tournaments.importers.corrections import apply_corrections, parse_corrections
from tournaments.importers.footballtxt import ClubIndex, parse_clubs, sniff
from tournaments.importers.loader import MAX_ERRORS, SeasonLoader
from tournaments.importers.sources import MAX_SIZE_MB, parse_source, read_text

# The sourced corrections shipped with the project (importers/corrections.py).
CORRECTIONS = Path("data") / "corrections.toml"


def megabytes(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a size in MB greater than 0, got {text!r}")
    return value


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


def club_lists(files, max_size):
    """The club lists among the files and next to them (clubs.txt), told by content."""
    candidates = set(files)
    for path in files:
        for folder in (path.parent, path.parent.parent):
            if folder.is_dir():
                candidates.update(folder.glob("*.txt"))
    clubs = []
    for path in sorted(candidates):
        try:
            text = read_text(path, max_size)
        except ImportFailed:
            continue
        if sniff(text) == "clubs":
            clubs += parse_clubs(text, str(path))
    return ClubIndex(clubs)


def read_corrections(path, max_size):
    """The corrections list named, or the one shipped with the project (named as
    data/corrections.toml in messages, wherever the command runs from)."""
    if path is None:
        text = read_text(Path(settings.BASE_DIR) / CORRECTIONS, max_size)
        return parse_corrections(text, str(CORRECTIONS))
    return parse_corrections(read_text(path, max_size), str(path))


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
            "--max-size",
            type=megabytes,
            default=MAX_SIZE_MB,
            metavar="MB",
            help=f"Refuse files larger than this (default {MAX_SIZE_MB} MB).",
        )
        parser.add_argument(
            "--progress", action="store_true", help="Show a progress bar (on standard error)."
        )
        corrections = parser.add_mutually_exclusive_group()
        corrections.add_argument(
            "--corrections",
            metavar="FILE",
            help=f"The list of known source mistakes to correct (default {CORRECTIONS}).",
        )
        corrections.add_argument(
            "--no-corrections",
            action="store_true",
            help="Import the files exactly as they are, known mistakes included.",
        )

    def handle(self, *args, **options):
        # Command output is English, whatever the site's language: the domain's messages
        # (validation errors, round and leg labels) are translated, so pin the language.
        with translation.override("en"):
            return self.run(**options)

    def run(
        self,
        *,
        files,
        dry_run,
        accept_mismatch,
        max_size,
        progress,
        verbosity,
        corrections,
        no_corrections,
        **options,
    ):
        try:
            paths = expand(files)
            records = []
            for path in paths:
                parsed = parse_source(path, max_size)
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
            footballtxt = any(r.layout == "footballtxt" for r in records)
            if footballtxt and not no_corrections:
                apply_corrections(records, read_corrections(corrections, max_size))
            clubs = club_lists(paths, max_size) if footballtxt else None
            loader = SeasonLoader(accept_mismatch=accept_mismatch, dry_run=dry_run)
            reports = loader.load_all(
                records, clubs=clubs, progress=self._bar if progress else None
            )
        except ImportFailed as exc:
            if progress:
                self.stderr.write("")
            for other in exc.more:
                self.stderr.write(f"error: {other}")
            more = f" (and {len(exc.more)} more, listed above)" if exc.more else ""
            if exc.stopped:
                # Not counted: the errors past the cap are found by the database checks the
                # cap is there to spare (about 6 ms a goal on SQLite, minutes for a 5 MB file).
                more += (
                    f"; stopped after {MAX_ERRORS} errors: the rest of {exc.source} was not "
                    "checked, so it may hold more errors"
                )
            raise CommandError(f"{exc}{more}") from exc
        except DatabaseError as exc:
            # A constraint or lock the checks above did not foresee: say so in one line.
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(
                f"the database refused the import, nothing written: {first}"
            ) from exc
        except (RecursionError, MemoryError) as exc:
            raise CommandError(
                f"{' '.join(files)}: too large or too deeply nested to import "
                f"({type(exc).__name__}), nothing written"
            ) from exc
        if progress:
            self.stderr.write("")
        self.report(reports, dry_run, verbosity)

    def report(self, reports, dry_run, verbosity):
        for report in reports:
            for warning in report.warnings[:MAX_ERRORS]:
                self.stderr.write(self.style.WARNING(f"warning: {warning}"))
            if len(report.warnings) > MAX_ERRORS:
                hidden = len(report.warnings) - MAX_ERRORS
                self.stderr.write(self.style.WARNING(f"warning: … and {hidden} more warnings"))
            prefix = "Dry run, nothing written. " if dry_run else ""
            if report.created:
                state = "would create" if dry_run else "created"
            elif report.changes:
                state = f"would change {len(report.changes)}" if dry_run else "updated"
            else:
                state = "nothing changed"
            if dry_run or verbosity >= 2:
                self.stdout.write(f"What {report.source} says, as read:")
                for line in report.read:
                    self.stdout.write(f"  {line}")
                if report.warnings:
                    self.stdout.write(f"  {len(report.warnings)} warning(s), listed above")
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
