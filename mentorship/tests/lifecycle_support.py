"""What the 1:1 lifecycle tests share (not a test module)."""

from datetime import timedelta
from decimal import Decimal

from django.core import mail

from experts.models import ExpertPage
from experts.tests.factories import ExpertPageFactory
from mentorship.models import Mentorship
from mentorship.tests.factories import MentorshipFactory
from mentorship.tests.test_one_to_ones import IN_FIVE_DAYS
from payments.models import Payment
from payments.tests.stripe_fakes import post_webhook
from payments.tests.stripe_objects import checkout_session, completed_session, refund
from sessions.tests.factories import MemberFactory


def paid_mentorship() -> Mentorship:
    """Grace mentors Ada (in London) at 60.00 EUR a 1:1."""
    return MentorshipFactory(
        status=Mentorship.Status.ACTIVE,
        mentor=ExpertPageFactory(
            expert__name="Grace Hopper", hourly_rate=Decimal("60.00"), currency="EUR"
        ).expert,
        mentee=MemberFactory(name="Ada Lovelace", time_zone="Europe/London"),
    )


def free_mentorship() -> Mentorship:
    mentorship = paid_mentorship()
    ExpertPage.objects.filter(expert=mentorship.mentor).update(hourly_rate=None)
    return mentorship


def committing(capture):
    """Run `action`; return what it returned and the Stripe calls it made
    inside its transaction, then run what it queued for after commit."""

    def run(stripe_api, action):
        stripe_api.requests.clear()
        with capture() as callbacks:
            result = action()
        inside = list(stripe_api.requests)
        for callback in callbacks:
            callback()
        return result, inside

    return run


def expect_expire(stripe_api, payment) -> str:
    path = f"/v1/checkout/sessions/{payment.stripe_checkout_session_id}/expire"
    expired = checkout_session(payment, status="expired", payment_status="unpaid")
    stripe_api.on("POST", path, expired)
    return path


def pay_on_closed_page(client, stripe_api, run, payment) -> dict:
    """The mentee pays on a Checkout page Stripe could not close in time
    (`run`: `committing`); returns the refund the webhook then asked for."""
    Payment.objects.filter(pk=payment.pk).update(status=Payment.Status.PENDING)
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    response, _ = run(
        stripe_api,
        lambda: post_webhook(
            client, "checkout.session.completed", completed_session(payment)
        ),
    )
    assert response.status_code == 200  # never an error: Stripe retries for days
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    return asked


def later(days: int) -> timedelta:
    return IN_FIVE_DAYS + timedelta(days=days)


def to(person) -> list:
    return [m for m in mail.outbox if m.to == [person.email]]


def refreshed(*rows):
    for row in rows:
        row.refresh_from_db()
    return rows
