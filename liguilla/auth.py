"""Login throttling (django-axes): which logins are throttled, against which address, and
how failures count."""

from types import SimpleNamespace

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from ipware.ip import get_client_ip


def client_address(request):
    """The client's address, as far as the site's own proxies vouch for it
    (AXES_CLIENT_IP_CALLABLE): what a failed login is counted against.

    With no proxy in front (AXES_IPWARE_PROXY_COUNT = 0) it is the connecting address, and
    X-Forwarded-For, which anyone can send, is ignored. Behind N proxies that each append
    the address they were reached from (nginx's `$proxy_add_x_forwarded_for`, Caddy, cloud
    load balancers), the last N entries of X-Forwarded-For are theirs, and the left-most
    of those is the address the outermost proxy saw: the client. Whatever stands further
    left was written by the client, so it is cut off before django-ipware parses the rest
    (ports, IPv6 brackets, IPv4-mapped addresses): no forged entry, stray quote or junk
    token can move the pick, so nobody can make their failures count against someone
    else's address, or step out of their own lock. A request that carries fewer entries
    than there are proxies, or an entry that is not an address, did not come the way the
    proxies send requests; it is counted against the connecting address."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if not proxies:
        return remote
    entries = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(entries) < proxies:
        return remote
    # ipware counts the proxies *listed* in the header: the outermost proxy's entry is
    # the client, the other N - 1 are proxies; strict: exactly that many, all addresses.
    vouched = SimpleNamespace(META={"HTTP_X_FORWARDED_FOR": ",".join(entries[-proxies:])})
    address, _routable = get_client_ip(
        vouched,
        proxy_count=proxies - 1,
        request_header_order=("HTTP_X_FORWARDED_FOR",),
        strict=True,
    )
    return address or remote


def client_username(request, credentials=None):
    """The username a login attempt is recorded under (AXES_USERNAME_CALLABLE): the one
    typed, cut to the length axes stores. The login form passes any length on to
    authentication, and a longer one made PostgreSQL refuse the failure record: an
    anonymous, repeatable 500. No account has a name that long (Django's is at most 150),
    so a cut name can never stand for a real account."""
    source = credentials or getattr(request, "data", request.POST)
    username = source.get(settings.AXES_USERNAME_FORM_FIELD)
    if isinstance(username, str):
        return username[: AccessAttempt._meta.get_field("username").max_length]
    return username


class RequestAxesBackend(AxesStandaloneBackend):
    """Throttle every login made through a request (the admin's login form). A login
    without a request (the test client's login(), a management command) has no address to
    lock and cannot come from the network, so it is left to the next backend instead of
    being refused with AxesBackendRequestParameterRequired."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class AddressAwareAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler with two thresholds instead of one.

    Each lockout parameter of AXES_LOCKOUT_PARAMETERS is counted on its own (as axes does):
    the account from one address (["username", "ip_address"]) locks after
    AXES_FAILURE_LIMIT failures, but the address alone ("ip_address": one machine trying
    many accounts) only after AXES_ADDRESS_FAILURE_LIMIT, so a colleague's typos behind the
    same office router lock nobody else. A stranger who knows a staff username can lock
    only that username *from their own address*.

    A successful login clears only that account's failures from that address: it does not
    wipe the address' record of failures against other accounts."""

    def get_failures(self, request, credentials=None) -> int:
        limit = get_failure_limit(request, credentials)
        address_limit = getattr(settings, "AXES_ADDRESS_FAILURE_LIMIT", limit)
        parameters = get_lockout_parameters(request, credentials)
        worst = 0
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                # Scale onto the account limit: locked exactly when the address limit is hit.
                failures = limit if failures >= address_limit else min(failures, limit - 1)
            worst = max(worst, failures)
        return worst

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count
