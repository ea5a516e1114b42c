"""A visitor searches from the header box and lands on accessible results."""

import re

import pytest
from playwright.sync_api import expect

from content.tests.factories import ArticlePageFactory
from sessions.tests.factories import SessionPageFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_header_search_finds_sessions_and_articles(page, live_server, axe_violations):
    SessionPageFactory(title="Kubernetes for developers")
    ArticlePageFactory(title="Kubernetes in production", access="free")
    SessionPageFactory(title="Watercolour basics")

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/")
    box = page.get_by_role(
        "combobox", name="Search sessions, experts, content and the forum"
    )
    box.fill("kubernetes")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=kubernetes"))
    results = page.locator(".search__list")
    expect(results).to_contain_text("Kubernetes for developers")
    expect(results).to_contain_text("Kubernetes in production")
    expect(results).not_to_contain_text("Watercolour")
    expect(results.locator("mark").first).to_have_text("Kubernetes")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.get_by_role("link", name="Articles", exact=True).click()
    expect(results).not_to_contain_text("Kubernetes for developers")
    expect(results).to_contain_text("Kubernetes in production")


def test_did_you_mean_and_the_removed_page_lead_somewhere_accessible(
    page, live_server, axe_violations
):
    SessionPageFactory(title="Kubernetes for developers")
    removed = SessionPageFactory(title="Kubernetes retired")
    address = live_server.url + removed.url
    removed.delete()

    page.set_viewport_size({"width": 390, "height": 844})
    response = page.goto(address)
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This page was removed")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    box = page.locator("#gone-search-q")  # the header's is in the closed menu
    box.fill("kubrenetes")
    box.press("Enter")
    expect(page.locator(".search__suggestion")).to_have_text("Did you mean kubernetes?")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.get_by_role("link", name="kubernetes").click()
    expect(page.locator(".search__list")).to_contain_text("Kubernetes for developers")
