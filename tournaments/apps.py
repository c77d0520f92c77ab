from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TournamentsConfig(AppConfig):
    name = "tournaments"
    verbose_name = _("Competitions and results")

    def ready(self):
        from liguilla import checks  # noqa: F401  (registers the site's deploy checks)

        from .cache import versioned
        from .cache.invalidation import connect_receivers
        from .models import titles

        connect_receivers()
        # The title count is kept under the data version; the models do not import the
        # cache (docs/architecture.md), the cache is handed to them here.
        titles.remember = versioned
