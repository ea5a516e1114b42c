"""The progress app's periodic jobs (see core.jobs)."""

from core.jobs import periodic_job
from progress.services.assessments import submit_overdue_attempts


@periodic_job("submit assessment attempts whose time is up")
def submit_overdue_assessment_attempts() -> int:
    return submit_overdue_attempts()
