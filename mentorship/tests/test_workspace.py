"""The mentor's side of the expert workspace: the requests panel on the
admin dashboard and the page where requests are answered."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import StaffFactory
from experts.tests.factories import ExpertPageFactory
from experts.tests.workspace_seed import (
    NOW,
    book,
    pay,
    rate,
    refund,
    review,
    seed,
    session,
)
from mentorship.errors import MENTEES_FULL, NOT_REQUESTED
from mentorship.models import Mentorship
from mentorship.tests.factories import MentorshipFactory
from sessions.models import Booking
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


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


def ask(mentor, *, goals="Learn window functions", minutes_ago=0, **kwargs):
    mentorship = MentorshipFactory(mentor=mentor, goals=goals, **kwargs)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        requested_at=NOW - timedelta(minutes=minutes_ago)
    )
    return mentorship


# --- Dashboard panel -------------------------------------------------------------


def test_mentorship_panel_counts_waiting_requests_and_shows_the_latest(
    client, world, travel
):
    expert = world["expert_a"]
    for n in range(4):
        ask(expert, goals=f"Goal number {n}", minutes_ago=10 * n)
    ask(expert, goals="Already answered", status=Status.DECLINED)
    html = dashboard(client, expert)
    assert "4</span>" in html and "requests waiting for your answer" in html
    assert "Goal number 0" in html and "Goal number 2" in html
    assert "Goal number 3" not in html  # only the latest three
    assert "Already answered" not in html
    assert reverse("mentorship_admin_requests") in html


def test_the_panel_never_shows_another_experts_requests(client, world, travel):
    ask(world["expert_b"], goals="Secret goal for B")
    assert "Secret goal for B" not in dashboard(client, world["expert_a"])


# The whole dashboard (every app's panels), pinned here where the last panel
# plugs in.
def test_dashboard_query_count_does_not_grow(
    client, world, travel, django_assert_num_queries
):
    expert = world["expert_a"]
    for n in range(3):
        ask(expert, goals=f"Goal {n}")
    client.force_login(expert)
    client.get(reverse("wagtailadmin_home"))  # warm the session
    with django_assert_num_queries(PINNED_DASHBOARD_QUERIES):
        client.get(reverse("wagtailadmin_home"))
    for n in range(8):
        more = session(expert, f"Soon {n}", "2031-03-28", price=Decimal("9"))
        seat = book(
            more, Booking.Status.CONFIRMED, created="2031-03-18", confirmed="2031-03-18"
        )
        refund(pay(seat, on="2031-03-18"), "1.00", on="2031-03-18")
        book(more, Booking.Status.WAITLISTED, created="2031-03-18")
        review(more, 5, created="2031-03-18")
        rate(more, "5.00", 1)
        ask(expert, goals=f"More {n}")
    with django_assert_num_queries(PINNED_DASHBOARD_QUERIES):
        client.get(reverse("wagtailadmin_home"))


# Wagtail's dashboard and menus (and other apps' hooks; the Images menu and
# image count since experts may upload; site settings from the cache), the
# verified-email check at the admin's door (1), plus ours: expert page and
# directory (2), upcoming (1), requests and their count (2), the zone (1),
# earnings (2: charges and refunds), reviews (1), participants' levels (1:
# progress, counts only).
PINNED_DASHBOARD_QUERIES = 33


# --- Mentorship requests ----------------------------------------------------------


def requests_page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("mentorship_admin_requests"), params)
    assert response.status_code == 200
    return response.content.decode()


def answer(client, user, request, **data):
    client.force_login(user)
    return client.post(
        reverse("mentorship_admin_answer", args=[request.pk]), data, follow=True
    )


def test_requests_page_lists_pending_first_then_answered(client, world, travel):
    expert = world["expert_a"]
    ask(expert, goals="Newer question", minutes_ago=5)
    ask(expert, goals="Older question", minutes_ago=50)
    ask(expert, goals="Answered question", status=Status.ACTIVE)
    html = requests_page(client, expert)
    assert (
        html.index("Older question")
        < html.index("Newer question")
        < html.index("Answered question")
    )
    assert html.count('name="action" value="accept"') == 2


def test_accepting_a_request_tells_the_member(
    client, world, travel, django_capture_on_commit_callbacks
):
    ExpertPageFactory(expert=world["expert_a"], mentee_capacity=2)
    request = ask(world["expert_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(
            client, world["expert_a"], request, action="accept", response="Welcome!"
        )
    request.refresh_from_db()
    assert (request.status, request.reply_message) == (Status.ACTIVE, "Welcome!")
    assert "as a mentee" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[request.mentee.email]]


def test_declining_a_request_needs_no_message(client, world, travel):
    request = ask(world["expert_a"])
    response = answer(client, world["expert_a"], request, action="decline")
    request.refresh_from_db()
    assert request.status == Status.DECLINED
    assert "You declined" in response.content.decode()


def test_accepting_at_full_capacity_shows_an_error_not_a_500(client, world, travel):
    ExpertPageFactory(expert=world["expert_a"], mentee_capacity=1)
    ask(world["expert_a"], status=Status.ACTIVE)
    request = ask(world["expert_a"])
    response = answer(client, world["expert_a"], request, action="accept")
    request.refresh_from_db()
    assert response.status_code == 200
    assert request.status == Status.REQUESTED
    assert str(MENTEES_FULL) in response.content.decode()


def test_answering_an_answered_request_says_so(client, world, travel):
    request = ask(world["expert_a"], status=Status.CANCELLED)
    response = answer(client, world["expert_a"], request, action="accept")
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    assert str(NOT_REQUESTED) in response.content.decode()


def test_answering_someone_elses_request_is_404(client, world, travel):
    request = ask(world["expert_b"])
    client.force_login(world["expert_a"])
    url = reverse("mentorship_admin_answer", args=[request.pk])
    response = client.post(url, {"action": "accept"})
    request.refresh_from_db()
    assert response.status_code == 404
    assert request.status == Status.REQUESTED


def test_a_bad_action_is_refused_with_a_message(client, world, travel):
    request = ask(world["expert_a"])
    response = answer(client, world["expert_a"], request, action="maybe")
    request.refresh_from_db()
    assert request.status == Status.REQUESTED
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_answering_needs_post_and_a_csrf_token(client, world, travel):
    request = ask(world["expert_a"])
    url = reverse("mentorship_admin_answer", args=[request.pk])
    client.force_login(world["expert_a"])
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["expert_a"])
    assert strict.post(url, {"action": "accept"}).status_code == 403


def test_staff_read_any_experts_requests_without_answering(client, world, travel):
    ask(world["expert_b"], goals="What B was asked")
    ask(world["expert_a"], goals="What A was asked")
    html = requests_page(client, StaffFactory(), expert=world["expert_b"].pk)
    assert "What B was asked" in html
    assert "What A was asked" not in html
    assert "Only the expert can answer this request." in html
    assert 'name="action"' not in html


def test_an_experts_expert_parameter_is_ignored(client, world, travel):
    ask(world["expert_b"], goals="What B was asked")
    html = requests_page(client, world["expert_a"], expert=world["expert_b"].pk)
    assert "What B was asked" not in html
    assert 'id="expert-switch"' not in html


def test_members_cannot_open_the_requests_page(client, world, travel):
    client.force_login(MemberFactory())
    assert client.get(reverse("mentorship_admin_requests")).status_code == 403


def test_requests_menu_item_is_in_the_experts_menu(client, world, travel):
    html = dashboard(client, world["expert_a"])
    assert reverse("mentorship_admin_requests") in html
