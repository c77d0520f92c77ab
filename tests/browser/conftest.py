"""Playwright driving Debian's Chromium (/usr/bin/chromium), never a downloaded browser.

Locally the browser tests skip when Chromium is missing; under CI (CI=true) a missing
browser is a failure, so CI cannot pass without running them.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}; CI must run browser tests.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# How Chromium reports, on the console, what the site's Content-Security-Policy blocked
# and what its Permissions-Policy header got wrong.
POLICY_MESSAGES = ("Content Security Policy", "Permissions-Policy", "Permissions policy")


@pytest.fixture(autouse=True)
def no_policy_violations(request, monkeypatch):
    """Every browser test also checks that no page it opened broke the site's own
    Content-Security-Policy or Permissions-Policy (liguilla/security_headers.py): a
    style, script or frame the policy blocks is a page that looks or works broken."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    violations = []
    new_context = browser.new_context
    # A test that frames a page on purpose to see it refused says so: that refusal is
    # what it checks, not a broken page (@pytest.mark.refuses_framing).
    refusal = "frame-ancestors" if request.node.get_closest_marker("refuses_framing") else None

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)

        def on_console(message):
            if refusal and refusal in message.text:
                return
            if any(words in message.text for words in POLICY_MESSAGES):
                url = message.page.url if message.page else "?"
                violations.append(f"{url}: {message.text}")

        context.on("console", on_console)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield
    assert violations == []


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()
