"""Content-Security-Policy and Permissions-Policy on every response.

The site runs no inline script, so the policy allows scripts only as files from its own
origin (`/static/`); what else it allows, and why, is in docs/security.md ("Content
Security Policy"). The settings and the decorator have the names and shapes of Django
6.0's own (`SECURE_CSP`, `csp_override`), so moving to it is a change of imports.

`SecurityHeadersMiddleware` sits near the top of the stack, so it covers answers that
never reach a view: static files, pages replayed by the page cache, errors, redirects,
the admin. It adds the site's policy only where a response has none, so a view that
needs another one (a page made to be framed elsewhere) sets it with `csp_override`; the
header is then part of the response the page cache stores and replays.
"""

from functools import wraps

from django.conf import settings

CSP_HEADER = "Content-Security-Policy"
PERMISSIONS_HEADER = "Permissions-Policy"


def csp_header(policy):
    """`{"default-src": ["'self'"], "upgrade-insecure-requests": []}` → the header's
    value: `default-src 'self'; upgrade-insecure-requests`."""
    directives = []
    for directive, sources in policy.items():
        directives.append(" ".join([directive, *sources]))
    report_uri = getattr(settings, "SECURE_CSP_REPORT_URI", "")
    if report_uri and "report-uri" not in policy:
        directives.append(f"report-uri {report_uri}")
    return "; ".join(directives)


def permissions_header(policy):
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


def frameable(policy):
    return policy.get("frame-ancestors", ["'none'"]) != ["'none'"]


def apply_policy(response, policy):
    """Give `response` its own policy (see csp_override)."""
    response.headers[CSP_HEADER] = csp_header(policy)
    if frameable(policy):
        response.xframe_options_exempt = True
    return response


def csp_override(policy):
    """The view's responses carry `policy` instead of the site's `SECURE_CSP`, e.g. a page
    made to be embedded by other sites:

        @csp_override({**settings.SECURE_CSP, "frame-ancestors": ["https:"]})
        def embed(request, ...): ...

    (a class-based view sets `csp_policy` with `CspOverrideMixin`). A policy that lets
    other pages frame this one also exempts it from X-Frame-Options (DENY on every other
    page), which would contradict it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return apply_policy(view(request, *args, **kwargs), policy)

        return wrapped

    return decorator


class CspOverrideMixin:
    """For a class-based view: `csp_policy = {...}` gives its responses that policy, as
    `csp_override` does."""

    csp_policy = None

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.csp_policy is not None:
            apply_policy(response, self.csp_policy)
        return response


class SecurityHeadersMiddleware:
    """The site's Content-Security-Policy and Permissions-Policy on every response that
    has none. Not on a 304: a browser copies a 304's headers onto the page it kept, and
    the page's own policy (a framable page's, say) must not be replaced by the site's.
    With DEBUG on, Django's technical error pages (inline styles) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = csp_header(settings.SECURE_CSP)
        self.permissions = permissions_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:
            return response
        if settings.DEBUG and response.status_code >= 400:
            return response
        response.headers.setdefault(CSP_HEADER, self.csp)
        response.headers.setdefault(PERMISSIONS_HEADER, self.permissions)
        return response
