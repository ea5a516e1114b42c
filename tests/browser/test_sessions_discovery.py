"""Discover sessions in a real browser: filter without JavaScript tricks,
open one, and check both pages with axe (WCAG 2.2 AA)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from sessions.tests.factories import CategoryFactory, ExpertFactory, SessionPageFactory

from .conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sessions(home_page):
    data = CategoryFactory(name="Data", slug="data")
    design = CategoryFactory(name="Design", slug="design")
    host = ExpertFactory(name="Grace Hopper", username="grace")
    return {
        "free_data": SessionPageFactory(
            title="SQL for analysts", category=data, host=host, skills=["SQL"]
        ),
        "paid_data": SessionPageFactory(
            title="Advanced window functions",
            category=data,
            host=host,
            price=Decimal("30.00"),
        ),
        "free_design": SessionPageFactory(title="Figma basics", category=design),
    }


def assert_accessible(page, axe_violations):
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_browse_filter_and_open_a_session(page, live_server, axe_violations, sessions):
    page.goto(f"{live_server.url}/sessions/")
    expect(page.get_by_role("heading", name="3 sessions found")).to_be_visible()
    assert_accessible(page, axe_violations)

    page.get_by_label("Category").select_option("data")
    page.get_by_label("Price").select_option("free")
    page.get_by_role("button", name="Show sessions").click()

    expect(page).to_have_url(re.compile(r"/sessions/\?.*category=data.*price=free"))
    expect(page.get_by_role("heading", name="1 session found")).to_be_visible()
    cards = page.locator(".session-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("SQL for analysts")
    expect(cards.first).to_contain_text("Free")
    expect(page.get_by_label("Category")).to_have_value("data")

    page.get_by_role("link", name="SQL for analysts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SQL for analysts")
    expect(page.get_by_role("link", name="Grace Hopper")).to_be_visible()
    assert "meet.example.com" not in page.content()
    assert_accessible(page, axe_violations)


def test_bad_filters_are_explained_accessibly(
    page, live_server, axe_violations, sessions
):
    page.goto(f"{live_server.url}/sessions/?date_from=yesterday&min_rating=9")
    expect(page.get_by_role("alert")).to_contain_text("Some filters could not be used")
    expect(page.get_by_label("From")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe_violations)
