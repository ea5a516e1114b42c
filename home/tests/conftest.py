import pytest

from home.models import HomePage


@pytest.fixture
def home_page(site_root) -> HomePage:
    """The HomePage the data migration made the default site's root."""
    assert isinstance(site_root, HomePage)
    return site_root
