"""The production settings plus what the benchmarks need (bench/run.sh, bench/cpu.py):
the trivial view's URL, which skips the page-cache lookup like any non-page path, and
`?cold=1`, which takes a page's cold path exactly (version read, render, compression,
validators) without keeping the result, so every such request renders."""

from liguilla.settings import *  # noqa: F403
from liguilla.settings import MIDDLEWARE, PAGE_CACHE_SKIPPED_PATHS

ROOT_URLCONF = "bench.urls"
PAGE_CACHE_SKIPPED_PATHS = (*PAGE_CACHE_SKIPPED_PATHS, "/bench/")
MIDDLEWARE = [
    "bench.middleware.BenchPageCacheMiddleware"
    if name == "tournaments.cache.middleware.PageCacheMiddleware"
    else name
    for name in MIDDLEWARE
]
