"""A small site with one of everything a route can look up, and the people
who use it: a visitor, a member, an expert and staff.

Their time zones differ on purpose: a date typed east of UTC (Tokyo, Line
Islands) or west of it (Los Angeles) lands on a different UTC instant, and
the extreme ones past what a datetime can hold.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from content.tests.factories import ArticlePageFactory, CoursePageFactory
from experts.tests.factories import (
    ExpertPageFactory,
    GroupExpertFactory,
)
from forum.models import Category as ForumCategory
from forum.models import Flag, Notification, Post, Subscription, Thread, Vote
from mentorship.messaging import report_message, send_message
from mentorship.models import Mentorship, Message, OneToOne
from mentorship.tests.factories import MentorshipFactory
from sessions.models import Booking, SessionPage
from sessions.tests.factories import (
    BookingFactory,
    CategoryFactory,
    MemberFactory,
    ReviewFactory,
    SessionPageFactory,
)

ROLES = ("anonymous", "member", "expert", "staff")


@dataclass
class World:
    member: User
    expert: User
    staff: User
    session: SessionPage
    booking: Booking
    mentorship: Mentorship
    message: Message
    forum_category: str

    def user(self, role: str) -> User | None:
        return getattr(self, role, None)

    def benign_values(self) -> dict[str, list[str]]:
        """Values each kind of URL parameter takes that find real things,
        so a query or a POST reaches the view behind the lookup."""
        return {
            "int": [
                str(self.session.pk),
                str(self.booking.pk),
                str(self.mentorship.pk),
                str(self.message.pk),
                "1",
            ],
            "slug": [self.session.slug, self.forum_category, "a"],
            "uuid": ["00000000-0000-0000-0000-000000000000"],
            "text": [self.expert.username, "a"],
            "path": [self.session.url_path.strip("/"), "a"],
            "regex": ["", "1", str(self.session.pk), "a", "a/"],
        }


def build_world() -> World:
    expert = GroupExpertFactory(
        username="hostile-expert", time_zone="America/Los_Angeles"
    )
    member = MemberFactory(username="hostile-member", time_zone="Asia/Tokyo")
    staff = MemberFactory(
        username="hostile-staff",
        is_staff=True,
        is_superuser=True,
        time_zone="Pacific/Kiritimati",
    )
    category = CategoryFactory(name="Data")
    session = SessionPageFactory(
        host=expert, owner=expert, category=category, skills=["SQL"]
    )
    past = SessionPageFactory(
        host=expert,
        owner=expert,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
    )
    booking = BookingFactory(session=session, member=member)
    BookingFactory(session=past, member=member, status=Booking.Status.ATTENDED)
    ReviewFactory(session=past, author=member)
    ExpertPageFactory(expert=expert, skills=["SQL"], languages=["en"])
    ArticlePageFactory(author=expert, access="membership", skills=["SQL"])
    CoursePageFactory(author=expert)
    _one_to_one(mentor=expert, mentee=staff, pk=session.pk)
    mentorship, message = _conversation(mentor=expert, mentee=member)
    forum_category = _forum(asker=member, answerer=expert, pk=session.pk)
    return World(
        member=member,
        expert=expert,
        staff=staff,
        session=session,
        booking=booking,
        mentorship=mentorship,
        message=message,
        forum_category=forum_category,
    )


def _forum(*, asker: User, answerer: User, pk: int) -> str:
    """A question with its opening post, an answer, a reply, a vote, a flag
    and the asker's notification, each a forum route's lookup can find:
    the thread and its opening post take the first integer that fits (the
    session's id), like the 1:1. Returns the category's slug."""
    category = ForumCategory.objects.create(name="Hostile data", slug="hostile-data")
    thread = Thread.objects.create(
        pk=pk, category=category, author=asker, title="How to index?", slug="x"
    )
    Post.objects.create(
        pk=pk,
        thread=thread,
        is_opening=True,
        author=asker,
        body="How?",
        body_html="<p>How?</p>",
    )
    answer = Post.objects.create(
        thread=thread, author=answerer, body="Like so", body_html="<p>Like so</p>"
    )
    Post.objects.create(
        thread=thread,
        parent_post=answer,
        author=asker,
        body="Thanks",
        body_html="<p>Thanks</p>",
    )
    Vote.objects.create(post=answer, voter=asker, value=1)
    Flag.objects.create(post=answer, reporter=asker, reason=Flag.Reason.OTHER)
    Subscription.objects.create(user=asker, thread=thread)
    Notification.objects.create(
        user=asker, kind=Notification.Kind.ANSWER, thread=thread, post=answer
    )
    return category.slug


def _conversation(*, mentor: User, mentee: User) -> tuple[Mentorship, Message]:
    """A mentorship with a message and an abuse report, so conversation and
    report routes find something for their two members (and 404 others)."""
    mentorship = MentorshipFactory(
        mentor=mentor, mentee=mentee, status=Mentorship.Status.ACTIVE
    )
    message = send_message(mentorship=mentorship, sender=mentor, body="Hello")
    report_message(message=message, reporter=mentee, reason="Testing")
    return mentorship, message


def _one_to_one(*, mentor: User, mentee: User, pk: int) -> None:
    """A mentorship with a 1:1 proposed in it. Routes take the first
    integer that fits (the session's id), so both get that id and their
    pages find them."""
    mentorship = Mentorship.objects.create(
        pk=pk, mentor=mentor, mentee=mentee, goals="SQL", status="active"
    )
    starts = timezone.now() + timedelta(days=4)
    OneToOne.objects.create(
        pk=pk,
        mentorship=mentorship,
        proposed_by=mentee,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
