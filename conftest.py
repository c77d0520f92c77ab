"""Suite-wide: messages raised by the domain (validation errors, import errors) are
asserted in English, their msgids, whatever the site's default language. The Spanish
catalogue (locale/es) is compiled by `make`, and LANGUAGE_CODE is "es", so without this
those tests would read Spanish. Pages still choose their language per request
(LocaleMiddleware), which is what tests/test_i18n.py checks.

(Lead: move this fixture into tests/conftest.py if you prefer; it lives here only because
that file belongs to you.)
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_domain_messages():
    with translation.override("en"):
        yield
