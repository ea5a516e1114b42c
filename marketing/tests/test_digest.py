"""The weekly digest: what each member is offered, when it goes (Monday
08:00 in their own zone), and that each member gets one per week however
often the job and the task run."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource
from content.tests.factories import ArticlePageFactory, CoursePageFactory
from core.tests.factories import restrict
from core.tests.task_support import BROKEN_MAIL
from forum.tests.factories import ThreadFactory
from marketing.digest import choose_for_member
from marketing.digest_tasks import send_weekly_digest
from marketing.models import DigestSend
from marketing.tests.digest_support import (
    MONDAY,
    MONDAY_8_UTC,
    NEW_YORK_MONDAY_8,
    TOKYO_MONDAY_8,
    published,
    run_job,
    sent_to,
    subscriber,
    titles,
)
from sessions.models import Booking, SessionPage
from sessions.tests.factories import BookingFactory, SessionPageFactory

pytestmark = pytest.mark.django_db


# --- The choice ----------------------------------------------------------------


def test_a_member_gets_the_sessions_in_their_skills_and_interests_best_first():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"], ["Python"])
        soon = SessionPageFactory(
            title="SQL soon", skills=["SQL"], starts_at=MONDAY_8_UTC + timedelta(1)
        )
        both = SessionPageFactory(
            title="SQL and Python",
            skills=["SQL", "Python"],
            starts_at=MONDAY_8_UTC + timedelta(days=5),
        )
        python = SessionPageFactory(
            title="Python later",
            skills=["Python"],
            starts_at=MONDAY_8_UTC + timedelta(days=9),
        )
        SessionPageFactory(title="Design", skills=["Figma"])
        SessionPageFactory(title="Untagged")
        booked = SessionPageFactory(title="Booked", skills=["SQL"])
        BookingFactory(session=booked, member=member)
        waitlisted = SessionPageFactory(title="Waitlisted", skills=["SQL"])
        BookingFactory(
            session=waitlisted, member=member, status=Booking.Status.WAITLISTED
        )
        SessionPageFactory(title="Hosted", skills=["SQL"], host=member)
        SessionPageFactory(
            title="Cancelled", skills=["SQL"], status=SessionPage.Status.CANCELLED
        )
        SessionPageFactory(
            title="Started", skills=["SQL"], starts_at=MONDAY_8_UTC - timedelta(hours=1)
        )
        SessionPageFactory(
            title="Too far", skills=["SQL"], starts_at=MONDAY_8_UTC + timedelta(days=15)
        )
        restrict(SessionPageFactory(title="Private", skills=["SQL"]))
        draft = SessionPageFactory(title="Draft", skills=["SQL"])
        draft.unpublish()

        digest = choose_for_member(member, now=MONDAY_8_UTC)

    assert titles(digest.sessions) == [both.title, soon.title, python.title]


def test_a_full_session_is_offered_for_its_waitlist_and_a_cancelled_one_again():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        full = SessionPageFactory(title="Full", skills=["SQL"], max_participants=1)
        BookingFactory(session=full)
        again = SessionPageFactory(title="Cancelled once", skills=["SQL"])
        BookingFactory(session=again, member=member, status=Booking.Status.CANCELLED)

        digest = choose_for_member(member, now=MONDAY_8_UTC)

    assert sorted(titles(digest.sessions)) == ["Cancelled once", "Full"]


def test_at_most_six_sessions_are_offered():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        for day in range(1, 9):
            SessionPageFactory(
                title=f"Day {day}",
                skills=["SQL"],
                starts_at=MONDAY_8_UTC + timedelta(days=day),
            )
        digest = choose_for_member(member, now=MONDAY_8_UTC)

    assert titles(digest.sessions) == [f"Day {day}" for day in range(1, 7)]


def test_questions_offered_are_recent_open_ones_in_their_skills_not_their_own():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        open_question = ThreadFactory(title="Why is my join slow?", skills=["SQL"])
        ThreadFactory(title="Few answers", skills=["SQL"], answer_count=2)
        ThreadFactory(title="Many answers", skills=["SQL"], answer_count=3)
        ThreadFactory(title="Figma", skills=["Figma"])
        ThreadFactory(title="Mine", skills=["SQL"], author=member)
        ThreadFactory(title="Hidden", skills=["SQL"], is_hidden=True)
        ThreadFactory(title="Deleted", skills=["SQL"], deleted_at=MONDAY_8_UTC)
        ThreadFactory(title="Locked", skills=["SQL"], is_locked=True)
        ThreadFactory(title="Chat", skills=["SQL"], kind="discussion")
        ThreadFactory(
            title="Old", skills=["SQL"], created_at=MONDAY_8_UTC - timedelta(days=15)
        )
        solved = ThreadFactory(title="Solved", skills=["SQL"])
        solved.accepted_answer = solved.posts.get()
        solved.save(update_fields=["accepted_answer"])

        digest = choose_for_member(member, now=MONDAY_8_UTC)

    # Newest first.
    assert titles(digest.questions) == ["Few answers", open_question.title]


def test_articles_and_courses_published_lately_in_their_skills_are_offered():
    with time_machine.travel(MONDAY_8_UTC - timedelta(days=20), tick=False):
        published(ArticlePageFactory, title="Old SQL article", skills=["SQL"])
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(interests=["SQL"])
        published(ArticlePageFactory, title="New SQL article", skills=["SQL"])
        published(CoursePageFactory, title="New SQL course", skills=["SQL"])
        published(ArticlePageFactory, title="Figma article", skills=["Figma"])
        published(
            ArticlePageFactory, title="My own article", skills=["SQL"], author=member
        )

        digest = choose_for_member(member, now=MONDAY_8_UTC)

    assert sorted(titles(digest.articles)) == ["New SQL article", "New SQL course"]


def test_a_member_without_skills_or_interests_is_offered_nothing():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber()
        SessionPageFactory(skills=["SQL"])
        assert not choose_for_member(member, now=MONDAY_8_UTC)


# --- Who gets it, once ---------------------------------------------------------


def test_a_subscribed_member_with_matches_gets_one_email_and_the_row_says_sent(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        SessionPageFactory(title="Window functions", skills=["SQL"])
        ThreadFactory(title="Index or not?", skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 1

    (message,) = sent_to(member)
    assert "Window functions" in message.body
    assert "Index or not?" in message.body
    row = DigestSend.objects.get(user=member)
    assert (row.week, row.status, row.item_count) == (MONDAY, "sent", 2)
    assert row.sent_at == MONDAY_8_UTC


def test_a_member_with_no_matches_gets_no_email_and_the_row_says_skipped(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["Knitting"])
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 1
        assert run_job(django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []
    row = DigestSend.objects.get(user=member)
    assert (row.status, row.item_count) == ("skipped", 0)


def test_members_who_did_not_opt_in_or_opted_out_get_nothing(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        never = subscriber(["SQL"], subscribe=False)
        left = subscriber(["SQL"])
        set_email_preference(
            user=left,
            kind=EmailKind.DIGEST,
            enabled=False,
            source=EmailPreferenceSource.ONE_CLICK,
        )
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 0

    assert mail.outbox == []
    assert not DigestSend.objects.filter(user__in=[never, left]).exists()


def test_a_member_who_opts_out_after_the_claim_is_skipped():
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        SessionPageFactory(skills=["SQL"])
        row = DigestSend.objects.create(user=member, week=MONDAY)
        set_email_preference(
            user=member,
            kind=EmailKind.DIGEST,
            enabled=False,
            source=EmailPreferenceSource.UNSUBSCRIBE_LINK,
        )
        send_weekly_digest.call(digest_send_id=row.pk)

    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status == "skipped"


def test_running_the_job_twice_and_the_task_twice_sends_one_email_per_member(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False) as clock:
        ada, grace = subscriber(["SQL"]), subscriber(["SQL"])
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 2
        clock.shift(timedelta(minutes=1))
        assert run_job(django_capture_on_commit_callbacks) == 0
        # A worker that picks the same task up again (a restart after it ran).
        for row in DigestSend.objects.all():
            assert send_weekly_digest.call(digest_send_id=row.pk) == "sent"
        send_weekly_digest.call(digest_send_id=999_999)  # gone: nothing

    assert len(sent_to(ada)) == len(sent_to(grace)) == 1
    assert DigestSend.objects.count() == 2


def test_next_week_brings_another_digest(django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY_8_UTC, tick=False) as clock:
        member = subscriber(["SQL"])
        SessionPageFactory(title="This week", skills=["SQL"])
        run_job(django_capture_on_commit_callbacks)
        clock.shift(timedelta(days=7))
        SessionPageFactory(title="Next week", skills=["SQL"])
        run_job(django_capture_on_commit_callbacks)

    first, second = sent_to(member)
    assert "This week" in first.body and "Next week" in second.body
    assert sorted(DigestSend.objects.values_list("week", flat=True)) == [
        MONDAY,
        MONDAY + timedelta(days=7),
    ]


def test_a_failed_send_is_marked_failed_and_not_sent_again(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = BROKEN_MAIL
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        SessionPageFactory(skills=["SQL"])
        run_job(django_capture_on_commit_callbacks)
        row = DigestSend.objects.get(user=member)
        assert row.status == "failed"
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert send_weekly_digest.call(digest_send_id=row.pk) == "failed"
    assert mail.outbox == []


# --- When ----------------------------------------------------------------------


def test_tokyo_gets_it_at_its_monday_morning_while_new_york_waits_for_its_own(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(
        TOKYO_MONDAY_8 - timedelta(minutes=1), tick=False
    ) as clock:
        tokyo = subscriber(["SQL"], time_zone="Asia/Tokyo")
        new_york = subscriber(["SQL"], time_zone="America/New_York")
        SessionPageFactory(skills=["SQL"], starts_at=NEW_YORK_MONDAY_8 + timedelta(1))
        assert run_job(django_capture_on_commit_callbacks) == 0  # 07:59 in Tokyo

        clock.move_to(TOKYO_MONDAY_8)
        assert run_job(django_capture_on_commit_callbacks) == 1
        assert len(sent_to(tokyo)) == 1 and sent_to(new_york) == []

        clock.move_to(NEW_YORK_MONDAY_8 - timedelta(minutes=1))
        assert run_job(django_capture_on_commit_callbacks) == 0
        clock.move_to(NEW_YORK_MONDAY_8)
        assert run_job(django_capture_on_commit_callbacks) == 1

    assert len(sent_to(tokyo)) == len(sent_to(new_york)) == 1
    weeks = dict(DigestSend.objects.values_list("user__profile__time_zone", "week"))
    assert weeks == {"Asia/Tokyo": MONDAY, "America/New_York": MONDAY}


def test_a_member_who_subscribes_midweek_waits_for_next_monday(
    django_capture_on_commit_callbacks,
):
    wednesday = MONDAY_8_UTC + timedelta(days=2)
    with time_machine.travel(wednesday, tick=False) as clock:
        member = subscriber(["SQL"])
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 0
        clock.move_to(MONDAY_8_UTC + timedelta(days=7))
        assert run_job(django_capture_on_commit_callbacks) == 1
    assert len(sent_to(member)) == 1


def test_a_monday_the_runner_missed_is_not_made_up_on_tuesday(
    django_capture_on_commit_callbacks,
):
    # 00:00 on Tuesday in Berlin is still Monday 23:00 in UTC.
    with time_machine.travel(datetime(2031, 1, 13, 23, 0, tzinfo=UTC), tick=False):
        berlin = subscriber(["SQL"], time_zone="Europe/Berlin")
        london = subscriber(["SQL"], time_zone="Europe/London")
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 1
    assert sent_to(berlin) == [] and len(sent_to(london)) == 1


def test_a_member_without_a_valid_zone_gets_it_on_utc_time(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        member = subscriber(["SQL"])
        member.profile.__class__.objects.filter(pk=member.profile.pk).update(
            time_zone="Mars/Olympus"
        )
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks) == 1
    assert DigestSend.objects.get(user=member).week == MONDAY


def test_a_run_claims_a_bounded_batch_and_the_next_runs_take_the_rest(
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(MONDAY_8_UTC, tick=False):
        members = [subscriber(["SQL"]) for _ in range(5)]
        SessionPageFactory(skills=["SQL"])
        assert run_job(django_capture_on_commit_callbacks, limit=2) == 2
        assert run_job(django_capture_on_commit_callbacks, limit=2) == 2
        assert run_job(django_capture_on_commit_callbacks, limit=2) == 1
        assert run_job(django_capture_on_commit_callbacks, limit=2) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
