from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TournamentsConfig(AppConfig):
    name = "tournaments"
    verbose_name = _("Competitions and results")

    def ready(self):
        from liguilla import checks  # noqa: F401  (registers the site's deploy checks)

        from .cache import versioned, versioned_for_clubs
        from .cache.invalidation import connect_receivers
        from .models import records, titles

        connect_receivers()
        # The title count is kept under the data version; the models do not import the
        # cache (docs/architecture.md), the cache is handed to them here.
        titles.remember = versioned
        # A club's ties and history, kept until a write to the club (models/records.py).
        records.remember = versioned_for_clubs
