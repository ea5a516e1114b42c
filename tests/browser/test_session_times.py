"""A visitor's browser rewrites session times into its own zone in the
site's one format: 24-hour, the visitor's clock first, the session's zone
named once; never the locale's "10:00 AM"."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from sessions.tests.factories import SessionPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

STARTS = datetime(2027, 1, 12, 15, 0, tzinfo=UTC)


def test_a_visitor_in_new_york_reads_their_clock_and_the_sessions(
    browser, live_server, home_page
):
    session = SessionPageFactory(
        title="Budgeting for teams",
        starts_at=STARTS,
        ends_at=STARTS + timedelta(hours=1),
        time_zone="Europe/London",
    )
    context = browser.new_context(timezone_id="America/New_York", locale="en-US")
    page = context.new_page()

    page.goto(f"{live_server.url}{session.url}")
    starts = page.locator(".session__starts")
    expect(starts).to_have_text(
        "Tue 12 Jan 2027, 10:00 EST (session time 15:00 GMT, Europe/London)"
    )

    page.goto(f"{live_server.url}/sessions/")
    card = page.locator(".session-card__when")
    expect(card).to_have_text("Tue 12 Jan 2027, 10:00 EST (America/New_York)")
    expect(card).not_to_contain_text("AM")
    context.close()


def test_a_visitor_in_the_sessions_zone_sees_it_named_once(
    browser, live_server, home_page
):
    session = SessionPageFactory(
        starts_at=STARTS, ends_at=STARTS + timedelta(hours=1), time_zone="Europe/London"
    )
    context = browser.new_context(timezone_id="Europe/London", locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}{session.url}")
    expect(page.locator(".session__starts")).to_have_text(
        "Tue 12 Jan 2027, 15:00 GMT (Europe/London)"
    )
    context.close()
