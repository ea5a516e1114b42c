import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from accounts.services import approve_expert_application
from accounts.tests.factories import (
    PASSWORD,
    ExpertApplicationFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BANNER = b"Set up two-factor authentication"


def totp_code(secret: str, at: float | None = None) -> str:
    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def reauthenticate(client) -> None:
    # allauth asks for the password again before 2FA changes.
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def enrol_totp(client) -> str:
    reauthenticate(client)
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:3000]
    return secret


def test_enrol_totp_then_sign_in_with_a_code(client, login):
    user = UserFactory()
    login(user)
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    reauthenticate(client)
    page = client.get("/accounts/2fa/totp/activate/")
    html = page.content.decode()
    assert 'class="form stack"' in html  # our styling, not allauth's bare HTML
    assert "account-page__img--qr" in html
    secret = enrol_totp(client)
    assert Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()
    # Recovery codes come with it.
    codes_page = client.get("/accounts/2fa/recovery-codes/")
    assert codes_page.status_code == 200
    assert Authenticator.objects.filter(
        user=user, type=Authenticator.Type.RECOVERY_CODES
    ).exists()

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/dashboard/").status_code == 302  # not in yet

    with time_machine.travel(time.time() + 30, tick=False):
        wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert wrong.status_code == 200
        assert 'aria-invalid="true"' in wrong.content.decode()
        response = client.post(
            "/accounts/2fa/authenticate/", {"code": totp_code(secret)}
        )
        assert response.status_code == 302
        assert client.get("/dashboard/").status_code == 200


def test_sign_in_with_a_recovery_code(client, login):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory()
    login(user)
    enrol_totp(client)
    code = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_dashboard_shows_2fa_state(client, login):
    login(UserFactory())
    assert b"/accounts/2fa/totp/activate/" in client.get("/dashboard/").content
    enrol_totp(client)
    html = client.get("/dashboard/").content.decode()
    assert "/accounts/2fa/totp/activate/" not in html
    assert "/accounts/2fa/" in html


def test_staff_without_2fa_see_the_banner_until_they_enrol(client, login):
    login(StaffFactory())
    assert BANNER in client.get("/dashboard/").content
    enrol_totp(client)
    assert BANNER not in client.get("/accounts/profile/").content


def test_experts_are_prompted_too(client, login):
    application = ExpertApplicationFactory()
    approve_expert_application(application=application, reviewer=StaffFactory())
    login(application.user)
    assert BANNER in client.get("/accounts/profile/").content


def test_members_are_not_nagged(client, login):
    login(UserFactory())
    assert BANNER not in client.get("/accounts/profile/").content


def test_wagtail_admin_home_prompts_staff(client, login):
    login(StaffFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b'id="mfa-prompt' in response.content
    enrol_totp(client)
    assert b'id="mfa-prompt' not in client.get("/admin/").content
