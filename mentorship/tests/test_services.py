"""The mentorship rules, at the services: each refusal is a MentorshipError
with its message and changes nothing; each answer emails the other side."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from experts.tests.factories import ExpertPageFactory
from mentorship import errors
from mentorship.errors import MentorshipError
from mentorship.models import Mentorship
from mentorship.services import (
    accept_mentorship,
    cancel_mentorship,
    complete_mentorship,
    decline_mentorship,
    pause_mentorship,
    request_mentorship,
    resume_mentorship,
    withdraw_mentorship,
)
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


@pytest.fixture
def mentor_page():
    return ExpertPageFactory(expert__name="Grace Hopper", mentee_capacity=2)


@pytest.fixture
def mentee():
    return MemberFactory(name="Ada Lovelace")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and its on-commit emails, as a commit would."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def refused(expected, service, **kwargs):
    before = list(Mentorship.objects.values_list("pk", "status", "reply_message"))
    with pytest.raises(MentorshipError) as error:
        service(**kwargs)
    assert error.value.message == expected
    after = list(Mentorship.objects.values_list("pk", "status", "reply_message"))
    assert after == before
    assert mail.outbox == []


def test_a_request_emails_the_mentor(mentor_page, mentee, committed):
    mentorship = committed(
        request_mentorship,
        mentor_page=mentor_page,
        mentee=mentee,
        goals="SQL",
        message="Hi",
    )
    assert (mentorship.status, mentorship.request_message) == (Status.REQUESTED, "Hi")
    [message] = mail.outbox
    assert message.to == [mentor_page.expert.email]
    assert "Ada Lovelace asks you for mentorship" in message.subject


def test_asking_yourself_is_refused(mentor_page):
    refused(
        errors.OWN_MENTORSHIP,
        request_mentorship,
        mentor_page=mentor_page,
        mentee=mentor_page.expert,
        goals="x",
    )


def test_asking_a_mentor_not_accepting_is_refused(mentor_page, mentee):
    mentor_page.accepts_mentees = False
    mentor_page.save()
    refused(
        errors.NOT_ACCEPTING,
        request_mentorship,
        mentor_page=mentor_page,
        mentee=mentee,
        goals="x",
    )


def test_asking_a_mentor_at_capacity_is_refused(mentor_page, mentee):
    MentorshipFactory.create_batch(2, mentor=mentor_page.expert, status=Status.ACTIVE)
    refused(
        errors.MENTEES_FULL,
        request_mentorship,
        mentor_page=mentor_page,
        mentee=mentee,
        goals="x",
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Status.REQUESTED, errors.ALREADY_REQUESTED),
        (Status.ACTIVE, errors.ALREADY_MENTEE),
        (Status.PAUSED, errors.ALREADY_MENTEE),
    ],
)
def test_a_second_open_request_to_the_same_mentor_is_refused(
    mentor_page, mentee, status, message
):
    MentorshipFactory(mentor=mentor_page.expert, mentee=mentee, status=status)
    refused(
        message, request_mentorship, mentor_page=mentor_page, mentee=mentee, goals="x"
    )


def test_an_unverified_member_cannot_ask(mentor_page, mentee):
    EmailAddress.objects.filter(user=mentee).update(verified=False)
    refused(
        errors.EMAIL_NOT_VERIFIED,
        request_mentorship,
        mentor_page=mentor_page,
        mentee=mentee,
        goals="x",
    )


def test_after_an_ended_mentorship_the_pair_may_start_again(mentor_page, mentee):
    MentorshipFactory(mentor=mentor_page.expert, mentee=mentee, status=Status.COMPLETED)
    request_mentorship(mentor_page=mentor_page, mentee=mentee, goals="Round two")
    assert Mentorship.objects.filter(status=Status.REQUESTED).count() == 1


def test_accepting_starts_it_and_emails_the_mentee(mentor_page, mentee, committed):
    mentorship = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    committed(
        accept_mentorship,
        mentorship=mentorship,
        mentor=mentor_page.expert,
        message="Yes!",
    )
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    assert mentorship.started_at == mentorship.responded_at is not None
    [message] = mail.outbox
    assert message.to == [mentee.email]
    assert "accepted your mentorship request" in message.subject
    assert "Yes!" in message.body


def test_accepting_twice_says_it_was_answered(mentor_page, mentee):
    mentorship = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    accept_mentorship(mentorship=mentorship, mentor=mentor_page.expert)
    mail.outbox.clear()
    refused(
        errors.NOT_REQUESTED,
        accept_mentorship,
        mentorship=mentorship,
        mentor=mentor_page.expert,
    )


def test_accepting_at_capacity_says_full_and_changes_nothing(mentor_page, mentee):
    MentorshipFactory.create_batch(2, mentor=mentor_page.expert, status=Status.ACTIVE)
    waiting = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    refused(
        errors.MENTEES_FULL,
        accept_mentorship,
        mentorship=waiting,
        mentor=mentor_page.expert,
    )


def test_only_the_mentor_answers(mentor_page, mentee):
    mentorship = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    for service in (accept_mentorship, decline_mentorship):
        refused(errors.NOT_YOUR_REQUEST, service, mentorship=mentorship, mentor=mentee)


def test_declining_keeps_the_message_and_emails_the_mentee(
    mentor_page, mentee, committed
):
    mentorship = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    committed(
        decline_mentorship,
        mentorship=mentorship,
        mentor=mentor_page.expert,
        message="Too busy this spring.",
    )
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.reply_message) == (
        Status.DECLINED,
        "Too busy this spring.",
    )
    [message] = mail.outbox
    assert message.to == [mentee.email]
    assert "Too busy this spring." in message.body


def test_a_reply_longer_than_the_limit_is_refused(mentor_page, mentee):
    mentorship = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    refused(
        errors.MESSAGE_TOO_LONG,
        decline_mentorship,
        mentorship=mentorship,
        mentor=mentor_page.expert,
        message="x" * 2001,
    )


def test_the_mentee_withdraws_only_a_waiting_request(mentor_page, mentee):
    mentorship = MentorshipFactory(mentor=mentor_page.expert, mentee=mentee)
    refused(
        errors.NOT_YOUR_MENTORSHIP,
        withdraw_mentorship,
        mentorship=mentorship,
        mentee=mentor_page.expert,
    )
    withdraw_mentorship(mentorship=mentorship, mentee=mentee)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.CANCELLED and mentorship.ended_at
    refused(
        errors.NOT_REQUESTED, withdraw_mentorship, mentorship=mentorship, mentee=mentee
    )


def test_pause_frees_the_place_and_resume_needs_one(mentor_page, mentee):
    mentor_page.mentee_capacity = 1
    mentor_page.save()
    mentorship = MentorshipFactory(
        mentor=mentor_page.expert, mentee=mentee, status=Status.ACTIVE
    )
    pause_mentorship(mentorship=mentorship, user=mentee)
    other = MentorshipFactory(mentor=mentor_page.expert)
    accept_mentorship(mentorship=other, mentor=mentor_page.expert)
    mail.outbox.clear()
    refused(errors.MENTEES_FULL, resume_mentorship, mentorship=mentorship, user=mentee)
    complete_mentorship(mentorship=other, user=mentor_page.expert)
    resume_mentorship(mentorship=mentorship, user=mentor_page.expert)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


def test_ending_happens_once_and_only_by_the_pair(mentor_page, mentee):
    mentorship = MentorshipFactory(
        mentor=mentor_page.expert, mentee=mentee, status=Status.ACTIVE
    )
    refused(
        errors.NOT_YOUR_MENTORSHIP,
        cancel_mentorship,
        mentorship=mentorship,
        user=MemberFactory(),
    )
    refused(errors.NOT_PAUSED, resume_mentorship, mentorship=mentorship, user=mentee)
    cancel_mentorship(mentorship=mentorship, user=mentee)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.CANCELLED and mentorship.ended_at
    refused(
        errors.ALREADY_ENDED, complete_mentorship, mentorship=mentorship, user=mentee
    )
    refused(errors.NOT_ACTIVE, pause_mentorship, mentorship=mentorship, user=mentee)
