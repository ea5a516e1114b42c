"""Who may run a session from the admin: its host and staff, nobody else.

A session hosted by expert A is tried by everyone; denied attempts must
change nothing. Visitors are sent to the login page and plain members
told the admin is not for them (403); another expert gets a 404 and learns
nothing about the session.
"""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission

from accounts.models import EXPERTS_GROUP_NAME
from accounts.tests.factories import StaffFactory
from sessions.models import Booking, SessionPage
from sessions.tests.factories import (
    BookingFactory,
    ExpertFactory,
    MemberFactory,
    SessionPageFactory,
    get_session_index,
    session_editor_form,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "expert_a", "expert_b", "staff"]
ALLOWED = {"expert_a", "staff"}
TIMES = {"starts_at": "2031-07-01T14:00", "ends_at": "2031-07-01T16:00"}


def make_expert():
    expert = ExpertFactory()
    expert.groups.add(Group.objects.get(name=EXPERTS_GROUP_NAME))
    return expert


@pytest.fixture
def world():
    expert_a = make_expert()
    session = SessionPageFactory(host=expert_a, owner=expert_a, max_participants=1)
    booking = BookingFactory(session=session)
    BookingFactory(session=session, status=Booking.Status.WAITLISTED)
    return {
        "session": session,
        "booking": booking,
        "users": {
            "anonymous": None,
            "member": MemberFactory(),
            "expert_a": expert_a,
            "expert_b": make_expert(),
            "staff": StaffFactory(),
        },
    }


def url(name, session):
    return reverse(name, args=[session.pk])


# Each action: how to try it, and whether it took effect.
def do_participants(client, world):
    return client.get(url("sessions_host_participants", world["session"]))


def do_export(client, world):
    return client.get(url("sessions_host_export", world["session"]))


def do_attendance(client, world):
    session, booking = world["session"], world["booking"]
    with time_machine.travel(session.starts_at + timedelta(minutes=10)):
        return client.post(
            url("sessions_host_attendance", session),
            {"booking": booking.pk, "status": "attended"},
        )


def do_email(client, world):
    return client.post(
        url("sessions_host_email", world["session"]),
        {"subject": "Hello", "message": "See you soon"},
    )


def do_cancel(client, world):
    return client.post(url("sessions_host_cancel", world["session"]), {"confirm": "on"})


def do_reschedule(client, world):
    with mock.patch("sessions.services.booking.schedule_reminders"):
        return client.post(url("sessions_host_reschedule", world["session"]), TIMES)


def do_duplicate(client, world):
    return client.post(url("sessions_host_duplicate", world["session"]), TIMES)


def effect(action, world) -> bool:
    session = SessionPage.objects.get(pk=world["session"].pk)
    booking = Booking.objects.get(pk=world["booking"].pk)
    return {
        "attendance": booking.status == Booking.Status.ATTENDED,
        "email": any(m.subject.endswith("Hello") for m in mail.outbox),
        "cancel": session.status == SessionPage.Status.CANCELLED,
        "reschedule": session.starts_at != world["session"].starts_at,
        "duplicate": SessionPage.objects.count() > 1,
    }.get(action, False)


ACTIONS = {
    "participants": do_participants,
    "export": do_export,
    "attendance": do_attendance,
    "email": do_email,
    "cancel": do_cancel,
    "reschedule": do_reschedule,
    "duplicate": do_duplicate,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_only_the_host_and_staff_run_a_session(
    client, world, role, action, django_capture_on_commit_callbacks
):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = ACTIONS[action](client, world)

    if role in ALLOWED:
        assert response.status_code in (200, 302), response
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
            assert response["Location"] != reverse("wagtailadmin_home")
        if action == "export":
            assert response["Content-Type"].startswith("text/csv")
        if action in ("participants", "export"):
            assert response.status_code == 200
        else:
            assert effect(action, world), f"{role} could not {action}"
        return

    assert not effect(action, world), f"{role} managed to {action}"
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role == "member":  # no admin access at all
        assert response.status_code == 403
    else:
        assert response.status_code in (403, 404)
        assert world["session"].title not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_my_sessions_list(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("sessions_host_index"))
    title = world["session"].title
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        return
    if role == "member":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    if role in ALLOWED:
        assert title in html
        assert "1/1" in html and "1 waiting" in html
    else:
        assert title not in html  # B sees only their own (none)


def test_staff_filter_the_list_by_host(client, world):
    other = SessionPageFactory(title="Another host session")
    client.force_login(world["users"]["staff"])
    html = client.get(reverse("sessions_host_index")).content.decode()
    assert world["session"].title in html and other.title in html
    response = client.get(
        reverse("sessions_host_index"), {"host": world["users"]["expert_a"].pk}
    )
    html = response.content.decode()
    assert world["session"].title in html and other.title not in html
    assert client.get(reverse("sessions_host_index"), {"host": "x"}).status_code == 200


def test_my_sessions_menu_item_only_for_experts_and_staff(client, world):
    index = reverse("sessions_host_index")
    for role in ("expert_a", "staff"):
        client.force_login(world["users"][role])
        assert index in client.get(reverse("wagtailadmin_home")).content.decode()
    admin_only = MemberFactory()
    admin_only.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(admin_only)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200 and index not in home.content.decode()


def grant_experts_add_sessions():
    # A migration grants it; made here too in case the tree was rebuilt.
    GroupPagePermission.objects.get_or_create(
        group=Group.objects.get(name=EXPERTS_GROUP_NAME),
        page=get_session_index(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="add_page"
        ),
    )


def test_my_sessions_offers_a_new_session_to_whoever_may_add_one(client, world):
    grant_experts_add_sessions()
    index = get_session_index()
    add = reverse(
        "wagtailadmin_pages:add", args=["skillsessions", "sessionpage", index.pk]
    )
    client.force_login(world["users"]["expert_b"])
    html = client.get(reverse("sessions_host_index")).content.decode()
    assert f'href="{add}"' in html and "New session" in html
    assert client.get(add).status_code == 200

    # Without the permission to add there, no button that would fail.
    Group.objects.get(name=EXPERTS_GROUP_NAME).page_permissions.all().delete()
    client.force_login(world["users"]["expert_b"])
    html = client.get(reverse("sessions_host_index")).content.decode()
    assert "New session" not in html


def test_experts_edit_only_their_own_session_pages(client, world):
    grant_experts_add_sessions()
    edit = reverse("wagtailadmin_pages:edit", args=[world["session"].pk])
    client.force_login(world["users"]["expert_b"])
    response = client.get(edit)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != edit
    client.force_login(world["users"]["expert_a"])
    assert client.get(edit).status_code == 200


def test_categories_are_managed_by_staff_only(client, world):
    listing = reverse("wagtailsnippets_skillsessions_category:list")
    client.force_login(world["users"]["staff"])
    assert client.get(listing).status_code == 200
    client.force_login(world["users"]["expert_a"])
    response = client.get(listing)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def test_django_admin_stays_staff_only(client, world):
    client.force_login(world["users"]["expert_a"])
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert "/django-admin/login/" in response["Location"]


def test_an_expert_cannot_put_a_session_under_another_hosts_name(world):
    expert_a = world["users"]["expert_a"]
    expert_b = world["users"]["expert_b"]
    form = session_editor_form(expert_a, data={"host": expert_b.pk})
    form.is_valid()
    assert form.fields["host"].disabled
    assert list(form.fields["host"].queryset) == [expert_a]
    assert form.cleaned_data["host"] == expert_a


def test_staff_choose_any_host_for_a_session(world):
    expert_b = world["users"]["expert_b"]
    form = session_editor_form(world["users"]["staff"], data={"host": expert_b.pk})
    form.is_valid()
    assert not form.fields["host"].disabled
    assert form.cleaned_data["host"] == expert_b
