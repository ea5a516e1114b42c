"""The mentorship app's periodic job (see core.jobs)."""

from core.jobs import periodic_job
from mentorship.messaging import send_message_notifications


@periodic_job("email members about unread messages")
def email_unread_messages() -> int:
    return send_message_notifications()
