"""A minimal HTTP client that behaves like a member of staff's browser against a real
server (gunicorn): it keeps cookies, logs in to the admin and saves a leg's score through
the leg's change form. Used by the scale-out test (tests/test_scale_out.py) and the load
test (bench/load_final.py); standard library only.

`proxy_https=True` sends what a TLS-terminating proxy would (X-Forwarded-Proto: https and
an https Origin), so the production settings (secure cookies, CSRF origin checks, SSL
redirect) are exercised as they are behind the README's reverse proxy.
"""

import http.client
import re
from http.cookies import SimpleCookie
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from .admin_fixtures import form_data


class HttpBrowser:
    def __init__(self, base_url, *, proxy_https=False, timeout=10):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout
        self.cookies = {}
        self.headers = {"Accept-Language": "en"}
        if proxy_https:
            self.headers["X-Forwarded-Proto"] = "https"
            self.origin = f"https://{self.host}:{self.port}"
        else:
            self.origin = f"http://{self.host}:{self.port}"

    def request(self, method, path, data=None, headers=None):
        """(status, headers as a dict with lower-case names, body text)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        sent = {**self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
            sent["Referer"] = self.origin + path
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            received = {k.lower(): v for k, v in response.getheaders()}
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, received, text
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)

    def post(self, path, data):
        return self.request("POST", path, data=data)

    def login(self, username, password):
        status, _, page = self.get("/admin/login/?next=/admin/")
        assert status == 200, status
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, _ = self.post(
            "/admin/login/?next=/admin/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        assert status == 302 and headers["location"].endswith("/admin/"), (status, headers)

    def save_leg_score(self, leg_pk, home, away):
        """Open the leg's change form, type the score, save; the status of the save
        (302 when the admin accepted it)."""
        url = f"/admin/tournaments/leg/{leg_pk}/change/"
        status, _, page = self.get(url)
        assert status == 200, status
        data = form_data(SimpleNamespace(content=page.encode()), "leg_form")
        data.update(home_score=str(home), away_score=str(away))
        status, headers, body = self.post(url, data)
        return status
