"""/api/v1/ inside one mentorship: its conversation and its 1:1 sessions,
paying for a paid one included, as an API client meets them."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from experts.tests.factories import ExpertPageFactory
from mentorship import errors, messaging
from mentorship.models import Mentorship, Message, OneToOne
from mentorship.one_to_ones import accept_one_to_one, propose_one_to_one
from mentorship.tests.factories import MentorshipFactory
from mentorship.tests.test_api import post, signed_in
from payments import errors as payment_errors
from payments.models import Payment
from payments.tests.stripe_fakes import stub_checkout
from payments.tests.stripe_objects import customer
from sessions import errors as session_errors
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = OneToOne.Status
SCRIPT = '<script>alert("hi")</script> & <b>bold</b>'
ONE_TO_ONE_ACTIONS = ("accept", "decline", "cancel", "complete", "checkout")


@pytest.fixture
def mentorship():
    return MentorshipFactory(
        status=Mentorship.Status.ACTIVE,
        mentee=MemberFactory(username="ada", time_zone="Europe/London"),
    )


@pytest.fixture
def stranger():
    return MemberFactory(username="eve")


def messages_url(mentorship) -> str:
    return f"/api/v1/mentorships/{mentorship.pk}/messages/"


def one_to_ones_url(mentorship) -> str:
    return f"/api/v1/mentorships/{mentorship.pk}/one-to-ones/"


def in_days(days: int, hour: int = 10) -> datetime:
    day = timezone.now().date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def proposed(mentorship, by=None, days=5, minutes=60):
    starts = in_days(days)
    return propose_one_to_one(
        mentorship=mentorship,
        by=by or mentorship.mentee,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=minutes),
    )


# --- Messages -------------------------------------------------------------------------


def test_a_message_is_sent_and_kept_as_typed_and_the_page_escapes_it(mentorship):
    client = signed_in(mentorship.mentee)

    response = post(client, messages_url(mentorship), {"body": f"  {SCRIPT}  "})

    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    body = response.json()
    # Plain text, stored as the HTML form stores it (trimmed, never HTML).
    assert body["body"] == SCRIPT
    assert body["sender"]["username"] == "ada"
    message = Message.objects.get()
    assert (message.body, message.recipient) == (SCRIPT, mentorship.mentor)
    page = client.get(f"/mentorship/{mentorship.pk}/conversation/")
    assert SCRIPT not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


def test_the_conversation_lists_newest_first_and_reading_marks_it_read(mentorship):
    for text in ("first", "second"):
        messaging.send_message(
            mentorship=mentorship, sender=mentorship.mentor, body=text
        )
    client = signed_in(mentorship.mentee)

    response = client.get(messages_url(mentorship))

    assert response.status_code == 200
    assert [m["body"] for m in response.json()["results"]] == ["second", "first"]
    assert not Message.objects.filter(read_at__isnull=True).exists()
    assert "private" in response["Cache-Control"]


def test_a_reply_names_the_message_it_answers(mentorship):
    first = messaging.send_message(
        mentorship=mentorship, sender=mentorship.mentor, body="Question?"
    )
    response = post(
        signed_in(mentorship.mentee),
        messages_url(mentorship),
        {"body": "Answer.", "reply_to": first.pk},
    )
    assert response.status_code == 201
    assert response.json()["reply_to"] == first.pk


def test_replying_to_a_message_of_another_conversation_is_400(mentorship):
    elsewhere = MentorshipFactory(mentee=mentorship.mentee)
    other = messaging.send_message(
        mentorship=elsewhere, sender=elsewhere.mentor, body="Elsewhere"
    )
    response = post(
        signed_in(mentorship.mentee),
        messages_url(mentorship),
        {"body": "Hi", "reply_to": other.pk},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"reply_to": [str(errors.REPLY_ELSEWHERE)]}
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({}, errors.MESSAGE_EMPTY),
        ({"body": "   "}, errors.MESSAGE_EMPTY),
        ({"body": "x" * 5001}, errors.CONVERSATION_MESSAGE_TOO_LONG),
    ],
)
def test_an_empty_or_too_long_message_is_400_and_nothing_is_sent(
    mentorship, payload, message
):
    response = post(signed_in(mentorship.mentee), messages_url(mentorship), payload)
    assert response.status_code == 400
    assert response.json()["errors"] == {"body": [str(message)]}
    assert not Message.objects.exists()


def test_an_ended_mentorship_is_read_only_409(mentorship):
    mentorship.status = Mentorship.Status.COMPLETED
    mentorship.save()
    response = post(
        signed_in(mentorship.mentee), messages_url(mentorship), {"body": "Hi"}
    )
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.CONVERSATION_CLOSED)}
    assert not Message.objects.exists()


def test_someone_elses_conversation_is_404_and_stays_unread(mentorship, stranger):
    messaging.send_message(mentorship=mentorship, sender=mentorship.mentor, body="Hi")
    client = signed_in(stranger)
    assert client.get(messages_url(mentorship)).status_code == 404
    response = post(client, messages_url(mentorship), {"body": "Let me in"})
    assert response.status_code == 404
    assert response.json() == {"error": "No such mentorship of yours."}
    assert Message.objects.get().read_at is None
    assert Message.objects.count() == 1


def test_the_conversation_takes_as_many_queries_for_ten_as_for_one(
    mentorship, django_assert_num_queries
):
    client = signed_in(mentorship.mentee)
    messaging.send_message(mentorship=mentorship, sender=mentorship.mentor, body="1")
    client.get(messages_url(mentorship))
    # session, user, mentorship, mark read (savepoint, update, release),
    # count, page
    with django_assert_num_queries(8):
        client.get(messages_url(mentorship))
    for n in range(9):
        messaging.send_message(
            mentorship=mentorship, sender=mentorship.mentee, body=str(n)
        )
    with django_assert_num_queries(8):
        assert client.get(messages_url(mentorship)).json()["count"] == 10


# --- 1:1 sessions: proposing ----------------------------------------------------------


def test_a_participant_proposes_with_an_end(
    mentorship, django_capture_on_commit_callbacks
):
    starts = in_days(5)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            signed_in(mentorship.mentee),
            one_to_ones_url(mentorship),
            {
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
                "note": "SQL joins",
            },
        )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "proposed"
    assert body["proposed_by"] == "ada"
    assert body["can_cancel"] and not body["can_answer"]
    one_to_one = OneToOne.objects.get()
    assert (one_to_one.starts_at, one_to_one.note) == (starts, "SQL joins")
    assert one_to_one.ends_at == starts + timedelta(minutes=45)


def test_a_time_without_offset_is_read_on_the_proposers_clock(mentorship):
    # Ada is in London: 10:00 in July there is 09:00 UTC.
    year = timezone.now().year + 1
    response = post(
        signed_in(mentorship.mentee),
        one_to_ones_url(mentorship),
        {"starts_at": f"{year}-07-01T10:00", "duration_minutes": 30},
    )
    assert response.status_code == 201
    one_to_one = OneToOne.objects.get()
    assert one_to_one.starts_at == datetime(year, 7, 1, 9, tzinfo=UTC)
    assert one_to_one.ends_at == datetime(year, 7, 1, 9, 30, tzinfo=UTC)


def test_a_length_counts_real_minutes_the_night_the_clocks_change(mentorship):
    # 00:30 in London on 31 March 2030 is GMT; two hours later it is BST.
    response = post(
        signed_in(mentorship.mentee),
        one_to_ones_url(mentorship),
        {"starts_at": "2030-03-31T00:30", "duration_minutes": 120},
    )
    assert response.status_code == 201
    one_to_one = OneToOne.objects.get()
    assert one_to_one.ends_at - one_to_one.starts_at == timedelta(hours=2)
    assert one_to_one.ends_at == datetime(2030, 3, 31, 2, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"starts_at": "next tuesday", "duration_minutes": 60}, "starts_at", None),
        ({"starts_at": "9999-12-31T23:00", "duration_minutes": 180}, "starts_at", None),
        ({"starts_at": "2030-01-01T10:00"}, "ends_at", None),
        (
            {"starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T09:00"},
            "ends_at",
            session_errors.TIMES_INVALID,
        ),
        (
            {
                "starts_at": "2030-01-01T10:00",
                "ends_at": "2030-01-01T11:00",
                "duration_minutes": 60,
            },
            "ends_at",
            None,
        ),
        (
            {"starts_at": "2030-01-01T10:00", "duration_minutes": 5},
            "duration_minutes",
            None,
        ),
        (
            {
                "starts_at": "2030-01-01T10:00",
                "duration_minutes": 60,
                "note": "x" * 1001,
            },
            "note",
            errors.NOTE_TOO_LONG,
        ),
        (
            {
                "starts_at": "2030-01-01T10:00",
                "duration_minutes": 60,
                "meeting_url": "https://meet.example.com/a",
            },
            "meeting_url",
            errors.MEETING_URL_MENTOR_ONLY,
        ),
        # The clocks in London skip from 01:00 to 02:00 that night.
        ({"starts_at": "2030-03-31T01:30", "duration_minutes": 60}, "starts_at", None),
    ],
)
def test_bad_times_and_fields_are_400_and_nothing_is_proposed(
    mentorship, payload, field, message
):
    response = post(signed_in(mentorship.mentee), one_to_ones_url(mentorship), payload)
    assert response.status_code == 400
    problems = response.json()["errors"]
    assert field in problems, problems
    if message:
        assert problems[field] == [str(message)]
    assert not OneToOne.objects.exists()


def test_a_time_in_the_past_or_too_long_is_refused_409(mentorship):
    client = signed_in(mentorship.mentee)
    past = {"starts_at": "2001-01-01T10:00Z", "duration_minutes": 60}
    response = post(client, one_to_ones_url(mentorship), past)
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.ONE_TO_ONE_IN_PAST)}
    starts = in_days(3)
    too_long = {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=4)).isoformat(),
    }
    assert post(client, one_to_ones_url(mentorship), too_long).status_code == 409
    assert not OneToOne.objects.exists()


def test_the_list_shows_each_one_with_what_you_may_do(mentorship):
    proposal = proposed(mentorship)
    response = signed_in(mentorship.mentor).get(one_to_ones_url(mentorship))
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == proposal.pk
    assert row["can_answer"] and not row["can_cancel"] and not row["can_pay"]


def test_the_1to1_list_takes_as_many_queries_for_ten_as_for_one(
    mentorship, django_assert_num_queries
):
    client = signed_in(mentorship.mentee)
    proposed(mentorship, days=1)
    client.get(one_to_ones_url(mentorship))
    # session, user, mentorship, count, page, the member's profile (zone)
    with django_assert_num_queries(6):
        client.get(one_to_ones_url(mentorship))
    for day in range(2, 11):
        proposed(mentorship, days=day)
    with django_assert_num_queries(6):
        assert client.get(one_to_ones_url(mentorship)).json()["count"] == 10


# --- 1:1 sessions: answering ----------------------------------------------------------


def one_to_one_action(user, one_to_one, action, data=None):
    return post(signed_in(user), f"/api/v1/one-to-ones/{one_to_one.pk}/{action}/", data)


def test_the_other_side_accepts_a_free_one_with_a_link(mentorship):
    proposal = proposed(mentorship)
    response = one_to_one_action(
        mentorship.mentor,
        proposal,
        "accept",
        {"meeting_url": "https://meet.example.com/x"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["meeting_url"] == "https://meet.example.com/x"


def test_accepting_your_own_proposal_is_409(mentorship):
    proposal = proposed(mentorship)
    response = one_to_one_action(mentorship.mentee, proposal, "accept")
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.OWN_PROPOSAL)}
    proposal.refresh_from_db()
    assert proposal.status == Status.PROPOSED


def test_decline_then_it_cannot_be_accepted(mentorship):
    proposal = proposed(mentorship)
    assert (
        one_to_one_action(mentorship.mentor, proposal, "decline").json()["status"]
        == "declined"
    )
    response = one_to_one_action(mentorship.mentor, proposal, "accept")
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.NOT_PROPOSED)}


def test_the_proposer_cancels_their_proposal(mentorship):
    proposal = proposed(mentorship)
    response = one_to_one_action(mentorship.mentee, proposal, "cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_only_the_mentor_completes_one_that_has_ended(mentorship):
    proposal = proposed(mentorship)
    accept_one_to_one(one_to_one=proposal, by=mentorship.mentor)
    OneToOne.objects.filter(pk=proposal.pk).update(
        starts_at=timezone.now() - timedelta(hours=2),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    response = one_to_one_action(mentorship.mentee, proposal, "complete")
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.NOT_COMPLETABLE)}
    response = one_to_one_action(mentorship.mentor, proposal, "complete")
    assert response.status_code == 200
    assert response.json()["status"] == "completed"


def test_someone_elses_1to1s_are_404_for_listing_proposing_and_every_action(
    mentorship, stranger
):
    proposal = proposed(mentorship)
    client = signed_in(stranger)
    assert client.get(one_to_ones_url(mentorship)).status_code == 404
    response = post(
        client,
        one_to_ones_url(mentorship),
        {"starts_at": in_days(6).isoformat(), "duration_minutes": 60},
    )
    assert response.status_code == 404
    for action in ONE_TO_ONE_ACTIONS:
        response = one_to_one_action(stranger, proposal, action)
        assert response.status_code == 404, action
        assert response.json() == {"error": "No such 1:1 session of yours."}
    assert OneToOne.objects.get().status == Status.PROPOSED


# --- Paying ---------------------------------------------------------------------------


@pytest.fixture
def awaiting_payment(mentorship):
    ExpertPageFactory(
        expert=mentorship.mentor, hourly_rate=Decimal("60.00"), currency="EUR"
    )
    proposal = proposed(mentorship)
    return accept_one_to_one(one_to_one=proposal, by=mentorship.mentor)


def test_the_mentee_gets_a_checkout_page_for_a_paid_one(awaiting_payment, stripe_api):
    assert awaiting_payment.status == Status.AWAITING_PAYMENT
    stub_checkout(stripe_api, session_id="cs_api_1")
    mentee = awaiting_payment.mentorship.mentee
    listed = signed_in(mentee).get(one_to_ones_url(awaiting_payment.mentorship))
    assert listed.json()["results"][0]["can_pay"] is True

    response = one_to_one_action(mentee, awaiting_payment, "checkout")

    assert response.status_code == 200
    assert response.json() == {
        "checkout_url": "https://checkout.stripe.test/c/cs_api_1"
    }
    payment = Payment.objects.get()
    assert (payment.kind, payment.object_id) == ("mentorship", awaiting_payment.pk)
    assert payment.amount == Decimal("60.00")
    # Checkout never confirms: only Stripe's webhook does.
    awaiting_payment.refresh_from_db()
    assert awaiting_payment.status == Status.AWAITING_PAYMENT


def test_the_mentor_has_nothing_to_pay_409(awaiting_payment, stripe_api):
    response = one_to_one_action(
        awaiting_payment.mentorship.mentor, awaiting_payment, "checkout"
    )
    assert response.status_code == 409
    assert response.json() == {"error": str(payment_errors.NOT_FOR_SALE)}
    assert not Payment.objects.exists()


def test_a_free_one_has_nothing_to_pay_409(mentorship, stripe_api):
    proposal = proposed(mentorship)
    response = one_to_one_action(mentorship.mentee, proposal, "checkout")
    assert response.status_code == 409
    assert not Payment.objects.exists()


def test_checkout_without_payments_set_up_is_409(awaiting_payment, settings):
    settings.STRIPE_SECRET_KEY = ""
    response = one_to_one_action(
        awaiting_payment.mentorship.mentee, awaiting_payment, "checkout"
    )
    assert response.status_code == 409
    assert response.json() == {"error": str(payment_errors.NOT_CONFIGURED)}


def test_checkout_when_stripe_is_unreachable_is_503_and_nothing_is_charged(
    awaiting_payment, stripe_api
):
    stripe_api.on("POST", "/v1/customers", customer("cus_test"))
    stripe_api.fail("POST", "/v1/checkout/sessions")
    response = one_to_one_action(
        awaiting_payment.mentorship.mentee, awaiting_payment, "checkout"
    )
    assert response.status_code == 503
    assert response.json() == {"error": str(payment_errors.STRIPE_UNAVAILABLE)}
    assert Payment.objects.get().status == Payment.Status.FAILED


def test_signed_out_gets_403_on_1to1_actions(mentorship):
    proposal = proposed(mentorship)
    client = Client()
    for action in ONE_TO_ONE_ACTIONS:
        response = post(client, f"/api/v1/one-to-ones/{proposal.pk}/{action}/")
        assert response.status_code == 403, action
        assert "detail" in response.json()
