"""Deployment checks of the site's own settings (`manage.py check --deploy`), beside
Django's: a setting that is wrong only in production is named before it is served."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_login_throttling_sees_clients(app_configs, **kwargs):
    """Behind a proxy (the HTTPS header comes from one) with no proxy counted, every
    visitor has the proxy's address: a stranger's failed logins lock a staff account, or
    the whole admin, for everyone (docs/security.md, "Which address counts")."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not getattr(
        settings, "AXES_IPWARE_PROXY_COUNT", 0
    ):
        return [
            Warning(
                "A proxy is in front (SECURE_PROXY_SSL_HEADER is set) but "
                "AXES_IPWARE_PROXY_COUNT is 0: failed logins are counted against the "
                "proxy's address, so anyone can lock every staff account.",
                hint="Set AXES_IPWARE_PROXY_COUNT to the number of proxies that append to "
                'X-Forwarded-For (README, "Deploying").',
                id="liguilla.W001",
            )
        ]
    return []
