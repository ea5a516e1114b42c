"""Requests no view can answer get a 400 at the edge, and errors under /api/
answer JSON: a person gets a page, an API client something it can parse."""

import pytest
from django.test import Client

from accounts.tests.factories import StaffFactory
from core.error_views import NOT_FOUND
from core.request_guard import (
    CONTROL_IN_PATH,
    CONTROL_IN_QUERY,
    FIELD_MISSING,
    NEXT_NOT_AN_ADDRESS,
)
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/members/%00/", "/bookings/calendar/%00.ics", "/mentorship/request/a%1Bb/"],
)
def test_a_control_character_in_the_address_is_a_plain_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert str(CONTROL_IN_PATH) in html
    assert 'href="/">Go to the home page</a>' in html


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?search=%00",
        "/api/v2/pages/?locale=%00",
        "/api/v2/images/?search=%00",
        "/api/v1/sessions/?q=a%7F",
    ],
)
def test_on_the_api_the_400_is_json(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {"detail": str(CONTROL_IN_QUERY)}


def test_line_breaks_and_tabs_in_a_query_value_are_text_not_an_attack(client):
    assert client.get("/search/?q=sql%0D%0Apython%09x").status_code == 200


@pytest.mark.parametrize("target", ["dashboard", "a:b", "%C3%28%FF"])
def test_a_next_that_is_not_an_address_is_refused(client, target):
    # Wagtail's admin login would redirect() to it and fail on the lookup.
    member = MemberFactory()
    client.force_login(member)
    response = client.get(f"/admin/login/?next={target}")
    assert response.status_code == 400
    assert str(NEXT_NOT_AN_ADDRESS) in response.content.decode()


def test_a_next_in_a_posted_form_is_checked_too():
    client = Client()
    client.force_login(MemberFactory())
    response = client.post("/payments/checkout/", {"next": "0001-01-01 00:00"})
    assert response.status_code == 400


def test_a_next_that_is_an_address_still_works(client):
    response = client.get("/accounts/login/?next=/dashboard/")
    assert response.status_code == 200


def test_an_unknown_address_under_api_answers_json(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": str(NOT_FOUND)}


def test_a_missing_csrf_token_under_api_answers_json():
    client = Client(enforce_csrf_checks=True)
    client.force_login(MemberFactory())
    response = client.post("/api/v1/bookings/abc/cancel/")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF Failed")


def test_a_form_sent_without_a_field_the_view_reads_is_a_400():
    # Wagtail's page editor reads block counts its JavaScript adds.
    client = Client()
    client.force_login(StaffFactory(is_superuser=True))
    session = SessionPageFactory()
    response = client.post(f"/admin/pages/{session.pk}/edit/", {"title": "x"})
    assert response.status_code == 400
    assert str(FIELD_MISSING) in response.content.decode()
