"""The default Wagtail Site follows SITE_URL: absolute links (canonical,
og:url, the sitemap, the APIs) carry the public address."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from core.site_address import host_and_port, sync_default_site

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("https://masteryhub.example", ("masteryhub.example", 443)),
        ("http://masteryhub.example", ("masteryhub.example", 80)),
    ],
)
def test_host_and_port_come_from_the_url(site_url, expected):
    assert host_and_port(site_url) == expected


def test_migrating_points_the_default_site_at_site_url(settings):
    settings.SITE_URL = "https://masteryhub.example"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "https://masteryhub.example"
    assert site.root_page.full_url == "https://masteryhub.example/"


def test_the_sitemap_and_canonical_links_use_the_public_address(client, settings):
    settings.SITE_URL = "https://masteryhub.example"
    sync_default_site()
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://masteryhub.example/</loc>" in xml
    assert "localhost" not in xml
