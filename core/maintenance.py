"""Upkeep of the task queue: pruning finished results and retrying emails
that failed. Run by `manage.py run_periodic` (see core.periodic)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.tasks import send_email

logger = logging.getLogger(__name__)

DELETE_BATCH = 1000
RETRY_BATCH = 200


def delete_in_batches(queryset: QuerySet, *, batch: int = DELETE_BATCH) -> int:
    """Delete what `queryset` matches, a batch per short transaction.

    Rows another process has locked (a second run of the same sweep) are
    skipped rather than waited for: that run deletes them. Returns how many
    rows this call deleted.
    """
    deleted = 0
    while True:
        with transaction.atomic():
            pks = list(
                queryset.select_for_update(skip_locked=True)
                .order_by()
                .values_list("pk", flat=True)[:batch]
            )
            if not pks:
                return deleted
            count, _ = queryset.model._base_manager.filter(pk__in=pks).delete()
        deleted += count


def prune_task_results(*, now: datetime | None = None) -> int:
    """Delete finished (successful or failed) task results older than
    TASK_RESULT_RETENTION_DAYS; waiting and running tasks are never touched."""
    cutoff = (now or timezone.now()) - timedelta(
        days=settings.TASK_RESULT_RETENTION_DAYS
    )
    return delete_in_batches(
        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    )


def email_retry_delay(attempt: int) -> timedelta:
    """How long after failed attempt number `attempt` the next one runs:
    EMAIL_RETRY_BACKOFF_SECONDS, doubling with each attempt."""
    return timedelta(seconds=settings.EMAIL_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1))


def _failed_email_results() -> QuerySet:
    # The attempt number travels in the task's own arguments; first sends
    # (queued without it) are attempt 1.
    below_limit = Q(args_kwargs__kwargs__attempt__isnull=True) | Q(
        args_kwargs__kwargs__attempt__lt=settings.EMAIL_RETRY_MAX_ATTEMPTS
    )
    return (
        DBTaskResult.objects.failed()
        .filter(task_path=send_email.module_path)
        .filter(below_limit)
    )


def retry_failed_emails(*, now: datetime | None = None) -> int:
    """Queue again each email whose delivery failed, once its back-off has
    passed, up to EMAIL_RETRY_MAX_ATTEMPTS attempts in all.

    The failed result is replaced by the new attempt in one transaction, so
    a retry is queued once however many runs see it; the last attempt's
    failure stays in the queue's results (Task results in /django-admin/)
    until it is pruned. Returns how many were queued again.
    """
    now = now or timezone.now()
    first_due = now - email_retry_delay(1)
    candidates = list(
        _failed_email_results()
        .filter(finished_at__lte=first_due)
        .order_by("finished_at")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    retried = 0
    for pk in candidates:
        with transaction.atomic():
            result = (
                _failed_email_results()
                .select_for_update(skip_locked=True)
                .filter(pk=pk)
                .first()
            )
            if result is None:
                continue  # another run has it, or it was retried already
            kwargs = dict(result.args_kwargs["kwargs"])
            attempt = int(kwargs.get("attempt", 1))
            if result.finished_at + email_retry_delay(attempt) > now:
                continue
            # Where rows cannot be locked (SQLite), the delete still decides:
            # writes queue up, and a second run deletes nothing.
            deleted, _ = DBTaskResult.objects.filter(
                pk=result.pk, status=result.status
            ).delete()
            if not deleted:
                continue
            kwargs["attempt"] = attempt + 1
            send_email.using(
                backend=result.backend_name,
                queue_name=result.queue_name,
                priority=result.priority,
            ).enqueue(*result.args_kwargs["args"], **kwargs)
        logger.info(
            "Email task %s queued again (attempt %d of %d) after %s",
            pk,
            attempt + 1,
            settings.EMAIL_RETRY_MAX_ATTEMPTS,
            result.exception_class_path,
        )
        retried += 1
    return retried


def requeue_abandoned_tasks(*, now: datetime | None = None) -> int:
    """Queue again the tasks a worker claimed and never finished.

    A worker killed outright (SIGKILL, the OOM killer, a platform past its
    grace period) leaves its task RUNNING for ever: its email would never
    go. A task running longer than TASK_ABANDONED_AFTER_SECONDS is taken to
    be abandoned and runs again, at least once, as a failed email's retry
    does (a worker that died after sending, before recording it, sends that
    email twice). Returns how many were queued again.
    """
    cutoff = (now or timezone.now()) - timedelta(
        seconds=settings.TASK_ABANDONED_AFTER_SECONDS
    )
    with transaction.atomic():
        abandoned = list(
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .values_list("pk", "task_path")
        )
        DBTaskResult.objects.filter(
            pk__in=[pk for pk, _path in abandoned],
            status=TaskResultStatus.RUNNING,
        ).update(status=TaskResultStatus.READY, started_at=None)
    for pk, path in abandoned:
        logger.warning("Task %s (%s) abandoned by its worker: queued again", pk, path)
    return len(abandoned)
