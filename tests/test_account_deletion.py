"""Deleting an account, by every admin route (Django admin, its "delete
selected" action, Wagtail's user admin and its bulk delete), goes through
accounts.services.delete_account: payments are kept and detached, reviews
kept without the author's name (still in the ratings), places given up to
the waitlist, and mentorships under way ended with their upcoming 1:1s
(paid ones refunded in full, the other person emailed), and what stands
in the way (hosted sessions, an expert page, a live membership) is shown
instead of a 500.

Here rather than in accounts/tests: accounts may not import the apps above
it whose records an account holds (the import-linter layers contract)."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.errors import AccountsError
from accounts.models import User
from accounts.services import delete_account
from accounts.tests.factories import UserFactory
from content.tests.factories import ArticlePageFactory
from experts.tests.factories import ExpertPageFactory
from mentorship.models import Mentorship, OneToOne
from mentorship.one_to_ones import accept_one_to_one, propose_one_to_one
from mentorship.tests.factories import MentorshipFactory
from payments.models import Kind, Payment, Subscription
from sessions.models import Booking, SessionPage
from sessions.services.reviews import leave_review
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    name: str
    confirm: object  # (client, user) -> the confirmation page
    delete: object  # (client, user) -> the confirmed deletion
    # Whether the confirmation says what deleting will do (Django's "delete
    # selected" page lists the related objects instead).
    shows_effects: bool = True


def _django_change_list(client, user, **extra):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [user.pk], **extra},
        follow=True,
    )


ROUTES = [
    Route(
        "django admin",
        lambda c, u: c.get(reverse("admin:accounts_user_delete", args=[u.pk])),
        lambda c, u: c.post(
            reverse("admin:accounts_user_delete", args=[u.pk]),
            {"post": "yes"},
            follow=True,
        ),
    ),
    Route(
        "django admin: delete selected",
        lambda c, u: _django_change_list(c, u),
        lambda c, u: _django_change_list(c, u, post="yes"),
        shows_effects=False,
    ),
    Route(
        "wagtail admin",
        lambda c, u: c.get(reverse("wagtailusers_users:delete", args=[u.pk])),
        lambda c, u: c.post(
            reverse("wagtailusers_users:delete", args=[u.pk]), follow=True
        ),
    ),
    Route(
        "wagtail admin: bulk delete",
        lambda c, u: c.get(f"/admin/bulk/accounts/user/delete/?id={u.pk}"),
        lambda c, u: c.post(
            f"/admin/bulk/accounts/user/delete/?id={u.pk}&next=/admin/users/",
            follow=True,
        ),
    ),
]
each_route = pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def gone(user) -> bool:
    return not User.objects.filter(pk=user.pk).exists()


def text(response) -> str:
    return unescape(response.content.decode())


@each_route
def test_a_member_with_a_payment_is_deleted_and_the_payment_kept(admin_client, route):
    member = MemberFactory()
    payment = Payment.objects.create(
        user=member,
        kind=Kind.PAGE,
        object_id=1,
        description="Designing data pipelines",
        amount=Decimal("9.00"),
        currency="EUR",
        status=Payment.Status.PAID,
        stripe_payment_intent_id="pi_123",
    )

    confirmation = text(route.confirm(admin_client, member))
    response = route.delete(admin_client, member)

    assert response.status_code == 200
    assert "1 payment kept for the accounts" in text(response)
    if route.shows_effects:
        assert "1 payment kept for the accounts" in confirmation
    assert gone(member)
    payment.refresh_from_db()
    assert payment.user is None
    assert (payment.status, payment.amount) == (Payment.Status.PAID, Decimal("9.00"))


@each_route
def test_deleting_a_reviewer_keeps_their_review_in_the_rating(admin_client, route):
    session = SessionPageFactory()
    fan, critic = MemberFactory(), MemberFactory()
    for member in (fan, critic):
        BookingFactory(session=session, member=member, status=Booking.Status.ATTENDED)
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        leave_review(session=session, author=fan, rating=5)
        leave_review(session=session, author=critic, rating=2)
    session.refresh_from_db()
    assert session.rating_average == Decimal("3.50")

    response = route.delete(admin_client, critic)

    assert "1 review kept without their name, still counted" in text(response)
    session.refresh_from_db()
    assert (session.rating_average, session.rating_count) == (Decimal("3.50"), 2)
    assert session.reviews.filter(author=None, rating=2).exists()
    assert gone(critic)


@each_route
def test_deleting_a_member_offers_their_seat_to_the_waitlist(
    admin_client, route, django_capture_on_commit_callbacks
):
    session = SessionPageFactory(max_participants=1)
    seated = BookingFactory(session=session).member
    waiting = BookingFactory(session=session, status=Booking.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        response = route.delete(admin_client, seated)

    assert "1 upcoming booking cancelled, its seat offered to the waitlist" in text(
        response
    )
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED
    (offer,) = [m for m in mail.outbox if waiting.member.email in m.to]
    assert session.title in offer.subject + offer.body
    assert gone(seated)


@each_route
def test_deleting_a_mentee_ends_their_mentorship_and_tells_the_mentor(
    admin_client, route, django_capture_on_commit_callbacks
):
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    starts = timezone.now() + timedelta(days=3)
    one_to_one = propose_one_to_one(
        mentorship=mentorship,
        by=mentorship.mentee,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentor)
    mail.outbox.clear()

    confirmation = text(route.confirm(admin_client, mentorship.mentee))
    with django_capture_on_commit_callbacks(execute=True):
        response = route.delete(admin_client, mentorship.mentee)

    done = "1 mentorship under way ended and the other person emailed"
    assert done in text(response)
    assert "1 upcoming 1:1 session cancelled" in text(response)
    if route.shows_effects:
        assert done in confirmation
    assert gone(mentorship.mentee)
    assert not OneToOne.objects.filter(pk=one_to_one.pk).exists()
    (told,) = mail.outbox
    assert told.to == [mentorship.mentor.email]
    assert "1:1 session cancelled" in told.subject


@each_route
def test_the_host_of_an_upcoming_session_is_not_deleted(admin_client, route):
    session = SessionPageFactory(title="Window functions")
    BookingFactory(session=session)

    confirmation = text(route.confirm(admin_client, session.host))
    route.delete(admin_client, session.host)

    assert "They host 1 upcoming session (“Window functions”)" in confirmation
    assert "cancel it in My sessions, or give it another host, first." in confirmation
    assert not gone(session.host)
    assert SessionPage.objects.filter(pk=session.pk, host=session.host).exists()


def test_a_past_host_must_hand_their_sessions_on_first():
    session = SessionPageFactory()
    SessionPage.objects.filter(pk=session.pk).update(
        status=SessionPage.Status.CANCELLED
    )

    with pytest.raises(AccountsError) as refused:
        delete_account(user=session.host, by=None)

    assert "They hosted 1 past or cancelled session" in refused.value.message
    assert not gone(session.host)


def test_an_expert_page_or_authored_article_stands_in_the_way():
    expert = ExpertPageFactory().expert
    author = ArticlePageFactory().author

    with pytest.raises(AccountsError) as expert_refused:
        delete_account(user=expert, by=None)
    with pytest.raises(AccountsError) as author_refused:
        delete_account(user=author, by=None)

    assert "They have an expert page" in expert_refused.value.message
    assert "They are the author of 1 article or course" in author_refused.value.message


def membership(member, status):
    return Subscription.objects.create(
        user=member,
        stripe_subscription_id=f"sub_{member.pk}",
        stripe_customer_id=f"cus_{member.pk}",
        plan="monthly",
        status=status,
    )


@pytest.mark.parametrize("status", ["active", "past_due"])
def test_a_membership_stripe_still_charges_is_cancelled_first(status):
    member = MemberFactory(name="Grace Hopper")
    membership(member, status)

    with pytest.raises(AccountsError) as refused:
        delete_account(user=member, by=None)

    assert "The account of Grace Hopper cannot be deleted yet." in str(refused.value)
    assert "a membership Stripe still charges" in refused.value.message
    assert not gone(member)


def test_an_ended_membership_does_not_stand_in_the_way():
    member = MemberFactory()
    membership(member, "canceled")

    delete_account(user=member, by=None)

    assert gone(member)
