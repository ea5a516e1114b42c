"""The forum app's periodic job (see core.jobs)."""

from core.jobs import periodic_job
from forum.notification_emails import send_notification_digests


@periodic_job("email members their forum notifications")
def email_forum_notifications() -> int:
    return send_notification_digests()
