"""The page of one mentorship (/mentorship/<id>/), the changes either side
makes there, and the weekly availability page."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from experts.tests.factories import ExpertPageFactory
from mentorship.models import AvailabilityWindow, MenteeProfile, Mentorship, Message
from mentorship.one_to_ones import accept_one_to_one, propose_one_to_one
from mentorship.tests.factories import MentorshipFactory
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


@pytest.fixture
def mentorship():
    return MentorshipFactory(
        status=Status.ACTIVE,
        started_at=timezone.now(),
        mentee=MemberFactory(name="Sofia Lindqvist"),
        mentor__name="Ana Costa",
    )


def url(mentorship, action: str = "") -> str:
    return f"/mentorship/{mentorship.pk}/" + (f"{action}/" if action else "")


def test_both_sides_see_where_it_stands_and_what_is_waiting(client, mentorship):
    Message.objects.create(
        mentorship=mentorship,
        sender=mentorship.mentor,
        recipient=mentorship.mentee,
        body="Welcome!",
    )
    starts = timezone.now() + timedelta(days=3)
    propose_one_to_one(
        mentorship=mentorship,
        by=mentorship.mentor,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    client.force_login(mentorship.mentee)
    html = client.get(url(mentorship)).content.decode()
    assert "Ana Costa mentors you." in html
    assert "1 unread" in html
    assert f'href="/mentorship/{mentorship.pk}/conversation/"' in html
    assert f'href="/mentorship/{mentorship.pk}/sessions/"' in html
    assert "Next:" in html and "(proposed)" in html
    assert f'action="/mentorship/{mentorship.pk}/pause/"' in html

    client.force_login(mentorship.mentor)
    html = client.get(url(mentorship)).content.decode()
    assert "You mentor Sofia Lindqvist." in html
    assert "unread" not in html  # the message was the mentor's own


@pytest.mark.parametrize("action", ["", "pause", "resume", "complete", "cancel"])
def test_a_third_member_gets_404_and_nothing_changes(client, mentorship, action):
    client.force_login(MemberFactory())
    assert client.get(url(mentorship, action)).status_code == 404
    if action:
        assert client.post(url(mentorship, action)).status_code == 404
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


def test_visitors_are_sent_to_log_in(client, mentorship):
    response = client.get(url(mentorship))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.post(url(mentorship, "cancel"))
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


def test_pause_then_resume(client, mentorship):
    ExpertPageFactory(expert=mentorship.mentor, mentee_capacity=2)
    client.force_login(mentorship.mentee)
    response = client.post(url(mentorship, "pause"), follow=True)
    assert "Paused." in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.PAUSED
    html = client.get(url(mentorship)).content.decode()
    assert f'action="/mentorship/{mentorship.pk}/resume/"' in html
    assert "/pause/" not in html

    client.force_login(mentorship.mentor)
    client.post(url(mentorship, "resume"))
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


@pytest.mark.parametrize(
    ("action", "status"), [("complete", Status.COMPLETED), ("cancel", Status.CANCELLED)]
)
def test_ending_asks_first_then_ends(client, mentorship, action, status):
    client.force_login(mentorship.mentor)
    page = client.get(url(mentorship, action))
    assert page.status_code == 200
    assert "This cannot be undone" in page.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE  # asking changed nothing

    client.post(url(mentorship, action))
    mentorship.refresh_from_db()
    assert mentorship.status == status
    assert mentorship.ended_at is not None
    html = client.get(url(mentorship)).content.decode()
    assert "/complete/" not in html and "/cancel/" not in html


def test_changing_an_ended_mentorship_says_why(client, mentorship):
    mentorship.status = Status.COMPLETED
    mentorship.save()
    client.force_login(mentorship.mentee)
    assert "nothing to cancel" in client.get(url(mentorship, "cancel")).content.decode()
    response = client.post(url(mentorship, "pause"), follow=True)
    assert "Only an active mentorship can be paused." in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == Status.COMPLETED


def test_a_waiting_request_offers_withdraw_or_answer(client):
    mentorship = MentorshipFactory()
    client.force_login(mentorship.mentee)
    html = client.get(url(mentorship)).content.decode()
    assert f'action="/mentorship/requests/{mentorship.pk}/withdraw/"' in html
    assert "/conversation/" not in html
    client.force_login(mentorship.mentor)
    assert "Answer in your workspace" in client.get(url(mentorship)).content.decode()


def test_the_mentor_finds_their_mentees_on_the_dashboard(client, mentorship):
    client.force_login(mentorship.mentor)
    html = client.get("/dashboard/").content.decode()
    assert "Your mentees" in html
    assert f'href="/mentorship/{mentorship.pk}/">Sofia Lindqvist</a>' in html


# --- Weekly availability -----------------------------------------------------


def windows_post(zone="Europe/Lisbon", rows=(("0", "09:00", "11:00"),)) -> dict:
    data = {
        "time_zone": zone,
        "windows-TOTAL_FORMS": str(len(rows)),
        "windows-INITIAL_FORMS": "0",
        "windows-MIN_NUM_FORMS": "0",
        "windows-MAX_NUM_FORMS": "21",
    }
    for index, (day, start, end) in enumerate(rows):
        data |= {
            f"windows-{index}-weekday": day,
            f"windows-{index}-starts_at": start,
            f"windows-{index}-ends_at": end,
        }
    return data


def test_a_mentor_saves_their_weekly_availability(client):
    mentor = MemberFactory(time_zone="UTC")
    MenteeProfile.objects.create(user=mentor, goals="Learn Go", time_zone="UTC")
    client.force_login(mentor)
    assert client.get("/mentorship/availability/").status_code == 200
    response = client.post(
        "/mentorship/availability/",
        windows_post(rows=[("0", "09:00", "11:00"), ("2", "18:00", "19:30")]),
    )
    assert response.status_code == 302
    assert [
        (w.weekday, w.starts_at, w.ends_at)
        for w in AvailabilityWindow.objects.filter(user=mentor)
    ] == [(0, time(9), time(11)), (2, time(18), time(19, 30))]
    mentor.profile.refresh_from_db()
    assert mentor.profile.time_zone == "Europe/Lisbon"
    # Matching reads the windows in the questionnaire's zone: the same one.
    assert MenteeProfile.objects.get(user=mentor).time_zone == "Europe/Lisbon"
    html = client.get("/mentorship/availability/").content.decode()
    assert 'value="18:00"' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            windows_post(rows=[("0", "09:00", "11:00"), ("0", "10:00", "12:00")]),
            "This time overlaps another window on the same day.",
        ),
        (
            windows_post(rows=[("1", "11:00", "09:00")]),
            "The end time must be after the start time.",
        ),
        (windows_post(zone="Mars/Olympus"), "Select a valid choice."),
    ],
)
def test_bad_availability_is_refused_and_nothing_changes(client, data, message):
    member = MemberFactory(time_zone="UTC")
    AvailabilityWindow.objects.create(
        user=member, weekday=4, starts_at=time(8), ends_at=time(9)
    )
    client.force_login(member)
    response = client.post("/mentorship/availability/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(
        AvailabilityWindow.objects.filter(user=member).values_list("weekday", flat=True)
    ) == [4]
    member.profile.refresh_from_db()
    assert member.profile.time_zone == "UTC"


def test_availability_needs_sign_in(client):
    response = client.post("/mentorship/availability/", windows_post())
    assert response.status_code == 302
    assert not AvailabilityWindow.objects.exists()


# --- A confirmed 1:1 in the participants' calendars --------------------------


def test_a_confirmed_one_to_one_downloads_as_a_calendar_file(client, mentorship):
    starts = timezone.now() + timedelta(days=2)
    one_to_one = propose_one_to_one(
        mentorship=mentorship,
        by=mentorship.mentee,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )
    calendar_url = f"/mentorship/one-to-ones/{one_to_one.pk}/calendar.ics"
    client.force_login(mentorship.mentee)
    assert client.get(calendar_url).status_code == 404  # not confirmed yet

    accept_one_to_one(
        one_to_one=one_to_one, by=mentorship.mentor, meeting_url="https://meet.x/a"
    )
    html = client.get(url(mentorship, "sessions")).content.decode()
    assert f'href="{calendar_url}"' in html
    response = client.get(calendar_url)
    assert response["Content-Type"].startswith("text/calendar")
    ics = response.content.decode()
    assert f"UID:one-to-one-{one_to_one.pk}@" in ics
    assert "https://meet.x/a" in ics

    client.force_login(MemberFactory())
    assert client.get(calendar_url).status_code == 404


# --- An empty POST is a form with errors, not a blank page --------------------


@pytest.mark.parametrize(
    "path", ["conversation/", "sessions/"], ids=["conversation", "one_to_ones"]
)
def test_an_empty_post_says_what_is_missing(client, mentorship, path):
    client.force_login(mentorship.mentee)
    response = client.post(url(mentorship) + path, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode() or (
        "Write a message before sending." in response.content.decode()
    )


# --- Goals and shared notes ---------------------------------------------------


def test_both_sides_keep_goals_and_notes_together(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.post(
        url(mentorship),
        {"goals": "Ship a dbt project", "notes": "Week 1: <b>models</b>\nWeek 2"},
    )
    assert response.status_code == 302
    client.force_login(mentorship.mentor)
    html = client.get(url(mentorship)).content.decode()
    assert "Week 1: &lt;b&gt;models&lt;/b&gt;" in html
    assert "Last changed by Sofia Lindqvist" in html
    mentorship.refresh_from_db()
    assert (mentorship.goals, mentorship.notes_updated_by) == (
        "Ship a dbt project",
        mentorship.mentee,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"goals": "  ", "notes": "x"},
            "Tell the expert what you would like to work on.",
        ),
        (
            {"goals": "Fine", "notes": "x" * 5001},
            "Ensure this value has at most 5000 characters",
        ),
    ],
)
def test_bad_goals_or_notes_are_refused_and_nothing_changes(
    client, mentorship, data, message
):
    client.force_login(mentorship.mentee)
    response = client.post(url(mentorship), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.shared_notes == ""


def test_notes_are_read_only_once_it_ends_and_private_to_the_two(client, mentorship):
    mentorship.status = Status.COMPLETED
    mentorship.shared_notes = "What we did"
    mentorship.save()
    client.force_login(mentorship.mentee)
    response = client.post(url(mentorship), {"goals": "New", "notes": "Changed"})
    assert response.status_code == 400
    assert "while the mentorship is under way" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.shared_notes == "What we did"
    client.force_login(MemberFactory())
    assert client.post(url(mentorship), {"goals": "x", "notes": "y"}).status_code == 404
