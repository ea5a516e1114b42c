"""Filters and ids at the ends of what dates and integers hold: /sessions/
and /api/v1/ answer them (a result, a form error or a 4xx), never 500."""

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from accounts.tests.factories import StaffFactory
from sessions.forms import FIRST_YEAR, LAST_YEAR
from sessions.tests.factories import (
    CategoryFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
    session_editor_form,
)
from sessions.timezones import EARLIEST, LATEST, day_bounds_utc, zone_or_utc
from tests.hostile.forms import post_form_fields

pytestmark = pytest.mark.django_db
PAST_64_BITS = "99999999999999999999"


@pytest.fixture
def tokyo_client() -> Client:
    """A member east of UTC: their 1 January of year 1 starts before the
    first instant a datetime holds, their 31 December 9999 ends after it."""
    client = Client()
    client.force_login(MemberFactory(time_zone="Asia/Tokyo"))
    return client


@pytest.mark.parametrize("url", ["/sessions/", "/api/v1/sessions/"])
@pytest.mark.parametrize(
    "query", ["date_to=9999-12-31", "date_from=0001-01-01", "date_from=9999-12-31"]
)
def test_the_first_and_last_days_there_are_filter_as_open_ends(
    tokyo_client, client, url, query
):
    SessionPageFactory(title="Next week")
    expected = [] if query == "date_from=9999-12-31" else ["Next week"]
    for viewer in (tokyo_client, client):
        response = viewer.get(f"{url}?{query}")
        assert response.status_code == 200
        if url == "/sessions/":
            assert [s.title for s in response.context["sessions"]()] == expected
        else:
            assert [s["title"] for s in response.json()["results"]] == expected


def test_day_bounds_clamp_to_the_instants_a_datetime_holds():
    tokyo, honolulu = zone_or_utc("Asia/Tokyo"), zone_or_utc("Pacific/Honolulu")
    assert day_bounds_utc(date.min, tokyo)[0] == EARLIEST
    assert day_bounds_utc(date.max, tokyo)[1] == LATEST
    # Where the day fits, it is the day.
    assert day_bounds_utc(date.max, honolulu)[0] == datetime(
        9999, 12, 31, 10, tzinfo=UTC
    )


def test_the_api_lists_nothing_for_a_category_that_does_not_exist(client):
    SessionPageFactory(category=CategoryFactory(slug="data"))
    response = client.get("/api/v1/sessions/?category=no-such-category")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/sessions/{PAST_64_BITS}/",
        f"/bookings/sessions/{PAST_64_BITS}/calendar.ics",
        f"/reviews/sessions/{PAST_64_BITS}/",
    ],
)
def test_an_id_past_what_a_database_holds_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_booking_a_session_id_past_64_bits_is_a_field_error():
    client = Client()
    client.force_login(MemberFactory())
    response = client.post(
        "/api/v1/bookings/",
        f'{{"session_id": {PAST_64_BITS}}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"session_id"}


@pytest.mark.parametrize("start", ["0001-01-01 00:00", "9999-12-31 23:00"])
def test_the_session_editor_refuses_a_year_no_session_is_held_in(start):
    form = session_editor_form(
        ExpertFactory(),
        {"starts_at": start, "ends_at": "2031-07-01 20:00", "time_zone": "Asia/Tokyo"},
    )
    assert not form.is_valid()
    assert form.errors["starts_at"] == [
        f"Choose a date between the years {FIRST_YEAR} and {LAST_YEAR}."
    ]


def test_the_page_editor_shows_that_error_on_the_page():
    """Through Wagtail's own edit view, as an editor in Tokyo submits it."""
    editor = StaffFactory(is_superuser=True)
    session = SessionPageFactory(time_zone="Asia/Tokyo")
    client = Client()
    client.force_login(editor)
    url = f"/admin/pages/{session.pk}/edit/"
    fields = post_form_fields(client.get(url).content.decode())
    body = {name: value for name, value, _kind in fields}
    # The description's block count, which the editor's JavaScript adds.
    body["description-count"] = "0"
    body.update(starts_at="0001-01-01 00:00", time_zone="Asia/Tokyo")
    response = client.post(url, body)
    assert response.status_code == 200
    assert f"between the years {FIRST_YEAR} and {LAST_YEAR}" in response.text
