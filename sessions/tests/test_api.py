"""/api/v1/ sessions and bookings, and what /api/v2/ (Wagtail) shows of a
session, as an API client sees them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sessions import errors
from sessions.models import Booking, SessionPage
from sessions.tests.booking_support import DEFERRING_BACKEND, DeferringImmediateBackend
from sessions.tests.factories import (
    BookingFactory,
    CategoryFactory,
    MemberFactory,
    SessionPageFactory,
)

pytestmark = pytest.mark.django_db
Status = Booking.Status
SECRET = "https://meet.example.com/secret-room-42"
SESSIONS = "/api/v1/sessions/"
BOOKINGS = "/api/v1/bookings/"


@pytest.fixture(autouse=True)
def _tasks(settings):
    settings.TASKS = {"default": {"BACKEND": DEFERRING_BACKEND}}
    DeferringImmediateBackend.deferred.clear()


def _titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def _book(client, payload):
    return client.post(BOOKINGS, payload, content_type="application/json")


def _signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


# --- GET /api/v1/sessions/ ----------------------------------------------------------


def test_list_shows_upcoming_public_sessions_as_cards_without_meeting_links(client):
    category = CategoryFactory(name="Data", slug="data")
    session = SessionPageFactory(
        title="Intro to SQL",
        category=category,
        skills=["SQL"],
        price=Decimal("25.00"),
        max_participants=3,
        host__username="grace",
        host__name="Grace Hopper",
    )
    BookingFactory(session=session)
    SessionPageFactory(title="Draft", live=False)
    SessionPageFactory(title="Called off", status=SessionPage.Status.CANCELLED)
    SessionPageFactory(title="Last week", starts_at=timezone.now() - timedelta(days=7))

    response = client.get(SESSIONS)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 1
    [item] = body["results"]
    assert item["id"] == session.pk
    assert item["title"] == "Intro to SQL"
    assert item["url"].endswith(session.url)
    assert item["url"].startswith("http")
    assert item["host"] == {"username": "grace", "name": "Grace Hopper"}
    assert item["category"] == {"name": "Data", "slug": "data"}
    assert item["skills"] == [{"name": "SQL", "slug": "sql"}]
    assert item["price"] == "25.00"
    assert item["currency"] == "EUR"
    assert item["seats_left"] == 2
    assert item["status"] == "scheduled"
    assert item["format"] == "workshop"
    assert item["level"] == "all"
    assert item["time_zone"] == "UTC"
    assert item["rating_average"] is None
    assert item["rating_count"] == 0
    assert item["starts_at"].startswith(session.starts_at.strftime("%Y-%m-%dT%H:%M"))
    assert "meeting_url" not in item
    assert SECRET not in response.content.decode()


def test_list_filters_like_the_sessions_page(client):
    SessionPageFactory(title="SQL webinar", format=SessionPage.Format.WEBINAR)
    SessionPageFactory(title="Paid SQL workshop", price=Decimal("10"))
    SessionPageFactory(title="Free Python workshop", skills=["Python"])
    SessionPageFactory(title="Called off", status=SessionPage.Status.CANCELLED)

    # `format` is the session format here, not DRF's renderer switch.
    assert _titles(client.get(SESSIONS, {"format": "webinar"})) == ["SQL webinar"]
    assert _titles(client.get(SESSIONS, {"price": "paid"})) == ["Paid SQL workshop"]
    assert _titles(client.get(SESSIONS, {"tag": "python"})) == ["Free Python workshop"]
    assert sorted(_titles(client.get(SESSIONS, {"q": "sql"}))) == [
        "Paid SQL workshop",
        "SQL webinar",
    ]
    assert "Called off" in _titles(client.get(SESSIONS, {"include": "cancelled"}))


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"format": "juggling"}, {"format"}),
        ({"date_from": "next tuesday"}, {"date_from"}),
        ({"date_from": "2030-05-02", "date_to": "2030-05-01"}, {"date_to"}),
        ({"min_rating": "9", "sort": "random"}, {"min_rating", "sort"}),
    ],
)
def test_invalid_filters_are_a_400_naming_each_field(client, params, fields):
    SessionPageFactory()
    response = client.get(SESSIONS, params)
    assert response.status_code == 400
    errors_by_field = response.json()["errors"]
    assert set(errors_by_field) == fields
    assert all(
        isinstance(message, str) and message
        for messages in errors_by_field.values()
        for message in messages
    )


def test_list_pages_through_many_sessions(client):
    for day in range(25):
        SessionPageFactory(starts_at=timezone.now() + timedelta(days=day + 1))
    first = client.get(SESSIONS).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"] is not None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    # Soonest first, across pages.
    starts = [item["starts_at"] for item in first["results"] + second["results"]]
    assert starts == sorted(starts)


@pytest.mark.parametrize("count", [3, 20])
def test_list_query_count_does_not_grow_with_the_number_of_sessions(
    client, django_assert_num_queries, count
):
    category = CategoryFactory(name="Data", slug="data")
    for day in range(count):
        session = SessionPageFactory(
            starts_at=timezone.now() + timedelta(days=day + 1),
            category=category,
            skills=["SQL"],
        )
        BookingFactory(session=session)
    client.get(SESSIONS)  # warm Wagtail's site root cache
    # View restrictions, the count, the page's ids, its cards, their skills
    # (the category filter joins; it looks nothing up first).
    with django_assert_num_queries(5):
        response = client.get(SESSIONS, {"category": "data"})
    assert len(response.json()["results"]) == count


# --- GET /api/v1/sessions/<id>/ -----------------------------------------------------


def _viewer(kind: str, session):
    if kind == "anonymous":
        return None
    if kind == "host":
        return session.host
    member = MemberFactory()
    if kind != "other member":
        BookingFactory(session=session, member=member, status=kind)
    return member


@pytest.mark.parametrize(
    ("kind", "sees_link"),
    [
        ("anonymous", False),
        ("other member", False),
        (Status.WAITLISTED, False),
        (Status.PENDING, False),
        (Status.CONFIRMED, True),
        ("host", True),
    ],
)
def test_detail_includes_the_meeting_link_only_for_those_let_in(kind, sees_link):
    session = SessionPageFactory(meeting_url=SECRET)
    viewer = _viewer(kind, session)
    client = _signed_in(viewer) if viewer else Client()

    response = client.get(f"{SESSIONS}{session.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == session.title
    assert ("meeting_url" in body) is sees_link
    assert (SECRET in response.content.decode()) is sees_link
    if sees_link:
        assert body["meeting_url"] == SECRET
        # A member's answer is theirs alone: no shared cache keeps it.
        assert "private" in response["Cache-Control"]


def test_detail_of_an_unpublished_or_unknown_session_is_404(client):
    draft = SessionPageFactory(live=False)
    for pk in (draft.pk, 999_999):
        response = client.get(f"{SESSIONS}{pk}/")
        assert response.status_code == 404
        assert response.json() == {"error": str(errors.SESSION_UNKNOWN)}


# --- POST /api/v1/bookings/ ---------------------------------------------------------


def test_booking_a_free_session_confirms_it():
    session = SessionPageFactory()
    member = MemberFactory()
    response = _book(_signed_in(member), {"session_id": session.pk})
    assert response.status_code == 201
    body = response.json()
    booking = Booking.objects.get(session=session, member=member)
    assert body["id"] == booking.pk
    assert body["session_id"] == session.pk
    assert body["status"] == "confirmed"
    assert body["hold_expires_at"] is None


def test_booking_a_paid_session_holds_the_seat_until_a_time(payments_on):
    session = SessionPageFactory(price=Decimal("20"))
    response = _book(_signed_in(MemberFactory()), {"session_id": session.pk})
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["hold_expires_at"] is not None


def test_booking_a_full_session_puts_the_member_on_the_waitlist():
    session = SessionPageFactory(max_participants=1)
    BookingFactory(session=session)
    response = _book(_signed_in(MemberFactory()), {"session_id": session.pk})
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"


@pytest.mark.parametrize(
    "payload", [{}, {"session_id": "abc"}, {"session_id": None}, {"session_id": 0}]
)
def test_booking_without_a_valid_session_id_is_400_and_books_nothing(payload):
    SessionPageFactory()
    response = _book(_signed_in(MemberFactory()), payload)
    assert response.status_code == 400
    assert "session_id" in response.json()["errors"]
    assert not Booking.objects.exists()


def test_booking_an_unknown_or_unpublished_session_is_404():
    client = _signed_in(MemberFactory())
    draft = SessionPageFactory(live=False)
    for pk in (draft.pk, 999_999):
        response = _book(client, {"session_id": pk})
        assert response.status_code == 404
        assert response.json() == {"error": str(errors.SESSION_UNKNOWN)}
    assert not Booking.objects.exists()


def _started():
    return SessionPageFactory(starts_at=timezone.now() - timedelta(minutes=5))


@pytest.mark.parametrize(
    ("make", "member_of", "message"),
    [
        (_started, lambda s: MemberFactory(), errors.SESSION_STARTED),
        (
            lambda: SessionPageFactory(status=SessionPage.Status.CANCELLED),
            lambda s: MemberFactory(),
            errors.SESSION_CANCELLED,
        ),
        (SessionPageFactory, lambda s: s.host, errors.OWN_SESSION),
        (
            SessionPageFactory,
            lambda s: MemberFactory(verified=False),
            errors.EMAIL_NOT_VERIFIED,
        ),
        (
            SessionPageFactory,
            lambda s: BookingFactory(session=s).member,
            errors.ALREADY_BOOKED,
        ),
    ],
    ids=["started", "cancelled", "own session", "unverified", "already booked"],
)
def test_booking_rules_refuse_with_409_and_the_reason(make, member_of, message):
    session = make()
    member = member_of(session)
    before = list(Booking.objects.values_list("pk", "status"))

    response = _book(_signed_in(member), {"session_id": session.pk})

    assert response.status_code == 409
    assert response.json() == {"error": str(message)}
    assert list(Booking.objects.values_list("pk", "status")) == before


def test_signed_out_clients_cannot_book(client):
    session = SessionPageFactory()
    response = _book(client, {"session_id": session.pk})
    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_booking_without_the_csrf_token_is_refused():
    session = SessionPageFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(MemberFactory())
    response = _book(client, {"session_id": session.pk})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Booking.objects.exists()


def test_booking_with_a_form_body_is_415_json_only():
    session = SessionPageFactory()
    response = _signed_in(MemberFactory()).post(BOOKINGS, {"session_id": session.pk})
    assert response.status_code == 415
    assert not Booking.objects.exists()


# --- POST /api/v1/bookings/<id>/cancel/ and GET /api/v1/bookings/ ---------------------


def _cancel(client, booking_id):
    return client.post(f"{BOOKINGS}{booking_id}/cancel/")


def test_cancelling_your_booking_frees_the_seat_for_the_waitlist():
    session = SessionPageFactory(max_participants=1)
    booking = BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=Status.WAITLISTED)

    response = _cancel(_signed_in(booking.member), booking.pk)

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert booking.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED


def test_cancelling_someone_elses_booking_is_404_and_changes_nothing():
    booking = BookingFactory()
    response = _cancel(_signed_in(MemberFactory()), booking.pk)
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def test_a_booking_that_can_no_longer_be_cancelled_is_409():
    booking = BookingFactory(status=Status.ATTENDED)
    response = _cancel(_signed_in(booking.member), booking.pk)
    assert response.status_code == 409
    assert response.json() == {"error": str(errors.NOT_CANCELLABLE)}
    booking.refresh_from_db()
    assert booking.status == Status.ATTENDED


def test_signed_out_clients_cannot_cancel(client):
    booking = BookingFactory()
    assert _cancel(client, booking.pk).status_code == 403
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED


def test_my_bookings_lists_only_the_callers_own(client):
    member = MemberFactory()
    later = BookingFactory(
        member=member,
        session=SessionPageFactory(starts_at=timezone.now() + timedelta(days=9)),
    )
    sooner = BookingFactory(
        member=member,
        status=Status.WAITLISTED,
        session=SessionPageFactory(starts_at=timezone.now() + timedelta(days=2)),
    )
    BookingFactory()  # someone else's

    response = _signed_in(member).get(BOOKINGS)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(b["id"], b["status"]) for b in results] == [
        (sooner.pk, "waitlisted"),
        (later.pk, "confirmed"),
    ]
    assert results[0]["session_title"] == sooner.session.title
    assert client.get(BOOKINGS).status_code == 403


# --- /api/v2/ (Wagtail's pages API) -------------------------------------------------


def test_wagtail_pages_api_never_shows_the_meeting_link(client):
    session = SessionPageFactory(meeting_url=SECRET, summary="Queries for analysts.")

    detail = client.get(f"/api/v2/pages/{session.pk}/")
    listing = client.get(
        "/api/v2/pages/", {"type": "skillsessions.SessionPage", "fields": "*"}
    )

    assert detail.status_code == 200
    assert detail.json()["summary"] == "Queries for analysts."
    assert listing.status_code == 200
    assert session.pk in [page["id"] for page in listing.json()["items"]]
    for response in (detail, listing):
        assert SECRET not in response.content.decode()
        assert "meeting_url" not in response.content.decode()
