"""Fixtures every app's tests share. Browser fixtures live in tests/browser."""

import pytest
from wagtail.models import Page, Site


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def site_root(db):
    """The Wagtail root page of the default site (created by migrations)."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()
