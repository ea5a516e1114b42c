"""/sessions/ on a phone: the filters fold behind "Filters (n)" so results
come first; the disclosure opens by keyboard and without JavaScript; wide
screens keep the form open beside the results."""

import pytest
from playwright.sync_api import expect

from experts.tests.factories import ExpertPageFactory
from sessions.tests.factories import CategoryFactory, SessionPageFactory

from .conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def listing(home_page):
    data = CategoryFactory(name="Data", slug="data")
    for n in range(3):
        SessionPageFactory(title=f"SQL session {n}", category=data)
    # Two filters set; the sort order is not one.
    return "/sessions/?category=data&price=free&sort=soonest"


def first_result_in_view(page):
    box = page.locator(".session-card").first.bounding_box()
    return box is not None and box["y"] < PHONE["height"]


def test_on_a_phone_results_come_before_the_folded_filters(
    browser, live_server, listing, axe_violations
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}{listing}")

    summary = page.locator("summary", has_text="Filters")
    expect(summary).to_have_text("Filters (2)")
    expect(page.get_by_label("Category")).to_be_hidden()
    assert first_result_in_view(page)
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # Keyboard: focus the summary and press Enter to open it.
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Category")).to_be_visible()
    expect(page.get_by_label("Category")).to_have_value("data")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Category")).to_be_hidden()
    context.close()


def test_on_a_phone_the_filters_work_without_javascript(browser, live_server, listing):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{listing}")

    expect(page.locator("summary", has_text="Filters")).to_have_text("Filters (2)")
    assert first_result_in_view(page)
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Price").select_option("")
    page.get_by_role("button", name="Show sessions").click()
    expect(page.locator("summary", has_text="Filters")).to_have_text("Filters (1)")
    expect(page.get_by_role("heading", name="3 sessions found")).to_be_visible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_wide_screen_the_filters_stand_open(
    browser, live_server, listing, javascript
):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}{listing}")
    expect(page.get_by_label("Category")).to_be_visible()
    expect(page.get_by_role("button", name="Show sessions")).to_be_visible()
    expect(page.locator("summary", has_text="Filters")).to_be_hidden()
    context.close()


def test_filters_that_need_fixing_are_shown_open_on_a_phone(
    browser, live_server, listing
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/sessions/?date_from=yesterday")
    expect(page.get_by_label("From")).to_be_visible()
    expect(page.get_by_label("From")).to_have_attribute("aria-invalid", "true")
    context.close()


def test_the_expert_directory_folds_its_filters_too(browser, live_server, home_page):
    ExpertPageFactory()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/experts/?q=data")
    summary = page.locator("summary", has_text="Filters")
    expect(summary).to_have_text("Filters (1)")
    form = page.locator("form.directory__filters")
    expect(form.get_by_label("Search")).to_be_hidden()
    summary.click()
    expect(page.get_by_role("button", name="Show experts")).to_be_visible()
    context.close()
