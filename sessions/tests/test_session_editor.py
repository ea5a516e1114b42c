"""The page editor reads and shows a session's times on the session's own
clock, whatever the editor's Wagtail admin time zone is."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from sessions import errors
from sessions.forms import SessionTimesForm
from sessions.tests.factories import (
    ExpertFactory,
    SessionPageFactory,
    session_editor_form,
)

pytestmark = pytest.mark.django_db

BERLIN = "Europe/Berlin"
# The last Sunday of March 2031: Berlin's clocks jump from 02:00 to 03:00.
SKIPPED = "2031-03-30 02:30"


def cleaned_times(form) -> dict:
    form.is_valid()  # other required fields may fail; the times are read anyway
    return {name: form.cleaned_data.get(name) for name in ("starts_at", "ends_at")}


def test_typed_times_are_read_on_the_sessions_clock_not_the_editors():
    expert = ExpertFactory()
    data = {
        "starts_at": "2031-07-01 18:00",
        "ends_at": "2031-07-01 20:00",
        "time_zone": BERLIN,
    }
    # An editor whose admin zone is New York types Berlin wall-clock times.
    with timezone.override("America/New_York"):
        times = cleaned_times(session_editor_form(expert, data))
    assert times["starts_at"] == datetime(2031, 7, 1, 16, 0, tzinfo=UTC)
    assert times["ends_at"] == datetime(2031, 7, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def session():
    return SessionPageFactory(
        starts_at=datetime(2031, 7, 1, 16, 0, tzinfo=UTC),
        ends_at=datetime(2031, 7, 1, 18, 0, tzinfo=UTC),
        time_zone=BERLIN,
    )


def test_the_editor_shows_stored_times_on_the_sessions_clock(session):
    with timezone.override("Asia/Tokyo"):
        form = session_editor_form(session.host, instance=session)
        html = str(form["starts_at"])
    assert 'value="2031-07-01 18:00"' in html
    assert form.fields["starts_at"].help_text == "In the session's time zone."


def test_a_saved_session_comes_back_unchanged_through_the_editor(session):
    with timezone.override("America/New_York"):
        shown = session_editor_form(session.host, instance=session)
        data = {
            name: shown.initial[name].strftime("%Y-%m-%d %H:%M")
            for name in ("starts_at", "ends_at")
        }
        times = cleaned_times(
            session_editor_form(session.host, {**data, "time_zone": BERLIN}, session)
        )
    assert times == {"starts_at": session.starts_at, "ends_at": session.ends_at}


def test_a_new_session_starts_in_the_hosts_own_zone():
    expert = ExpertFactory(time_zone="Asia/Tokyo")
    assert session_editor_form(expert).initial["time_zone"] == "Asia/Tokyo"


def test_a_time_the_clocks_skip_is_refused_with_a_reason():
    form = session_editor_form(
        ExpertFactory(),
        {"starts_at": SKIPPED, "ends_at": "2031-03-30 05:00", "time_zone": BERLIN},
    )
    assert not form.is_valid()
    assert form.errors["starts_at"] == [errors.TIME_SKIPPED % {"zone": BERLIN}]


def test_rescheduling_refuses_a_skipped_time_too():
    form = SessionTimesForm(
        {"starts_at": SKIPPED, "ends_at": "2031-03-30 05:00"}, time_zone=BERLIN
    )
    assert not form.is_valid()
    assert form.errors["starts_at"] == [errors.TIME_SKIPPED % {"zone": BERLIN}]
