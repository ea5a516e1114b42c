"""Members, pages and runs for the weekly digest's tests (not a test module)."""

from datetime import UTC, date, datetime

from django.core import mail

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource
from marketing.digest_schedule import claim_weekly_digests
from sessions.tests.factories import MemberFactory

MONDAY = date(2031, 1, 13)
# 08:00 on Monday in London (UTC in winter).
MONDAY_8_UTC = datetime(2031, 1, 13, 8, 0, tzinfo=UTC)
# 08:00 on Monday in Tokyo (UTC+9) is 23:00 on Sunday in UTC.
TOKYO_MONDAY_8 = datetime(2031, 1, 12, 23, 0, tzinfo=UTC)
# 08:00 on Monday in New York (UTC-5 in winter).
NEW_YORK_MONDAY_8 = datetime(2031, 1, 13, 13, 0, tzinfo=UTC)


def subscriber(skills=(), interests=(), *, time_zone="UTC", subscribe=True):
    member = MemberFactory(time_zone=time_zone)
    member.profile.skills.set(list(skills))
    member.profile.interests.set(list(interests))
    if subscribe:
        set_email_preference(
            user=member,
            kind=EmailKind.DIGEST,
            enabled=True,
            source=EmailPreferenceSource.PREFERENCES,
        )
    return member


def run_job(capture, **kwargs) -> int:
    """One run of the periodic job, its send tasks run when it commits."""
    with capture(execute=True):
        return claim_weekly_digests(**kwargs)


def published(factory, **kwargs):
    """A page published as an editor does, which dates its first publication
    (factories add pages without a revision)."""
    page = factory(**kwargs)
    page.save_revision().publish()
    return page


def titles(items) -> list[str]:
    return [item.title for item in items]


def sent_to(member) -> list:
    return [message for message in mail.outbox if message.to == [member.email]]
