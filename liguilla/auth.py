"""Login throttling (django-axes): which logins are throttled, and how failures count."""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


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
