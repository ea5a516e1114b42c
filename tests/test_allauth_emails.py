"""allauth's emails have an HTML part in the site's look, with links at
SITE_URL whatever host the request named, and the one subject prefix."""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.template.loader import render_to_string

from accounts.models import Intent
from accounts.tests.factories import PASSWORD, UserFactory
from tests.email_support import SITE, EmailParts, assert_well_formed, flat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _signup(client, **overrides):
    return client.post(
        "/accounts/signup/",
        {
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "username": "grace",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "intent": Intent.BOTH,
            **overrides,
        },
    )


def test_signup_verification_email_has_an_html_part_with_a_working_button(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _signup(client)
    (message,) = mail.outbox
    email = assert_well_formed(
        message, facts=["Hello from MasteryHub!", "masteryhub.example"]
    )
    (confirm,) = [link for link in email.links if "/confirm-email/" in link]
    # At the site's address, not the host the request named (testserver).
    assert confirm.startswith(f"{SITE}/accounts/confirm-email/")
    assert confirm in message.body
    assert re.search(
        rf'href="{re.escape(confirm)}">Confirm my email address', email.html
    )
    client.post(urlsplit(confirm).path)
    assert EmailAddress.objects.get(email="grace@example.com").verified


def test_password_reset_emails_have_html_parts(
    client, django_capture_on_commit_callbacks
):
    """The key for a known address, "no account" for an unknown one, and
    "you already have an account" for a signup with a taken address."""
    UserFactory(email="known@example.com", username="known")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "known@example.com"})
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
        _signup(client, email="known@example.com", username="another")
    reset, unknown, exists = mail.outbox
    reset_email = assert_well_formed(reset, facts=["password reset"])
    assert any("/accounts/password/reset/key/" in link for link in reset_email.links)
    assert_well_formed(unknown, facts=["nobody@example.com", "sign up"])
    assert_well_formed(exists, facts=["known@example.com", "already exists"])


# allauth's emails this site can send: verification, password reset by link,
# and the two that keep enumeration off. Its notifications and codes are off.
ALLAUTH_SENT = [
    "email_confirmation",
    "email_confirmation_signup",
    "password_reset_key",
    "unknown_account",
    "account_already_exists",
]


def test_allauth_sends_only_the_emails_that_have_an_html_part():
    from allauth.account import app_settings

    assert not app_settings.EMAIL_NOTIFICATIONS
    assert not app_settings.LOGIN_BY_CODE_ENABLED
    assert not app_settings.PASSWORD_RESET_BY_CODE_ENABLED
    assert not app_settings.EMAIL_VERIFICATION_BY_CODE_ENABLED


@pytest.mark.parametrize("prefix", ALLAUTH_SENT)
def test_each_allauth_email_has_an_html_part_in_the_site_look(prefix):
    html = render_to_string(
        f"account/email/{prefix}_message.html",
        {
            "site_url": SITE,
            "current_site": SimpleNamespace(
                name="MasteryHub", domain="masteryhub.example"
            ),
            "user": UserFactory.build(username="grace"),
            "email": "grace@example.com",
            "activate_url": f"{SITE}/accounts/confirm-email/key/",
            "password_reset_url": f"{SITE}/accounts/password/reset/key/1-x/",
            "signup_url": f"{SITE}/accounts/signup/",
        },
    )
    parts = EmailParts()
    parts.feed(html)
    assert "Hello from MasteryHub!" in flat(" ".join(parts.words))
    assert parts.links and all(link.startswith(f"{SITE}/") for link in parts.links)
    assert 'class="btn"' in html
