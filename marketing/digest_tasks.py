"""The weekly digest's background work: one task per claimed member."""

from django_tasks import task

from marketing.digest import send_digest


@task()
def send_weekly_digest(*, digest_send_id: int) -> str:
    """Send one claimed digest; safe to run twice (marketing.digest)."""
    return send_digest(digest_send_id=digest_send_id)
