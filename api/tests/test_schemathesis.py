"""Schemathesis against /api/v1/: every operation of the OpenAPI document,
fed schema-shaped and malformed requests as a signed-in member, must never
answer 5xx and must answer what the document says.

Derandomized with a bounded number of examples per operation, so CI runs the
same cases every time.
"""

from collections import Counter
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
)

from core.models import Skill
from forum.models import Vote
from forum.tests.factories import ForumCategoryFactory, PostFactory, ThreadFactory
from mentorship.messaging import send_message
from mentorship.models import Mentorship
from mentorship.one_to_ones import propose_one_to_one
from mentorship.services import save_questionnaire
from mentorship.tests.factories import MentorshipFactory
from progress.models import FeedbackRequest
from progress.services.assessments import start_attempt
from progress.services.levels import rate_myself
from progress.tests.factories import AssessmentPageFactory
from progress.tests.factories_tracking import (
    EvidenceFactory,
    FeedbackRequestFactory,
    GoalFactory,
)
from sessions.models import Booking
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db

# Any 32 letters are a valid CSRF secret: sent as the cookie and the header,
# they pass Django's CSRF check as a browser's would.
CSRF_TOKEN = "schemathesis" + "x" * 20
CASES: Counter = Counter()


# The signed-in member's session cookie, for the auth provider below.
SIGNED_IN: dict[str, str] = {}


@pytest.fixture
def member(db):
    """A member with bookings, and sessions to book; mentee in one
    mentorship (messages, a proposed 1:1), mentor asked in another, a
    questionnaire, forum posts of theirs and others', and progress: an
    attempt under way, levels, a goal, evidence, a feedback request. The ids
    the cases guess find real rows now and then."""
    member = MemberFactory()
    BookingFactory(member=member)
    BookingFactory(member=member, status=Booking.Status.WAITLISTED)
    SessionPageFactory.create_batch(3)
    _mentorships(member)
    _forum(member)
    _progress(member)
    client = Client()
    client.force_login(member)
    SIGNED_IN["sessionid"] = client.cookies["sessionid"].value
    yield member
    SIGNED_IN.clear()


def _mentorships(member) -> None:
    mentorship = MentorshipFactory(mentee=member, status=Mentorship.Status.ACTIVE)
    send_message(mentorship=mentorship, sender=mentorship.mentor, body="Hello")
    starts = timezone.now() + timedelta(days=3)
    propose_one_to_one(
        mentorship=mentorship,
        by=mentorship.mentor,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    MentorshipFactory(mentor=member)
    save_questionnaire(
        user=member,
        goals="SQL",
        preferred_format="either",
        frequency="weekly",
        time_zone="UTC",
        languages=["en"],
        budget_kind="free",
        budget_max=None,
        currency="EUR",
        targets=[],
        windows=[],
    )


def _forum(member) -> None:
    """Someone else's question the member answered (a reply under it, a
    vote on it), and the member's own question with an answer."""
    Skill.objects.create(name="SQL", slug="sql")
    theirs = ThreadFactory(category=ForumCategoryFactory(slug="databases"))
    answered = PostFactory(thread=theirs, author=member)
    PostFactory(thread=theirs, parent_post=answered)
    Vote.objects.create(post=theirs.posts.get(is_opening=True), voter=member, value=1)
    mine = ThreadFactory(author=member, category=theirs.category)
    PostFactory(thread=mine)


def _progress(member) -> None:
    """An attempt under way, a self-rating, a goal, evidence and an open
    feedback request of the member's; a second assessment to start."""
    assessments = AssessmentPageFactory.create_batch(2)
    start_attempt(member=member, assessment=assessments[0])
    sql = Skill.objects.get(slug="sql")
    rate_myself(member=member, skill=sql, level=2)
    GoalFactory(member=member, skill=sql)
    EvidenceFactory(member=member, skill=sql)
    FeedbackRequestFactory(member=member, skill=sql, status=FeedbackRequest.Status.OPEN)


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """Django closes the database connection when a request finishes; here
    that connection holds the test's transaction. Django's test client
    keeps it open the same way; schemathesis calls the WSGI app itself."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _report_cases():
    yield
    print(f"\nschemathesis: {len(CASES)} operations, {CASES.total()} cases")
    for operation, count in sorted(CASES.items()):
        print(f"  {count:4d} {operation}")


# Read through the app, as a client reads it; the document needs no
# database, so it is loaded when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@schema.auth(refresh_interval=None)
class MemberSession:
    """The cookie auth the document declares (`cookieAuth`), with the CSRF
    token a browser would send. Schemathesis leaves it off on purpose in
    the cases that check unauthenticated requests are refused."""

    def get(self, case, context):
        # None (no credentials) while the tests are collected.
        return SIGNED_IN.get("sessionid")

    def set(self, case, sessionid, context):
        case.cookies = {"sessionid": sessionid, "csrftoken": CSRF_TOKEN}
        case.headers = {**(case.headers or {}), "X-CSRFToken": CSRF_TOKEN}


@schema.parametrize()
@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_fails_and_answers_as_documented(case, member):
    CASES[case.operation.label] += 1
    # Every default check, these two named so that they can never be
    # configured away; but one: a request valid field by field may still
    # break a rule between fields (`date_to` before `date_from`, a 1:1 that
    # ends before it starts), which OpenAPI cannot state and the documented
    # 400 with the field named answers.
    case.call_and_validate(
        additional_checks=[not_a_server_error, response_schema_conformance],
        excluded_checks=[positive_data_acceptance],
    )
