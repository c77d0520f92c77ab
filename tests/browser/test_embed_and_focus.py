"""The embeddable bracket and the focus ring on the green header, in a real browser
(Playwright driving Debian's Chromium)."""

import datetime
import http.server
import threading

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.apertura_2011 import build_apertura_2011
from tests.browser.live_steps import a_goal_shows_in_the_tie_box
from tests.builders import clausura_2013_final, leg_between

pytestmark = pytest.mark.browser


@pytest.fixture
def apertura(transactional_db):
    return build_apertura_2011()


def test_the_embed_renders_under_its_policy_and_its_links_open_the_site(
    live_server, browser, apertura
):
    """The embed as a page of its own (framed from another origin: the next tests).
    Nothing its policy blocks (the autouse check), and a link leaves the frame for a
    new tab."""
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


# -- framed by another site -----------------------------------------------------------------


@pytest.fixture
def fan_blog():
    """Another origin on this machine (another port: a routed page on a public origin
    cannot frame a server on this machine under Chromium's private-network rules) serving
    a fan's blog post that frames the given URLs: `fan_blog(url, ...)` is the post's URL."""
    frames = {}

    class Post(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = "".join(
                f'<iframe id="{name}" src="{src}" width="900" height="600"></iframe>'
                for name, src in frames.items()
            )
            page = f"<!doctype html><title>Fan blog</title><h1>Tonight</h1>{body}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Post)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def post(**urls):
        frames.clear()
        frames.update(urls)
        return f"http://127.0.0.1:{server.server_address[1]}/tonight"

    yield post
    server.shutdown()
    server.server_close()


@pytest.mark.refuses_framing
def test_another_site_frames_the_embed_and_not_the_public_pages(
    live_server, browser, apertura, fan_blog
):
    """The blog (127.0.0.1:<port>) frames the embed and the bracket page of the site
    (localhost:<port>), another origin: the embed shows inside its frame; the bracket
    page refuses (frame-ancestors 'none', X-Frame-Options DENY), its frame left empty."""
    kw = apertura.url_kwargs()
    site = live_server.url
    post = fan_blog(
        embed=site + reverse("tournaments:bracket_embed", kwargs=kw),
        public=site + reverse("tournaments:bracket", kwargs=kw),
    )
    assert post.split("/")[2] != site.split("/")[2]  # not the same origin
    refusals = []
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    context.on("console", lambda message: refusals.append(message.text))
    page = context.new_page()
    page.goto(post)
    embed = page.frame_locator("#embed")
    expect(embed.locator(".bracket")).to_be_visible()
    expect(embed.locator(".champion-card")).to_contain_text("Correcaminos")
    public = page.frame_locator("#public")
    expect(public.locator("body")).not_to_contain_text("Correcaminos")
    expect(public.locator(".bracket")).to_have_count(0)
    refused = [text for text in refusals if "frame-ancestors" in text]
    assert refused and all("'none'" in text for text in refused)
    assert not any("bracket_embed" in text or "/embed/" in text for text in refused)
    context.close()


def test_the_embed_framed_by_another_site_refreshes_while_a_leg_is_live(
    live_server, browser, transactional_db, settings, fan_blog
):
    """The Clausura 2013 final's second leg being played: the embed on the blog shows the
    goal staff enter, without the blog's page reloading (checked every second here)."""
    settings.LIVE_REFRESH_SECONDS = 1
    final = clausura_2013_final(kickoff_in=-datetime.timedelta(minutes=20))
    leg_between(final, "América", "Cruz Azul").start_live()
    with translation.override("en"):
        embed_path = reverse("tournaments:bracket_embed", kwargs=final.url_kwargs())
    context = browser.new_context(viewport={"width": 375, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(fan_blog(embed=live_server.url + embed_path))
    tie = page.frame_locator("#embed").locator(".tie.open")
    expect(tie.locator(".live-word")).to_have_text("LIVE")
    expect(tie.locator(".live-score")).to_have_text("0–0")
    page.evaluate("window.stillTheSamePost = true")

    a_goal_shows_in_the_tie_box(final, tie)
    assert page.evaluate("window.stillTheSamePost") is True
    context.close()
