"""A mentee reviews a completed mentorship from the dashboard, fixes a
mistake the form points out, and finds the review on the mentor's page;
every page on the way passes axe."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from experts.tests.factories import ExpertPageFactory
from mentorship.models import Mentorship, MentorshipReview
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


def test_mentee_reviews_a_completed_mentorship(page, live_server, axe_violations):
    expert_page = ExpertPageFactory(title="Grace Hopper", expert__name="Grace Hopper")
    mentee = MemberFactory(name="Ada Lovelace", email="ada@example.com")
    mentorship = MentorshipFactory(
        mentor=expert_page.expert, mentee=mentee, status=Mentorship.Status.COMPLETED
    )

    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/")
    page.locator("#id_login").fill(mentee.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.get_by_role("link", name="Review your mentorship with Grace Hopper").click()
    expect(page).to_have_url(re.compile(rf"/mentorship/{mentorship.pk}/review/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review your mentorship with Grace Hopper"
    )
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # No stars chosen: the form says so, and nothing is saved.
    page.get_by_label("How did the mentorship go?").fill("Patient and precise.")
    page.get_by_role("button", name="Publish review").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose a rating")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert not MentorshipReview.objects.exists()

    page.get_by_role("group", name="Your rating of your mentor").get_by_label(
        "4 ★"
    ).check()
    page.get_by_role("button", name="Publish review").click()
    expect(page.locator(".messages")).to_contain_text("we have emailed Grace Hopper")
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert MentorshipReview.objects.get().rating == 4

    page.goto(f"{live_server.url}{expert_page.url}")
    reviews = page.locator("#reviews")
    expect(reviews).to_contain_text("Rated 4.0 out of 5")
    expect(reviews).to_contain_text("Patient and precise.")
    violations = axe_violations(page)
    assert not violations, describe(violations)
