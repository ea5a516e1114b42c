"""A fixed, hand-counted set of sessions, bookings, payments and reviews for
the workspace tests (insights numbers and dashboard panels).

"Now" is Wednesday 19 March 2031, 12:00 UTC; both experts' profiles are in
UTC. The tests work the expected numbers out in comments, as a person would
on paper.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from wagtail.models import Page

from experts.tests.factories import GroupExpertFactory
from payments.models import Kind, Payment, Refund
from payments.tests.factories import refund_row
from sessions.models import Booking, Review, SessionPage
from sessions.services.expert_ratings import recompute_expert_ratings
from sessions.tests.factories import BookingFactory, MemberFactory, SessionPageFactory

NOW = datetime(2031, 3, 19, 12, 0, tzinfo=UTC)
Status = Booking.Status


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def session(host, title, starts: str, **kwargs) -> SessionPage:
    starts_at = at(starts, 9)
    return SessionPageFactory(
        host=host,
        owner=host,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        **kwargs,
    )


def book(session, status, *, created: str, confirmed: str | None = None, **kwargs):
    booking = BookingFactory(
        session=session,
        member=MemberFactory(),
        status=status,
        confirmed_at=at(confirmed) if confirmed else None,
        waitlisted_at=None,
        hold_expires_at=kwargs.pop("hold_expires_at", None),
        **kwargs,
    )
    Booking.objects.filter(pk=booking.pk).update(created_at=at(created))
    return booking


def pay(
    booking,
    *,
    on: str,
    amount: Decimal | None = None,
    status: str = Payment.Status.PAID,
    kind: str = Kind.SESSION_SEAT,
    object_id: int | None = None,
    currency: str | None = None,
) -> Payment:
    """What Stripe charged for a seat (by default the session's price), as
    the webhook records it; `kind`/`object_id` for other things sold."""
    session = booking.session if booking is not None else None
    payment = Payment.objects.create(
        user=booking.member if booking is not None else MemberFactory(),
        kind=kind,
        object_id=booking.pk if booking is not None else object_id,
        description="Seat" if kind == Kind.SESSION_SEAT else "Premium page",
        amount=session.price if amount is None else amount,
        currency=currency or session.currency,
        status=status,
        stripe_payment_intent_id=f"pi_test_{Payment.objects.count() + 1}",
    )
    Payment.objects.filter(pk=payment.pk).update(created_at=at(on))
    return payment


def owned_page(owner) -> Page:
    """A page `owner` owns, standing for a premium page sold on its own (the
    credit follows the owner, whatever the page type)."""
    root = Page.get_first_root_node()
    n = Page.objects.count()
    return root.add_child(
        instance=Page(title=f"Premium {n}", slug=f"p-{n}", owner=owner)
    )


def buy_page(page: Page, *, on: str, amount: str, currency: str = "GBP") -> Payment:
    return pay(
        None,
        on=on,
        kind=Kind.PAGE,
        object_id=page.pk,
        amount=Decimal(amount),
        currency=currency,
    )


def refund(
    payment: Payment,
    amount: str,
    *,
    on: str,
    status: str = Refund.Status.SUCCEEDED,
) -> Refund:
    return refund_row(payment, amount, created=at(on), status=status)


def review(session, rating: int, *, created: str, comment: str = "") -> Review:
    item = Review.objects.create(
        session=session, author=MemberFactory(), rating=rating, comment=comment
    )
    Review.objects.filter(pk=item.pk).update(created_at=at(created))
    # What the review service keeps for the host.
    recompute_expert_ratings(expert_ids=[session.host_id])
    return item


def rate(session, average: str, count: int) -> None:
    # What the review service keeps on the session row.
    SessionPage.objects.filter(pk=session.pk).update(
        rating_average=Decimal(average), rating_count=count
    )


def seed() -> dict:
    expert_a = GroupExpertFactory(name="Grace Hopper", username="grace")
    expert_b = GroupExpertFactory(name="Brian Kernighan", username="bwk")

    paid = session(
        expert_a,
        "Paid SQL workshop",
        "2031-03-10",
        price=Decimal("20.00"),
        currency="EUR",
        max_participants=4,
    )
    # Charged 20 EUR each: 2 in March kept, 1 in February, and one in March
    # refunded in full the same day (the cancelled booking). March nets 40.
    for status, created in [
        (Status.ATTENDED, "2031-03-02"),
        (Status.ATTENDED, "2031-02-27"),
        (Status.NO_SHOW, "2031-03-05"),
    ]:
        pay(book(paid, status, created=created, confirmed=created), on=created)
    cancelled_seat = book(
        paid, Status.CANCELLED, created="2031-03-04", confirmed="2031-03-04"
    )
    taken_back = pay(cancelled_seat, on="2031-03-04", status=Payment.Status.REFUNDED)
    refund(taken_back, "20.00", on="2031-03-04")
    review(paid, 5, created="2031-03-11", comment="Brilliant <b>walkthrough</b>")
    review(paid, 4, created="2031-03-12", comment="Good pace")
    rate(paid, "4.50", 2)

    free = session(expert_a, "Free Python webinar", "2031-03-12", max_participants=2)
    book(free, Status.CONFIRMED, created="2031-03-11", confirmed="2031-03-11")
    book(free, Status.CONFIRMED, created="2031-03-11", confirmed="2031-03-11")
    book(free, Status.WAITLISTED, created="2031-03-11")
    review(free, 3, created="2031-03-13", comment="Too fast for me")
    rate(free, "3.00", 1)

    cancelled = session(
        expert_a,
        "Cancelled workshop",
        "2031-03-01",
        status=SessionPage.Status.CANCELLED,
        max_participants=10,
    )
    book(cancelled, Status.CANCELLED, created="2031-02-20")

    upcoming = session(
        expert_a,
        "Upcoming data modelling",
        "2031-03-26",
        price=Decimal("50.00"),
        currency="USD",
        max_participants=2,
    )
    seat = book(
        upcoming, Status.CONFIRMED, created="2031-03-18", confirmed="2031-03-18"
    )
    pay(seat, on="2031-03-18")
    hold = book(
        upcoming,
        Status.PENDING,
        created="2031-03-19",
        hold_expires_at=NOW + timedelta(minutes=20),
    )
    # Checkout open, not paid: earns nothing yet.
    pay(hold, on="2031-03-19", status=Payment.Status.PENDING)
    book(
        upcoming,
        Status.PENDING,
        created="2031-03-18",
        hold_expires_at=NOW - timedelta(minutes=1),
    )
    book(upcoming, Status.WAITLISTED, created="2031-03-19")
    later = session(expert_a, "Upcoming free chat", "2031-04-02", max_participants=12)

    b_past = session(
        expert_b,
        "Expert B masterclass",
        "2031-03-05",
        price=Decimal("99.00"),
        max_participants=3,
    )
    b_seat = book(b_past, Status.ATTENDED, created="2031-03-01", confirmed="2031-03-06")
    pay(b_seat, on="2031-03-06")
    review(b_past, 1, created="2031-03-14", comment="Expert B review text")
    rate(b_past, "1.00", 1)
    b_upcoming = session(expert_b, "Expert B secret session", "2031-03-25")
    book(b_upcoming, Status.CONFIRMED, created="2031-03-18", confirmed="2031-03-18")

    return {
        "expert_a": expert_a,
        "expert_b": expert_b,
        "paid": paid,
        "free": free,
        "cancelled": cancelled,
        "upcoming": upcoming,
        "later": later,
        "b_past": b_past,
        "b_upcoming": b_upcoming,
    }
