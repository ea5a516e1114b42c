"""When each member's weekly digest goes: Monday from 08:00 in their own
time zone (their profile's; UTC without one), until the end of that Monday.

Every minute the periodic runner claims the subscribed members whose Monday
morning has come and who have no digest row for that week yet. The row is
the claim (one per member and week, a unique constraint), written in the
job's transaction; the send task is queued when it commits. A member who
switches the digest on midweek waits for the next Monday morning instead of
getting one at once, and a Monday the runner missed entirely is not made up
later in the week: a "this week" email on Thursday reads wrong.
"""

from collections import defaultdict
from datetime import date, datetime, time
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.email_preferences import list_users_who_want
from accounts.models import EmailKind
from marketing.digest import choose, load_candidates, load_member_facts
from marketing.digest_tasks import send_weekly_digest
from marketing.models import DigestSend
from sessions.timezones import zone_or_utc

SEND_WEEKDAY = 0  # Monday
SEND_TIME = time(8, 0)
# Claims per run, so a long list spreads over a few minutes of runs instead
# of one transaction holding thousands of rows.
CLAIMS_PER_RUN = 500


def sending_week(now: datetime, zone_name: str | None) -> date | None:
    """The Monday (a date in the member's zone) whose digest is due at
    `now`, or None outside the sending window."""
    local = now.astimezone(zone_or_utc(zone_name))
    if local.weekday() != SEND_WEEKDAY or local.time() < SEND_TIME:
        return None
    return local.date()


def _zones_by_week(subscribed: QuerySet, now: datetime) -> dict[date, list]:
    """The profile time zones (as stored, None for no profile) of subscribed
    members whose sending window is open, by the week it is open for."""
    zones = subscribed.values_list("profile__time_zone", flat=True).distinct()
    by_week = defaultdict(list)
    for name in zones.order_by():
        week = sending_week(now, name)
        if week is not None:
            by_week[week].append(name)
    return by_week


def _in_zones(names: list) -> Q:
    named = [name for name in names if name is not None]
    in_zones = Q(profile__time_zone__in=named)
    return in_zones | Q(profile__isnull=True) if None in names else in_zones


def _due(subscribed: QuerySet, week: date, names: list, limit: int) -> list[int]:
    """Up to `limit` members due for `week`, their rows locked: two runs at
    once share the list (skip_locked) instead of both picking the same
    members and waiting on each other's inserts."""
    claimed = DigestSend.objects.filter(user=OuterRef("pk"), week=week)
    due = (
        subscribed.filter(_in_zones(names))
        .exclude(Exists(claimed))
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))
    )
    return list(due.values_list("pk", flat=True)[:limit])


def _claim(user_id: int, week: date, item_count: int) -> DigestSend | None:
    status = DigestSend.Status.QUEUED if item_count else DigestSend.Status.SKIPPED
    try:
        # A savepoint: a run whose snapshot predates another's commit may
        # still pick a member already claimed; the constraint says no.
        with transaction.atomic():
            return DigestSend.objects.create(
                user_id=user_id, week=week, status=status, item_count=item_count
            )
    except IntegrityError:
        return None


@transaction.atomic
def claim_weekly_digests(
    *, now: datetime | None = None, limit: int = CLAIMS_PER_RUN
) -> int:
    """Claim the members whose digest is due and queue its send on commit;
    how many were claimed. Members with nothing to read are claimed as
    skipped at once, without a task or an email."""
    now = now or timezone.now()
    subscribed = list_users_who_want(EmailKind.DIGEST)
    due: list[tuple[date, int]] = []
    for week, names in sorted(_zones_by_week(subscribed, now).items()):
        if len(due) >= limit:
            break
        due += [(week, pk) for pk in _due(subscribed, week, names, limit - len(due))]
    if not due:
        return 0
    # Loaded once for the whole batch: see marketing.digest.
    candidates = load_candidates(now=now)
    facts = load_member_facts([pk for _, pk in due], candidates)
    claimed = 0
    for week, pk in due:
        digest = choose(pk, facts[pk], candidates)
        row = _claim(pk, week, digest.item_count)
        if row is None:
            continue
        claimed += 1
        if row.status == DigestSend.Status.QUEUED:
            transaction.on_commit(
                partial(send_weekly_digest.enqueue, digest_send_id=row.pk)
            )
    return claimed
