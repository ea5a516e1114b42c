"""The profile editor in a browser: "Add another" adds entries in place and
both are saved; without JavaScript the blank entry and "Save and add
another" do the same job; skills become chips with suggestions."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from accounts.models import ProfileEntry
from accounts.tests.factories import ProfileEntryFactory, UserFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple 42"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def member():
    user = UserFactory(username="ada", name="Ada Lovelace", email="ada@example.com")
    user.set_password(PASSWORD)
    user.save()
    ProfileEntryFactory(profile=user.profile, title="Translator", organisation="Taylor")
    user.profile.skills.set(["Data engineering"])
    UserFactory().profile.skills.set(["SQL", "Apache Kafka"])
    return user


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill("ada@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_add_another_twice_then_both_entries_are_public(
    page, live_server, member, axe_violations
):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/accounts/profile/")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    experience = page.locator("#section-experience")
    expect(experience.locator("summary")).to_have_text("Translator · Taylor")
    # Scripted, the page offers "Add another" instead of a save round trip.
    expect(
        experience.get_by_role("button", name="Save and add another experience")
    ).to_be_hidden()
    add = experience.get_by_role("button", name="Add another experience", exact=True)
    add.click()
    expect(page.locator("#id_experience-1-title")).to_be_focused()
    page.keyboard.type("Analyst")
    add.click()
    expect(page.locator("#id_experience-2-title")).to_be_focused()
    page.keyboard.type("Programmer")
    page.locator("#id_experience-2-organisation").fill("Babbage & Co")

    # A chosen photo shows before saving; a file that is not an image is
    # flagged at once and keeps the current picture.
    photo = page.locator("#id_photo")
    photo.set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF"}]
    )
    expect(page.locator("[data-photo-status]")).to_contain_text("not a JPEG")
    photo.set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    expect(page.get_by_role("img", name="Preview of your new photo")).to_be_visible()

    # Skills: chips, suggestions from the vocabulary, keyboard only.
    skills = page.locator("#id_skills")
    expect(page.get_by_role("button", name="Remove Data engineering")).to_be_visible()
    skills.fill("sq")
    option = page.get_by_role("option", name="SQL")
    expect(option).to_be_visible()
    skills.press("ArrowDown")
    skills.press("Enter")
    expect(page.get_by_role("button", name="Remove SQL")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    assert sorted(member.profile.entries.values_list("title", flat=True)) == [
        "Analyst",
        "Programmer",
        "Translator",
    ]
    assert sorted(member.profile.skills.names()) == ["Data engineering", "SQL"]
    member.profile.refresh_from_db()
    assert member.profile.photo.name.endswith(".png")

    page.goto(f"{live_server.url}/members/ada/")
    expect(page.get_by_text("Analyst", exact=True)).to_be_visible()
    expect(page.get_by_text("Programmer", exact=True)).to_be_visible()


def test_without_javascript_a_blank_entry_and_save_and_add_another(
    browser, live_server, member
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/accounts/profile/")
    projects = page.locator("#section-projects")
    # An empty section shows one blank entry, ready to fill in.
    expect(page.locator("#id_projects-0-title")).to_be_visible()
    expect(
        projects.get_by_role("button", name="Add another project", exact=True)
    ).to_be_hidden()
    page.locator("#id_projects-0-title").fill("Note G")
    # Skills stay a plain comma-separated box, with no quotes.
    expect(page.locator("#id_skills")).to_have_value("Data engineering")
    projects.get_by_role("button", name="Save and add another project").click()

    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(page.locator("#id_projects-1-title")).to_be_visible()
    page.locator("#id_projects-1-title").fill("Difference engine notes")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    titles = member.profile.entries.filter(kind=ProfileEntry.Kind.PROJECT)
    assert sorted(titles.values_list("title", flat=True)) == [
        "Difference engine notes",
        "Note G",
    ]
    page.goto(f"{live_server.url}/members/ada/")
    expect(page.get_by_text("Note G")).to_be_visible()
    expect(page.get_by_text("Difference engine notes")).to_be_visible()
    context.close()


def test_a_mistake_is_summed_up_and_linked_and_nothing_typed_is_lost(
    page, live_server, member, axe_violations
):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/accounts/profile/")
    page.locator("#id_github_url").fill("https://gitlab.com/ada")
    page.get_by_role("button", name="Add another project", exact=True).click()
    page.keyboard.type("Note G")
    page.get_by_role("button", name="Save profile").click()

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(page.locator("#id_projects-1-title")).to_have_value("Note G")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    summary.get_by_role("link", name="GitHub profile").click()
    expect(page.locator("#id_github_url")).to_be_focused()
    assert not member.profile.entries.filter(title="Note G").exists()
