"""No page of the site links off the site because of the path it was asked for (issue 23:
`GET //evil.example/` answered the site's 404 with language links to `//evil.example/`,
chainable from the admin login's `next`). The language switcher is built from the page's
URL name and arguments; a path that is no page gets the home page in each language."""

from html.parser import HTMLParser

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in {"href", "src", "action"}]


def get_raw(client, path):
    """GET `path` exactly as a browser would send it (the test client would read
    `//evil.example/` as a host)."""
    raw, _, query = path.partition("?")
    return client.get("/", PATH_INFO=raw, QUERY_STRING=query)


def links_of(response):
    parser = Links()
    parser.feed(response.content.decode())
    return parser.urls


def stays_on_the_site(url):
    """A path on this host: not `//host`, not `/\\host` (browsers read both as another
    host), no scheme."""
    return url.startswith(("#", "?")) or (url.startswith("/") and url[1:2] not in {"/", "\\"})


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/",
        "//evil.example/en/",
        "/\\evil.example/",
        "/%2F%2Fevil.example",
        "/%5Cevil.example/",
        "/en//evil.example/",
        "/en/%2F%2Fevil.example/",
        "//evil.example/teams/?q=1",
    ],
)
def test_a_missing_page_links_only_to_the_site(client, path):
    response = get_raw(client, path)
    assert response.status_code == 404
    urls = links_of(response)
    assert urls, "the 404 page has its links"
    assert [url for url in urls if not stays_on_the_site(url)] == []
    assert "evil.example" not in response.content.decode()


def test_a_missing_page_offers_the_home_page_in_each_language(client):
    response = get_raw(client, "//evil.example/en/")
    assert {url for url in links_of(response) if url in {"/", "/en/"}} == {"/", "/en/"}


def test_a_page_links_itself_in_each_language(client, apertura_2011):
    with translation.override("es"):
        path = apertura_2011.get_absolute_url()
    response = client.get(f"{path}?page=2")
    urls = links_of(response)
    assert f"{path}?page=2" in urls
    assert f"/en{path}?page=2" in urls
