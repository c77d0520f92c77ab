#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

# Commands that only read the code (never serve a request, sign a cookie or open the
# database): they need no secret key, so they run the same with or without DJANGO_DEBUG.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liguilla.settings")
    if sys.argv[1:2] and sys.argv[1] in OFFLINE_COMMANDS:
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Read the settings first: Django's command line keeps a settings error aside and
        # goes on, so it would surface later as an unrelated AppRegistryNotReady traceback.
        settings.INSTALLED_APPS  # noqa: B018
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        # Production is the default (README "Settings"): a missing setting is one line, with
        # the way to ask for development, never a traceback.
        sys.exit(f"{exc} For development, run with DJANGO_DEBUG=1 (the Makefile targets do).")


if __name__ == "__main__":
    main()
