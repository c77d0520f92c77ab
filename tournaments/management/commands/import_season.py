"""Import whole tournaments from article text (.txt) or season JSON (.json).

    manage.py import_season data/2011-apertura-liguilla.txt [more files] [--dry-run]
                                                                 [--accept-mismatch]

Every file is parsed and checked first; then all of them are written in one transaction,
so an error anywhere writes nothing. Importing the same file again changes nothing; a
corrected file updates its tournament in place. docs/import-formats.md has the formats.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tournaments.importers import ImportFailed, parse_file
from tournaments.importers.loader import SeasonLoader


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

    def handle(self, *args, **options):
        # One language for every message, the domain's ValidationErrors included, whatever
        # language is active (the site's default is Spanish).
        with translation.override("en"):
            self._import(**options)

    def _import(self, *, files, dry_run, accept_mismatch, verbosity, **options):
        try:
            records = []
            for path in files:
                record = parse_file(path)
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
            raise CommandError(f"{exc}{more}") from exc
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
