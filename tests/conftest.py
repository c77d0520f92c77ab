import pytest

from .apertura_2011 import build_apertura_2011


@pytest.fixture
def apertura_2011(db):
    """The whole 2011 Apertura Liguilla, entered leg by leg through the domain methods."""
    return build_apertura_2011()
