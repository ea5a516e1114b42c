"""The mentorship app's periodic jobs (see core.jobs)."""

from core.jobs import periodic_job
from mentorship.lifecycle import cancel_lapsed_one_to_ones
from mentorship.messaging import send_message_notifications


@periodic_job("email members about unread messages")
def email_unread_messages() -> int:
    return send_message_notifications()


@periodic_job("cancel 1:1 sessions unpaid or unanswered at their start")
def cancel_lapsed_one_to_one_sessions() -> int:
    return cancel_lapsed_one_to_ones()
