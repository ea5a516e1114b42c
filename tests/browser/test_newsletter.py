"""Marketing email as people meet it: a visitor subscribes from the footer
and confirms from the email; a member switches the weekly digest on,
receives it (Django's file backend, read as a mail app would) and
unsubscribes from it in one click, with no login."""

import email
import re
from datetime import UTC, datetime, time, timedelta
from email import policy
from email.message import Message
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.email_preferences import wants_email
from accounts.models import EmailKind
from accounts.tests.factories import PASSWORD
from marketing.digest_schedule import claim_weekly_digests
from marketing.models import Subscriber
from sessions.tests.factories import MemberFactory, SessionPageFactory
from tests.browser.conftest import describe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mailbox(settings, tmp_path) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


def _messages(mailbox: Path) -> list[Message]:
    """Every message the file backend wrote (one file per connection, the
    messages in it separated by a line of dashes)."""
    messages = []
    for path in sorted(mailbox.glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                messages.append(
                    email.message_from_string(chunk.strip(), policy=policy.default)
                )
    return messages


def _text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_content()


def _local(url: str, live_server) -> str:
    return re.sub(r"^https?://[^/]+", live_server.url, url)


def test_visitor_subscribes_from_the_footer_and_confirms(
    page, live_server, mailbox, axe_violations
):
    page.goto(f"{live_server.url}/")
    footer = page.locator(".site-footer")
    footer.get_by_label("Email address").fill("ada@example.com")
    footer.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert not describe(axe_violations(page))
    assert Subscriber.objects.get(email="ada@example.com").confirmed_at is None

    (confirmation,) = _messages(mailbox)
    assert confirmation["To"] == "ada@example.com"
    link = re.search(r"https?://\S+/newsletter/confirm/\S+", _text(confirmation))
    page.goto(_local(link.group(0), live_server))
    page.get_by_role("button", name="Yes, subscribe me").click()
    expect(page.get_by_role("heading", name="You are subscribed")).to_be_visible()
    assert not describe(axe_violations(page))
    assert Subscriber.objects.get(email="ada@example.com").confirmed_at is not None


def test_member_gets_the_digest_and_unsubscribes_in_one_click(
    page, live_server, mailbox, axe_violations
):
    member = MemberFactory(email="grace@example.com")
    member.profile.skills.set(["SQL"])
    today = datetime.now(UTC).date()
    monday = today + timedelta(days=7 - today.weekday())
    monday_8 = datetime.combine(monday, time(8), tzinfo=UTC)
    SessionPageFactory(
        title="Window functions in practice",
        skills=["SQL"],
        starts_at=monday_8 + timedelta(days=2),
    )

    page.goto(f"{live_server.url}/accounts/login/?next=/email/preferences/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.get_by_label("Weekly digest of sessions for you").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your email preferences are saved.")).to_be_visible()
    assert not describe(axe_violations(page))

    # The scheduler's run on Monday morning in the member's zone (UTC).
    assert claim_weekly_digests(now=monday_8) == 1
    (digest,) = _messages(mailbox)
    assert digest["To"] == "grace@example.com"
    assert "Window functions in practice" in _text(digest)
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = re.search(r"<(\S+)>", digest["List-Unsubscribe"]).group(1)

    # A new browser context: no session cookie, as from a mail app.
    context = page.context.browser.new_context()
    visitor = context.new_page()
    visitor.goto(_local(unsubscribe_url, live_server))
    assert wants_email(member, EmailKind.DIGEST)  # opening the link asks only
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert not describe(axe_violations(visitor))
    context.close()
    assert not wants_email(member, EmailKind.DIGEST)
    assert wants_email(member, EmailKind.FORUM)
