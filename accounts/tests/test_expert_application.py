import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import IntegrityError, transaction

from accounts import errors
from accounts.errors import AccountsError
from accounts.models import EXPERTS_GROUP_NAME, ExpertApplication
from accounts.services import (
    apply_for_expert,
    approve_expert_application,
    reject_expert_application,
)
from accounts.tests.factories import ExpertApplicationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLY = "/accounts/expert/apply/"
ADMIN_LIST = "/admin/expert_applications/"


def review_url(application) -> str:
    return f"/admin/expert_applications/edit/{application.pk}/"


def test_member_applies_and_sees_the_status(client, login):
    user = UserFactory()
    login(user)
    page = client.get(APPLY)
    assert b'<label class="form__label" for="id_motivation">' in page.content
    response = client.post(
        APPLY,
        {
            "motivation": "Ten years of teaching SQL.",
            "skills": "SQL, PostgreSQL",
            "links": "https://example.com/talk\n\nhttps://example.com/blog",
        },
    )
    assert response.status_code == 302
    application = ExpertApplication.objects.get(user=user)
    assert application.status == ExpertApplication.Status.PENDING
    assert sorted(s.name for s in application.skills.all()) == ["PostgreSQL", "SQL"]
    assert application.link_list == [
        "https://example.com/talk",
        "https://example.com/blog",
    ]
    page = client.get(APPLY).content.decode()
    assert "Waiting for review" in page
    assert 'id="id_motivation"' not in page  # no second form while one is open
    assert "Waiting for review" in client.get("/dashboard/").content.decode()


def test_application_links_must_be_urls(client, login):
    login(UserFactory())
    response = client.post(
        APPLY, {"motivation": "x", "skills": "SQL", "links": "not a link"}
    )
    assert response.status_code == 400
    assert 'id="id_links_error"' in response.content.decode()
    assert not ExpertApplication.objects.exists()


def test_one_open_application_at_a_time():
    user = UserFactory()
    apply_for_expert(user=user, motivation="First", skills=["SQL"])
    with pytest.raises(AccountsError) as caught:
        apply_for_expert(user=user, motivation="Second", skills=["SQL"])
    assert caught.value.message == errors.APPLICATION_ALREADY_OPEN
    # The database holds the line even if two requests race past the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertApplication.objects.create(user=user, motivation="Racing")


def test_can_apply_again_after_a_rejection():
    user = UserFactory()
    first = apply_for_expert(user=user, motivation="First", skills=["SQL"])
    reject_expert_application(application=first, reviewer=StaffFactory())
    second = apply_for_expert(user=user, motivation="Second", skills=["SQL"])
    assert second.status == ExpertApplication.Status.PENDING


def test_experts_group_can_reach_the_wagtail_admin():
    group = Group.objects.get(name=EXPERTS_GROUP_NAME)
    assert group.permissions.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).exists()


def test_staff_approve_in_the_admin(client, login, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    application = ExpertApplicationFactory()
    login(staff)
    listing = client.get(ADMIN_LIST)
    assert listing.status_code == 200
    assert str(application.user).encode() in listing.content
    assert client.get(ADMIN_LIST + "?status=pending").status_code == 200
    assert b"Approve" in client.get(review_url(application)).content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            review_url(application),
            {"action": "approve", "note": "Welcome aboard!"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.APPROVED
    assert application.reviewer == staff
    assert application.reviewed_at is not None
    user = application.user
    user.profile.refresh_from_db()
    assert user.profile.is_expert
    assert user.groups.filter(name=EXPERTS_GROUP_NAME).exists()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "approved" in mail.outbox[0].body
    assert "Welcome aboard!" in mail.outbox[0].body
    assert "Expert" in client.get(f"/members/{user.username}/").content.decode()


def test_staff_reject_in_the_admin(client, login, django_capture_on_commit_callbacks):
    application = ExpertApplicationFactory()
    login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url(application),
            {"action": "reject", "note": "Please add teaching examples."},
        )
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.REJECTED
    user = application.user
    user.profile.refresh_from_db()
    assert not user.profile.is_expert
    assert not user.groups.filter(name=EXPERTS_GROUP_NAME).exists()
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Please add teaching examples." in mail.outbox[0].body


def test_a_decision_is_final(client, login):
    application = ExpertApplicationFactory()
    staff = StaffFactory()
    approve_expert_application(application=application, reviewer=staff)
    with pytest.raises(AccountsError) as caught:
        reject_expert_application(application=application, reviewer=staff)
    assert caught.value.message == errors.APPLICATION_NOT_PENDING
    application.refresh_from_db()
    assert application.status == ExpertApplication.Status.APPROVED


def test_rejected_member_sees_the_note(client, login):
    application = ExpertApplicationFactory()
    reject_expert_application(
        application=application, reviewer=StaffFactory(), note="Add examples."
    )
    login(application.user)
    html = client.get(APPLY).content.decode()
    assert "Not approved" in html
    assert "Add examples." in html
    assert 'id="id_motivation"' in html  # may apply again


def test_experts_with_admin_access_cannot_review(client, login):
    # Experts reach the Wagtail admin for their own pages, not for this.
    expert_application = ExpertApplicationFactory()
    approve_expert_application(application=expert_application, reviewer=StaffFactory())
    expert = expert_application.user
    pending = ExpertApplicationFactory()
    login(expert)
    assert client.get("/admin/").status_code == 200
    assert client.get(ADMIN_LIST).status_code in (302, 403)
    assert client.get(review_url(pending)).status_code in (302, 403)
    client.post(review_url(pending), {"action": "approve", "note": ""})
    pending.refresh_from_db()
    assert pending.status == ExpertApplication.Status.PENDING
    assert b"Expert applications" not in client.get("/admin/").content


def test_members_cannot_reach_the_review(client, login):
    pending = ExpertApplicationFactory()
    login(UserFactory())
    response = client.post(review_url(pending), {"action": "approve"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == ExpertApplication.Status.PENDING


def test_experts_cannot_apply_again(client, login):
    application = ExpertApplicationFactory()
    approve_expert_application(application=application, reviewer=StaffFactory())
    login(application.user)
    html = client.get(APPLY).content.decode()
    assert "You are an expert" in html
    assert 'id="id_motivation"' not in html
    with pytest.raises(AccountsError):
        apply_for_expert(user=application.user, motivation="again", skills=["SQL"])
