"""The forum app's periodic jobs (see core.jobs)."""

from core.jobs import periodic_job
from forum.notification_emails import send_notification_digests
from forum.services import live


@periodic_job("email members their forum notifications")
def email_forum_notifications() -> int:
    return send_notification_digests()


@periodic_job("ask hosts for the recap of their live sessions")
def request_live_recaps() -> int:
    return live.request_live_recaps()
