"""The site's public address is SITE_URL; Wagtail's default Site must say
the same, because page URLs in canonical links, og:url, the sitemap and
both APIs are built from it (`Site.root_url`)."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def host_and_port(site_url: str) -> tuple[str, int]:
    parts = urlsplit(site_url)
    default_port = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default_port


def sync_default_site(**kwargs) -> None:
    """post_migrate: point the default Site at SITE_URL's host and port, so
    a deploy (which migrates) corrects an address changed in the settings."""
    hostname, port = host_and_port(settings.SITE_URL)
    Site.objects.filter(is_default_site=True).exclude(
        hostname=hostname, port=port
    ).update(hostname=hostname, port=port)
    Site.clear_site_root_paths_cache()


def absolute_url(url: str) -> str:
    """`url` at the site's public address; a full address stays as it is.
    Emails, feeds and exports link with it: they are read away from the
    request that could otherwise say which host to use."""
    return url if urlsplit(url).netloc else settings.SITE_URL + url


def site_name() -> str:
    """The name people know the site by ("MasteryHub"), from the default
    Site, for emails written outside a page."""
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return (site and site.site_name) or "MasteryHub"
