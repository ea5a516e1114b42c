"""The whole mentorship journey in a real browser: a member answers the
questionnaire, picks a match and asks for mentorship; the mentor accepts in
the admin workspace; they write to each other; one proposes a free 1:1 and
the other accepts it.

Member and mentor each have their own browser context, so both stay signed
in as they would on two computers.
"""

import re
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import EXPERTS_GROUP_NAME
from accounts.tests.factories import PASSWORD
from core.models import Skill
from experts.models import MentorSkill
from experts.tests.factories import ExpertPageFactory, GroupExpertFactory
from mentorship.models import AvailabilityWindow, Mentorship, OneToOne
from sessions.tests.factories import MemberFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)

TUESDAY, THURSDAY = 1, 3
MEMBER_ZONE = "Europe/Stockholm"


@pytest.fixture
def mentor_page():
    """Nadia, a free mentor in SQL and data analysis, free on Tuesday and
    Thursday evenings in Berlin."""
    # The live server's flushed database lost the migration that lets the
    # Experts group into the admin.
    group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    sql = Skill.objects.create(name="SQL", slug="sql")
    analysis = Skill.objects.create(name="Data analysis", slug="data-analysis")
    expert = GroupExpertFactory(
        username="nadia",
        name="Nadia Haddad",
        email="nadia@example.com",
        time_zone="Europe/Berlin",
    )
    page = ExpertPageFactory(
        expert=expert,
        title="Nadia Haddad",
        headline="Analytics lead · SQL for non-analysts",
        hourly_rate=None,
        mentee_capacity=2,
        languages=["en"],
        mentoring_intro="Free, every two weeks, on a question from your work.",
    )
    MentorSkill.objects.create(page=page, skill=sql, level=5, sort_order=0)
    MentorSkill.objects.create(page=page, skill=analysis, level=4, sort_order=1)
    for weekday in (TUESDAY, THURSDAY):
        AvailabilityWindow.objects.create(
            user=expert, weekday=weekday, starts_at=time(18), ends_at=time(21)
        )
    return page


def sign_in(page, live_server, user, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def assert_accessible(page, axe_violations) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)


def fill_questionnaire(page) -> None:
    page.get_by_label("What do you want to achieve?").fill(
        "Answer my own marketing questions in SQL within three months."
    )
    skill = page.get_by_role("group", name="Skill 1")
    skill.get_by_label("Skill").select_option(label="SQL")
    skill.get_by_label("Your level now").select_option("2")
    skill.get_by_label("Level you aim for").select_option("4")
    page.get_by_label("Video call").check()
    page.get_by_label("Every two weeks").check()
    page.get_by_label("English", exact=True).check()
    page.get_by_label("Your time zone").select_option(MEMBER_ZONE)
    slot = page.get_by_role("group", name="Time slot 1")
    slot.get_by_label("Day").select_option(label="Tuesday")
    slot.get_by_label("From").fill("18:00")
    slot.get_by_label("Until").fill("20:30")
    page.get_by_label("Free mentoring only").check()


def test_member_finds_a_mentor_talks_and_books_a_free_one_to_one(
    page, browser, live_server, axe_violations, mentor_page
):
    member = MemberFactory(
        name="Sofia Lindqvist", email="sofia@example.com", time_zone=MEMBER_ZONE
    )
    mentor = mentor_page.expert
    mentor_tab = browser.new_context().new_page()

    # The questionnaire, then the matches it leads to.
    sign_in(page, live_server, member, "/mentorship/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a mentor")
    fill_questionnaire(page)
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Save my answers").click()
    expect(page).to_have_url(re.compile(r"/mentorship/matches/$"))
    match = page.locator(".matches__match", has_text="Nadia Haddad")
    expect(match.locator(".matches__score")).to_contain_text(re.compile(r"\d+ / 100"))
    reasons = match.locator(".matches__reasons")
    expect(reasons).to_contain_text("You want SQL 2→4; Nadia Haddad: 5/5 in SQL")
    expect(reasons).to_contain_text("Speaks English")
    expect(reasons).to_contain_text("Free")
    expect(reasons).to_contain_text("h overlap per week")
    assert_accessible(page, axe_violations)

    # The request, prefilled with the questionnaire's goals.
    match.get_by_role("link", name=re.compile("Request mentorship")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask Nadia Haddad for mentorship"
    )
    expect(page.get_by_label("What would you like to work on?")).to_have_value(
        re.compile("marketing questions in SQL")
    )
    page.get_by_label("A note to the expert (optional)").fill("I can start next week.")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator(".messages")).to_contain_text("Your request is on its way")
    mentorship = Mentorship.objects.get(mentor=mentor, mentee=member)
    assert mentorship.status == Mentorship.Status.REQUESTED

    # The mentor answers in the admin workspace, from the dashboard panel.
    sign_in(mentor_tab, live_server, mentor, "/admin/")
    dashboard = mentor_tab.locator("main")
    expect(dashboard).to_contain_text("Mentorship requests waiting")
    expect(dashboard).to_contain_text("1 request waiting for your answer")
    dashboard.get_by_role("link", name="Answer requests").click()
    request = mentor_tab.locator(
        "article.workspace-request", has_text="Sofia Lindqvist"
    )
    expect(request).to_contain_text("I can start next week.")
    request.get_by_label(re.compile("Message to Sofia Lindqvist")).fill(
        "Welcome! Send me your hardest question."
    )
    request.get_by_role("button", name="Accept", exact=True).click()
    expect(mentor_tab.locator("body")).to_contain_text(
        "You accepted Sofia Lindqvist as a mentee"
    )
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE

    # The member writes first: Messages in the header, then the conversation.
    page.goto(f"{live_server.url}/mentorship/")
    expect(page.locator("#my-mentorships")).to_contain_text("Active")
    page.get_by_role("navigation").get_by_role(
        "link", name=re.compile("^Messages")
    ).first.click()
    page.get_by_role("link", name="Nadia Haddad").click()
    conversation_url = f"/mentorship/{mentorship.pk}/conversation/"
    expect(page).to_have_url(re.compile(re.escape(conversation_url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Conversation with Nadia Haddad"
    )
    page.get_by_label("Your message").fill("Hello Nadia! How do I count repeat buyers?")
    page.get_by_role("button", name="Send", exact=True).click()
    thread = page.locator(".conversation__messages")
    expect(thread).to_contain_text("How do I count repeat buyers?")

    # The mentor sees one unread message and replies.
    mentor_tab.goto(f"{live_server.url}/mentorship/messages/")
    expect(mentor_tab.locator(".site-nav__count")).to_have_text("1")
    mentor_tab.get_by_role("link", name=re.compile("Sofia Lindqvist")).click()
    expect(mentor_tab.locator(".conversation__messages")).to_contain_text(
        "How do I count repeat buyers?"
    )
    mentor_tab.get_by_label("Your message").fill(
        "GROUP BY customer, HAVING COUNT(*) > 1. Let's book a 1:1."
    )
    mentor_tab.get_by_role("button", name="Send", exact=True).click()
    expect(mentor_tab.locator(".conversation__messages")).to_contain_text(
        "HAVING COUNT(*) > 1"
    )
    expect(mentor_tab.locator(".site-nav__count")).to_have_count(0)

    # The member: one unread in the header, and the reply in the thread.
    page.goto(f"{live_server.url}/mentorship/")
    messages_link = page.get_by_role("link", name=re.compile("^Messages"))
    expect(messages_link.first).to_contain_text("(1 unread message)")
    expect(page.locator(".site-nav__count")).to_have_text("1")
    messages_link.first.click()
    expect(page.locator(".inbox__item--unread")).to_contain_text("1 unread")
    page.get_by_role("link", name=re.compile("Nadia Haddad")).click()
    expect(thread).to_contain_text("HAVING COUNT(*) > 1")
    expect(page.locator(".site-nav__count")).to_have_count(0)
    assert_accessible(page, axe_violations)

    # 1:1s: nothing links to this page yet, so by address. The member
    # proposes a time in their own zone, ten days ahead.
    sessions_url = f"{live_server.url}/mentorship/{mentorship.pk}/sessions/"
    page.goto(sessions_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "1:1 sessions with Nadia Haddad"
    )
    day = (timezone.now() + timedelta(days=10)).astimezone(ZoneInfo(MEMBER_ZONE))
    starts = day.replace(hour=18, minute=0, second=0, microsecond=0)
    page.get_by_label(re.compile(r"^Starts")).fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^Ends")).fill(
        (starts + timedelta(minutes=45)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Note (optional)").fill("Repeat buyers, in SQL.")
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Propose this time").click()
    proposal = page.locator(".bookings-list__item")
    expect(proposal).to_contain_text("Proposed by you")
    expect(proposal).to_contain_text("Free")
    expect(proposal.locator(".badge")).to_have_text("Proposed")

    # The mentor accepts with a meeting link: free, so confirmed at once.
    mentor_tab.goto(sessions_url)
    item = mentor_tab.locator(".bookings-list__item")
    expect(item.locator(".badge")).to_have_text("Waiting for your answer")
    item.get_by_label("Meeting link (optional)").fill(
        "https://meet.example.com/nadia-sofia"
    )
    item.get_by_role("button", name=re.compile("^Accept")).click()
    expect(item.locator(".badge")).to_have_text("Confirmed")
    assert_accessible(mentor_tab, axe_violations)

    one_to_one = OneToOne.objects.get(mentorship=mentorship)
    assert one_to_one.status == OneToOne.Status.CONFIRMED
    assert one_to_one.price == 0
    assert one_to_one.starts_at == starts

    # The member sees it confirmed, with its meeting link.
    page.reload()
    expect(proposal.locator(".badge")).to_have_text("Confirmed")
    expect(proposal.get_by_role("link", name="Meeting link")).to_have_attribute(
        "href", "https://meet.example.com/nadia-sofia"
    )
    assert_accessible(page, axe_violations)
    # The confirmation email carries the calendar file; should the page offer
    # one too, it must be a real calendar event.
    calendar_links = proposal.get_by_role("link", name=re.compile("calendar", re.I))
    for index in range(calendar_links.count()):
        href = calendar_links.nth(index).get_attribute("href")
        response = page.request.get(f"{live_server.url}{href}")
        assert response.headers["content-type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in response.text()
    mentor_tab.context.close()
