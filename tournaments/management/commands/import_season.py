"""Import whole tournaments from article text, season JSON or openfootball football.txt.

    manage.py import_season data/2011-apertura-liguilla.txt [more files] [--dry-run]
                      [--accept-mismatch] [--max-size MB] [--progress]
                      [--corrections FILE | --no-corrections] [--new-club NAME ...]
    manage.py import_season data/openfootball-mexico      # a folder: everything under it

The format of each file is told by its content (articles and football.txt files are both
.txt). A folder is read whole, its club lists (clubs.txt) used to fold club spellings, and
its seasons loaded in order. Every file is parsed and checked first; then all of them are
written in one transaction, so an error anywhere writes nothing. Importing the same files
again changes nothing; a corrected file updates its tournament in place.
The known mistakes of football.txt files are corrected from a sourced list
(data/corrections.toml, importers/corrections.py), each correction a warning;
--no-corrections imports the files exactly as they are.
Club names are cleaned as the admin cleans them (invisible characters, full-width letters,
extra spaces); a new club whose name looks like an existing club's (a Cyrillic о for an
o) is refused, naming that club, unless --new-club NAME says it is a different club.
docs/import-formats.md has the formats.

Whatever the input, a failure is one line on stderr (and the errors before it, at most
100), never a traceback; two imports at once run one after the other.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from tournaments.importers import ImportFailed, pipeline
from tournaments.importers.context import MAX_ERRORS
from tournaments.importers.sources import MAX_SIZE_MB


def megabytes(text):
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a size in MB greater than 0, got {text!r}")
    return value


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
        parser.add_argument(
            "--new-club",
            action="append",
            default=[],
            metavar="NAME",
            dest="new_clubs",
            help=(
                "NAME is a club of its own, though it looks like an existing club's name "
                "(repeat for each such club)."
            ),
        )
        corrections = parser.add_mutually_exclusive_group()
        corrections.add_argument(
            "--corrections",
            metavar="FILE",
            help=f"The list of known source mistakes to correct (default {pipeline.CORRECTIONS}).",
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
        new_clubs,
        **options,
    ):
        def said(path, parsed):
            if verbosity >= 1 and not progress:
                for record in parsed:
                    self.stdout.write(f"Read {path}: {describe(record)}")

        try:
            paths = pipeline.expand(files)
            records = pipeline.read(paths, max_size, on_read=said)
            footballtxt = any(r.layout == "footballtxt" for r in records)
            known_mistakes = None
            if footballtxt and not no_corrections:
                known_mistakes = pipeline.read_corrections(corrections, max_size)
            pipeline.check(records, known_mistakes)
            reports = pipeline.load(
                records,
                clubs=pipeline.club_lists(paths, max_size) if footballtxt else None,
                accept_mismatch=accept_mismatch,
                dry_run=dry_run,
                progress=self._bar if progress else None,
                new_clubs=new_clubs,
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


def describe(record) -> str:
    """What one record holds, in a line: `Liga MX Apertura 2023, 10 teams, 62 legs`."""
    legs = sum(len(r.legs) for r in record.rounds)
    teams = f"{len(record.matches)} matches" if record.matches else f"{len(record.entries)} teams"
    return f"{record.competition} {record.name}, {teams}, {legs} legs"
