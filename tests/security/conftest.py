"""Accounts for the permission tests: anonymous, staff without a group, League staff,
superuser."""

import pytest
from django.contrib.auth.models import User

from tests.admin_fixtures import make_staff_user, staff_client, staff_user  # noqa: F401
from tests.importers.conftest import apertura_text, write_source  # noqa: F401


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    return client
