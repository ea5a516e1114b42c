"""The whole progress journey in a real browser: a member takes an
assessment, sees their level and its chart, sets a goal and asks an expert
for feedback; the expert reviews it in the admin and the member reads the
expert's level beside their own. axe (WCAG 2.2 AA) on the member's pages."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import EXPERTS_GROUP_NAME
from experts.tests.factories import ExpertPageFactory
from progress.models import FeedbackRequest, LevelRecord
from progress.tests.factories import AssessmentPageFactory, get_assessment_index
from sessions.tests.factories import MemberFactory
from tests.browser.test_forum import no_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def experts_may_use_the_admin() -> None:
    """The flush live_server's database needs takes the migrations' grant
    of admin access to the Experts group with it."""
    group, _ = Group.objects.get_or_create(name=EXPERTS_GROUP_NAME)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )


def test_assess_track_and_get_an_experts_review(page, live_server, axe_violations):
    experts_may_use_the_admin()
    get_assessment_index()
    assessment = AssessmentPageFactory(title="SQL basics", slug="sql-basics")
    expert_page = ExpertPageFactory(skills=["SQL"], expert__name="Nadia Haddad")
    member = MemberFactory(email="noor@example.com", profile__skills=["SQL"])

    # Take the assessment: two of its four points, which is "Competent".
    sign_in(page, live_server, member, assessment.url)
    page.get_by_role("button", name="Start the assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/attempts/\d+/$"))
    page.get_by_role("radio", name="WHERE").check()
    page.get_by_label("Your answer").fill("A left join")
    page.get_by_role("button", name="Submit for scoring").click()
    expect(page.locator(".result-summary__score")).to_contain_text("2 of 4 points")
    expect(page.get_by_text("Level in SQL:")).to_contain_text("Competent")

    # The level is on the skill's page, in the chart and its table.
    page.goto(f"{live_server.url}/progress/skills/sql/")
    expect(page.get_by_role("img", name="Your level in SQL over time")).to_be_visible()
    expect(page.get_by_role("cell", name="Competent (3)")).to_be_visible()
    no_violations(page, axe_violations)

    # A goal one level up, in three months.
    page.get_by_label("Level to reach").select_option(label="4 · Proficient")
    by = timezone.localdate() + timedelta(days=90)
    page.get_by_label("Reach it by").fill(by.isoformat())
    page.get_by_role("button", name="Set goal").click()
    expect(page.get_by_text("1 level to go").first).to_be_visible()
    no_violations(page, axe_violations)

    # Ask the expert from their page.
    page.goto(live_server.url + expert_page.url)
    page.get_by_role("link", name="Ask for feedback on your level").click()
    page.get_by_label("Skill").select_option(label="SQL")
    page.get_by_label(re.compile("What would you like feedback on")).fill(
        "Are my joins solid?"
    )
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Waiting for the expert")).to_be_visible()
    no_violations(page, axe_violations)
    request = FeedbackRequest.objects.get()

    # The expert answers in the admin, seeing the assessed level.
    expert = page.context.browser.new_context().new_page()
    sign_in(expert, live_server, expert_page.expert, "/admin/progress/feedback/")
    expert.get_by_role("link", name=str(member)).click()
    expect(expert.get_by_text("Are my joins solid?")).to_be_visible()
    expect(expert.get_by_role("cell", name="Assessed")).to_be_visible()
    expert.get_by_label("4 · Proficient").check()
    expert.get_by_label("Your feedback").fill("Solid joins. Practise window functions.")
    expert.get_by_role("button", name="Send review").click()
    expect(expert.get_by_text("has been emailed your answer")).to_be_visible()
    expert.context.close()

    # The member reads it, and the expert's level reaches the goal.
    page.goto(f"{live_server.url}/progress/feedback/")
    expect(page.get_by_text("Solid joins. Practise window functions.")).to_be_visible()
    page.goto(f"{live_server.url}/progress/skills/sql/")
    expect(page.get_by_role("cell", name="Proficient (4)")).to_be_visible()
    no_violations(page, axe_violations)
    request.refresh_from_db()
    assert request.status == FeedbackRequest.Status.REVIEWED
    assert LevelRecord.objects.filter(
        member=member, source=LevelRecord.Source.EXPERT, level=4
    ).exists()
