"""Consent to marketing email: opting in at signup and on the preferences
page, the newsletter's double opt-in, and unsubscribing without a login
(marketing.consent and its pages)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.email_preferences import get_email_preferences, wants_email
from accounts.models import EmailKind, EmailPreference, EmailPreferenceSource, User
from accounts.tests.factories import PASSWORD
from accounts.tests.test_signup import SIGNUP, signup_data
from core.tasks import send_email
from marketing import consent, unsubscribe
from marketing.mailing import Recipient, marketing_email
from marketing.models import Subscriber
from sessions.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/subscribe/"
PREFERENCES = "/email/preferences/"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(callable_, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return callable_(*args, **kwargs)

    return run


def _confirm_path(message) -> str:
    url = next(word for word in message.body.split() if "/newsletter/confirm/" in word)
    return urlsplit(url).path


# --- Members ---------------------------------------------------------------


def test_signup_asks_for_marketing_consent_unticked(client):
    html = client.get(SIGNUP).content.decode()
    for name in ("digest", "newsletter"):
        tag = html.split(f'name="{name}"')[0].rsplit("<input", 1)[1]
        assert 'type="checkbox"' in tag and "checked" not in tag


def test_signup_without_ticks_gives_no_marketing_email(client, on_commit):
    on_commit(client.post, SIGNUP, signup_data())
    preferences = get_email_preferences(User.objects.get(email="grace@example.com"))
    assert preferences[EmailKind.DIGEST] is False
    assert preferences[EmailKind.NEWSLETTER] is False
    assert preferences[EmailKind.FORUM] is True


def test_signup_with_ticks_records_consent_with_source(client, on_commit):
    on_commit(client.post, SIGNUP, signup_data(digest="on", newsletter="on"))
    rows = EmailPreference.objects.filter(user__email="grace@example.com")
    assert {(r.kind, r.enabled, r.source) for r in rows} == {
        (EmailKind.DIGEST, True, EmailPreferenceSource.SIGNUP),
        (EmailKind.NEWSLETTER, True, EmailPreferenceSource.SIGNUP),
    }
    assert all(r.changed_at for r in rows)


def test_preferences_page_needs_a_login(client):
    response = client.get(PREFERENCES)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_preferences_page_shows_and_saves_every_kind(client):
    member = MemberFactory()
    client.force_login(member)
    html = client.get(PREFERENCES).content.decode()
    for kind in EmailKind:
        assert str(kind.label) in html
    assert "Receipts, booking confirmations" in html

    response = client.post(PREFERENCES, {"digest": "on", "reminders": "on"})
    assert response.status_code == 302
    assert get_email_preferences(member) == {
        "digest": True,
        "newsletter": False,
        "forum": False,
        "mentorship": False,
        "reminders": True,
    }
    digest = EmailPreference.objects.get(user=member, kind=EmailKind.DIGEST)
    assert digest.source == EmailPreferenceSource.PREFERENCES


def test_saving_the_same_choice_keeps_the_first_record_of_it(client):
    member = MemberFactory()
    client.force_login(member)
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        client.post(PREFERENCES, {"digest": "on"})
    first = EmailPreference.objects.get(user=member, kind=EmailKind.DIGEST).changed_at
    client.post(PREFERENCES, {"digest": "on"})
    again = EmailPreference.objects.get(user=member, kind=EmailKind.DIGEST).changed_at
    assert again == first


def test_reminders_switched_off_are_not_sent(mailoutbox):
    from sessions.services import booking as booking_service
    from sessions.tests.factories import BookingFactory

    booking = BookingFactory()

    def remind():
        return booking_service.send_reminder(
            booking_id=booking.pk,
            starts_at=booking.session.starts_at.isoformat(),
            hours_before=24,
        )

    assert remind() is True
    sent = len(mailoutbox)
    consent.set_member_preferences(user=booking.member, choices={"reminders": False})
    assert remind() is False
    assert len(mailoutbox) == sent


# --- The newsletter's double opt-in ----------------------------------------


def test_subscribing_sends_a_confirmation_and_mails_nothing_else(on_commit):
    client = Client(enforce_csrf_checks=True)  # the footer form has no token
    response = on_commit(client.post, SUBSCRIBE, {"email": "ada@example.com"})
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    subscriber = Subscriber.objects.get(email="ada@example.com")
    assert subscriber.confirmed_at is None and subscriber.consent_source
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert "/newsletter/confirm/" in mail.outbox[0].body


def test_a_bad_address_is_a_form_error(client):
    response = client.post(SUBSCRIBE, {"email": "not an address"})
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert not Subscriber.objects.exists()


def test_sending_the_form_again_soon_sends_one_email(client, on_commit):
    for _ in range(3):
        on_commit(client.post, SUBSCRIBE, {"email": "ada@example.com"})
    on_commit(client.post, SUBSCRIBE, {"email": "ADA@example.com"})
    assert len(mail.outbox) == 1
    assert Subscriber.objects.count() == 1


def test_confirming_needs_the_button_not_just_the_link(client, on_commit):
    on_commit(client.post, SUBSCRIBE, {"email": "ada@example.com"})
    path = _confirm_path(mail.outbox[0])
    assert b"Yes, subscribe me" in client.get(path).content
    assert Subscriber.objects.get().confirmed_at is None  # scanners confirm nothing

    response = client.post(path)
    assert response.status_code == 200 and b"You are subscribed" in response.content
    assert Subscriber.objects.get().confirmed_at is not None


def test_the_confirmation_link_expires_after_a_week(client, on_commit):
    on_commit(client.post, SUBSCRIBE, {"email": "ada@example.com"})
    path = _confirm_path(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = client.post(path)
    assert response.status_code == 400 and b"expired" in response.content
    assert Subscriber.objects.get().confirmed_at is None


def test_a_tampered_confirmation_link_confirms_nothing(client, on_commit):
    on_commit(client.post, SUBSCRIBE, {"email": "ada@example.com"})
    path = _confirm_path(mail.outbox[0])
    assert client.post(path[:-3] + "xx/").status_code == 400
    assert Subscriber.objects.get().confirmed_at is None


def test_unconfirmed_addresses_are_forgotten_after_a_week(on_commit):
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        on_commit(consent.request_newsletter_subscription, email="old@example.com")
        on_commit(consent.request_newsletter_subscription, email="kept@example.com")
        Subscriber.objects.filter(email="kept@example.com").update(
            confirmed_at=timezone.now()
        )
    on_commit(consent.request_newsletter_subscription, email="new@example.com")
    call_command("run_periodic", "--job", "forget unconfirmed newsletter addresses")
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "kept@example.com",
        "new@example.com",
    }


def test_a_members_address_becomes_the_members_choice(client, on_commit):
    member = MemberFactory(email="grace@example.com")
    on_commit(client.post, SUBSCRIBE, {"email": "Grace@Example.com"})
    client.post(_confirm_path(mail.outbox[0]))
    assert wants_email(member, EmailKind.NEWSLETTER)
    preference = EmailPreference.objects.get(user=member, kind=EmailKind.NEWSLETTER)
    assert preference.source == EmailPreferenceSource.NEWSLETTER_FORM
    assert not Subscriber.objects.exists()


def test_a_subscriber_who_verifies_an_account_keeps_their_yes(client, on_commit):
    Subscriber.objects.create(email="grace@example.com", confirmed_at=timezone.now())
    on_commit(client.post, SIGNUP, signup_data())
    link = next(w for w in mail.outbox[-1].body.split() if "/confirm-email/" in w)
    client.post(urlsplit(link).path)
    member = User.objects.get(email="grace@example.com")
    assert wants_email(member, EmailKind.NEWSLETTER)
    assert not Subscriber.objects.exists()


# --- Unsubscribing -----------------------------------------------------------


def _member_link(member, kind=EmailKind.DIGEST) -> str:
    token = unsubscribe.make_token(kind=kind, user_id=member.pk)
    return reverse("marketing_unsubscribe", args=[token])


def test_marketing_emails_carry_one_click_unsubscribe_headers(settings):
    member = MemberFactory()
    parts = marketing_email(
        recipient=Recipient.for_user(member),
        kind=EmailKind.NEWSLETTER,
        template_prefix="emails/test",
        context={"name": "Ada"},
    )
    send_email.call(**parts)
    message = mail.outbox[0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith(settings.SITE_URL + "/email/unsubscribe/")
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert "List-Unsubscribe" in message.message().as_string()


def test_the_link_only_asks_on_get(client):
    member = MemberFactory()
    consent.set_member_preferences(user=member, choices={"digest": True})
    page = client.get(_member_link(member))
    assert page.status_code == 200 and member.email.encode() in page.content
    assert wants_email(member, EmailKind.DIGEST)


def test_one_click_post_with_no_session_or_token_unsubscribes_at_once():
    member = MemberFactory()
    consent.set_member_preferences(user=member, choices={"digest": True})
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _member_link(member),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not wants_email(member, EmailKind.DIGEST)
    preference = EmailPreference.objects.get(user=member, kind=EmailKind.DIGEST)
    assert preference.source == EmailPreferenceSource.ONE_CLICK
    # Only that kind: the others are as they were.
    assert wants_email(member, EmailKind.FORUM)


def test_the_button_on_the_page_unsubscribes_too(client):
    member = MemberFactory()
    consent.set_member_preferences(user=member, choices={"newsletter": True})
    response = client.post(_member_link(member, EmailKind.NEWSLETTER))
    assert b"You are unsubscribed" in response.content
    preference = EmailPreference.objects.get(user=member, kind=EmailKind.NEWSLETTER)
    assert (preference.enabled, preference.source) == (
        False,
        EmailPreferenceSource.UNSUBSCRIBE_LINK,
    )


def test_a_visitor_unsubscribing_is_forgotten(client):
    subscriber = Subscriber.objects.create(
        email="ada@example.com", confirmed_at=timezone.now()
    )
    token = unsubscribe.make_token(
        kind=EmailKind.NEWSLETTER, subscriber_id=subscriber.pk
    )
    client.post(reverse("marketing_unsubscribe", args=[token]))
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_or_stale_link_is_400_and_changes_nothing(client, method):
    member = MemberFactory()
    consent.set_member_preferences(user=member, choices={"digest": True})
    tampered = _member_link(member)[:-3] + "xx/"
    assert getattr(client, method)(tampered).status_code == 400
    gone = unsubscribe.make_token(kind=EmailKind.DIGEST, subscriber_id=999999)
    url = reverse("marketing_unsubscribe", args=[gone])
    assert getattr(client, method)(url).status_code == 400
    assert wants_email(member, EmailKind.DIGEST)


def test_members_see_their_preferences_in_the_footer_not_the_form(client):
    # The footer shows members a link to their preferences, not the form.
    member = MemberFactory()
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    html = client.get("/email/preferences/").content.decode()
    assert 'action="/newsletter/subscribe/"' not in html
    assert "Email preferences" in html
