"""An expert creates and publishes a session in the Wagtail admin and finds
it on the site; another expert can neither open it for editing nor see it in
their page explorer. On the site, Wagtail's userbar offers the host, and
only the host, the session's editor."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission

from accounts.models import EXPERTS_GROUP_NAME
from accounts.tests.factories import PASSWORD
from experts.tests.factories import GroupExpertFactory
from sessions.models import SessionPage
from sessions.tests.factories import SessionPageFactory, get_session_index
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Window functions, hands on"


@pytest.fixture
def sessions_index():
    """/sessions/ with the Experts group's page permissions: the flush that
    live_server's database needs takes the migrations' rows with it."""
    index = get_session_index()
    group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    for codename in ("add_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return index


def log_in_to_admin(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def fill_session_form(page):
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Rank, lag and running totals on real data.")
    # Wagtail's date-time widgets are text inputs with a picker; typing the
    # value and leaving the field is what a keyboard user does.
    for field, value in (
        ("starts_at", "2031-05-01 10:00"),
        ("ends_at", "2031-05-01 12:00"),
    ):
        widget = page.locator(f"#id_{field}")
        widget.fill(value)
        widget.press("Escape")
    page.locator("#id_time_zone").select_option("Europe/Berlin")
    # The tag field is jQuery tag-it: type into its own box, Enter makes the
    # tag and copies it into the real (hidden) input.
    tags = page.locator("#id_skills + ul.tagit input")
    tags.press_sequentially("SQL")
    tags.press("Enter")
    expect(page.locator("#id_skills")).to_have_value("SQL")
    page.locator("#id_max_participants").fill("8")
    page.locator("#id_meeting_url").fill("https://meet.example.com/window-fns")


def publish(page):
    # "Publish" sits in the save button's menu of more actions.
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()


def test_expert_publishes_a_session_another_expert_cannot_touch_it(
    page, live_server, sessions_index, axe_violations
):
    expert_a = GroupExpertFactory(name="Ines Alvarez")
    expert_b = GroupExpertFactory(name="Bo Berg")

    log_in_to_admin(page, live_server, expert_a)
    page.goto(f"{live_server.url}/admin/pages/{sessions_index.pk}/")
    page.get_by_role("link", name="Add child page").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/skillsessions/sessionpage/"))
    fill_session_form(page)
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")

    session = SessionPage.objects.get(title=TITLE)
    assert session.live and session.host == expert_a and session.owner == expert_a
    assert session.ends_at - session.starts_at == timedelta(hours=2)
    assert list(session.skills.names()) == ["SQL"]
    page.goto(f"{live_server.url}{session.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("body")).not_to_contain_text("meet.example.com")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    log_in_to_admin(page, live_server, expert_b)
    page.goto(f"{live_server.url}/admin/pages/{session.pk}/edit/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text("do not have permission")
    page.goto(f"{live_server.url}/admin/pages/{sessions_index.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sessions")
    expect(page.locator("main")).not_to_contain_text(TITLE)


def test_the_userbar_takes_the_host_to_their_session_editor_and_no_one_else(
    page, live_server, sessions_index
):
    host = GroupExpertFactory(name="Ines Alvarez")
    other = GroupExpertFactory(name="Bo Berg")
    session = SessionPageFactory(parent=sessions_index, host=host, owner=host)

    log_in_to_admin(page, live_server, host)
    page.goto(f"{live_server.url}{session.url}")
    userbar = page.locator("wagtail-userbar")
    userbar.get_by_role("button", name="View Wagtail quick actions").click()
    userbar.get_by_role("menuitem", name="Edit this page").click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{session.pk}/edit/$"))

    log_in_to_admin(page, live_server, other)
    page.goto(f"{live_server.url}{session.url}")
    userbar.get_by_role("button", name="View Wagtail quick actions").click()
    expect(userbar.get_by_role("menuitem", name="Go to Wagtail admin")).to_be_visible()
    expect(userbar.get_by_role("menuitem", name="Edit this page")).to_have_count(0)
