"""What /healthz checks: the database, the cache and the task worker."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, Min, When
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # noqa: BLE001 - any failure means "down"
        return False


def task_queue(now: datetime | None = None) -> dict | None:
    """How long the oldest ready task (queued, due, not started) has been
    waiting for a worker. Past TASK_QUEUE_MAX_AGE_SECONDS no worker is
    keeping up (or none runs): emails and reminders are not going out.
    None when the queue cannot be read."""
    now = now or timezone.now()
    # A task queued to run later is waiting only since it became due.
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=F("run_after"),
    )
    try:
        figures = DBTaskResult.objects.ready().aggregate(
            ready=Count("pk"), oldest=Min(due_since)
        )
    except Exception:  # noqa: BLE001 - unreadable means "unknown"
        return None
    age = (now - figures["oldest"]).total_seconds() if figures["oldest"] else 0.0
    limit = settings.TASK_QUEUE_MAX_AGE_SECONDS
    return {
        "ok": age <= limit,
        "ready_tasks": figures["ready"],
        "oldest_ready_task_age_seconds": round(max(age, 0.0), 1),
        "max_age_seconds": limit,
    }
