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
    box = page.get_by_role("combobox", name="Search sessions, experts and content")
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
