from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "liguilla.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
# Spanish pages at unprefixed URLs (the addresses the site always had, so old links keep
# working), English under /en/. The language switcher is a pair of links: no form, no
# cookie, no CSRF token, so every public page is the same for every visitor and cacheable.
urlpatterns += i18n_patterns(path("", include("tournaments.urls")), prefix_default_language=False)
