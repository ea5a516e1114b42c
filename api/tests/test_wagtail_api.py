"""Wagtail's APIs, public (/api/v2/) and the admin's, answer an offset past
what a database can count with Wagtail's own 400, not a server error."""

import pytest
from django.test import Client

from accounts.tests.factories import StaffFactory
from api.wagtail_api import MAX_OFFSET, OFFSET_TOO_HIGH

pytestmark = pytest.mark.django_db
PAST_64_BITS = "99999999999999999999"


@pytest.mark.parametrize("endpoint", ["/api/v2/pages/"])
def test_public_api_refuses_an_offset_past_the_bound(client, endpoint):
    response = client.get(f"{endpoint}?offset={PAST_64_BITS}")
    assert response.status_code == 400
    assert response.json() == {"message": OFFSET_TOO_HIGH}
    assert client.get(f"{endpoint}?offset={MAX_OFFSET}").status_code == 200


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_admin_api_refuses_an_offset_past_the_bound(endpoint):
    client = Client()
    client.force_login(StaffFactory())
    url = f"/admin/api/main/{endpoint}/"
    response = client.get(f"{url}?offset={PAST_64_BITS}")
    assert response.status_code == 400
    assert response.json() == {"message": OFFSET_TOO_HIGH}
    assert client.get(url).status_code == 200
