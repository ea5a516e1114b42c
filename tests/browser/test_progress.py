"""Skill tracking in a real browser: a member rates themselves, sets a goal,
sees the history chart and its table, and shows the level on their public
profile; every page passes axe (WCAG 2.2 AA) on a phone and a desktop."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from sessions.tests.factories import MemberFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(page, live_server, user) -> None:
    """Hand the browser a session made by Django's test client: this test
    is about progress, the sign-in form has its own."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_a_member_tracks_a_skill_and_shares_its_level(
    page, live_server, axe_violations, width
):
    member = MemberFactory(username="ada", profile__skills=["SQL"])
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(page, live_server, member)

    def accessible():
        violations = axe_violations(page)
        assert not violations, describe(violations)

    page.goto(f"{live_server.url}/progress/")
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    accessible()

    page.get_by_role("link", name="SQL", exact=True).click()
    expect(page.get_by_role("heading", name="SQL", exact=True)).to_be_visible()
    expect(page.get_by_text("No levels yet.")).to_be_visible()
    accessible()

    page.get_by_label("2 · Advanced beginner").check()
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_role("img", name="Your level in SQL over time")).to_be_visible()
    expect(page.get_by_role("cell", name="Advanced beginner (2)")).to_be_visible()

    page.get_by_label("Level to reach").select_option("4")
    by = timezone.localdate() + timedelta(days=60)
    page.get_by_label("Reach it by").fill(by.isoformat())
    page.get_by_role("button", name="Set goal").click()
    expect(page.get_by_text("Your goal is saved.")).to_be_visible()
    expect(page.get_by_text("2 levels to go.")).to_be_visible()
    accessible()
    # The chart and table scroll inside their card, never the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # An unsafe link is refused on the form, with the reason next to it.
    page.get_by_label(re.compile(r"^Title")).fill("My notebook")
    page.get_by_label(re.compile(r"^Link")).fill("javascript:alert(1)")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("Enter a web address that starts with")).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Link"))).to_have_attribute(
        "aria-invalid", "true"
    )
    accessible()

    page.goto(f"{live_server.url}/progress/sharing/")
    page.get_by_label("SQL").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your sharing choices are saved.")).to_be_visible()
    accessible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/members/ada/")
    badges = page.get_by_role("list").filter(has_text="Advanced beginner")
    expect(badges).to_contain_text("SQL")
    expect(badges).to_contain_text("Self-rated")
