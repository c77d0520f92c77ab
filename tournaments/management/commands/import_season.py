"""Import whole tournaments from article text (.txt) or season JSON (.json).

    manage.py import_season data/2011-apertura-liguilla.txt [more files] [--dry-run]
                                                 [--accept-mismatch] [--max-size MB]

Every file is parsed and checked first; then all of them are written in one transaction,
so an error anywhere writes nothing. Importing the same file again changes nothing; a
corrected file updates its tournament in place. docs/import-formats.md has the formats.

Whatever the input, a failure is one line on stderr (and the errors before it, at most
100), never a traceback; two imports at once run one after the other.
"""

import argparse

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from tournaments.importers import ImportFailed, parse_file
from tournaments.importers.loader import MAX_ERRORS, SeasonLoader
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
    help = "Import tournaments from article text (.txt) or season JSON (.json) files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Article (.txt) or season JSON (.json).")
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

    def handle(self, *args, **options):
        # Command output is English, whatever the site's language: the domain's messages
        # (validation errors, round and leg labels) are translated, so pin the language.
        with translation.override("en"):
            return self.run(**options)

    def run(self, *, files, dry_run, accept_mismatch, max_size, verbosity, **options):
        try:
            records = []
            for path in files:
                record = parse_file(path, max_size)
                records.append(record)
                if verbosity >= 1:
                    legs = sum(len(r.legs) for r in record.rounds)
                    self.stdout.write(
                        f"Read {path}: {record.competition} {record.name}, "
                        f"{len(record.entries)} teams, {legs} legs"
                    )
            loader = SeasonLoader(accept_mismatch=accept_mismatch, dry_run=dry_run)
            reports = loader.load_all(records)
        except ImportFailed as exc:
            for other in exc.more:
                self.stderr.write(f"error: {other}")
            more = f" (and {len(exc.more)} more, listed above)" if exc.more else ""
            if exc.stopped:
                more += f"; stopped after {MAX_ERRORS} errors, the rest was not checked"
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
            self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary} ({state})"))
            if verbosity >= 2 or (report.changes and not report.created):
                for change in report.changes:
                    self.stdout.write(f"  {change}")
