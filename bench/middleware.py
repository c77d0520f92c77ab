"""`?cold=1`: the page cache's cold path without keeping the page (bench/settings.py)."""

from tournaments.cache import PageCacheMiddleware


class ColdStore:
    """Reads the real data versions, never finds a page and keeps nothing."""

    def __init__(self, store):
        self.store_ = store

    def lookup(self, key):
        return self.store_.versions(()), None

    def versions(self, scopes):
        return self.store_.versions(scopes)

    def store(self, key, entry, url=None):
        pass


class BenchPageCacheMiddleware(PageCacheMiddleware):
    def __call__(self, request):
        if request.GET.get("cold") == "1":
            request.GET = request.GET.copy()
            del request.GET["cold"]
            request.cold = True
        return super().__call__(request)

    def page_store(self, request):
        store = super().page_store(request)
        return ColdStore(store) if getattr(request, "cold", False) else store
