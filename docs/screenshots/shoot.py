"""Shoot the README's screenshots from a running server, full page, at 1280 and 375 px,
with Debian's Chromium (the browser tests check the same pages' layout):

    .venv/bin/python docs/screenshots/shoot.py http://127.0.0.1:8007 \\
        /en/teams/tigres/=club /en/liga-mx/2023-24/apertura-2023/bracket/=playin-2023

writes docs/screenshots/club-1280.png, club-375.png, playin-2023-1280.png, … (English:
the /en/ URLs).
Fails if a page is not 200 or sticks out sideways at either width.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def main(server, specs):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=ARGS
        )
        for spec in specs:
            path, name = spec.split("=")
            for width in (1280, 375):
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, locale="en-US"
                )
                page = context.new_page()
                response = page.goto(server + path)
                if response.status != 200:
                    sys.exit(f"{path}: HTTP {response.status}")
                if page.evaluate("document.documentElement.scrollWidth") > width:
                    sys.exit(f"{path}: wider than {width} px")
                target = HERE / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
                context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2:])
