"""Core's periodic jobs: the task queue's upkeep (see core.jobs)."""

from core import maintenance
from core.jobs import periodic_job


@periodic_job("prune finished task results")
def prune_task_results() -> int:
    return maintenance.prune_task_results()


@periodic_job("retry failed emails")
def retry_failed_emails() -> int:
    return maintenance.retry_failed_emails()


@periodic_job("queue again tasks abandoned by a dead worker")
def requeue_abandoned_tasks() -> int:
    return maintenance.requeue_abandoned_tasks()
