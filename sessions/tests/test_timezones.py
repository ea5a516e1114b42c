"""Session times across daylight-saving switches, as members and visitors
read them."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from sessions import calendar
from sessions.tests.factories import MemberFactory
from sessions.timezones import (
    day_bounds_utc,
    format_for_member,
    humanize_duration,
    iso_duration,
    member_zone,
    shown_time,
    zone_or_utc,
)

# Europe moves its clocks on 29 March 2026, the US on 8 March 2026.
AFTER_EU_SWITCH = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
BEFORE_EU_SWITCH = datetime(2026, 3, 22, 9, 0, tzinfo=UTC)


def session_in(zone: str) -> SimpleNamespace:
    # Only the zone matters; a real page would query its content type.
    return SimpleNamespace(time_zone=zone)


@pytest.mark.django_db
def test_london_member_sees_summer_time_after_the_switch():
    member = MemberFactory(time_zone="Europe/London")
    text = format_for_member(AFTER_EU_SWITCH, member, session_in("Europe/London"))
    assert text == "Sun 29 Mar 2026, 10:00 BST (Europe/London)"


@pytest.mark.django_db
def test_london_member_sees_greenwich_time_a_week_before():
    member = MemberFactory(time_zone="Europe/London")
    text = format_for_member(BEFORE_EU_SWITCH, member, session_in("Europe/London"))
    assert text == "Sun 22 Mar 2026, 09:00 GMT (Europe/London)"


@pytest.mark.django_db
def test_new_york_member_is_already_on_daylight_time_both_weeks():
    member = MemberFactory(time_zone="America/New_York")
    session = session_in("America/New_York")
    assert format_for_member(AFTER_EU_SWITCH, member, session).startswith(
        "Sun 29 Mar 2026, 05:00 EDT"
    )
    assert format_for_member(BEFORE_EU_SWITCH, member, session).startswith(
        "Sun 22 Mar 2026, 05:00 EDT"
    )


@pytest.mark.django_db
def test_session_zone_is_named_beside_the_members_when_different():
    member = MemberFactory(time_zone="America/New_York")
    text = format_for_member(AFTER_EU_SWITCH, member, session_in("Europe/London"))
    assert text == "Sun 29 Mar 2026, 05:00 EDT (session time 10:00 BST, Europe/London)"


@pytest.mark.django_db
def test_session_zone_on_another_day_shows_its_date():
    member = MemberFactory(time_zone="America/Los_Angeles")
    late = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)
    text = format_for_member(late, member, session_in("Asia/Tokyo"))
    assert text == (
        "Sun 29 Mar 2026, 16:30 PDT (session time Mon 30 Mar, 08:30 JST, Asia/Tokyo)"
    )


def test_visitors_see_utc_named_and_the_session_zone():
    text = format_for_member(
        AFTER_EU_SWITCH, AnonymousUser(), session_in("Europe/Berlin")
    )
    assert text == "Sun 29 Mar 2026, 09:00 UTC (session time 11:00 CEST, Europe/Berlin)"


def test_visitors_zone_is_utc():
    assert member_zone(AnonymousUser()).key == "UTC"


def test_unknown_zone_names_fall_back_to_utc():
    assert zone_or_utc("Mars/Olympus_Mons").key == "UTC"
    assert zone_or_utc("").key == "UTC"


def test_a_day_that_loses_an_hour_is_23_hours_long():
    start, end = day_bounds_utc(date(2026, 3, 29), zone_or_utc("Europe/London"))
    assert start == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)


def test_day_bounds_follow_the_viewers_zone():
    start, end = day_bounds_utc(date(2026, 3, 22), zone_or_utc("America/New_York"))
    assert start == datetime(2026, 3, 22, 4, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=24)


@pytest.mark.parametrize(
    ("minutes", "human", "iso"),
    [
        (45, "45 minutes", "PT45M"),
        (60, "1 hour", "PT1H"),
        (90, "1 hour 30 minutes", "PT1H30M"),
        (120, "2 hours", "PT2H"),
    ],
)
def test_durations_read_naturally_and_in_iso_8601(minutes, human, iso):
    assert humanize_duration(timedelta(minutes=minutes)) == human
    assert iso_duration(timedelta(minutes=minutes)) == iso


@pytest.mark.django_db
def test_a_session_held_in_utc_is_not_named_twice():
    member = MemberFactory(time_zone="Europe/Berlin")
    text = format_for_member(AFTER_EU_SWITCH, member, session_in("UTC"))
    assert text == "Sun 29 Mar 2026, 11:00 CEST (session time 09:00 UTC)"


@pytest.mark.django_db
def test_times_without_a_session_name_the_members_zone():
    # 1:1s and deadlines have no session zone: the member's own is named.
    member = MemberFactory(time_zone="Europe/Berlin")
    assert format_for_member(AFTER_EU_SWITCH, member) == (
        "Sun 29 Mar 2026, 11:00 CEST (Europe/Berlin)"
    )


@pytest.mark.django_db
def test_shown_time_gives_listings_the_members_clock_alone():
    member = MemberFactory(time_zone="America/New_York")
    shown = shown_time(AFTER_EU_SWITCH, member, session_in("Europe/London"))
    assert shown.when == "Sun 29 Mar 2026, 05:00 EDT"
    assert shown.short_text == "Sun 29 Mar 2026, 05:00 EDT (America/New_York)"
    assert shown.iso == "2026-03-29T09:00:00+00:00"


def test_the_calendar_helper_uses_the_same_format():
    # Emails and the dashboard format through sessions.calendar.
    assert calendar.format_time(
        AFTER_EU_SWITCH, AnonymousUser(), session_in("Europe/Berlin")
    ) == format_for_member(
        AFTER_EU_SWITCH, AnonymousUser(), session_in("Europe/Berlin")
    )
