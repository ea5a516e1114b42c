"""Conversations: private messages between mentor and mentee, unread counts,
batched email, abuse reports (mentorship.messaging and its pages)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailKind, EmailPreference
from core.jobs import registered_jobs
from mentorship import errors, messaging
from mentorship.context_processors import unread_messages
from mentorship.errors import MentorshipError
from mentorship.models import AbuseReport, Mentorship, Message
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


@pytest.fixture
def mentorship():
    return MentorshipFactory(status=Status.ACTIVE)


@pytest.fixture
def outsider():
    return MemberFactory()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a call with its on-commit emails sent, as after a real commit."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


def conversation_url(mentorship) -> str:
    return reverse("mentorship_conversation", kwargs={"mentorship_id": mentorship.pk})


def send(mentorship, sender, body="Hello") -> Message:
    return messaging.send_message(mentorship=mentorship, sender=sender, body=body)


# --- Writing and reading ------------------------------------------------------------


def test_mentor_and_mentee_exchange_messages(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.post(conversation_url(mentorship), {"body": "  Hi, Ana!  "})
    sent = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{conversation_url(mentorship)}#message-{sent.pk}"
    assert sent.body == "Hi, Ana!"
    assert (sent.sender, sent.recipient) == (mentorship.mentee, mentorship.mentor)

    client.force_login(mentorship.mentor)
    client.post(
        conversation_url(mentorship), {"body": "Hello back", "reply_to": sent.pk}
    )
    reply = Message.objects.latest("pk")
    assert reply.recipient == mentorship.mentee
    assert reply.reply_to == sent

    page = client.get(conversation_url(mentorship)).content.decode()
    assert page.index("Hi, Ana!") < page.index("Hello back")  # oldest first


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_third_member_gets_404_and_nothing_is_stored(
    client, mentorship, outsider, method
):
    send(mentorship, mentorship.mentee, "Private")
    client.force_login(outsider)
    response = getattr(client, method)(conversation_url(mentorship), {"body": "Hi"})
    assert response.status_code == 404
    assert b"Private" not in response.content
    assert Message.objects.count() == 1


def test_staff_cannot_read_a_conversation_on_the_site(client, mentorship):
    send(mentorship, mentorship.mentee, "Private")
    client.force_login(MemberFactory(is_staff=True, is_superuser=True))
    assert client.get(conversation_url(mentorship)).status_code == 404


def test_visitors_are_sent_to_log_in(client, mentorship):
    response = client.post(conversation_url(mentorship), {"body": "Hi"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Message.objects.exists()


def test_service_refuses_someone_outside_the_mentorship(mentorship, outsider):
    with pytest.raises(MentorshipError) as refused:
        send(mentorship, outsider)
    assert refused.value.message == errors.NOT_A_PARTICIPANT


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.ACTIVE, Status.PAUSED])
def test_open_mentorships_take_messages(status):
    mentorship = MentorshipFactory(status=status)
    assert send(mentorship, mentorship.mentor).pk


@pytest.mark.parametrize(
    "status", [Status.DECLINED, Status.CANCELLED, Status.COMPLETED]
)
def test_ended_mentorships_are_read_only(client, status):
    mentorship = MentorshipFactory(status=Status.ACTIVE)
    send(mentorship, mentorship.mentor, "Before the end")
    Mentorship.objects.filter(pk=mentorship.pk).update(status=status)
    client.force_login(mentorship.mentee)

    page = client.get(conversation_url(mentorship))
    assert b"Before the end" in page.content
    assert b'name="body"' not in page.content

    response = client.post(conversation_url(mentorship), {"body": "After"})
    assert response.status_code == 409
    assert str(errors.CONVERSATION_CLOSED) in response.content.decode()
    assert Message.objects.count() == 1


def test_script_tags_are_escaped(client, mentorship):
    send(mentorship, mentorship.mentee, '<script>alert("x")</script><b>bold</b>')
    client.force_login(mentorship.mentor)
    html = client.get(conversation_url(mentorship)).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html


def test_links_are_links_search_engines_do_not_follow(client, mentorship):
    send(mentorship, mentorship.mentee, "Slides: https://example.com/slides\nThanks")
    client.force_login(mentorship.mentor)
    html = client.get(conversation_url(mentorship)).content.decode()
    assert (
        '<a href="https://example.com/slides" rel="nofollow ugc noopener noreferrer">'
        in html
    )
    assert "slides</a><br>Thanks" in html


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   \n ", errors.MESSAGE_EMPTY),
        ("x" * 5001, errors.CONVERSATION_MESSAGE_TOO_LONG),
    ],
)
def test_empty_and_overlong_bodies_are_rejected_with_form_errors(
    client, mentorship, body, error
):
    client.force_login(mentorship.mentee)
    response = client.post(conversation_url(mentorship), {"body": body})
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == [str(error)]
    assert not Message.objects.exists()


def test_service_rejects_overlong_bodies_too(mentorship):
    with pytest.raises(MentorshipError) as refused:
        send(mentorship, mentorship.mentee, "x" * 5001)
    assert refused.value.message == errors.CONVERSATION_MESSAGE_TOO_LONG


def test_a_reply_must_answer_a_message_of_the_same_conversation(client, mentorship):
    elsewhere = MentorshipFactory(mentee=mentorship.mentee, status=Status.ACTIVE)
    foreign = send(elsewhere, elsewhere.mentor, "Another thread")
    client.force_login(mentorship.mentee)
    response = client.post(
        conversation_url(mentorship), {"body": "Hi", "reply_to": foreign.pk}
    )
    assert response.status_code == 400
    assert str(errors.REPLY_ELSEWHERE) in response.content.decode()
    assert Message.objects.count() == 1


# --- Unread counts ----------------------------------------------------------------


def test_viewing_the_conversation_marks_it_read(client, mentorship):
    send(mentorship, mentorship.mentor, "One")
    send(mentorship, mentorship.mentor, "Two")
    client.force_login(mentorship.mentee)
    assert (
        client.get(reverse("mentorship_inbox")).context["unread_message_count"]() == 2
    )

    client.get(conversation_url(mentorship))

    assert not Message.objects.filter(recipient=mentorship.mentee, read_at=None)


def test_header_shows_the_unread_count_accessibly(client, mentorship):
    for _ in range(3):
        send(mentorship, mentorship.mentor)
    client.force_login(mentorship.mentee)
    html = client.get(reverse("mentorship_inbox")).content.decode()
    assert '<span class="site-nav__count" aria-hidden="true">3</span>' in html
    assert '<span class="visually-hidden"> (3 unread messages)</span>' in html


def test_header_unread_count_is_one_query_and_only_for_members(
    mentorship, django_assert_num_queries
):
    for _ in range(3):
        other = MentorshipFactory(mentee=mentorship.mentee, status=Status.ACTIVE)
        send(other, other.mentor)
    request = RequestFactory().get("/")
    request.user = mentorship.mentee
    count = unread_messages(request)["unread_message_count"]
    with django_assert_num_queries(1):
        assert count() == 3
        assert count() == 3  # asked twice by the template, counted once

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_messages(request)["unread_message_count"]() == 0


def test_inbox_lists_conversations_newest_first_with_unread_counts(
    client, mentorship, django_assert_num_queries
):
    quiet = MentorshipFactory(mentee=mentorship.mentee, status=Status.ACTIVE)
    send(quiet, quiet.mentor, "Earlier")
    send(mentorship, mentorship.mentor, "Later")
    send(mentorship, mentorship.mentor, "Later still")
    client.force_login(mentorship.mentee)
    response = client.get(reverse("mentorship_inbox"))
    rows = [(m.pk, m.unread_count) for m in response.context["conversations"]]
    assert rows == [(mentorship.pk, 2), (quiet.pk, 1)]
    assert "2 unread" in response.content.decode()

    # Flat: the same queries for 2 conversations or 7 (site settings are
    # warm after the request above).
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mentorship_inbox"))
    for _ in range(5):
        more = MentorshipFactory(mentee=mentorship.mentee, status=Status.ACTIVE)
        send(more, more.mentor)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("mentorship_inbox"))


# --- Email about unread messages ------------------------------------------------------


def notify(on_commit, minutes: int) -> int:
    later = timezone.now() + timedelta(minutes=minutes)
    return on_commit(messaging.send_message_notifications, now=later)


def test_unread_messages_are_emailed_once_after_the_delay(
    client, mentorship, on_commit, mailoutbox, settings
):
    settings.MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES = 15
    for body in ("One", "Two", "Three"):
        send(mentorship, mentorship.mentor, body)

    assert notify(on_commit, 5) == 0
    assert mailoutbox == []

    assert notify(on_commit, 16) == 1
    [email] = mailoutbox
    assert email.to == [mentorship.mentee.email]
    assert email.subject == f"[MasteryHub] 3 new messages from {mentorship.mentor}"
    assert conversation_url(mentorship) in email.body
    assert "One" not in email.body  # the text stays on the site

    # More messages before reading: no second email.
    send(mentorship, mentorship.mentor, "Four")
    assert notify(on_commit, 40) == 0
    assert len(mailoutbox) == 1

    # Read, then something new: one new email.
    client.force_login(mentorship.mentee)
    client.get(conversation_url(mentorship))
    send(mentorship, mentorship.mentor, "Five")
    assert notify(on_commit, 16) == 1
    assert (
        mailoutbox[1].subject == f"[MasteryHub] 1 new message from {mentorship.mentor}"
    )


def test_the_periodic_command_sends_the_emails(mentorship, mailoutbox, settings):
    settings.MENTORSHIP_MESSAGE_EMAIL_DELAY_MINUTES = 0
    send(mentorship, mentorship.mentor)
    assert "email members about unread messages" in registered_jobs()
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=1))
    call_command("run_periodic", job=["email members about unread messages"])
    # The command's transaction commits for real under the test's atomic
    # block only at the end; what counts here is that the rows are marked.
    assert Message.objects.filter(notified_at__isnull=False).count() == 1


def test_opting_out_stops_the_emails(client, mentorship, on_commit, mailoutbox):
    client.force_login(mentorship.mentee)
    response = client.post(reverse("mentorship_message_emails"), {})
    assert response.status_code == 302
    send(mentorship, mentorship.mentor)
    assert notify(on_commit, 60) == 0
    assert mailoutbox == []

    client.post(reverse("mentorship_message_emails"), {"emails_enabled": "on"})
    assert notify(on_commit, 60) == 1


def unsubscribe_url(token: str) -> str:
    return reverse("mentorship_message_emails_unsubscribe", args=[token])


def test_unsubscribe_link_asks_on_get_and_applies_on_post(client, mentorship):
    url = unsubscribe_url(messaging.unsubscribe_token(mentorship.mentee))
    page = client.get(url)
    assert page.status_code == 200
    assert b"Stop these emails" in page.content
    assert not EmailPreference.objects.exists()

    client.post(url)
    assert not EmailPreference.objects.get(
        user=mentorship.mentee, kind=EmailKind.MENTORSHIP
    ).enabled


@pytest.mark.parametrize("method", ["get", "post"])
def test_unsubscribe_with_a_bad_token_is_400(client, mentorship, method):
    token = messaging.unsubscribe_token(mentorship.mentee)[:-2] + "xx"
    assert getattr(client, method)(unsubscribe_url(token)).status_code == 400
    assert not EmailPreference.objects.exists()


def test_the_email_carries_a_working_unsubscribe_link(
    client, mentorship, on_commit, mailoutbox
):
    send(mentorship, mentorship.mentor)
    notify(on_commit, 60)
    link = next(
        line.split(": ", 1)[1]
        for line in mailoutbox[0].body.splitlines()
        if line.startswith("Stop emails")
    )
    client.post(
        link.removeprefix("http://127.0.0.1:8000").removeprefix("http://testserver")
    )
    assert not messaging.user_id_from_unsubscribe_token("nonsense")
    assert (
        EmailPreference.objects.get(
            user=mentorship.mentee, kind=EmailKind.MENTORSHIP
        ).enabled
        is False
    )


# --- Abuse reports ----------------------------------------------------------------


def report_url(message) -> str:
    return reverse("mentorship_message_report", kwargs={"message_id": message.pk})


@pytest.fixture
def staff():
    return MemberFactory(is_staff=True, is_superuser=True, email="mod@example.com")


def test_a_participant_reports_a_message_and_staff_are_emailed(
    client, mentorship, staff, django_capture_on_commit_callbacks, mailoutbox
):
    message = send(mentorship, mentorship.mentor, "Rude words")
    client.force_login(mentorship.mentee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url(message), {"reason": "Insulting"})
    assert response.status_code == 302
    report = AbuseReport.objects.get()
    assert (report.message, report.reporter, report.reason) == (
        message,
        mentorship.mentee,
        "Insulting",
    )
    [email] = mailoutbox
    assert email.to == ["mod@example.com"]
    assert f"/admin/mentorship_abuse_reports/inspect/{report.pk}/" in email.body
    assert "Rude words" not in email.body
    followed = client.get(response["Location"])
    assert "Staff will look at this message" in followed.content.decode()


def test_one_open_report_per_message_and_reporter(client, mentorship):
    message = send(mentorship, mentorship.mentor)
    client.force_login(mentorship.mentee)
    client.post(report_url(message), {"reason": "Spam"})
    response = client.post(report_url(message), {"reason": "Spam again"})
    assert response.status_code == 409
    assert str(errors.ALREADY_REPORTED) in response.content.decode()
    assert AbuseReport.objects.count() == 1


def test_only_participants_report_and_never_their_own_message(
    client, mentorship, outsider
):
    message = send(mentorship, mentorship.mentor)
    client.force_login(outsider)
    assert client.post(report_url(message), {"reason": "x"}).status_code == 404
    client.force_login(mentorship.mentor)
    response = client.post(report_url(message), {"reason": "x"})
    assert response.status_code == 409
    assert str(errors.REPORT_OWN_MESSAGE) in response.content.decode()
    assert not AbuseReport.objects.exists()


def test_staff_read_the_reported_message_in_the_admin_and_resolve_it(
    client, mentorship, staff
):
    before = send(mentorship, mentorship.mentee, "Context before")
    message = send(mentorship, mentorship.mentor, "<i>Rude</i> words")
    report = messaging.report_message(
        message=message, reporter=mentorship.mentee, reason="Insulting"
    )
    client.force_login(staff)
    assert (
        "Insulting" in client.get("/admin/mentorship_abuse_reports/").content.decode()
    )
    html = client.get(f"/admin/mentorship_abuse_reports/inspect/{report.pk}/").content
    html = html.decode()
    assert "&lt;i&gt;Rude&lt;/i&gt; words" in html
    assert before.body in html

    client.post(f"/admin/mentorship_abuse_reports/resolve/{report.pk}/")
    report.refresh_from_db()
    assert report.status == AbuseReport.Status.RESOLVED
    assert report.resolved_by == staff


def test_members_cannot_reach_the_abuse_reports_admin(client, mentorship):
    from experts.tests.factories import GroupExpertFactory

    message = send(mentorship, mentorship.mentor)
    report = messaging.report_message(
        message=message, reporter=mentorship.mentee, reason="Insulting"
    )
    client.force_login(GroupExpertFactory())  # may use the admin, is not staff
    for url in (
        "/admin/mentorship_abuse_reports/",
        f"/admin/mentorship_abuse_reports/inspect/{report.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Insulting" not in response.content
    client.post(f"/admin/mentorship_abuse_reports/resolve/{report.pk}/")
    report.refresh_from_db()
    assert report.status == AbuseReport.Status.OPEN
