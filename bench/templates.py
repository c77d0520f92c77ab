"""Template time of each public page: CPU milliseconds spent rendering templates (both
engines, outermost render only) per cold request, against the whole cold request, with
the production settings. What decides which template engine the public pages use
(docs/performance.md, "One template engine").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liguilla_bench \
        .venv/bin/python bench/templates.py

Run bench/seed.py (or bench/run.sh) first to fill the database. Each page is asked with
`?cold=1` (bench/settings.py: rendered every time, nothing kept); the template time is
measured by wrapping the engines' Template.render (and liguilla.jinja2.render_page where
it exists), so queries made lazily from a template count as template time, as they would
in any engine.
"""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO=https")
os.environ.pop("DJANGO_DEBUG", None)

import django  # noqa: E402

django.setup()

from django.template.backends import django as django_backend  # noqa: E402
from django.template.backends import jinja2 as jinja2_backend  # noqa: E402
from django.test import Client  # noqa: E402

from bench.cpu import HEADERS, T7, T64  # noqa: E402

PAGES = [
    ("home", "/"),
    ("competition", "/liga-de-ascenso/"),
    ("season", "/liga-de-ascenso/2011-12/"),
    ("team", "/teams/correcaminos/"),
    ("player", "/players/eder-pacheco/"),
    ("scorers (7 teams)", f"{T7}/scorers/"),
    ("regular season (7)", f"{T7}/regular-season/"),
    ("overview (7)", f"{T7}/"),
    ("bracket (7)", f"{T7}/bracket/"),
    ("results (7)", f"{T7}/results/"),
    ("match page (7)", f"{T7}/round-1/tie-1/leg-2/"),
    ("overview (64)", f"{T64}/"),
    ("bracket (64)", f"{T64}/bracket/"),
    ("results (64)", f"{T64}/results/"),
    ("scorers (64)", f"{T64}/scorers/"),
]


class Timer:
    """Seconds of CPU spent in the outermost template render of a request."""

    def __init__(self):
        self.depth = 0
        self.spent = 0.0

    def wrap(self, function):
        def timed(*args, **kwargs):
            self.depth += 1
            start = time.process_time() if self.depth == 1 else None
            try:
                return function(*args, **kwargs)
            finally:
                if start is not None:
                    self.spent += time.process_time() - start
                self.depth -= 1

        return timed


@contextmanager
def timing(timer):
    patched = [
        (django_backend.Template, "render"),
        (jinja2_backend.Template, "render"),
    ]
    try:
        from liguilla import jinja2 as site_jinja2
        from tournaments import views

        if hasattr(views, "render_page"):
            patched.append((views, "render_page"))
        del site_jinja2
    except ImportError:
        pass
    originals = [(owner, name, getattr(owner, name)) for owner, name in patched]
    for owner, name, original in originals:
        setattr(owner, name, timer.wrap(original))
    try:
        yield
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def main(runs=20):
    client = Client()
    print(f"{'page':22} {'engine':7} {'cold ms':>8} {'template ms':>12} {'share':>6}")
    for label, url in PAGES:
        response = client.get(url + "?cold=1", **HEADERS)
        assert response.status_code == 200, (url, response.status_code)
        timer = Timer()
        with timing(timer):
            start = time.process_time()
            for _ in range(runs):
                client.get(url + "?cold=1", **HEADERS)
            total = (time.process_time() - start) / runs * 1000
        engine = engine_of(url)
        spent = timer.spent / runs * 1000
        print(f"{label:22} {engine:7} {total:8.2f} {spent:12.2f} {spent / total:6.0%}")


def engine_of(url):
    from django.urls import resolve

    view = resolve(url).func.view_class
    names = {cls.__name__ for cls in view.__mro__}  # JinjaPage: before the one engine
    if "JinjaPage" in names:
        return "jinja2"
    return getattr(view, "template_engine", None) or "django"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
