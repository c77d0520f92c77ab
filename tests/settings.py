"""Test settings: the production settings with debug asked for (so no secret key, HTTPS
redirect or secure-only cookies are needed by the test client), plain static storage (no
collectstatic needed) and the local-memory page cache (never a Redis shared with other
runs). Production behaviour itself is tested through `check --deploy` in a subprocess
(tests/test_settings.py) and with these settings overridden where a test needs them."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.pop("REDIS_URL", None)

from liguilla.settings import *  # noqa: E402,F403
from liguilla.settings import STORAGES  # noqa: E402

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The test databases are thrown away: their commits need not wait for the disk
    # (the suite's live-server and transactional tests commit thousands of times).
    _options = DATABASES["default"]["OPTIONS"]  # noqa: F405
    _options["options"] = f"{_options['options']} -c synchronous_commit=off"
