"""Suite-wide language policy for tests.

The site's default language is Spanish (LANGUAGE_CODE = "es") and `make` compiles the
Spanish catalogue, so messages and admin pages come out in Spanish unless asked otherwise.
Tests of the domain and of the admin assert English text (the msgids); the public pages'
tests check both languages explicitly (tests/test_i18n.py, Accept-Language in
tests/test_views.py). So:

- code run outside a request (validation errors, import errors) runs in English;
- the test client asks for English on /admin/ unless a test sets its own language.

"""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from .apertura_2011 import build_apertura_2011


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres_only("why")`: real concurrent connections, row locks or a
    server to stop need PostgreSQL; on SQLite such a test is skipped, saying why."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    for item in items:
        if marker := item.get_closest_marker("postgres_only"):
            why = marker.args[0] if marker.args else "needs PostgreSQL"
            item.add_marker(pytest.mark.skip(reason=why))


@pytest.fixture
def apertura_2011(db):
    """The whole 2011 Apertura Liguilla, entered leg by leg through the domain methods."""
    return build_apertura_2011()


@pytest.fixture(autouse=True)
def english_domain_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def english_admin_pages(monkeypatch):
    """Every test client (pytest-django's or one a test builds) asks for English on
    /admin/ unless the test chose a language itself."""
    generic = Client.generic

    def english_on_admin(self, method, path, *args, **extra):
        chosen = "HTTP_ACCEPT_LANGUAGE" in extra or settings.LANGUAGE_COOKIE_NAME in self.cookies
        if str(path).startswith("/admin/") and not chosen:
            extra["HTTP_ACCEPT_LANGUAGE"] = "en"
        return generic(self, method, path, *args, **extra)

    monkeypatch.setattr(Client, "generic", english_on_admin)


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Django keeps content types in memory, and a test's rollback does not empty that
    memory: a content type created inside an earlier test (after a transactional test
    emptied the table) would be remembered with an id no row has any more."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty page cache: the test database is rolled back between
    tests, and with it the data version the cached pages are keyed by."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def page_cache_raises_as_if_committed(monkeypatch):
    """A write raises the page cache's versions after its transaction commits
    (tournaments/cache/invalidation.py). A test on the `db` fixture runs inside a transaction that
    never commits, so there what a write noted is raised where its commit would be: at
    once for a write of the test itself, at the end of the outermost transaction of the
    code under test (an admin save, an import) when it did not fail. Tests on real
    transactions (transactional_db) keep the real hook. Reading which atomic blocks are
    the test case's own is Django internals: test code only."""
    from django.db import connection, transaction

    from tournaments.cache import invalidation as cache

    real = cache.after_commit
    exit_ = transaction.Atomic.__exit__

    def in_test_transaction():
        blocks = getattr(connection, "atomic_blocks", [])
        return bool(blocks) and all(block._from_testcase for block in blocks)

    def after_commit(callback):
        blocks = getattr(connection, "atomic_blocks", [])
        if not blocks or not blocks[0]._from_testcase:
            real(callback)
        elif in_test_transaction():
            callback()
        # else: inside the code's own transaction, raised when it ends (below)

    def exit_as_commit(self, exc_type, exc_value, traceback):
        result = exit_(self, exc_type, exc_value, traceback)
        if exc_type is None and not self._from_testcase and in_test_transaction():
            cache.flush()
        return result

    monkeypatch.setattr(cache, "after_commit", after_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_as_commit)
