"""What the load test books and buys, added to a database that holds the
demo content (`manage.py seed_demo`): sessions with few seats (bookings
contend for the last ones), roomy ones, paid ones, and N members with
verified addresses. Writes the plan the locust users read (ids and URLs).

Run by bench/load/run with Django set up on the run's database.
"""

import json
from datetime import timedelta
from pathlib import Path

PASSWORD = "load-test-password-1"  # noqa: S105 (a throwaway local database)
TITLE = "Load session"  # the invariant checks find the load's sessions by it


def _sessions(host) -> list:
    from django.utils import timezone

    from sessions.models import SessionIndexPage, SessionPage

    index = SessionIndexPage.objects.get()
    starts = timezone.now() + timedelta(days=30)
    kinds = (
        # (how many, seats, price)
        (6, 2, 0),  # the last seats, fought over
        (4, 40, 0),
        (4, 3, 25),  # paid, few seats: holds and payments contend
    )
    pages = []
    number = 0
    for count, seats, price in kinds:
        for _ in range(count):
            number += 1
            page = SessionPage(
                title=f"{TITLE} {number:02d} ({seats} seats)",
                slug=f"load-session-{number:02d}",
                summary="A session the load test books.",
                starts_at=starts + timedelta(hours=number),
                ends_at=starts + timedelta(hours=number, minutes=90),
                host=host,
                max_participants=seats,
                price=price,
                currency="EUR",
            )
            index.add_child(instance=page)
            pages.append(page)
    return pages


def _members(count: int) -> list[dict]:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    # One hash for all: Argon2 takes a tenth of a second per member.
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(
            username=f"load-{i:04d}",
            email=f"load-{i:04d}@load.example",
            name=f"Load Member {i}",
            password=password,
        )
        for i in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True)
        for user in users
    )
    return [{"email": user.email, "password": PASSWORD} for user in users]


def seed(*, members: int, plan_path: Path) -> dict:
    from accounts.models import User
    from content.models import ArticlePage
    from experts.models import ExpertPage
    from payments.access import Access
    from sessions.models import SessionPage

    host = User.objects.filter(username="amara-okafor").first() or User.objects.first()
    sessions = _sessions(host)
    premium = list(ArticlePage.objects.live().filter(access=Access.PURCHASE))
    plan = {
        "free": [
            {"id": p.pk, "url": p.url, "seats": p.max_participants}
            for p in sessions
            if p.is_free
        ],
        "paid": [{"id": p.pk, "url": p.url} for p in sessions if not p.is_free],
        "premium": [{"id": p.pk, "url": p.url} for p in premium],
        "browse_sessions": [
            p.url for p in SessionPage.objects.live().exclude(title__startswith=TITLE)
        ][:10],
        "experts": [p.url for p in ExpertPage.objects.live()][:10],
        "members": _members(members),
    }
    plan_path.write_text(json.dumps(plan, indent=1))
    return plan


if __name__ == "__main__":
    import argparse

    import django

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--plan", type=Path, required=True)
    args = parser.parse_args()
    django.setup()
    seed(members=args.members, plan_path=args.plan)
