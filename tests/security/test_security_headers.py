"""Content-Security-Policy and Permissions-Policy on every response, the admin included
(issue 23: there were none). The policy is strict where it matters: scripts only as files
from the site, nothing framing it, no plugins, no <base>; a view that must differ (a page
made to be framed) says so with `csp_override`, and keeps its policy when the page cache
replays it."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from django.views import View

from liguilla.security_headers import CspOverrideMixin, csp_override
from tests.admin_fixtures import make_staff_user
from tournaments.cache import CachedPageMixin

pytestmark = pytest.mark.django_db


def policy(response):
    """{directive: [sources]} of the response's Content-Security-Policy."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def test_the_policy_allows_scripts_only_as_files_from_the_site(client, apertura_2011):
    csp = policy(client.get(apertura_2011.get_absolute_url()))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    unsafe = [
        (directive, source)
        for directive, sources in csp.items()
        for source in sources
        if source.startswith("'unsafe") or source in {"*", "data:", "http:", "https:"}
    ]
    # The one allowance, and why: docs/security.md.
    assert unsafe == [("style-src-attr", "'unsafe-inline'")]


def test_the_permissions_policy_refuses_what_no_page_uses(client):
    header = client.get(reverse("tournaments:home"))["Permissions-Policy"]
    features = dict(item.split("=") for item in header.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "fullscreen"):
        assert features[feature] == "()"


@pytest.fixture
def staff(client):
    make_staff_user("marisol", "gol-de-oro-2011")
    client.login(username="marisol", password="gol-de-oro-2011")
    return client


def test_every_response_carries_both_policies(staff, apertura_2011):
    tournament = apertura_2011.get_absolute_url()
    answers = [
        ("get", tournament, 200),
        ("get", tournament, 200),  # again: replayed by the page cache
        ("get", f"{tournament}bracket/", 200),
        ("get", f"{tournament}season.json", 200),
        ("get", f"{tournament}embed/", 200),
        ("get", f"{tournament}share.png", 200),
        ("get", f"{tournament}calendar.ics", 200),
        ("get", reverse("tournaments:search") + "?q=le", 200),
        ("get", "/no-such-page/", 404),
        ("get", "/en", 301),
        ("get", reverse("healthz"), 200),
        ("get", reverse("admin:index"), 200),
        ("get", reverse("admin:tournaments_tournament_change", args=[apertura_2011.pk]), 200),
        ("get", reverse("admin:tournaments_leg_changelist"), 200),
        ("get", reverse("admin:tournaments_leg_add"), 200),
        ("post", reverse("admin:tournaments_leg_add"), 200),
        ("get", reverse("admin:jsi18n"), 200),
    ]
    for method, url, status in answers:
        response = getattr(staff, method)(url)
        assert response.status_code == status, url
        assert policy(response)["script-src"] == ["'self'"], url
        assert "camera=()" in response["Permissions-Policy"], url


def test_the_login_page_a_refused_post_and_a_redirect_carry_them_too(client):
    login = client.get(reverse("admin:login"))
    failed = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    redirected = client.get(reverse("admin:index"))
    client.handler.enforce_csrf_checks = True
    refused = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert [r.status_code for r in (login, failed, redirected, refused)] == [200, 200, 302, 403]
    for response in (login, failed, redirected, refused):
        assert "Content-Security-Policy" in response and "Permissions-Policy" in response


class MarkupLinks(HTMLParser):
    """Every script element, event-handler attribute and javascript: URL of a page."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.javascript_urls = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes.get("src"))
        self.handlers += [name for name, _value in attrs if name.startswith("on")]
        self.javascript_urls += [
            value
            for name, value in attrs
            if name in {"href", "src", "action", "formaction"}
            and re.match(r"\s*javascript:", value or "", re.IGNORECASE)
        ]


def test_no_page_has_an_inline_script(staff, apertura_2011):
    """What keeps the strict script-src costless: every script is a file of the site (a
    static file, or the admin's translation catalogue)."""
    tournament = apertura_2011.get_absolute_url()
    for url in [
        tournament,
        f"{tournament}bracket/",
        f"{tournament}results/",
        f"{tournament}scorers/",
        f"{tournament}embed/",
        reverse("tournaments:home"),
        reverse("admin:tournaments_tournament_change", args=[apertura_2011.pk]),
        reverse("admin:tournaments_leg_add"),
        reverse("admin:tournaments_tournament_history", args=[apertura_2011.pk]),
    ]:
        page = MarkupLinks()
        page.feed(staff.get(url).content.decode())
        outside = [src for src in page.scripts if not src or not re.match(r"/[^/\\]", src)]
        assert outside == [], url
        assert (page.handlers, page.javascript_urls) == ([], []), url


# A page made to be framed by other sites, as a function and as a class-based view.
FRAMEABLE = {**settings.SECURE_CSP, "frame-ancestors": ["https:"]}


@csp_override(FRAMEABLE)
def framed_function(request):
    return HttpResponse("<p>bracket</p>")


class FramedPage(CspOverrideMixin, CachedPageMixin, View):
    csp_policy = FRAMEABLE

    def get(self, request):
        return HttpResponse("<p>bracket</p>")


urlpatterns = [
    path("embed/function/", framed_function),
    path("embed/page/", FramedPage.as_view()),
    path("plain/", lambda request: HttpResponse("<p>plain</p>")),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/embed/function/", "/embed/page/"])
def test_a_view_overrides_the_policy_and_drops_x_frame_options(client, url):
    response = client.get(url)
    assert policy(response)["frame-ancestors"] == ["https:"]
    assert policy(response)["script-src"] == ["'self'"]
    assert "X-Frame-Options" not in response
    assert "camera=()" in response["Permissions-Policy"]

    plain = client.get("/plain/")
    assert policy(plain)["frame-ancestors"] == ["'none'"]
    assert plain["X-Frame-Options"] == "DENY"


@pytest.mark.urls(__name__)
def test_a_cached_page_keeps_its_own_policy_and_a_304_sends_none(client):
    first = client.get("/embed/page/")
    replayed = client.get("/embed/page/")
    assert policy(first)["frame-ancestors"] == policy(replayed)["frame-ancestors"] == ["https:"]
    # A browser copies a 304's headers onto its copy: the site's policy must not replace
    # the page's.
    revalidated = client.get("/embed/page/", HTTP_IF_NONE_MATCH=replayed["ETag"])
    assert revalidated.status_code == 304
    assert "Content-Security-Policy" not in revalidated


@override_settings(SECURE_CSP_REPORT_URI="/csp-reports/")
def test_reports_go_where_the_environment_says(client):
    assert policy(client.get(reverse("healthz")))["report-uri"] == ["/csp-reports/"]


# -- the embeddable bracket: the one page other sites may frame ---------------------------


def test_the_embeddable_bracket_may_be_framed_by_any_site(client, apertura_2011):
    url = reverse("tournaments:bracket_embed", kwargs=apertura_2011.url_kwargs())
    for response in (client.get(url), client.get(url)):  # rendered, then replayed
        assert response.status_code == 200
        csp = policy(response)
        assert csp["frame-ancestors"] == ["*"]
        assert "X-Frame-Options" not in response
        # Framed or not, the rest of the policy is the site's.
        assert csp["script-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert "camera=()" in response["Permissions-Policy"]
    revalidated = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    assert "Content-Security-Policy" not in revalidated


def test_every_other_page_still_refuses_to_be_framed(client, apertura_2011):
    kw = apertura_2011.url_kwargs()
    for url in [
        reverse("tournaments:home"),
        reverse("tournaments:bracket", kwargs=kw),
        reverse("tournaments:results", kwargs=kw),
        reverse("tournaments:tournament", kwargs=kw),
        reverse("tournaments:share_image", kwargs=kw),
        reverse("tournaments:teams"),
        reverse("admin:login"),
    ]:
        for response in (client.get(url), client.get(url)):
            assert response.status_code == 200, url
            assert policy(response)["frame-ancestors"] == ["'none'"], url
            assert response["X-Frame-Options"] == "DENY", url
