"""CPU cost of each public page, in-process, with the production settings: CPU
milliseconds per request (time.process_time, so other work on a shared machine matters
far less than for wrk's wall-clock figures) for the trivial view, each page warm (from
the page cache), cold (rendered), and a 304, plus cProfile of chosen pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/liguilla_bench .venv/bin/python bench/cpu.py
    … bench/cpu.py --profile /liga-de-ascenso/2030-31/torneo-grande/results/
    PROFILE_SORT=tottime … bench/cpu.py --profile …     (pstats order; default cumulative)

Run bench/run.sh (or bench/seed.py) first to fill the database. The database queries run
in PostgreSQL's own process, so their server time is not counted here: the figure is the
worker's CPU, which is what limits the requests a core can serve.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
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

from django.test import Client  # noqa: E402

T7 = "/liga-de-ascenso/2011-12/apertura-2011"
T64 = "/liga-de-ascenso/2030-31/torneo-grande"
PAGES = [
    "/",
    "/liga-de-ascenso/",
    "/liga-de-ascenso/2011-12/",
    f"{T7}/",
    f"{T7}/bracket/",
    f"{T7}/results/",
    f"{T7}/scorers/",
    f"{T7}/round-1/tie-1/leg-2/",
    f"{T7}/season.json",
    "/liga-de-ascenso/scorers/",
    "/teams/correcaminos/",
    "/players/eder-pacheco/",
    "/liga-de-ascenso/2030-31/",
    f"{T64}/",
    f"{T64}/bracket/",
    f"{T64}/results/",
    f"{T64}/scorers/",
    f"{T64}/round-1/tie-1/leg-2/",
]
HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_ENCODING": "gzip"}


def cpu_ms(client, url, runs, **headers):
    response = client.get(url, **HEADERS, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    start = time.process_time()
    for _ in range(runs):
        client.get(url, **HEADERS, **headers)
    return (time.process_time() - start) / runs * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--profile", nargs="*", default=[], help="cold pages to cProfile")
    args = parser.parse_args()
    client = Client()
    if args.profile:
        for url in args.profile:
            client.get(url + "?cold=1", **HEADERS)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                client.get(url + "?cold=1", **HEADERS)
            profiler.disable()
            out = io.StringIO()
            order = os.environ.get("PROFILE_SORT", "cumulative")
            stats = pstats.Stats(profiler, stream=out).sort_stats(order)
            stats.print_stats(35)
            print(f"== {url} (cold, {args.runs} renders)\n{out.getvalue()}")
        return
    trivial = cpu_ms(client, "/bench/trivial/", args.runs * 10)
    print(f"{'url':58} {'warm ms':>8} {'×triv':>6} {'cold ms':>8} {'×triv':>6}")
    print(f"{'trivial view':58} {trivial:8.2f} {1:6.2f}")
    floor = cpu_ms(client, "/bench-floor/?cold=1", args.runs * 5)
    label = "floor: 1 query + page shell (cold)"
    print(f"{label:58} {'':8} {'':6} {floor:8.2f} {trivial / floor:6.2f}")
    for url in PAGES:
        warm = cpu_ms(client, url, args.runs * 5)
        cold = cpu_ms(client, url + "?cold=1", args.runs)
        print(f"{url:58} {warm:8.2f} {trivial / warm:6.2f} {cold:8.2f} {trivial / cold:6.2f}")
    etag = client.get(f"{T7}/bracket/", **HEADERS)["ETag"]
    not_modified = cpu_ms(client, f"{T7}/bracket/", args.runs * 5, HTTP_IF_NONE_MATCH=etag)
    print(f"{'304 ' + T7 + '/bracket/':58} {not_modified:8.2f} {trivial / not_modified:6.2f}")


if __name__ == "__main__":
    main()
