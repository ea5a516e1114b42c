"""drf-spectacular hooks."""

V1_PREFIX = "/api/v1/"


def only_v1_endpoints(endpoints, **kwargs):
    """Document /api/v1/ alone. Wagtail's pages API and its admin's internal
    API are DRF views too, but not ours to describe (and their schema
    warnings would fail `check --deploy`)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(V1_PREFIX)]
