"""UTM parameters on our own links in marketing emails, so the site's own
analytics (no third party) can tell which email brought a visit."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings

from core.site_address import absolute_url


def with_utm(url: str, *, source: str, campaign: str, medium: str = "email") -> str:
    """`url`, absolute, with utm_source/medium/campaign added if it is one
    of ours; other sites' links are left alone."""
    parts = urlsplit(absolute_url(url))
    ours = urlsplit(settings.SITE_URL)
    if parts.netloc != ours.netloc:
        return urlunsplit(parts)
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.startswith("utm_")
    ]
    query += [
        ("utm_source", source),
        ("utm_medium", medium),
        ("utm_campaign", campaign),
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))
