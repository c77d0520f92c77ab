"""Write a tournament as season JSON (the document import_season reads back).

manage.py export_season apertura-2011 [-o FILE]
manage.py export_season liga-de-ascenso/2011-12/apertura-2011
manage.py export_season --list
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from tournaments.export import export_tournament, find_tournament, full_slug
from tournaments.models import Tournament


class Command(BaseCommand):
    help = "Export a tournament as season JSON, or list the tournaments' slugs."

    def add_arguments(self, parser):
        parser.add_argument("tournament", nargs="?", help="SLUG or COMPETITION/SEASON/SLUG")
        parser.add_argument("--list", action="store_true", help="Print one slug per line.")
        parser.add_argument("-o", "--output", help="Write to this file instead of stdout.")

    def handle(self, *args, **options):
        # English, whatever the site's language; any database refusal in one line.
        with translation.override("en"):
            try:
                return self.run(**options)
            except DatabaseError as exc:
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                raise CommandError(f"the database refused the export: {first}") from exc

    def run(self, *, tournament, list, output, **options):
        if list:
            tournaments = Tournament.objects.select_related("season__competition").order_by(
                "season__competition__slug", "season__start_year", "order"
            )
            slugs = [t.slug for t in tournaments]
            for t in tournaments:
                # The bare slug where it is unambiguous, the full path where it is not.
                self.stdout.write(t.slug if slugs.count(t.slug) == 1 else full_slug(t))
            return
        if not tournament:
            raise CommandError("Name a tournament (see --list).")
        try:
            found = find_tournament(tournament)
        except (Tournament.DoesNotExist, ValueError) as exc:
            raise CommandError(f"{exc}. Known: {', '.join(self._slugs()) or 'none'}") from exc
        text = json.dumps(export_tournament(found), ensure_ascii=False, indent=2) + "\n"
        if output:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{output}: {getattr(exc, 'strerror', None) or exc}") from exc
        else:
            self.stdout.write(text, ending="")

    def _slugs(self):
        return [full_slug(t) for t in Tournament.objects.select_related("season__competition")]
