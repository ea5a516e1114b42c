"""The OpenAPI document and its docs page, as an API client meets them."""

import pytest
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_describing_only_our_v1_api(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # against the OpenAPI 3 JSON Schema
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/bookings/"])
    assert "/api/v1/sessions/" in paths
    assert "/api/v1/bookings/{booking_id}/cancel/" in paths
    # Wagtail's APIs are not part of this contract.
    assert all(path.startswith("/api/v1/") for path in paths)
    booking_post = paths["/api/v1/bookings/"]["post"]["responses"]
    assert {"201", "400", "403", "404", "409"} <= set(booking_post)


def test_docs_page_serves_swagger_ui_from_our_own_static_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    # No CDN: the page works where third-party hosts are unreachable.
    assert "cdn.jsdelivr.net" not in html
    assert "/api/v1/schema/" in html
