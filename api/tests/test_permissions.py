"""Who may use /api/v1/, route by route, read from the URL resolver itself:
a route added tomorrow is walked without anyone listing it here.

- Signed out, every method of every route but the public reads (session
  discovery, reading the forum, the schema and its docs) is a 403
  `{"detail": ...}`.
- Signed in, a member outside a mentorship gets 404 `{"error": ...}` from
  every method of every route about someone else's mentorship, 1:1,
  booking, assessment attempt, goal, evidence or feedback request, or about
  a forum thread or post hidden from members, and nothing changes.
"""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from forum.models import Post, Subscription, Thread, Vote
from forum.tests.factories import PostFactory, ThreadFactory
from mentorship.messaging import send_message
from mentorship.models import Mentorship, Message, OneToOne
from mentorship.one_to_ones import propose_one_to_one
from mentorship.tests.factories import MentorshipFactory
from progress.models import Attempt, Evidence, FeedbackRequest, Goal
from progress.services.assessments import start_attempt
from progress.tests.factories import AssessmentPageFactory
from progress.tests.factories_tracking import (
    EvidenceFactory,
    FeedbackRequestFactory,
    GoalFactory,
)
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, MemberFactory

pytestmark = pytest.mark.django_db
PREFIX = "api/v1/"
# Route: the methods anyone may use there.
PUBLIC = {
    "api/v1/sessions/": {"get"},
    "api/v1/sessions/<id:session_id>/": {"get"},
    "api/v1/forum/categories/": {"get"},
    "api/v1/forum/threads/": {"get"},
    "api/v1/forum/threads/<id:thread_id>/": {"get"},
    "api/v1/schema/": {"get"},
    "api/v1/docs/": {"get"},
}
# Parameters naming something a stranger may not reach (`others` below).
NOT_THEIRS = {
    "mentorship_id",
    "one_to_one_id",
    "booking_id",
    "thread_id",
    "post_id",
    "attempt_id",
    "goal_id",
    "evidence_id",
    "feedback_id",
}
METHODS = ("get", "post", "put", "patch", "delete")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def api_routes() -> list[tuple[str, type]]:
    """(route, view class) for every pattern under /api/v1/."""

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif route.startswith(PREFIX):
                yield route, entry.callback.cls

    return list(walk(get_resolver().url_patterns, ""))


def methods_of(view: type) -> list[str]:
    return [method for method in METHODS if hasattr(view, method)]


def fill(route: str, values: dict[str, int]) -> str:
    def value(match):
        name = match.group(1)
        assert name in values, (
            f"{route} takes {name}: give this walk someone else's {name}"
        )
        return str(values[name])

    return "/" + PARAMETER.sub(value, route)


def send(client: Client, method: str, url: str):
    return getattr(client, method)(url, {}, content_type="application/json")


def _hidden_thread() -> tuple[Thread, Post]:
    """A question with an answer, then hidden by staff: its author, the
    answerer and every other member now get 404 for all of it."""
    thread = ThreadFactory(title="Buy cheap pills here")
    post = PostFactory(thread=thread)
    Vote.objects.create(post=post, voter=thread.author, value=1)
    Thread.objects.filter(pk=thread.pk).update(is_hidden=True)
    return thread, post


@pytest.fixture
def others():
    """A mentorship with a message and a proposed 1:1, a booking, and a
    forum thread hidden by staff, all of other people."""
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    send_message(mentorship=mentorship, sender=mentorship.mentor, body="Hi")
    starts = timezone.now() + timedelta(days=3)
    one_to_one = propose_one_to_one(
        mentorship=mentorship,
        by=mentorship.mentee,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    booking = BookingFactory()
    thread, post = _hidden_thread()
    progress = _progress()
    return {
        **progress,
        "mentorship_id": mentorship.pk,
        "one_to_one_id": one_to_one.pk,
        "booking_id": booking.pk,
        "session_id": booking.session_id,
        "thread_id": thread.pk,
        "post_id": post.pk,
    }


def _progress() -> dict[str, int | str]:
    """Someone's attempt under way, goal, evidence and open feedback request."""
    assessment = AssessmentPageFactory()
    attempt = start_attempt(member=MemberFactory(), assessment=assessment)
    goal = GoalFactory(member=attempt.member)
    return {
        "assessment_id": assessment.pk,
        "attempt_id": attempt.pk,
        "slug": goal.skill.slug,
        "goal_id": goal.pk,
        "evidence_id": EvidenceFactory(member=attempt.member).pk,
        "feedback_id": FeedbackRequestFactory(
            member=attempt.member, status=FeedbackRequest.Status.OPEN
        ).pk,
    }


def snapshot() -> tuple:
    return (
        list(Mentorship.objects.values_list("pk", "status")),
        list(OneToOne.objects.values_list("pk", "status")),
        list(Booking.objects.values_list("pk", "status")),
        list(Message.objects.values_list("pk", "read_at")),
        list(Thread.objects.values_list("pk", "accepted_answer", "is_hidden")),
        list(Post.objects.values_list("pk", "body", "score", "deleted_at")),
        list(Vote.objects.values_list("pk", "value")),
        list(Subscription.objects.values_list("pk", "thread")),
        list(Attempt.objects.values_list("pk", "status", "answers")),
        list(Goal.objects.values_list("pk", "target_level", "target_date")),
        list(Evidence.objects.values_list("pk", "url")),
        list(FeedbackRequest.objects.values_list("pk", "status")),
    )


def test_the_walk_finds_every_apps_routes():
    routes = {route for route, _view in api_routes()}
    assert "api/v1/mentorships/<id:mentorship_id>/accept/" in routes
    assert "api/v1/one-to-ones/<id:one_to_one_id>/checkout/" in routes
    assert "api/v1/forum/posts/<id:post_id>/vote/" in routes
    assert "api/v1/assessments/attempts/<id:attempt_id>/submit/" in routes
    assert "api/v1/progress/feedback/<id:feedback_id>/withdraw/" in routes
    assert len(routes) > 30


def test_signed_out_every_private_route_and_method_is_403(others):
    client, before = Client(), snapshot()
    checked = 0
    for route, view in api_routes():
        url = fill(route, others)
        for method in set(methods_of(view)) - PUBLIC.get(route, set()):
            response = send(client, method, url)
            assert response.status_code == 403, (method, url)
            assert "detail" in response.json(), (method, url)
            checked += 1
    # Bookings, mentorship, the forum and progress, every method.
    assert checked >= 55
    assert snapshot() == before


def test_someone_elses_things_are_404_on_every_route_and_method(others):
    client = Client()
    client.force_login(MemberFactory())
    before = snapshot()
    checked = 0
    for route, view in api_routes():
        names = set(PARAMETER.findall(route))
        if not names & NOT_THEIRS:
            continue
        url = fill(route, others)
        for method in methods_of(view):
            response = send(client, method, url)
            assert response.status_code == 404, (method, url)
            assert set(response.json()) == {"error"}, (method, url)
            checked += 1
    # Mentorship, bookings, the forum and progress, every method.
    assert checked >= 36
    assert snapshot() == before
