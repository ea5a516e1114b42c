"""Starting scheduled campaigns when they are due (run every minute by
`manage.py run_periodic`)."""

from core.jobs import periodic_job
from marketing.campaigns import start_scheduled_campaigns


@periodic_job("start scheduled campaigns")
def start_due_campaigns() -> int:
    return start_scheduled_campaigns()
