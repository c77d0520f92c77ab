"""Accounts for the permission tests: anonymous, staff without a group, a viewer (may
view everything, change nothing), League staff, superuser."""

import pytest
from django.contrib.auth.models import Permission, User

from tests.admin_fixtures import make_staff_user, staff_client, staff_user  # noqa: F401
from tests.importers.conftest import apertura_text, write_source  # noqa: F401


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    return client


def make_viewer(username="viewer", *also):
    """A staff account that may view every model of the tournaments app (and do the
    `also` codenames): what League staff were for teams, rounds and tournaments when the
    escalation was found."""
    user = User.objects.create_user(username, password="x", is_staff=True)
    codenames = list(Permission.objects.filter(content_type__app_label="tournaments"))
    user.user_permissions.set(
        [p for p in codenames if p.codename.startswith("view_") or p.codename in also]
    )
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


@pytest.fixture
def viewer_client(client, db):
    client.force_login(make_viewer())
    return client
