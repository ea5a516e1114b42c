"""Email in the demo: some members switched the weekly digest or the
newsletter on, two visitors confirmed their newsletter subscription and one
has not yet; one campaign went to the newsletter's readers and another is
a draft.

Idempotent: preferences are set, not added, subscribers are keyed by
address and campaigns by slug.
"""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from accounts.email_preferences import set_email_preference
from accounts.models import EmailKind, EmailPreferenceSource, User
from marketing.campaign_demo import seed_demo_campaigns
from marketing.models import Subscriber

# username → the kinds they said yes to.
OPTED_IN = {
    "grace-mensah": (EmailKind.DIGEST, EmailKind.NEWSLETTER),
    "sofia-lindqvist": (EmailKind.DIGEST,),
    "kenji-watanabe": (EmailKind.DIGEST, EmailKind.NEWSLETTER),
    "mateo-garcia": (EmailKind.NEWSLETTER,),
}

# (address, days ago they asked, confirmed)
VISITORS = [
    ("ines.duarte@example.com", 20, True),
    ("olu.adeyemi@example.com", 9, True),
    ("pending.reader@example.com", 1, False),
]


def seed_marketing(*, author: User) -> None:
    people = {u.username: u for u in User.objects.filter(username__in=OPTED_IN)}
    for username, kinds in OPTED_IN.items():
        if username not in people:
            continue
        for kind in kinds:
            set_email_preference(
                user=people[username],
                kind=kind,
                enabled=True,
                source=EmailPreferenceSource.SIGNUP,
            )
    now = timezone.now()
    for address, days, confirmed in VISITORS:
        asked = now - timedelta(days=days)
        Subscriber.objects.get_or_create(
            email=address,
            defaults={
                "consented_at": asked,
                "confirmation_sent_at": asked,
                "confirmed_at": asked + timedelta(minutes=12) if confirmed else None,
            },
        )
    readers = [
        people[username]
        for username, kinds in OPTED_IN.items()
        if EmailKind.NEWSLETTER in kinds and username in people
    ]
    # The demo's addresses are made up: the sent campaign's copies are
    # recorded as delivered but go nowhere, as the seed's other emails.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"
    ):
        seed_demo_campaigns(author=author, readers=readers)
