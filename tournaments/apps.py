from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TournamentsConfig(AppConfig):
    name = "tournaments"
    verbose_name = _("Competitions and results")

    def ready(self):
        from liguilla import checks  # noqa: F401  (registers the site's deploy checks)

        from .cache import connect_receivers

        connect_receivers()
