"""The site's URLs plus a trivial view to measure pages against (bench/settings.py).
Same middleware as every page; no database, no template."""

from django.http import HttpResponse
from django.urls import path

from liguilla.urls import handler500  # noqa: F401
from liguilla.urls import urlpatterns as site_urls


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/trivial/", trivial), *site_urls]
