"""A session anyone booked or reviewed is never deleted, by any route: the
admin says why and points to "Cancel session" (upcoming) or "Unpublish"
(the rest), and bookings, reviews and payments stay where they were."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from accounts.models import EXPERTS_GROUP_NAME
from accounts.tests.factories import UserFactory
from core.deletion import PageDeletionRefused
from payments.models import Kind, Payment
from sessions.models import Booking, Review, SessionPage
from sessions.tests.factories import (
    BookingFactory,
    ReviewFactory,
    SessionPageFactory,
    get_session_index,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def booked():
    """An upcoming session with a confirmed place, a waitlisted member and a
    paid seat."""
    session = SessionPageFactory(max_participants=1)
    confirmed = BookingFactory(session=session)
    BookingFactory(session=session, status=Booking.Status.WAITLISTED)
    Payment.objects.create(
        user=confirmed.member,
        kind=Kind.SESSION_SEAT,
        object_id=confirmed.pk,
        description=f"Seat: {session.title}",
        currency="EUR",
        status=Payment.Status.PAID,
    )
    return session


def past_session_with_history():
    session = SessionPageFactory()
    SessionPage.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at - timedelta(days=30),
        ends_at=session.ends_at - timedelta(days=30),
    )
    attended = BookingFactory(session=session, status=Booking.Status.ATTENDED)
    ReviewFactory(session=session, author=attended.member, rating=4)
    return SessionPage.objects.get(pk=session.pk)


def intact(session, bookings=2, reviews=0):
    return (
        SessionPage.objects.filter(pk=session.pk).exists()
        and Booking.objects.filter(session_id=session.pk).count() == bookings
        and Review.objects.filter(session_id=session.pk).count() == reviews
    )


def delete_url(page):
    return reverse("wagtailadmin_pages:delete", args=[page.pk])


def test_admin_delete_of_a_booked_session_points_to_cancel(admin_client, booked):
    page = admin_client.get(delete_url(booked)).content.decode()
    assert "This session is referenced 2 times." in page
    assert "2 members hold a place or wait for one." in page
    assert "1 paid seat is not refunded yet." in page
    assert reverse("sessions_host_cancel", args=[booked.pk]) in page
    assert "Yes, delete it" not in page

    response = admin_client.post(delete_url(booked))

    assert response.status_code == 200
    assert "Cancel the session instead" in response.content.decode()
    assert intact(booked)
    assert Payment.objects.get().status == Payment.Status.PAID


def test_an_expert_cannot_delete_their_own_booked_session(client, booked):
    # Experts may delete their own unpublished pages; this one was booked
    # before it was taken off the site.
    expert = booked.host
    expert.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    SessionPage.objects.filter(pk=booked.pk).update(owner=expert)
    booked.refresh_from_db()
    booked.unpublish()
    client.force_login(expert)

    response = client.post(delete_url(booked))

    assert "2 members hold a place or wait for one." in response.content.decode()
    assert intact(booked)


def test_a_past_session_with_attendance_and_reviews_is_unpublished_instead(
    admin_client,
):
    session = past_session_with_history()

    response = admin_client.post(delete_url(session))

    page = response.content.decode()
    assert "It has 1 booking and 1 review, which members and the host keep." in page
    assert reverse("wagtailadmin_pages:unpublish", args=[session.pk]) in page
    assert intact(session, bookings=1, reviews=1)


def test_a_session_nobody_booked_is_deleted(admin_client):
    session = SessionPageFactory()

    response = admin_client.post(delete_url(session))

    assert response.status_code == 302
    assert not Page.objects.filter(pk=session.pk).exists()


def test_deleting_the_sessions_index_is_refused_for_its_booked_session(
    admin_client, booked
):
    index = get_session_index()

    response = admin_client.post(delete_url(index))

    assert booked.title in response.content.decode()
    assert Page.objects.filter(pk=index.pk).exists() and intact(booked)


def test_bulk_delete_lists_the_blocker_and_deletes_nothing(admin_client, booked):
    free = SessionPageFactory()
    url = f"/admin/bulk/wagtailcore/page/delete/?id={booked.pk}&id={free.pk}"

    confirmation = admin_client.get(url).content.decode()
    response = admin_client.post(url)

    assert "2 members hold a place or wait for one." in confirmation
    assert "Yes, delete" not in confirmation
    assert response.status_code == 302
    assert intact(booked) and Page.objects.filter(pk=free.pk).exists()


def test_admin_api_delete_answers_400_and_keeps_the_tree_sound(admin_client, booked):
    index = get_session_index()
    children = index.numchild

    response = admin_client.post(
        f"/admin/api/main/pages/{booked.pk}/action/delete/",
        content_type="application/json",
        data={},
    )

    assert response.status_code == 400
    assert "hold a place" in str(response.json())
    assert intact(booked)
    index.refresh_from_db()
    assert index.numchild == children
    assert not Page.find_problems()[4]  # no wrong numchild
    # Wagtail logs a deletion before deleting; the refusal takes it back.
    assert not PageLogEntry.objects.filter(
        page_id=booked.pk, action="wagtail.delete"
    ).exists()


def test_delete_from_code_is_refused_before_anything_changes(booked):
    with pytest.raises(PageDeletionRefused):
        booked.delete()
    with pytest.raises(PageDeletionRefused):
        get_session_index().delete()
    assert intact(booked)


def test_even_the_base_page_model_cannot_cascade_bookings_away(booked):
    with pytest.raises(ProtectedError):
        Page.objects.filter(pk=booked.pk).delete()
    assert intact(booked)


def test_wagtail_usage_counts_the_bookings_and_reviews(admin_client):
    session = past_session_with_history()

    usage = admin_client.get(reverse("wagtailadmin_pages:usage", args=[session.pk]))

    page = usage.content.decode()
    assert page.count("(Private booking)") == 1
    assert page.count("(Private review)") == 1
