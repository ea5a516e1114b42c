"""The expert's dashboard panels and insights in the admin (mentorship's
panel and requests page: mentorship/tests/test_workspace.py).

Expert A's panels show A's sessions, reviews and earnings, never expert
B's; staff get the same pages for any expert through `?expert=`.
"""

import re

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from experts.tests.factories import (
    ExpertPageFactory,
    get_expert_index,
)
from experts.tests.workspace_seed import (
    NOW,
    seed,
)
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return seed()


@pytest.fixture
def travel():
    # Seeded data lives in March 2031; sign in then too, or the session
    # cookie would have expired long before.
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


# --- Dashboard panels -------------------------------------------------------------


def test_upcoming_sessions_panel_shows_seats_waitlist_and_links(client, world, travel):
    html = dashboard(client, world["expert_a"])
    participants = reverse("sessions_host_participants", args=[world["upcoming"].pk])
    assert "Your upcoming sessions" in html
    assert f'<a href="{participants}">Upcoming data modelling</a>' in html
    assert "2 of 2" in html
    assert "1 waiting" in html
    assert "0 of 12" in html
    assert (
        "Paid SQL workshop"
        not in html.split("Your upcoming sessions")[1].split("</section>")[0]
    )


def test_upcoming_dates_are_in_the_experts_time_zone(client, world, travel):
    profile = world["expert_a"].profile
    profile.time_zone = "Asia/Tokyo"
    profile.save(update_fields=["time_zone"])
    html = dashboard(client, world["expert_a"])
    # 09:00 UTC on Wednesday 26 March.
    assert "Wed 26 Mar 2031, 18:00 JST" in html


def test_recent_reviews_panel_shows_the_experts_reviews_escaped(client, world, travel):
    html = dashboard(client, world["expert_a"])
    assert "Recent reviews" in html
    assert "Too fast for me" in html
    assert "Brilliant &lt;b&gt;walkthrough&lt;/b&gt;" in html
    assert "3 out of 5" in html


def test_earnings_panel_shows_this_months_paid_bookings(client, world, travel):
    html = dashboard(client, world["expert_a"])
    assert "Earnings this month" in html
    assert "40.00 EUR" in html
    assert "50.00 USD" in html
    assert "March 2031" in html


def test_no_panel_shows_another_experts_data(client, world, travel):
    html = dashboard(client, world["expert_a"])
    for text in (
        "Expert B secret session",
        "Expert B review text",
        "99.00",
    ):
        assert text not in html


def test_expert_without_a_page_is_asked_to_create_one(client, world, travel):
    html = dashboard(client, world["expert_a"])
    index = get_expert_index()
    assert "Create your expert page" in html
    assert (
        reverse("wagtailadmin_pages:add", args=["experts", "expertpage", index.pk])
        in html
    )


def test_expert_with_a_draft_page_is_asked_to_complete_it(client, world, travel):
    page = ExpertPageFactory(expert=world["expert_a"], live=False)
    html = dashboard(client, world["expert_a"])
    assert "Complete your expert page" in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html


def test_expert_with_a_live_page_gets_no_prompt(client, world, travel):
    ExpertPageFactory(expert=world["expert_a"])
    html = dashboard(client, world["expert_a"])
    assert "Complete your expert page" not in html
    assert "Create your expert page" not in html


def test_staff_see_their_own_empty_workspace_panels(client, world, travel):
    html = dashboard(client, StaffFactory())
    assert "No upcoming sessions." in html
    assert "Upcoming data modelling" not in html
    assert "Create your expert page" not in html


def test_members_without_admin_access_never_reach_the_dashboard(client, world):
    client.force_login(MemberFactory())
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 403
    assert reverse("experts_insights") not in response.content.decode()


def test_the_dashboard_counts_an_experts_own_pages_not_the_whole_site(
    client, world, travel
):
    from wagtail.models import Page

    expert = world["expert_a"]
    own = Page.objects.filter(owner=expert).count()
    assert 0 < own < Page.objects.count() - 1
    html = dashboard(client, expert)
    search = reverse("wagtailadmin_pages:search")
    assert f'href="{search}?owner={expert.pk}"' in html
    label = f"{own} pages of yours" if own > 1 else "1 page of yours"
    assert label in html
    # The link lists exactly those pages.
    listing = client.get(f"{search}?owner={expert.pk}")
    assert listing.status_code == 200


def test_staff_dashboards_keep_the_site_wide_page_count(client, world, travel):
    html = dashboard(client, StaffFactory(is_superuser=True))
    assert "pages of yours" not in html and "page of yours" not in html
    assert re.search(r"\d+ Pages", html)
