"""Every door in (Wagtail's admin, Django's admin, the site) signs in and
resets passwords through allauth: 2FA, lockouts and email verification hold
whichever login page a member starts from."""

import re
from html import unescape
from urllib.parse import unquote

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from accounts.tests.test_mfa import totp_code

pytestmark = pytest.mark.django_db

# Each login page and where signing in there should end up.
LOGIN_PAGES = {
    "/admin/login/": "/admin/",
    "/django-admin/login/": "/django-admin/",
    "/accounts/login/": "/dashboard/",
}
# Each password reset page and the login page of the same area.
RESET_PAGES = {
    "/admin/password_reset/": "/admin/login/",
    "/accounts/password/reset/": "/accounts/login/",
}
NEW_PASSWORD = "a brand new passphrase 77"
RESET_LINK = re.compile(
    r"https?://\S+/(?:password_reset/confirm|password/reset/key)/\S+/"
)
FIELD_NAME = re.compile(r'<input[^>]*\bname="([^"]+)"')
HIDDEN_NEXT = re.compile(r'name="next" value="([^"]*)"')


@pytest.fixture
def rate_limits(settings):
    from masteryhub.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS


def final_path(response) -> str:
    query = unquote(response.request.get("QUERY_STRING", ""))
    return response.request["PATH_INFO"] + (f"?{query}" if query else "")


def submit(client, url: str, values: dict[str, str]):
    """Open `url` as a browser does (following redirects to the page with the
    form) and submit the form there. `values` maps field names to values;
    "a|b" fills whichever of the two names the form has."""
    page = client.get(url, follow=True)
    html = page.content.decode()
    names = set(FIELD_NAME.findall(html))
    data = {}
    for choices, value in values.items():
        name = next((n for n in choices.split("|") if n in names), None)
        assert name, f"no field {choices} on {final_path(page)}: {sorted(names)}"
        data[name] = value
    if match := HIDDEN_NEXT.search(html):
        data["next"] = unescape(match.group(1))
    return client.post(final_path(page), data, follow=True)


def sign_in_at(client, url: str, email: str, password: str = PASSWORD):
    return submit(client, url, {"login|username": email, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def reset_password_at(client, url: str, email: str, capture) -> None:
    """Ask for a reset at `url`, open the emailed link and set NEW_PASSWORD."""
    with capture(execute=True):
        submit(client, url, {"email": email})
    link = RESET_LINK.search(mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    done = submit(
        client,
        link.group(0),
        {
            "password1|new_password1": NEW_PASSWORD,
            "password2|new_password2": NEW_PASSWORD,
        },
    )
    assert done.status_code == 200
    assert not signed_in(client)


# --- 2FA ----------------------------------------------------------------------


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_every_login_page_asks_a_totp_member_for_a_code(client, url):
    staff = StaffFactory(is_superuser=True)
    secret = with_totp(staff)
    response = sign_in_at(client, url, staff.email)
    assert final_path(response) == "/accounts/2fa/authenticate/"
    assert not signed_in(client)
    assert client.get("/admin/").status_code == 302

    # The code completes the sign-in and lands where the member was going.
    done = client.post(
        "/accounts/2fa/authenticate/", {"code": totp_code(secret)}, follow=True
    )
    assert final_path(done) == LOGIN_PAGES[url]
    assert signed_in(client)


@pytest.mark.parametrize(("url", "login_url"), RESET_PAGES.items())
def test_a_reset_password_still_needs_the_totp_code(
    client, url, login_url, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    with_totp(staff)
    reset_password_at(client, url, staff.email, django_capture_on_commit_callbacks)
    response = sign_in_at(client, login_url, staff.email, NEW_PASSWORD)
    assert final_path(response) == "/accounts/2fa/authenticate/"
    assert not signed_in(client)


# --- email verification -------------------------------------------------------


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_no_login_page_lets_an_unverified_email_in(client, url):
    staff = StaffFactory(verified=False)
    response = sign_in_at(client, url, staff.email)
    assert final_path(response) == "/accounts/confirm-email/"
    assert not signed_in(client)
    for area in ("/admin/", "/django-admin/", "/dashboard/"):
        assert client.get(area).status_code == 302, area


@pytest.mark.parametrize(("url", "login_url"), RESET_PAGES.items())
def test_a_reset_password_does_not_skip_email_verification(
    client, url, login_url, django_capture_on_commit_callbacks
):
    staff = StaffFactory(verified=False)
    reset_password_at(client, url, staff.email, django_capture_on_commit_callbacks)
    response = sign_in_at(client, login_url, staff.email, NEW_PASSWORD)
    assert final_path(response) == "/accounts/confirm-email/"
    assert not signed_in(client)


# --- lockout and rate limits --------------------------------------------------


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_every_login_page_locks_out_after_failed_attempts(client, rate_limits, url):
    staff = StaffFactory()
    for _attempt in range(5):
        sign_in_at(client, url, staff.email, "not the password")
    response = sign_in_at(client, url, staff.email)
    assert b"Too many failed login attempts" in response.content
    assert not signed_in(client)


@pytest.mark.parametrize("url", RESET_PAGES)
def test_reset_emails_are_rate_limited(
    client, rate_limits, url, django_capture_on_commit_callbacks
):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for _request in range(30):
            submit(client, url, {"email": member.email})
    assert 1 <= len(mail.outbox) <= 5


# --- the admin login pages themselves -----------------------------------------


@pytest.mark.parametrize("url", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_pages_take_no_credentials(client, url):
    staff = StaffFactory()
    # What a script posting straight to the old form would send.
    client.post(url, {"username": staff.email, "password": PASSWORD})
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/admin/login/?next=/admin/pages/", "/admin/pages/"),
        ("/admin/login/", "/admin/"),
        ("/django-admin/login/?next=/django-admin/auth/", "/django-admin/auth/"),
    ],
)
def test_admin_login_pages_send_visitors_to_the_site_login_keeping_next(
    client, url, target
):
    response = client.get(url, follow=True)
    assert final_path(response) == f"/accounts/login/?next={target}"


def test_admin_password_reset_is_the_site_password_reset(client):
    response = client.get("/admin/password_reset/", follow=True)
    assert final_path(response) == "/accounts/password/reset/"


def test_signed_in_staff_cannot_switch_accounts_through_django_admin_login(
    client, login
):
    staff, other = StaffFactory(), StaffFactory(is_superuser=True)
    with_totp(other)
    login(staff)
    client.post("/django-admin/login/", {"username": other.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_an_unverified_session_cannot_open_the_admin_dashboard_or_billing(client):
    """A session that predates verification (or came from anywhere but
    allauth) is still turned away."""
    client.force_login(StaffFactory(verified=False, is_superuser=True))
    areas = ("/admin/", "/admin/pages/", "/django-admin/", "/dashboard/")
    for area in (*areas, "/dashboard/billing/"):
        response = client.get(area)
        assert b"Verify Your Email Address" in response.content, area


def test_wagtail_account_settings_leave_email_and_password_to_allauth(client, login):
    login(StaffFactory())
    html = client.get("/admin/account/").content.decode()
    assert 'name="name_email-email"' not in html
    assert 'name="password-new_password1"' not in html
    for url in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{url}"' in html


# --- members without admin access ---------------------------------------------


def test_a_member_opening_the_admin_is_told_it_is_for_experts_and_staff(client, login):
    login(UserFactory())
    response = client.get("/admin/", follow=True)  # no redirect loop
    assert response.status_code == 403
    html = response.content.decode()
    assert "The admin is for experts and staff" in html
    assert 'href="/dashboard/"' in html
    assert 'href="/accounts/expert/apply/"' in html
    assert client.get("/django-admin/", follow=True).status_code == 403


def test_a_visitor_opening_the_admin_goes_to_the_site_login(client):
    response = client.get("/admin/pages/", follow=True)
    assert final_path(response) == "/accounts/login/?next=/admin/pages/"
