"""Background work for 1:1 sessions. Tasks take ids and ISO strings (their
arguments are stored as JSON) and re-read everything when they run."""

from django_tasks import task


@task()
def send_one_to_one_reminder(
    *, one_to_one_id: int, starts_at: str, hours_before: int
) -> bool:
    from mentorship.one_to_ones import send_reminder

    return send_reminder(
        one_to_one_id=one_to_one_id, starts_at=starts_at, hours_before=hours_before
    )
