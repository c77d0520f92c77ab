import pytest

pytestmark = pytest.mark.django_db


def test_builds(apertura_2011):
    s = apertura_2011.summary()
    assert s.champion.name == "Correcaminos"
