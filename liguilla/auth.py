"""Login throttling (django-axes) for logins that come from a web request."""

from axes.backends import AxesStandaloneBackend


class RequestAxesBackend(AxesStandaloneBackend):
    """Throttle every login made through a request (the admin's login form). A login
    without a request (the test client's login(), a management command) has no address to
    lock and cannot come from the network, so it is left to the next backend instead of
    being refused with AxesBackendRequestParameterRequired."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
