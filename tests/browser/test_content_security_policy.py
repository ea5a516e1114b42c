"""The admins and the API docs work under their Content-Security-Policy:
Chromium reports no violation while staff edit a session in Wagtail (with
its preview panel), open Django's admin and read the API docs."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import StaffFactory
from sessions.tests.factories import get_session_index
from tests.browser.test_expert_workspace import fill_session_form, log_in_to_admin

pytestmark = pytest.mark.django_db(transaction=True)

# Every violation, whether or not the console shows it.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def violations(page):
    seen = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            seen.append(message.text)
            if "Content Security Policy" in message.text
            or "Permissions-Policy" in message.text
            else None
        ),
    )

    def collect() -> list[str]:
        found = list(seen)
        for frame in page.frames:
            found += frame.evaluate("window.cspViolations || []")
        return found

    return collect


def test_wagtail_editor_and_preview_work_under_the_admin_policy(
    page, live_server, violations
):
    index = get_session_index()
    staff = StaffFactory(is_superuser=True)
    log_in_to_admin(page, live_server, staff)
    assert violations() == []

    page.goto(
        f"{live_server.url}/admin/pages/add/skillsessions/sessionpage/{index.pk}/"
    )
    fill_session_form(page)
    page.locator("#id_host").select_option(str(staff.pk))
    # The description's StreamField and its rich text editor run on JS.
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    editor.press_sequentially("Bring a laptop.")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    expect(preview.locator("body")).to_contain_text("Bring a laptop.", timeout=15_000)
    assert violations() == []
    # Leave the editor, so its periodic requests stop before the database
    # is flushed.
    page.goto("about:blank")


def test_django_admin_works_under_the_admin_policy(page, live_server, violations):
    log_in_to_admin(page, live_server, StaffFactory(is_superuser=True))
    page.goto(f"{live_server.url}/django-admin/accounts/user/")
    # The sidebar's filter and the list's select-all run on the admin's JS.
    page.locator("#nav-filter").fill("user")
    social = page.locator("#nav-sidebar tr", has_text="Social accounts").first
    expect(social).to_be_hidden()
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")
    page.goto(f"{live_server.url}/django-admin/accounts/user/add/")
    expect(page.locator("#user_form")).to_be_visible()
    assert violations() == []


def test_api_docs_work_under_the_admin_policy(page, live_server, violations):
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.get_by_role("button", name=re.compile("Try it out"))).to_be_visible()
    assert violations() == []
