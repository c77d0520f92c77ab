"""List the clubs already stored that can be taken for each other, and club names that are
not clean: what imports and the admin could make before look-alike names were refused
(docs/security.md, "Club names"). Staff then merge them (an alias on the club to keep) or
leave them as the different clubs they are.

    manage.py lookalike_clubs

Writes nothing. Exit status 1 when it lists anything, so a deployment script can stop.
"""

from django.core.management.base import BaseCommand, CommandError

from tournaments.models import Team
from tournaments.vocabulary import differing_characters


class Command(BaseCommand):
    help = "List clubs whose names look alike, and club names with invisible characters."

    def handle(self, *args, **options):
        found = 0
        for club, name, other, other_name in Team.objects.lookalikes():
            differs = ", ".join(
                differing_characters(name, other_name) + differing_characters(other_name, name)
            )
            self.stdout.write(
                f"{club.name} (/admin/tournaments/team/{club.pk}/) and {other.name} "
                f"(/admin/tournaments/team/{other.pk}/) look alike: “{name}” and "
                f"“{other_name}”" + (f", differing in {differs}" if differs else "")
            )
            found += 1
        for club, clean in Team.objects.unclean_names():
            self.stdout.write(
                f"{clean} (/admin/tournaments/team/{club.pk}/): the stored name {club.name!r} "
                "holds invisible or compatibility characters; save it in the admin to clean it"
            )
            found += 1
        if found:
            raise CommandError(f"{found} club name(s) to look at, listed above")
        self.stdout.write("No look-alike club names.")
