"""Deleting the account of a mentor or a mentee: their mentorships under way
end first as if they cancelled them (upcoming 1:1s cancelled, paid ones
refunded in full, the other person emailed), payments are kept for the
accounts, and a payment arriving afterwards is refunded, never lost."""

from datetime import timedelta

import pytest
from django.core import mail

from accounts.models import User
from accounts.services import delete_account
from experts.models import ExpertPage
from mentorship.deletion import MentorshipAccountDeletion
from mentorship.models import Mentorship, OneToOne
from mentorship.tests.factories import MentorshipFactory
from mentorship.tests.lifecycle_support import (
    committing,
    expect_expire,
    free_mentorship,
    later,
    paid_mentorship,
    pay_on_closed_page,
)
from mentorship.tests.test_one_to_ones import confirmed, open_checkout, paid, propose
from payments.models import Payment, PaymentSettings
from payments.tests.stripe_objects import refund

pytestmark = pytest.mark.django_db


def gone(*rows) -> bool:
    return not any(type(row).objects.filter(pk=row.pk).exists() for row in rows)


def test_a_mentee_leaving_is_refunded_in_full_and_the_mentor_told(
    client, stripe_api, django_capture_on_commit_callbacks
):
    mentorship = paid_mentorship()
    run_on_commit = committing(django_capture_on_commit_callbacks)
    settings = PaymentSettings.load()
    settings.seat_refund_hours = 24 * 6  # past the mentee's own deadline
    settings.save()
    one_to_one, payment = paid(client, mentorship, stripe_api)
    proposal = propose(mentorship, starts_in=later(1))
    mentee = mentorship.mentee
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    mail.outbox.clear()

    effects, inside = run_on_commit(
        stripe_api, lambda: delete_account(user=mentee, by=None)
    )

    assert "1 mentorship under way ended and the other person emailed" in effects
    assert "2 upcoming 1:1 sessions cancelled" in effects
    assert "1 paid 1:1 session refunded in full" in effects
    assert not inside
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[payment_id]"] == str(payment.pk)
    assert asked["form"]["metadata[reason]"] == "mentorship_ended"
    assert gone(mentee, mentorship, one_to_one, proposal)
    payment.refresh_from_db()  # kept for the accounts
    assert payment.user is None and payment.status == Payment.Status.PAID
    (told,) = mail.outbox
    assert told.to == [mentorship.mentor.email]
    assert (
        told.subject == "[MasteryHub] Ada has left MasteryHub: 2 1:1 sessions cancelled"
    )
    assert "the mentee's 60.00 EUR is being refunded in full" in told.body
    assert "/dashboard/#mentorship" in told.body  # the mentorship is gone


def test_a_mentor_leaving_refunds_closes_checkouts_and_tells_the_mentee(
    client, stripe_api, django_capture_on_commit_callbacks
):
    mentorship = paid_mentorship()
    run_on_commit = committing(django_capture_on_commit_callbacks)
    one_to_one, payment = paid(client, mentorship, stripe_api)
    awaiting = confirmed(mentorship, starts_in=later(1))
    stripe_api.routes.clear()  # Stripe makes a new Checkout Session
    checkout = open_checkout(client, awaiting, stripe_api)
    expire = expect_expire(stripe_api, checkout)
    # An expert page stands in the way of deleting the account; its 1:1s
    # keep the price they were agreed at.
    ExpertPage.objects.get(expert=mentorship.mentor).delete()
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    mail.outbox.clear()

    run_on_commit(stripe_api, lambda: delete_account(user=mentorship.mentor, by=None))

    assert gone(mentorship.mentor, mentorship, one_to_one, awaiting)
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[payment_id]"] == str(payment.pk)
    assert stripe_api.calls("POST", expire)
    (told,) = mail.outbox
    assert told.to == [mentorship.mentee.email]
    assert "the 60.00 EUR you paid is being refunded in full" in told.body
    assert "nothing was charged" in told.body

    asked = pay_on_closed_page(client, stripe_api, run_on_commit, checkout)
    assert asked["form"]["metadata[reason]"] == "unavailable"


def test_ended_mentorships_and_waiting_requests_just_go():
    free = free_mentorship()
    mentee = free.mentee
    free.status = Mentorship.Status.COMPLETED
    free.save()
    MentorshipFactory(mentee=mentee)  # a request nobody answered
    step = MentorshipAccountDeletion()

    assert step.blockers(user=mentee) == []
    assert step.effects(user=mentee) == ["2 mentorships removed"]
    delete_account(user=mentee, by=None)

    assert not User.objects.filter(pk=mentee.pk).exists()
    assert not Mentorship.objects.filter(mentee_id=mentee.pk).exists()
    assert not mail.outbox


def test_a_paused_mentorship_ends_too_and_a_one_under_way_is_not_counted(
    django_capture_on_commit_callbacks,
):
    free = free_mentorship()
    under_way = confirmed(free, starts_in=timedelta(minutes=30))
    ahead = confirmed(free, starts_in=later(0))
    free.status = Mentorship.Status.PAUSED
    free.save()
    ExpertPage.objects.get(expert=free.mentor).delete()
    step = MentorshipAccountDeletion()
    OneToOne.objects.filter(pk=under_way.pk).update(
        starts_at=under_way.starts_at - timedelta(hours=1),
        ends_at=under_way.ends_at - timedelta(hours=1),
    )
    mail.outbox.clear()

    assert step.effects(user=free.mentor) == [
        "1 mentorship under way ended and the other person emailed",
        "1 upcoming 1:1 session cancelled",
        "1 mentorship removed",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=free.mentor, by=None)

    assert gone(free, ahead, under_way)
    (told,) = mail.outbox
    assert told.to == [free.mentee.email]
    assert told.body.count("\n- ") == 1
