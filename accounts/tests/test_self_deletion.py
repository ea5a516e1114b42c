"""A member deletes their own account at /accounts/delete/: the plan first,
their password (or email, without one) as confirmation, then the one
deletion service, a sign-out and an email. What deleting does to sessions,
the forum and payments is in tests/test_self_deletion_effects.py (accounts
may not import the apps above it)."""

import pytest
from django.contrib.auth import SESSION_KEY

from accounts import errors
from accounts.models import User
from accounts.services import delete_own_account
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def exists(user) -> bool:
    return User.objects.filter(pk=user.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for response in (client.get("/accounts/delete/"), client.post("/accounts/delete/")):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_page_shows_what_deleting_does_and_deletes_nothing(client):
    member = UserFactory()
    client.force_login(member)

    response = client.get("/accounts/delete/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "What deleting your account does" in html
    assert 'type="password"' in html
    assert exists(member)


def test_the_right_password_deletes_signs_out_and_emails_the_old_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    member = UserFactory(email="ada@example.com")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/delete/", {"confirmation": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not exists(member)
    assert SESSION_KEY not in client.session
    (email,) = mailoutbox
    assert email.to == ["ada@example.com"]
    assert email.subject == "[MasteryHub] Your MasteryHub account was deleted"
    assert "Your profile, email preferences and sign-in were removed." in email.body
    home = client.get("/")
    assert "Your account has been deleted." in home.content.decode()


def test_a_wrong_password_is_a_form_error_and_nothing_is_deleted(client, mailoutbox):
    member = UserFactory()
    client.force_login(member)

    response = client.post("/accounts/delete/", {"confirmation": "not it"})

    assert response.status_code == 400
    assert str(errors.WRONG_PASSWORD) in response.content.decode()
    assert exists(member)
    assert client.session[SESSION_KEY] == str(member.pk)
    assert mailoutbox == []


def test_an_empty_confirmation_deletes_nothing(client):
    member = UserFactory()
    client.force_login(member)

    response = client.post("/accounts/delete/", {})

    assert response.status_code == 400
    assert exists(member)


def test_a_member_without_a_password_confirms_with_their_email(client):
    member = UserFactory(email="Grace@Example.com")
    member.set_unusable_password()
    member.save()
    client.force_login(member)

    page = client.get("/accounts/delete/").content.decode()
    wrong = client.post("/accounts/delete/", {"confirmation": "other@example.com"})
    assert 'type="email"' in page
    assert str(errors.WRONG_EMAIL) in wrong.content.decode()
    assert exists(member)

    response = client.post("/accounts/delete/", {"confirmation": "grace@example.com"})

    assert response.status_code == 302
    assert not exists(member)


def test_a_member_deletes_only_their_own_account(client):
    member, other = UserFactory(), UserFactory()
    client.force_login(member)

    client.post(
        "/accounts/delete/",
        {"confirmation": PASSWORD, "user": other.pk, "pk": other.pk},
    )

    assert exists(other)
    assert not exists(member)


def test_the_dashboard_links_to_your_data_and_deletion(client):
    client.force_login(UserFactory())

    html = client.get("/dashboard/").content.decode()

    assert 'href="/accounts/data/"' in html
    assert 'href="/accounts/delete/"' in html


def test_deleting_twice_sends_one_email(mailoutbox, django_capture_on_commit_callbacks):
    member = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        delete_own_account(user=member)
        delete_own_account(user=member)

    assert not exists(member)
    assert len(mailoutbox) == 1


def test_guessing_the_password_is_slowed_down(client, settings):
    # Off in the test settings; on as in production here.
    settings.ACCOUNT_RATE_LIMITS = {"change_password": "5/m/user"}
    member = UserFactory()
    client.force_login(member)
    for _attempt in range(5):
        client.post("/accounts/delete/", {"confirmation": "guess"})

    response = client.post("/accounts/delete/", {"confirmation": PASSWORD})

    assert response.status_code == 429
    assert str(errors.TOO_MANY_ATTEMPTS) in response.content.decode()
    assert exists(member)
