"""1:1 sessions inside a mentorship: who may propose, accept, decline and
cancel what; a free 1:1 is confirmed with a calendar file and reminders; a
paid one is bought by Checkout at the price kept when it was proposed,
confirmed by the webhook only, and refunded by the refund policy (the
mentor's cancellation: always)."""

from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from experts.tests.factories import ExpertPageFactory
from mentorship import errors
from mentorship.errors import MentorshipError
from mentorship.models import Mentorship, OneToOne
from mentorship.one_to_ones import (
    accept_one_to_one,
    cancel_one_to_one,
    decline_one_to_one,
    propose_one_to_one,
    send_reminder,
)
from mentorship.tests.factories import MentorshipFactory
from payments.models import Payment, PaymentSettings
from payments.tests.stripe_fakes import post_webhook, stub_checkout
from payments.tests.stripe_objects import completed_session, refund
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = OneToOne.Status
IN_FIVE_DAYS = timedelta(days=5)
REMINDER_TASK = "mentorship.tasks.send_one_to_one_reminder"


@pytest.fixture
def mentorship():
    return MentorshipFactory(
        status=Mentorship.Status.ACTIVE,
        mentee=MemberFactory(time_zone="Europe/London"),
    )


@pytest.fixture
def paid_mentorship(mentorship):
    ExpertPageFactory(
        expert=mentorship.mentor, hourly_rate=Decimal("60.00"), currency="EUR"
    )
    return mentorship


def propose(mentorship, by=None, starts_in=IN_FIVE_DAYS, minutes=60, **kwargs):
    starts = timezone.now() + starts_in
    return propose_one_to_one(
        mentorship=mentorship,
        by=by or mentorship.mentee,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
        **kwargs,
    )


def confirmed(mentorship, **kwargs):
    one_to_one = propose(mentorship, **kwargs)
    return accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentor)


def refused(action, message):
    with pytest.raises(MentorshipError) as caught:
        action()
    assert caught.value.message == message


# --- Proposing ----------------------------------------------------------------


def test_a_participant_proposes_at_the_mentors_rate_and_the_other_is_emailed(
    paid_mentorship, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        one_to_one = propose(paid_mentorship, note="SQL joins")

    assert one_to_one.status == Status.PROPOSED
    assert (one_to_one.price, one_to_one.currency) == (Decimal("60.00"), "EUR")
    (email,) = mail.outbox
    assert email.to == [paid_mentorship.mentor.email]
    assert "SQL joins" in email.body


def test_someone_outside_the_mentorship_cannot_propose(mentorship):
    refused(lambda: propose(mentorship, by=MemberFactory()), errors.NOT_A_PARTICIPANT)


@pytest.mark.parametrize(
    "status", [Mentorship.Status.REQUESTED, Mentorship.Status.PAUSED]
)
def test_a_mentorship_that_is_not_active_takes_no_proposals(mentorship, status):
    mentorship.status = status
    mentorship.save()
    refused(lambda: propose(mentorship), errors.MENTORSHIP_NOT_ACTIVE)


def test_a_time_in_the_past_is_refused(mentorship):
    refused(
        lambda: propose(mentorship, starts_in=-timedelta(hours=1)),
        errors.ONE_TO_ONE_IN_PAST,
    )


def test_too_short_and_too_long_are_refused(mentorship):
    with pytest.raises(MentorshipError):
        propose(mentorship, minutes=5)
    with pytest.raises(MentorshipError):
        propose(mentorship, minutes=4 * 60)


def test_a_time_overlapping_the_mentors_confirmed_one_with_another_mentee_is_refused(
    mentorship,
):
    other = MentorshipFactory(mentor=mentorship.mentor, status="active")
    confirmed(other)
    refused(
        lambda: propose(mentorship, starts_in=IN_FIVE_DAYS + timedelta(minutes=30)),
        errors.ONE_TO_ONE_OVERLAPS,
    )
    propose(mentorship, starts_in=IN_FIVE_DAYS + timedelta(minutes=60))  # after


def test_accepting_a_time_the_mentor_has_since_filled_is_refused(mentorship):
    one_to_one = propose(mentorship)
    other = MentorshipFactory(mentor=mentorship.mentor, status="active")
    confirmed(other)
    refused(
        lambda: accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentor),
        errors.ONE_TO_ONE_OVERLAPS,
    )


# --- Answering ----------------------------------------------------------------


def test_the_proposer_cannot_accept_their_own_proposal(mentorship):
    one_to_one = propose(mentorship)
    refused(
        lambda: accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentee),
        errors.OWN_PROPOSAL,
    )


def test_accepting_twice_is_refused(mentorship):
    one_to_one = confirmed(mentorship)
    refused(
        lambda: accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentor),
        errors.NOT_PROPOSED,
    )


def test_declining_tells_the_proposer(mentorship, django_capture_on_commit_callbacks):
    one_to_one = propose(mentorship)
    with django_capture_on_commit_callbacks(execute=True):
        decline_one_to_one(one_to_one=one_to_one, by=mentorship.mentor)
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.DECLINED
    (email,) = mail.outbox
    assert email.to == [mentorship.mentee.email]
    refused(
        lambda: accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentor),
        errors.NOT_PROPOSED,
    )


def test_a_free_one_is_confirmed_with_a_calendar_file_for_both(
    mentorship, django_capture_on_commit_callbacks
):
    one_to_one = propose(mentorship)
    with django_capture_on_commit_callbacks(execute=True):
        accept_one_to_one(
            one_to_one=one_to_one, by=mentorship.mentor, meeting_url="https://meet.x/a"
        )

    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.CONFIRMED
    assert {m.to[0] for m in mail.outbox} == {
        mentorship.mentor.email,
        mentorship.mentee.email,
    }
    for email in mail.outbox:
        ((name, ics, mimetype),) = email.attachments
        assert mimetype == "text/calendar"
        assert f"UID:one-to-one-{one_to_one.pk}@" in ics
        assert "https://meet.x/a" in ics
    # Each in their own zone: the mentee's London time is named.
    mentee_email = next(m for m in mail.outbox if m.to == [mentorship.mentee.email])
    assert "GMT" in mentee_email.body or "BST" in mentee_email.body


def test_a_free_one_schedules_reminders_a_day_and_an_hour_before(
    mentorship, database_tasks, django_capture_on_commit_callbacks
):
    one_to_one = propose(mentorship)
    with django_capture_on_commit_callbacks(execute=True):
        accept_one_to_one(one_to_one=one_to_one, by=mentorship.mentor)

    reminders = DBTaskResult.objects.filter(task_path=REMINDER_TASK)
    assert sorted(r.run_after for r in reminders) == [
        one_to_one.starts_at - timedelta(hours=24),
        one_to_one.starts_at - timedelta(hours=1),
    ]


def test_a_reminder_goes_to_both_but_not_for_a_cancelled_or_moved_one(mentorship):
    one_to_one = confirmed(mentorship)
    kwargs = {"starts_at": one_to_one.starts_at.isoformat(), "hours_before": 24}
    assert send_reminder(one_to_one_id=one_to_one.pk, **kwargs)

    moved = {**kwargs, "starts_at": (one_to_one.starts_at - timedelta(hours=1))}
    moved["starts_at"] = moved["starts_at"].isoformat()
    assert not send_reminder(one_to_one_id=one_to_one.pk, **moved)

    cancel_one_to_one(one_to_one=one_to_one, by=mentorship.mentee)
    mail.outbox.clear()
    assert not send_reminder(one_to_one_id=one_to_one.pk, **kwargs)
    assert not mail.outbox


# --- Paying -------------------------------------------------------------------


def open_checkout(client, one_to_one, stripe_api):
    client.force_login(one_to_one.mentorship.mentee)
    stub_checkout(stripe_api, session_id=f"cs_1to1_{one_to_one.pk}")
    client.post(
        "/payments/checkout/", {"kind": "mentorship", "object_id": one_to_one.pk}
    )
    return Payment.objects.get(kind="mentorship", object_id=one_to_one.pk)


def paid(client, paid_mentorship, stripe_api):
    one_to_one = confirmed(paid_mentorship)
    payment = open_checkout(client, one_to_one, stripe_api)
    post_webhook(client, "checkout.session.completed", completed_session(payment))
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.CONFIRMED
    return one_to_one, payment


def test_a_paid_one_waits_for_payment_at_the_price_kept_when_proposed(
    client, paid_mentorship, stripe_api
):
    one_to_one = propose(paid_mentorship)
    # The mentor raises their rate after the proposal: the mentee still
    # pays what they were shown.
    paid_mentorship.mentor.expert_page.hourly_rate = Decimal("90.00")
    paid_mentorship.mentor.expert_page.save()
    accept_one_to_one(one_to_one=one_to_one, by=paid_mentorship.mentor)
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.AWAITING_PAYMENT

    payment = open_checkout(client, one_to_one, stripe_api)

    assert payment.amount == Decimal("60.00")
    (created,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    assert created["form"]["line_items[0][price_data][unit_amount]"] == "6000"
    assert created["form"]["metadata[kind]"] == "mentorship"


def test_only_the_mentee_may_pay(client, paid_mentorship, stripe_api):
    one_to_one = confirmed(paid_mentorship)
    client.force_login(paid_mentorship.mentor)
    stub_checkout(stripe_api)
    client.post(
        "/payments/checkout/", {"kind": "mentorship", "object_id": one_to_one.pk}
    )
    assert not Payment.objects.exists()


def test_only_the_webhook_confirms_a_paid_one(
    client, paid_mentorship, stripe_api, django_capture_on_commit_callbacks
):
    one_to_one = confirmed(paid_mentorship)
    payment = open_checkout(client, one_to_one, stripe_api)
    client.get(f"/payments/return/{payment.pk}/?session_id=cs_x")
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.AWAITING_PAYMENT  # back from Stripe

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_webhook(client, "checkout.session.completed", completed_session(payment))

    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.CONFIRMED
    assert len([m for m in mail.outbox if m.attachments]) == 2


def test_paying_after_a_cancel_is_refunded_after_commit_and_emailed(
    client, paid_mentorship, stripe_api, django_capture_on_commit_callbacks
):
    one_to_one = confirmed(paid_mentorship)
    payment = open_checkout(client, one_to_one, stripe_api)
    cancel_one_to_one(one_to_one=one_to_one, by=paid_mentorship.mentee)
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    stripe_api.requests.clear()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_webhook(
            client, "checkout.session.completed", completed_session(payment)
        )
    assert not stripe_api.calls("POST", "/v1/refunds")  # not under the lock
    for callback in callbacks:
        callback()

    assert response.status_code == 200
    (asked,) = stripe_api.calls("POST", "/v1/refunds")
    assert asked["form"]["metadata[reason]"] == "unavailable"
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.CANCELLED
    (email,) = [m for m in mail.outbox if "Refunded:" in m.subject]
    assert email.to == [paid_mentorship.mentee.email]


def cancel_and_refunds(client, one_to_one, by, stripe_api, capture):
    stripe_api.on("POST", "/v1/refunds", refund(amount=6000))
    stripe_api.requests.clear()
    client.force_login(by)
    with capture(execute=True):
        client.post(f"/mentorship/one-to-ones/{one_to_one.pk}/cancel/")
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.CANCELLED
    return stripe_api.calls("POST", "/v1/refunds")


def test_the_mentee_cancelling_before_the_deadline_is_refunded(
    client, paid_mentorship, stripe_api, django_capture_on_commit_callbacks
):
    one_to_one, _ = paid(client, paid_mentorship, stripe_api)  # 5 days > 48 h
    page = client.get(f"/mentorship/one-to-ones/{one_to_one.pk}/cancel/")
    assert "full refund of 60.00 EUR" in page.content.decode()

    refunds = cancel_and_refunds(
        client,
        one_to_one,
        paid_mentorship.mentee,
        stripe_api,
        django_capture_on_commit_callbacks,
    )
    assert len(refunds) == 1


def test_the_mentee_cancelling_after_the_deadline_is_not_refunded(
    client, paid_mentorship, stripe_api, django_capture_on_commit_callbacks
):
    settings = PaymentSettings.load()
    settings.seat_refund_hours = 24 * 6  # the deadline passed a day ago
    settings.save()
    one_to_one, _ = paid(client, paid_mentorship, stripe_api)
    page = client.get(f"/mentorship/one-to-ones/{one_to_one.pk}/cancel/")
    assert "No refund." in page.content.decode()

    mail.outbox.clear()
    refunds = cancel_and_refunds(
        client,
        one_to_one,
        paid_mentorship.mentee,
        stripe_api,
        django_capture_on_commit_callbacks,
    )
    assert not refunds
    (to_mentee,) = [m for m in mail.outbox if m.to == [paid_mentorship.mentee.email]]
    assert "not refunded" in to_mentee.body


def test_the_mentor_cancelling_always_refunds(
    client, paid_mentorship, stripe_api, django_capture_on_commit_callbacks
):
    settings = PaymentSettings.load()
    settings.seat_refund_hours = 24 * 6
    settings.save()
    one_to_one, _ = paid(client, paid_mentorship, stripe_api)

    refunds = cancel_and_refunds(
        client,
        one_to_one,
        paid_mentorship.mentor,
        stripe_api,
        django_capture_on_commit_callbacks,
    )
    (asked,) = refunds
    assert asked["form"]["metadata[reason]"] == "mentor_cancelled"


# --- Pages --------------------------------------------------------------------


def test_someone_outside_the_mentorship_gets_404_everywhere(client, mentorship):
    one_to_one = propose(mentorship)
    client.force_login(MemberFactory())
    base = f"/mentorship/one-to-ones/{one_to_one.pk}"
    assert client.get(f"/mentorship/{mentorship.pk}/sessions/").status_code == 404
    assert client.get(f"{base}/cancel/").status_code == 404
    for action in ("accept", "decline", "cancel"):
        assert client.post(f"{base}/{action}/").status_code == 404
    one_to_one.refresh_from_db()
    assert one_to_one.status == Status.PROPOSED


def test_the_propose_form_reads_times_in_the_members_zone(client, mentorship):
    client.force_login(mentorship.mentee)  # Europe/London
    day = (timezone.now() + IN_FIVE_DAYS).date()
    response = client.post(
        f"/mentorship/{mentorship.pk}/sessions/",
        {
            "starts_at": f"{day}T10:00",
            "ends_at": f"{day}T11:00",
            "note": "Window functions",
        },
    )
    assert response.status_code == 302
    one_to_one = OneToOne.objects.get()
    local = one_to_one.starts_at.astimezone(ZoneInfo("Europe/London"))
    assert (local.hour, local.minute) == (10, 0)


def test_the_page_lists_them_and_offers_the_mentee_the_pay_button(
    client, paid_mentorship, payments_on
):
    one_to_one = confirmed(paid_mentorship)
    client.force_login(paid_mentorship.mentee)
    page = client.get(f"/mentorship/{paid_mentorship.pk}/sessions/").content.decode()
    assert 'name="kind" value="mentorship"' in page
    assert f'name="object_id" value="{one_to_one.pk}"' in page
    assert "Pay to confirm — 60.00 EUR" in page


def test_accept_and_decline_through_the_pages(client, mentorship):
    first, second = (
        propose(mentorship),
        propose(mentorship, starts_in=IN_FIVE_DAYS + timedelta(days=1)),
    )
    client.force_login(mentorship.mentor)
    client.post(f"/mentorship/one-to-ones/{first.pk}/accept/")
    client.post(f"/mentorship/one-to-ones/{second.pk}/decline/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CONFIRMED, Status.DECLINED)
