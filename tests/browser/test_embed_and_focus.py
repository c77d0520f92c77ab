"""The embeddable bracket and the focus ring on the green header, in a real browser
(Playwright driving Debian's Chromium)."""

import pytest
from django.urls import reverse

from tests.apertura_2011 import build_apertura_2011

pytestmark = pytest.mark.browser


@pytest.fixture
def apertura(transactional_db):
    return build_apertura_2011()


def test_the_embed_renders_under_its_policy_and_its_links_open_the_site(
    live_server, browser, apertura
):
    """The embed as a frame shows it (its own page: a routed page on another origin
    cannot frame a server on this machine under Chromium's private-network rules; the
    framing headers are tests/security/test_security_headers.py's). Nothing its policy
    blocks (the autouse check), and a link leaves the frame for a new tab."""
    embed = live_server.url + reverse("tournaments:bracket_embed", kwargs=apertura.url_kwargs())
    context = browser.new_context(viewport={"width": 1200, "height": 700})
    page = context.new_page()
    page.goto(embed)
    assert page.locator(".bracket").is_visible()
    assert page.locator(".site-header").count() == 0
    assert page.locator(".champion-card").inner_text().strip().startswith("Correcaminos")
    with context.expect_page() as opened:
        page.locator('.champion-card a:has-text("Correcaminos")').click()
    team = reverse("tournaments:team", args=["correcaminos"])
    assert opened.value.url == live_server.url + team
    assert page.url == embed  # the frame itself stays on the bracket
    context.close()


def test_the_focus_ring_on_the_green_header_is_gold(live_server, page, apertura):
    page.goto(live_server.url + reverse("tournaments:home"))
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand, on the green header
    focused = page.evaluate(
        "[document.activeElement.className, getComputedStyle(document.activeElement).outlineColor]"
    )
    assert focused == ["brand", "rgb(242, 183, 5)"]
