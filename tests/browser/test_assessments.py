"""An assessment end to end on a phone-sized screen, by keyboard: find it,
start it, answer with Tab, Space and typing, save, submit, read the
result; axe on every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from progress.models import Attempt
from progress.tests.factories import AssessmentPageFactory, get_assessment_index
from sessions.tests.factories import MemberFactory
from tests.browser.test_forum import no_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_take_an_assessment_by_keyboard(page, live_server, axe_violations):
    page.set_viewport_size({"width": 375, "height": 800})
    get_assessment_index()
    assessment = AssessmentPageFactory(
        title="SQL basics", slug="sql-basics", time_limit_minutes=20
    )
    member = MemberFactory(email="noor@example.com")

    page.goto(f"{live_server.url}/assessments/")
    no_violations(page, axe_violations)
    page.get_by_role("link", name="SQL basics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SQL basics")
    expect(page.get_by_role("link", name="Sign in to start")).to_be_visible()
    no_violations(page, axe_violations)

    sign_in(page, live_server, member, assessment.url)
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/attempts/\d+/$"))
    expect(page.get_by_text("Hand in by")).to_be_visible()
    expect(page.locator("[data-countdown-remaining]")).to_contain_text("Time left")
    no_violations(page, axe_violations)

    # Question 1: focus the first radio, Space picks it.
    page.get_by_role("group", name=re.compile("Question 1")).get_by_role(
        "radio", name="WHERE"
    ).focus()
    page.keyboard.press("Space")
    # Question 2: Tab from radio group to the first box, then on to the second.
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.get_by_label("Your answer").fill("An inner join")
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="SUM")).to_be_checked()

    page.get_by_role("button", name="Submit for scoring").click()
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator(".result-summary__score")).to_contain_text("4 of 4 points")
    expect(page.get_by_text("Level in SQL:")).to_contain_text("Expert")
    no_violations(page, axe_violations)
    assert Attempt.objects.get().status == Attempt.Status.SCORED

    page.goto(live_server.url + assessment.url)
    expect(page.get_by_text("You can take it again from")).to_be_visible()
    no_violations(page, axe_violations)
