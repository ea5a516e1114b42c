"""Suggestions while typing in a search box: the combobox pattern with the
keyboard and the mouse, axe with the list open, no layout shift."""

import re

import pytest
from playwright.sync_api import expect

from content.tests.factories import ArticlePageFactory
from sessions.tests.factories import SessionPageFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)

HEADER_BOX = "Search sessions, experts, content and the forum"


@pytest.fixture
def kubernetes_pages(home_page):
    session = SessionPageFactory(title="Kubernetes for beginners")
    ArticlePageFactory(title="Kubernetes at scale in production", access="free")
    SessionPageFactory(title="Watercolour basics")
    return session


def listbox_of(page, box):
    return page.locator(f"#{box.get_attribute('aria-controls')}")


def test_arrow_down_and_enter_open_the_first_suggestion(
    page, live_server, axe_violations, kubernetes_pages
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name=HEADER_BOX)
    expect(box).to_have_attribute("aria-expanded", "false")
    main_before = page.locator("main").bounding_box()

    box.press_sequentially("kub")
    listbox = listbox_of(page, box)
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Kubernetes for beginners")
    expect(options.first).to_contain_text("Session")
    expect(options.nth(1)).to_contain_text("Article")
    expect(page.get_by_role("status").filter(has_text="suggestions")).to_have_text(
        "2 suggestions, use the up and down arrows to choose"
    )
    # The list overlays the page: nothing under it moved.
    assert page.locator("main").bounding_box() == main_before

    box.press("ArrowDown")
    first_id = options.first.get_attribute("id")
    expect(box).to_have_attribute("aria-activedescendant", first_id)
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_be_focused()
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # Wrapping: up from the first goes to the last, down from it comes back.
    box.press("ArrowUp")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(options.first).to_have_attribute("aria-selected", "false")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", first_id)

    box.press("Enter")
    expect(page).to_have_url(live_server.url + kubernetes_pages.url)


def test_escape_closes_the_suggestions_and_keeps_the_text(
    page, live_server, kubernetes_pages
):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name=HEADER_BOX)
    box.press_sequentially("kub")
    listbox = listbox_of(page, box)
    expect(listbox).to_be_visible()

    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("kub")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".*"))

    # Enter with no active option searches as it always did.
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=kub$"))


def test_clicking_a_suggestion_opens_its_page_on_a_small_screen(
    page, live_server, kubernetes_pages
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/search/")
    box = page.get_by_role(
        "combobox", name="Search sessions, experts, articles, courses and the forum"
    )
    box.press_sequentially("kubernetes sc")
    listbox = listbox_of(page, box)
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option", name="Kubernetes at scale in production")
    expect(option).to_be_visible()
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    box_bottom = box.bounding_box()
    list_top = listbox.bounding_box()
    assert list_top["y"] >= box_bottom["y"] + box_bottom["height"]
    option.click()
    expect(page).to_have_url(re.compile(r"/learn/kubernetes-at-scale-in-production/$"))
