"""Run the worker that renders again, in the background, the pages a write touched
(tournaments/rerender.py): `make serve` starts one beside gunicorn; in production a second
process (README "Deploying").

    manage.py rerender_worker            # until stopped (SIGTERM: the current job ends first)
    manage.py rerender_worker --burst    # the jobs waiting, then exit

Thin: django-rq's `rqworker` on this site's queue (PAGE_RERENDER_QUEUE) with RQ's
SimpleWorker, which runs each job in this process instead of a fork per job: the
compiled templates, the database connection and the site's handler are kept from one
job to the next, so a page costs what it costs gunicorn.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tournaments import rerender


class Command(BaseCommand):
    help = "Render again, in the background, the public pages each write touched."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="The jobs waiting, then exit.")

    def handle(self, *args, burst, **options):
        if not rerender.enabled():
            raise CommandError("no queue: set REDIS_URL (and leave PAGE_RERENDER on)")
        call_command(
            "rqworker",
            settings.PAGE_RERENDER_QUEUE,
            worker_class="rq.worker.SimpleWorker",
            burst=burst,
            verbosity=options["verbosity"],
        )
