"""Who may see and answer mentorship requests in the expert workspace: the
same people and the same world as experts' permission matrix."""

import pytest
from django.urls import reverse

from experts.tests.test_permission_matrix import (  # noqa: F401 - fixture
    LOGIN,
    ROLES,
    WHOSE,
    assert_turned_away,
    log_in,
    world,
)
from mentorship.models import Mentorship
from mentorship.tests.factories import MentorshipFactory

REQUESTS = "mentorship_admin_requests"


@pytest.fixture
def mentorship(world):  # noqa: F811 - the imported fixture
    return MentorshipFactory(
        mentor=world.users["expert_a"],
        mentee=world.users["member"],
        goals="Kestrel goals: learn window functions.",
    )


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_requests_page_turns_away_non_experts(client, world, role):  # noqa: F811
    log_in(client, world, role)
    assert_turned_away(client.get(reverse(REQUESTS)), role)


@pytest.mark.parametrize("role", list(WHOSE))
def test_requests_page_shows_experts_their_own_and_staff_anyones(
    client,
    world,  # noqa: F811
    mentorship,
    role,
):
    asked, shown = WHOSE[role]
    log_in(client, world, role)
    query = {"expert": world.users[asked].pk} if asked else {}
    response = client.get(reverse(REQUESTS), query)
    assert response.status_code == 200
    assert response.context["host"] == world.users[shown]
    assert ("Kestrel goals" in response.content.decode()) == (shown == "expert_a")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_mentor_answers_a_request(
    client,
    world,  # noqa: F811
    mentorship,
    role,
    django_capture_on_commit_callbacks,
):
    log_in(client, world, role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mentorship_admin_answer", args=[mentorship.pk]),
            {"action": "accept", "response": "Welcome aboard"},
        )
    mentorship.refresh_from_db()
    if role == "expert_a":
        assert mentorship.status == Mentorship.Status.ACTIVE
        return
    assert mentorship.status == Mentorship.Status.REQUESTED
    if role == "anonymous":
        assert response["Location"].startswith(LOGIN)
    elif role == "member":
        assert response.status_code == 403
    else:
        assert response.status_code == 404
