"""Background work for bookings: hold expiry, reminders, and the emails
a host's change of plan sends to every participant.

Tasks take ids and ISO strings (their arguments are stored as JSON) and
re-read everything when they run; the services decide.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Reminders go out a day and an hour before the start.
REMINDER_LEADS_HOURS = (24, 1)


def enqueue_at(task_obj, when: datetime, **kwargs) -> None:
    """Enqueue `task_obj` to run at `when`.

    A backend that cannot defer (the immediate backend tests use) would run
    the task now, which for a reminder means mail a day early; such backends
    skip it instead, and the hold sweep in `book_session` covers expiry.
    """
    backend = task_obj.get_backend()
    if not backend.supports_defer:
        logger.info("Not scheduling %s at %s: backend cannot defer", task_obj, when)
        return
    task_obj.using(run_after=when).enqueue(**kwargs)


def schedule_reminders_before(task_obj, starts_at: datetime, **kwargs) -> None:
    """Queue `task_obj` for each reminder still ahead of `starts_at`, after
    commit. Each run gets `starts_at` (ISO) and `hours_before`: the task
    compares the start it was scheduled for with the current one, so the
    reminders of something moved or cancelled say nothing."""
    now = timezone.now()
    for hours in REMINDER_LEADS_HOURS:
        when = starts_at - timedelta(hours=hours)
        if when <= now:
            continue
        arguments = {
            **kwargs,
            "starts_at": starts_at.isoformat(),
            "hours_before": hours,
        }
        transaction.on_commit(
            lambda when=when, arguments=arguments: enqueue_at(
                task_obj, when, **arguments
            )
        )


@task()
def expire_holds(*, session_id: int | None = None) -> int:
    """Release payment holds that lapsed; idempotent, so a repeat or a late
    run is harmless."""
    from sessions.services.booking import release_expired_holds

    return release_expired_holds(session_id=session_id)


@task()
def send_booking_reminder(
    *, booking_id: int, starts_at: str, hours_before: int
) -> bool:
    from sessions.services.booking import send_reminder

    return send_reminder(
        booking_id=booking_id, starts_at=starts_at, hours_before=hours_before
    )


@task()
def notify_participants(
    *, notice: str, session_id: int, booking_ids: list[int], **details
) -> int:
    """Tell each of these bookings' members about a host's change of plan
    or message (`notice`: see sessions.services.hosting_emails.NOTICES)."""
    from sessions.services.hosting_emails import send_notice

    return send_notice(
        notice, session_id=session_id, booking_ids=booking_ids, **details
    )
