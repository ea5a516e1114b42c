"""The APIs' JSON parser refuses absurd nesting with a 400; nothing a client
sends can make it fail with a server error."""

import json

import pytest
from django.test import Client

from core.parsers import MAX_DEPTH, TOO_DEEP, nesting_depth_exceeds
from sessions.tests.factories import MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db
BOOKINGS = "/api/v1/bookings/"


@pytest.fixture
def member_client() -> Client:
    client = Client()
    client.force_login(MemberFactory())
    return client


@pytest.mark.parametrize("body", ["[" * 50_000, '{"a":' * 20_000, "[" * 65 + "]" * 65])
def test_json_nested_past_the_limit_is_a_400(member_client, body):
    response = member_client.post(BOOKINGS, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": TOO_DEEP}


def test_nesting_within_the_limit_is_read_as_usual(member_client):
    session = SessionPageFactory()
    nested = {"session_id": session.pk, "note": json.loads("[" * 60 + "]" * 60)}
    response = member_client.post(BOOKINGS, nested, content_type="application/json")
    assert response.status_code == 201


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"title": "[" * 1000, "quote": '\\"[[[' * 100})
    assert not nesting_depth_exceeds(text, MAX_DEPTH)
    assert nesting_depth_exceeds("[" * (MAX_DEPTH + 1), MAX_DEPTH)


def test_a_body_that_is_not_utf8_is_a_400(member_client):
    response = member_client.post(
        BOOKINGS, b"\xff\xfe", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")
