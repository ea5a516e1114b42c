"""Sign up, verify, edit the profile, see it in public; and axe on each page."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple 42"
CONFIRM_LINK = re.compile(r"https?://[^\s]+/accounts/confirm-email/[^\s/]+/")


def assert_accessible(page, axe_violations):
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_sign_up_verify_edit_profile_and_see_it_in_public(
    page, live_server, axe_violations
):
    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    assert_accessible(page, axe_violations)

    # A mistake first: the error is announced with the field.
    page.locator("#id_name").fill("Grace Hopper")
    page.locator("#id_email").fill("grace@example.com")
    page.locator("#id_username").fill("admin")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Learn and teach").check()
    page.locator("#id_skills").fill("COBOL, compilers")
    page.get_by_role("button", name="Sign Up").click()
    username = page.locator("#id_username")
    expect(username).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_username_error")).to_contain_text("reserved")
    assert_accessible(page, axe_violations)

    username.fill("grace")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    link = CONFIRM_LINK.search(mail.outbox[-1].body).group(0)
    # Emails link to the public address; here that site is the live server.
    assert link.startswith(settings.SITE_URL)
    page.goto(live_server.url + urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Grace")

    page.goto(f"{live_server.url}/accounts/profile/")
    assert_accessible(page, axe_violations)
    page.locator("#id_headline").fill("Compiler pioneer")
    page.locator("#id_bio").fill("I found the first *actual* bug.")
    page.locator("#id_github_url").fill("https://github.com/grace")
    page.locator("#id_experience-0-title").fill("Rear admiral")
    page.locator("#id_experience-0-organisation").fill("US Navy")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()

    page.goto(f"{live_server.url}/members/grace/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper")
    expect(page.get_by_text("Compiler pioneer")).to_be_visible()
    expect(page.locator(".profile__bio em")).to_have_text("actual")
    expect(page.get_by_text("Rear admiral")).to_be_visible()
    assert_accessible(page, axe_violations)

    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/members/grace/")
    # Experience defaults to signed-in members only.
    expect(page.get_by_text("Rear admiral")).to_have_count(0)
    expect(page.get_by_text("Compiler pioneer")).to_be_visible()
    assert_accessible(page, axe_violations)


def test_login_page_is_accessible(page, live_server, axe_violations):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page, axe_violations)
    page.locator("#id_login").fill("nobody@example.com")
    page.locator("#id_password").fill("wrong password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    assert_accessible(page, axe_violations)
