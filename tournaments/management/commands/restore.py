"""Replace the whole database with a backup made by `manage.py backup`.

    manage.py restore FILE [--noinput]

Everything in the database now is replaced. Run `manage.py migrate` afterwards when the
backup is older than the code. docs/security.md.
"""

from django.core.management.base import BaseCommand, CommandError

from tournaments.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the whole database with a backup made by manage.py backup."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backup made by manage.py backup.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip

    def handle(self, *args, file, interactive, **options):
        if interactive:
            try:
                answer = input(
                    f"This replaces everything in the database with {file}. Type 'yes' to go on: "
                )
            except EOFError:  # no terminal (a script): say no
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled, nothing changed.")
        try:
            self.stdout.write(restore(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
